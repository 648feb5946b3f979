"""Every safety service that changes or adds a record asks the one policy inside its transaction: someone who may
not add to the case, or a closed case, is refused and nothing changes. The plan adds only its own refusals."""

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casemap.cases.models import ClosureReason
from casemap.cases.services import case_close
from casemap.conftest import World
from casemap.safety.models import PlanMonitoringEntry, PlanStatus, SafetyNetworkMember, SafetyPlan, Trajectory
from casemap.safety.services import (
    network_member_add,
    network_member_deactivate,
    network_member_reactivate,
    network_member_update,
)
from casemap.safety.services.plans import (
    ARCHIVED_MESSAGE,
    FROZEN_MESSAGE,
    SUPERSEDED_MESSAGE,
    bottom_line_save,
    monitoring_add,
    plan_new_version,
    plan_sign_off,
    plan_start,
    plan_update_details,
    rule_save,
    section_remove,
)
from casemap.safety.services.trajectory import trajectory_set_sustained, trajectory_step_add, trajectory_step_done
from casemap.safety.tests.plan_data import TODAY, draft_plan

pytestmark = pytest.mark.django_db


def every_change(world: World) -> dict[str, Callable[[object], object]]:
    """Each service that changes or adds a safety record, for a given acting user (no version: the policy comes
    first)."""
    plan = draft_plan(world)
    rose = SafetyNetworkMember.objects.get(name="Rose")
    pat = network_member_deactivate(
        acting_user=world.worker,
        member=SafetyNetworkMember.objects.get(name="Pat"),
        expected_version=None,
        inactive_since=TODAY,
        reason="Moved away",
    )
    step = trajectory_step_add(
        acting_user=world.worker, case=world.case, expected_version=None, description="Review", target_on=TODAY
    )
    plan.refresh_from_db()
    return {
        "plan started": lambda user: plan_start(acting_user=user, case=world.case, kind="immediate"),
        "plan details": lambda user: plan_update_details(
            acting_user=user, plan=plan, expected_version=None, kind="interim", review_on=None
        ),
        "rule added": lambda user: rule_save(acting_user=user, plan=plan, expected_version=None, wording="Rose visits"),
        "bottom line added": lambda user: bottom_line_save(
            acting_user=user, plan=plan, expected_version=None, text="No hitting"
        ),
        "rule removed": lambda user: section_remove(
            acting_user=user, plan=plan, expected_version=None, row=plan.rules.first()
        ),
        "member added": lambda user: network_member_add(acting_user=user, case=world.case, name="Jo", phone="1"),
        "member changed": lambda user: network_member_update(
            acting_user=user, member=rose, expected_version=None, name="Rose", phone="2"
        ),
        "member leaves": lambda user: network_member_deactivate(
            acting_user=user, member=rose, expected_version=None, inactive_since=TODAY, reason="Moved"
        ),
        "member rejoins": lambda user: network_member_reactivate(acting_user=user, member=pat, expected_version=None),
        "step added": lambda user: trajectory_step_add(
            acting_user=user, case=world.case, expected_version=None, description="Meeting", target_on=TODAY
        ),
        "step done": lambda user: trajectory_step_done(
            acting_user=user, step=step, expected_version=None, done_on=TODAY
        ),
        "goals kept": lambda user: trajectory_set_sustained(
            acting_user=user,
            case=world.case,
            expected_version=None,
            sustain_for=6,
            sustain_unit="months",
            sustained_since=None,
        ),
    }


def state(world: World) -> tuple:
    plans = list(SafetyPlan.objects.order_by("pk").values_list("version", "kind"))
    members = list(SafetyNetworkMember.objects.order_by("pk").values_list("version", "is_active"))
    trajectory = Trajectory.objects.get(case=world.case)
    return plans, members, trajectory.version, trajectory.steps.count(), PlanMonitoringEntry.objects.count()


CHANGES = [
    "plan started",
    "plan details",
    "rule added",
    "bottom line added",
    "rule removed",
    "member added",
    "member changed",
    "member leaves",
    "member rejoins",
    "step added",
    "step done",
    "goals kept",
]


@pytest.mark.parametrize("change", CHANGES)
@pytest.mark.parametrize("persona", ["other_worker", "data_officer", "administrator"])
def test_someone_who_may_not_add_to_the_case_is_refused_and_nothing_changes(
    world: World, change: str, persona: str
) -> None:
    changes = every_change(world)
    before = state(world)
    with pytest.raises(PermissionDenied):
        changes[change](getattr(world, persona))
    assert state(world) == before


@pytest.mark.parametrize("change", CHANGES)
def test_a_closed_case_takes_no_more_safety_changes(world: World, change: str) -> None:
    changes = every_change(world)
    case_close(
        acting_user=world.manager, case=world.case, closed_on=timezone.localdate(), closure_reason=ClosureReason.RC8
    )
    before = state(world)
    with pytest.raises(PermissionDenied):
        changes[change](world.worker)
    assert state(world) == before


def test_the_teammate_may_change_what_the_worker_started(world: World) -> None:
    changes = every_change(world)
    for change in CHANGES:
        if change != "plan started":  # the draft is still open, so a second one is refused in words
            changes[change](world.teammate)
    with pytest.raises(ValidationError, match="already a draft"):
        changes["plan started"](world.teammate)


def test_a_plan_that_is_not_a_live_draft_says_why_it_cannot_change(world: World) -> None:
    signed = plan_sign_off(acting_user=world.manager, plan=draft_plan(world), expected_version=None)
    with pytest.raises(ValidationError, match=FROZEN_MESSAGE.split(",")[0]):
        rule_save(acting_user=world.worker, plan=signed, expected_version=None, wording="x")
    second = plan_new_version(acting_user=world.worker, plan=signed)
    plan_update_details(acting_user=world.worker, plan=second, expected_version=None, kind="family", review_on=TODAY)
    plan_sign_off(acting_user=world.manager, plan=second, expected_version=None, warnings_confirmed=True)
    signed.refresh_from_db()
    assert signed.status == PlanStatus.SUPERSEDED
    with pytest.raises(ValidationError, match=SUPERSEDED_MESSAGE):
        rule_save(acting_user=world.worker, plan=signed, expected_version=None, wording="x")
    draft = plan_new_version(acting_user=world.worker, plan=second)
    SafetyPlan.objects.filter(pk=draft.pk).update(archived_at=timezone.now())
    with pytest.raises(ValidationError, match=ARCHIVED_MESSAGE):
        rule_save(acting_user=world.worker, plan=draft, expected_version=None, wording="x")


def test_monitoring_is_refused_once_the_case_is_closed(world: World) -> None:
    signed = plan_sign_off(acting_user=world.manager, plan=draft_plan(world), expected_version=None)
    case_close(
        acting_user=world.manager, case=world.case, closed_on=timezone.localdate(), closure_reason=ClosureReason.RC8
    )
    with pytest.raises(PermissionDenied):
        monitoring_add(
            acting_user=world.worker,
            plan=signed,
            happened_on=TODAY - datetime.timedelta(days=1),
            reported_by="Rose",
            followed="yes",
            what_happened="Calm",
        )
    assert not PlanMonitoringEntry.objects.exists()
