"""A child in care with one of each care record, for tests that open every route (`tests/test_no_server_errors.py`)."""

import datetime

from django.utils import timezone

from casemap.cases.services.care import care_period_start
from casemap.cases.services.care_adoption import (
    adoption_decision_record,
)
from casemap.cases.services.care_records import (
    missing_episode_record,
    unaccompanied_status_record,
)
from casemap.conftest import World


def seed_care_for_routes(world: World) -> dict[str, int]:
    """The URL arguments of the care pages: an open period, a missing episode, a UASC status, an adoption decision."""
    today = timezone.localdate()
    period = care_period_start(
        acting_user=world.worker,
        case=world.case,
        child=world.child,
        started_on=today - datetime.timedelta(days=20),
        category_of_need="N1",
        legal_status="V2",
        placement_type="U6",
    )
    missing = missing_episode_record(
        acting_user=world.worker, period=period, kind="M", started_on=today - datetime.timedelta(days=2)
    )
    status = unaccompanied_status_record(
        acting_user=world.worker, case=world.case, child=world.child, since=today - datetime.timedelta(days=20)
    )
    adoption = adoption_decision_record(
        acting_user=world.worker, period=period, decided_on=today - datetime.timedelta(days=10)
    )
    return {"period_id": period.pk, "missing_id": missing.pk, "status_id": status.pk, "adoption_id": adoption.pk}
