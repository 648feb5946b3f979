"""Reading supervision: a case's records for its page, the records waiting for someone, a member of staff's
actions, and who and which cases are overdue. Every list is read through the access policy, and the overdue lists
cost a fixed number of queries however many staff, cases and sessions there are."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from casemap.access.policy import managed_team_ids, visible_cases, visible_supervisions
from casemap.accounts.models import Role, User
from casemap.cases.models import Case
from casemap.supervision.frequency import Leave, Step, interval_on, next_due_on
from casemap.supervision.models import (
    CaseDiscussionRule,
    ScheduleStep,
    StaffLeave,
    Supervision,
    SupervisionAction,
    SupervisionKind,
    SupervisionProfile,
    SupervisionStatus,
)

COUNTED = [SupervisionStatus.SIGNED, SupervisionStatus.ACKNOWLEDGED]  # drafts never count
SUPERVISED_ROLES = [Role.PRACTITIONER, Role.TEAM_MANAGER]
LONGEST_LIST = 50


def case_supervisions(*, user: User, case: Case) -> list[Supervision]:
    """The case's supervisions this user may see (signed ones, and drafts they are part of), newest first."""
    return list(
        visible_supervisions(user)
        .filter(case=case)
        .select_related("supervisor", "supervisee", "acknowledgement")
        .prefetch_related("child_entries__child")
        .order_by("-occurred_on", "-pk")
    )


def supervision_page(supervision: Supervision) -> dict[str, object]:
    """What the record's page shows beside the record itself."""
    return {
        "children": [entry.child for entry in supervision.child_entries.select_related("child").order_by("pk")],
        "actions": list(supervision.actions.select_related("owner", "done_by")),
        "additions": list(supervision.additions.select_related("added_by")),
        "acknowledgement": (
            supervision.acknowledgement if supervision.status == SupervisionStatus.ACKNOWLEDGED else None
        ),
    }


def open_actions(*, user: User) -> list[SupervisionAction]:
    """Actions the user owns that are not done, on records they may see: shown on their caseload."""
    return list(
        SupervisionAction.objects.filter(owner=user, done_at__isnull=True)
        .filter(supervision__in=visible_supervisions(user).filter(status__in=COUNTED))
        .select_related("supervision", "supervision__case")
        .order_by("due_on", "pk")[:LONGEST_LIST]
    )


@dataclass(frozen=True)
class Waiting:
    to_sign: list[Supervision]
    to_acknowledge: list[Supervision]


def supervisions_waiting(*, user: User) -> Waiting:
    """Drafts the user is to sign, and signed records they are to acknowledge."""
    mine = visible_supervisions(user).select_related("case", "supervisor", "supervisee")
    return Waiting(
        to_sign=list(mine.filter(supervisor=user, status=SupervisionStatus.DRAFT)[:LONGEST_LIST]),
        to_acknowledge=list(mine.filter(supervisee=user, status=SupervisionStatus.SIGNED)[:LONGEST_LIST]),
    )


def staff_supervisions(*, user: User, staff: User) -> list[Supervision]:
    """A member of staff's supervision, case and personal, that this user may see, newest first."""
    return list(
        visible_supervisions(user)
        .filter(supervisee=staff)
        .select_related("case", "supervisor")
        .order_by("-occurred_on", "-pk")
    )


# Overdue ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StaffDue:
    staff: User
    last_on: datetime.date | None
    due_on: datetime.date
    interval_days: int
    paused_days: int

    def is_overdue(self, today: datetime.date) -> bool:
        return self.due_on < today

    def days_overdue(self, today: datetime.date) -> int:
        return max((today - self.due_on).days, 0)


@dataclass(frozen=True)
class CaseDue:
    case_id: int
    family_name: str
    team_name: str
    worker_name: str
    last_on: datetime.date | None
    due_on: datetime.date


@dataclass
class OverdueLists:
    staff: list[StaffDue] = field(default_factory=list)
    staff_in_time: int = 0
    cases: list[CaseDue] = field(default_factory=list)
    cases_overdue: int = 0
    cases_in_time: int = 0


def staff_due(*, staff: Iterable[User], today: datetime.date) -> list[StaffDue]:
    """When each member of staff is next due supervision: four queries for any number of staff."""
    people = list(staff)
    ids = [person.pk for person in people]
    profiles = {p.staff_id: p for p in SupervisionProfile.objects.filter(staff_id__in=ids)}
    last = dict(
        Supervision.objects.filter(supervisee_id__in=ids, status__in=COUNTED, occurred_on__lte=today)
        .values_list("supervisee_id")
        .annotate(last=Max("occurred_on"))
        .values_list("supervisee_id", "last")
    )
    leave: dict[int, list[Leave]] = defaultdict(list)
    recent_leave = StaffLeave.objects.filter(staff_id__in=ids, ends_on__gte=today - datetime.timedelta(days=366))
    for staff_id, leave_starts, leave_ends in recent_leave.values_list("staff_id", "starts_on", "ends_on"):
        leave[staff_id].append(Leave(leave_starts, leave_ends))
    steps: dict[int | None, list[Step]] = defaultdict(list)
    default_id = None
    for schedule_id, is_default, until_day, interval in ScheduleStep.objects.values_list(
        "schedule_id", "schedule__is_default", "until_day", "interval_days"
    ):
        steps[schedule_id].append(Step(until_day, interval))
        if is_default:
            default_id = schedule_id
    for schedule_steps in steps.values():
        schedule_steps.sort(key=lambda s: (s.until_day is None, s.until_day or 0))
    found = []
    for person in people:
        profile = profiles.get(person.pk)
        own_schedule = profile.schedule_id if profile and profile.schedule_id else default_id
        own_start = profile.schedule_starts_on if profile else None
        last_on = last.get(person.pk)
        anchor = last_on or own_start or person.date_joined.date()
        interval = interval_on(steps.get(own_schedule, []), own_start, anchor)
        due_on, paused = next_due_on(anchor=anchor, interval_days=interval, leave=leave[person.pk])
        found.append(StaffDue(person, last_on, due_on, interval, paused))
    return found


def _staff_in_scope(user: User) -> QuerySet[User]:
    """Whose supervision the user answers for: themself, and the staff of the teams in their line."""
    teams = managed_team_ids(user)
    scope = Q(pk=user.pk)
    if teams:
        scope |= Q(team_id__in=teams, role__in=SUPERVISED_ROLES) & ~Q(pk=user.pk)
    return User.objects.filter(scope, is_active=True).order_by("last_name", "first_name", "pk")


def _cases_in_scope(user: User) -> QuerySet[Case]:
    if managed_team_ids(user):
        return visible_cases(user).filter(team_id__in=managed_team_ids(user))
    return visible_cases(user).filter(allocated_worker=user)


def cases_due_discussion(*, cases: QuerySet[Case], today: datetime.date) -> tuple[list[CaseDue], int, int]:
    """Open cases under a discussion rule not discussed in signed case supervision within their interval: the
    longest overdue first (at most 50), how many are overdue, and how many are in time. Three queries."""
    rules = dict(CaseDiscussionRule.objects.values_list("service", "interval_days"))
    if not rules:
        return [], 0, 0
    last = (
        Supervision.objects.filter(case=OuterRef("pk"), status__in=COUNTED, occurred_on__lte=today)
        .order_by()
        .values("case")
        .annotate(last=Max("occurred_on"))
        .values("last")
    )
    ruled = cases.filter(closed_on__isnull=True, service__in=list(rules)).annotate(
        last_discussed=Subquery(last[:1]), anchor=Coalesce(Subquery(last[:1]), F("opened_on"))
    )
    overdue_rule = Q()
    for service, interval in rules.items():
        overdue_rule |= Q(service=service, anchor__lt=today - datetime.timedelta(days=interval))
    overdue = ruled.filter(overdue_rule)
    rows = overdue.order_by("anchor", "pk").values_list(
        "pk", "family_name", "team__name", "allocated_worker__first_name", "allocated_worker__last_name",
        "last_discussed", "anchor", "service",
    )[:LONGEST_LIST]  # fmt: skip
    listed = [
        CaseDue(
            case_id=pk,
            family_name=family,
            team_name=team,
            worker_name=f"{first or ''} {last_name or ''}".strip() or "Unallocated",
            last_on=last_on,
            due_on=anchor + datetime.timedelta(days=rules[service]),
        )
        for pk, family, team, first, last_name, last_on, anchor, service in rows
    ]
    counts = ruled.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue_rule))
    return listed, counts["overdue"], counts["total"] - counts["overdue"]


def overdue_lists(*, user: User, today: datetime.date) -> OverdueLists:
    """Who is overdue supervision and which cases are overdue discussion, for this user: a worker sees their own
    and their cases'; a team or service manager those of every team in their line."""
    due = staff_due(staff=_staff_in_scope(user), today=today)
    cases, cases_overdue, cases_in_time = cases_due_discussion(cases=_cases_in_scope(user), today=today)
    late = sorted((d for d in due if d.is_overdue(today)), key=lambda d: d.due_on)
    return OverdueLists(
        staff=late,
        staff_in_time=len(due) - len(late),
        cases=cases,
        cases_overdue=cases_overdue,
        cases_in_time=cases_in_time,
    )


def is_personal(supervision: Supervision) -> bool:
    return supervision.kind == SupervisionKind.PERSONAL
