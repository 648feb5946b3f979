"""The supervision report by team (shares of staff within their interval and of child protection cases discussed
in 28 days, with who is overdue) and a newly qualified worker's supervision log as CSV."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case, CaseService
from casemap.conftest import UserFactory, World
from casemap.core.tests.rendered_forms import rendered_form
from casemap.supervision.reports import team_supervision_report
from casemap.supervision.services.records import (
    SupervisionContent,
    case_supervision_record,
    personal_supervision_record,
    supervision_sign,
)
from casemap.supervision.services.staff import supervision_profile_set
from casemap.supervision.tests.conftest import case_content

TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def supervise(manager: User, worker: User, on: datetime.date, minutes: int = 60) -> None:
    record = personal_supervision_record(
        acting_user=manager,
        content=SupervisionContent(
            occurred_on=on, supervisee=worker, duration_minutes=minutes, worries="Working late most evenings"
        ),
    )
    supervision_sign(acting_user=manager, supervision=record, expected_version=1)


def protection(world: World) -> None:
    Case.objects.filter(pk=world.case.pk).update(service=CaseService.CHILD_PROTECTION)


def test_the_team_report_gives_each_share_and_who_is_overdue(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    protection(world)
    supervise(world.manager, world.worker, days_ago(40))
    supervise(world.manager, world.teammate, days_ago(5))
    (row,) = team_supervision_report(user=world.manager, today=TODAY)
    assert row.team == world.team
    assert row.overdue_names == [str(world.worker)]
    assert row.staff_in_time == row.staff - 1
    assert (row.cases, row.cases_discussed, row.cases_share) == (1, 0, 0)
    discussed = case_supervision_record(
        acting_user=world.manager, case=world.case, children=[world.child],
        content=case_content(world, occurred_on=days_ago(3)),
    )  # fmt: skip
    supervision_sign(acting_user=world.manager, supervision=discussed, expected_version=1)
    (row,) = team_supervision_report(user=world.manager, today=TODAY)
    assert (row.cases_discussed, row.cases_share) == (1, 100)
    assert row.overdue_names == [], "signed case supervision counts towards Sally's own interval too"
    assert {r.team for r in team_supervision_report(user=world.service_manager, today=TODAY)} == {
        world.team,
        world.other_team,
    }
    page = client_for(world.manager).get(reverse("supervision:report")).content.decode()
    assert "100% (1 of 1)" in page and f"100% ({row.staff} of {row.staff})" in page
    assert client_for(world.worker).get(reverse("supervision:report")).status_code == 404


def test_the_team_report_costs_the_same_queries_for_more_staff(world: World) -> None:
    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            team_supervision_report(user=User.objects.get(pk=world.service_manager.pk), today=TODAY)
        return len(queries)

    supervise(world.manager, world.worker, days_ago(40))
    small = counted()
    for _ in range(4):
        extra = UserFactory(team=world.other_team)
        supervise(world.manager, extra, days_ago(10))
    assert counted() == small


def test_a_newly_qualified_workers_log_exports_as_csv_for_their_supervisor(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    supervision_profile_set(
        acting_user=world.manager, staff=world.worker, supervisor=world.manager, line_manager=world.service_manager
    )
    supervise(world.manager, world.worker, days_ago(14), minutes=90)
    supervise(world.manager, world.worker, days_ago(7), minutes=60)
    personal_supervision_record(
        acting_user=world.manager, content=SupervisionContent(occurred_on=TODAY, supervisee=world.worker)
    )
    manager = client_for(world.manager)
    url = reverse("supervision:log")
    form = rendered_form(manager, url, "log-form")
    assert str(world.worker.pk) in form.options["staff"]
    response = manager.get(url, {"staff": str(world.worker.pk)})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Date", "Kind", "Supervisor", "Duration (minutes)", "Signed on"]
    assert [(r[0], r[2], r[3]) for r in rows[1:]] == [
        (days_ago(14).isoformat(), str(world.manager), "90"),
        (days_ago(7).isoformat(), str(world.manager), "60"),
    ], "signed sessions only, oldest first"
    assert "Working late" not in response.content.decode(), "dates, supervisor and duration: nothing said"


@pytest.mark.parametrize("name", ["teammate", "other_worker", "practice_lead"])
def test_nobody_else_can_export_the_workers_log(client_for, world: World, name: str) -> None:  # type: ignore[no-untyped-def]
    supervise(world.manager, world.worker, days_ago(7))
    client = client_for(getattr(world, name))
    form = rendered_form(client, reverse("supervision:log"), "log-form")
    assert str(world.worker.pk) not in form.options["staff"]
    response = client.get(reverse("supervision:log"), {"staff": str(world.worker.pk)})
    assert response.status_code == 200 and "Choose a member of staff" in response.content.decode()
