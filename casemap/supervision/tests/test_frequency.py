"""The frequency rules as data: the default 28 days, the newly qualified schedule, leave pausing the clock, drafts
not counting, and the child protection case rule; and the overdue lists costing the same queries for any size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case, CaseService
from casemap.conftest import UserFactory, World, make_case
from casemap.supervision.frequency import Leave, Step, interval_on, next_due_on
from casemap.supervision.models import CaseDiscussionRule, SupervisionSchedule
from casemap.supervision.selectors import cases_due_discussion, overdue_lists, staff_due
from casemap.supervision.services.records import (
    SupervisionContent,
    case_supervision_record,
    personal_supervision_record,
    supervision_sign,
)
from casemap.supervision.services.staff import staff_leave_record, supervision_profile_set
from casemap.supervision.tests.conftest import case_content

TODAY = timezone.localdate()
NEWLY_QUALIFIED = [Step(42, 7), Step(182, 14), Step(None, 28)]


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def supervise(manager: User, worker: User, on: datetime.date, *, sign: bool = True) -> None:
    record = personal_supervision_record(
        acting_user=manager, content=SupervisionContent(occurred_on=on, supervisee=worker, duration_minutes=60)
    )
    if sign:
        supervision_sign(acting_user=manager, supervision=record, expected_version=1)


def newly_qualified(world: World, started_days_ago: int) -> User:
    worker = UserFactory(team=world.team)
    supervision_profile_set(
        acting_user=world.manager, staff=worker, supervisor=world.manager, line_manager=world.service_manager,
        schedule=SupervisionSchedule.objects.get(name__startswith="Newly qualified"),
        schedule_starts_on=days_ago(started_days_ago),
    )  # fmt: skip
    return worker


def test_the_newly_qualified_schedule_steps_down_with_time_in_post() -> None:
    start = datetime.date(2026, 1, 5)
    assert interval_on(NEWLY_QUALIFIED, start, start + datetime.timedelta(days=34)) == 7
    assert interval_on(NEWLY_QUALIFIED, start, start + datetime.timedelta(days=42)) == 14
    assert interval_on(NEWLY_QUALIFIED, start, start + datetime.timedelta(days=181)) == 14
    assert interval_on(NEWLY_QUALIFIED, start, start + datetime.timedelta(days=182)) == 28
    assert interval_on([], None, start) == 28


def test_leave_moves_the_due_date_by_each_day_of_leave_before_it() -> None:
    last = datetime.date(2026, 3, 2)
    assert next_due_on(anchor=last, interval_days=28, leave=[]) == (datetime.date(2026, 3, 30), 0)
    fortnight = [Leave(datetime.date(2026, 3, 10), datetime.date(2026, 3, 23))]
    assert next_due_on(anchor=last, interval_days=28, leave=fortnight) == (datetime.date(2026, 4, 13), 14)
    # Leave that starts only after the moved date does not move it further.
    later = [*fortnight, Leave(datetime.date(2026, 4, 14), datetime.date(2026, 4, 20))]
    assert next_due_on(anchor=last, interval_days=28, leave=later) == (datetime.date(2026, 4, 13), 14)


def test_a_newly_qualified_worker_in_week_5_eight_days_after_supervision_is_overdue(world: World) -> None:
    worker = newly_qualified(world, started_days_ago=30)  # day 30: week 5
    supervise(world.manager, worker, days_ago(8))
    (due,) = staff_due(staff=[worker], today=TODAY)
    assert due.interval_days == 7
    assert due.is_overdue(TODAY)
    assert due.days_overdue(TODAY) == 1


def test_a_worker_on_the_default_schedule_eight_days_after_supervision_is_not(world: World) -> None:
    supervise(world.manager, world.teammate, days_ago(8))
    (due,) = staff_due(staff=[world.teammate], today=TODAY)
    assert due.interval_days == 28
    assert not due.is_overdue(TODAY)
    supervise(world.manager, world.worker, days_ago(29))
    (late,) = staff_due(staff=[world.worker], today=TODAY)
    assert late.is_overdue(TODAY)


def test_leave_pauses_the_clock(world: World) -> None:
    supervise(world.manager, world.worker, days_ago(35))
    assert staff_due(staff=[world.worker], today=TODAY)[0].is_overdue(TODAY)
    staff_leave_record(acting_user=world.manager, staff=world.worker, starts_on=days_ago(20), ends_on=days_ago(11))
    (due,) = staff_due(staff=[world.worker], today=TODAY)
    assert due.paused_days == 10
    assert not due.is_overdue(TODAY)
    assert due.due_on == days_ago(35) + datetime.timedelta(days=38)


def test_drafts_do_not_count(world: World) -> None:
    supervise(world.manager, world.worker, days_ago(40))
    supervise(world.manager, world.worker, days_ago(2), sign=False)
    (due,) = staff_due(staff=[world.worker], today=TODAY)
    assert due.last_on == days_ago(40)
    assert due.is_overdue(TODAY)


def test_an_open_child_protection_case_not_discussed_in_28_days_is_overdue(world: World) -> None:
    case = Case.objects.get(pk=world.case.pk)
    case.service = CaseService.CHILD_PROTECTION
    case.opened_on = days_ago(60)
    case.save()
    cases = Case.objects.filter(pk=case.pk)
    listed, overdue, in_time = cases_due_discussion(cases=cases, today=TODAY)
    assert (overdue, in_time) == (1, 0)
    assert listed[0].due_on == days_ago(32) and listed[0].last_on is None
    draft = case_supervision_record(
        acting_user=world.manager,
        case=case,
        children=[world.child],
        content=case_content(world, occurred_on=days_ago(3)),
    )
    assert cases_due_discussion(cases=cases, today=TODAY)[1] == 1, "a draft is not a discussion"
    supervision_sign(acting_user=world.manager, supervision=draft, expected_version=1)
    assert cases_due_discussion(cases=cases, today=TODAY)[1:] == (0, 1)
    # The rule is data: a shorter interval for the service makes the same case overdue again.
    CaseDiscussionRule.objects.filter(service=CaseService.CHILD_PROTECTION).update(interval_days=2)
    assert cases_due_discussion(cases=cases, today=TODAY)[1] == 1


def test_each_person_sees_the_overdue_list_of_their_own_line(world: World) -> None:
    supervise(world.manager, world.worker, days_ago(40))
    supervise(world.service_manager, world.manager, days_ago(40))
    other = UserFactory(team=world.other_team)
    supervise(world.service_manager, other, days_ago(40))
    names = lambda user: {d.staff.pk for d in overdue_lists(user=user, today=TODAY).staff}  # noqa: E731
    assert names(world.worker) == {world.worker.pk}
    assert world.worker.pk in names(world.manager) and other.pk not in names(world.manager)
    assert {world.worker.pk, world.manager.pk, other.pk} <= names(world.service_manager)


def _grow(world: World, families: int) -> None:
    for n in range(families):
        worker = UserFactory(team=world.team)
        case = make_case(acting=world.manager, team=world.team, worker=worker, manager=world.manager, surname=f"S{n}")
        Case.objects.filter(pk=case.pk).update(service=CaseService.CHILD_PROTECTION)
        supervise(world.manager, worker, days_ago(30 + n))
        staff_leave_record(acting_user=world.manager, staff=worker, starts_on=days_ago(10), ends_on=days_ago(9))


@pytest.mark.parametrize("role", ["manager", "service_manager", "worker"])
def test_the_overdue_lists_cost_the_same_queries_for_any_size(world: World, role: str) -> None:
    user: User = getattr(world, role)

    def counted() -> int:
        fresh = User.objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as queries:
            overdue_lists(user=fresh, today=TODAY)
        return len(queries)

    _grow(world, 1)
    small = counted()
    _grow(world, 4)
    assert counted() == small
    assert small <= 9
