"""Reading supervision: a case's records for its page, the records waiting for someone, a member of staff's
actions, and who and which cases are overdue. Every list is read through the access policy, and the overdue lists
cost a fixed number of queries however many staff, cases and sessions there are."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from casemap.access.policy import (
    managed_cases,
    managed_team_ids,
    visible_case,
    visible_cases,
    visible_supervision,
    visible_supervisions,
)
from casemap.accounts.models import Role, User
from casemap.cases.models import Assessment, Case
from casemap.supervision.frequency import Leave, Step, interval_on, next_due_on
from casemap.supervision.models import (
    CaseDiscussionRule,
    GroupParticipant,
    GroupRole,
    GroupSupervision,
    NoteOversight,
    OversightDecision,
    OversightEvent,
    OversightPoint,
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
        SupervisionAction.objects.filter(owner=user, done_at__isnull=True, supervision__status__in=COUNTED)
        .filter(visible_supervision(user, "supervision_id"))
        .select_related("supervision")
        .only("description", "due_on", "owner_id", "done_at", "supervision__occurred_on")
        .order_by("due_on", "pk")[:LONGEST_LIST]
    )


@dataclass(frozen=True)
class Waiting:
    to_sign: list[Supervision]
    to_acknowledge: list[Supervision]


# What a line in the lists of what waits shows: the kind, the date, the other person and the family.
WAITING_COLUMNS = (
    "kind", "status", "occurred_on", "case__family_name", "supervisor__first_name", "supervisor__last_name",
    "supervisor__username", "supervisee__first_name", "supervisee__last_name", "supervisee__username",
)  # fmt: skip


def supervisions_waiting(*, user: User) -> Waiting:
    """Drafts the user is to sign, and signed records they are to acknowledge, oldest first: one query."""
    to_sign = Q(supervisor=user, status=SupervisionStatus.DRAFT)
    to_acknowledge = Q(supervisee=user, status=SupervisionStatus.SIGNED)
    waiting = list(
        visible_supervisions(user)
        .filter(to_sign | to_acknowledge)
        .select_related("case", "supervisor", "supervisee")
        .only(*WAITING_COLUMNS)
        .order_by("occurred_on", "pk")
    )
    return Waiting(
        to_sign=[s for s in waiting if s.status == SupervisionStatus.DRAFT][:LONGEST_LIST],
        to_acknowledge=[s for s in waiting if s.status == SupervisionStatus.SIGNED][:LONGEST_LIST],
    )


@dataclass(frozen=True)
class WaitingCounts:
    to_sign: int
    to_acknowledge: int


def supervisions_waiting_counts(*, user: User) -> WaitingCounts:
    """How many drafts the user is to sign and signed records they are to acknowledge, in one query: the caseload
    shows only the numbers."""
    to_sign = Q(supervisor=user, status=SupervisionStatus.DRAFT)
    to_acknowledge = Q(supervisee=user, status=SupervisionStatus.SIGNED)
    counts = (
        visible_supervisions(user)
        .filter(to_sign | to_acknowledge)
        .aggregate(to_sign=Count("pk", filter=to_sign), to_acknowledge=Count("pk", filter=to_acknowledge))
    )
    return WaitingCounts(to_sign=counts["to_sign"], to_acknowledge=counts["to_acknowledge"])


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


def cases_in_scope(user: User) -> QuerySet[Case]:
    """The cases the user answers for: those of the teams in their line, or else their own allocated cases."""
    if managed_team_ids(user):
        return managed_cases(user)
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
    cases, cases_overdue, cases_in_time = cases_due_discussion(cases=cases_in_scope(user), today=today)
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


# Group supervision -----------------------------------------------------------------------------------------------


def case_group_sessions(*, case: Case) -> list[GroupSupervision]:
    """The case's group supervision sessions, for a page already authorised for the case."""
    return list(case.group_supervisions.filter(archived_at__isnull=True).order_by("-held_on", "-pk"))


@dataclass(frozen=True)
class LearningEntry:
    """One session in a participant's learning log. When they may not see the family (`sees_family` false) the
    entry names no family, child or question."""

    session_id: int
    held_on: datetime.date
    role: str
    learning_note: str
    sees_family: bool
    family_name: str


def learning_log(*, user: User) -> list[LearningEntry]:
    """The group supervision sessions the user took part in, newest first, anonymised where they may not see the
    family: one query."""
    rows = (
        GroupParticipant.objects.filter(user=user, session__archived_at__isnull=True)
        .annotate(sees_case=visible_case(user, "session__case_id"))
        .order_by("-session__held_on", "-pk")
        .values_list("session_id", "session__held_on", "role", "learning_note", "session__case__family_name",
                     "sees_case")[:LONGEST_LIST]
    )  # fmt: skip
    return [
        LearningEntry(session, held_on, GroupRole(role).label, note, sees, family if sees else "")
        for session, held_on, role, note, family, sees in rows
    ]


def group_session_page(session: GroupSupervision) -> dict[str, object]:
    return {"participants": list(session.participants.select_related("user").order_by("pk"))}


# Management oversight -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseOversight:
    decisions: list[OversightDecision]
    on_notes: list[NoteOversight]


def case_oversight(*, case: Case) -> CaseOversight:
    """The case's oversight decisions and the managers' words on its notes, for a page authorised for the case."""
    return CaseOversight(
        decisions=list(
            case.oversight_decisions.filter(archived_at__isnull=True)
            .select_related("manager")
            .prefetch_related("children")
        ),
        on_notes=list(
            NoteOversight.objects.filter(note__case=case).select_related("note", "added_by").order_by("-added_at")
        ),
    )


@dataclass(frozen=True)
class MissedPoint:
    point: str
    case_id: int
    family_name: str
    child_name: str
    due_on: datetime.date


MISSED_WINDOW_DAYS = 180  # points missed longer ago than this are history, not a list to act on


def missed_oversight_points(*, cases: QuerySet[Case], today: datetime.date) -> list[MissedPoint]:
    """Required oversight points passed in the last 180 days with no oversight decision on the case between the
    event and the point, oldest first: one query for each point, which stops at the list's length."""
    missed: list[MissedPoint] = []
    for point in OversightPoint.objects.filter(event=OversightEvent.ASSESSMENT_STARTED).order_by("pk"):
        by = datetime.timedelta(days=point.by_day)
        decided_in_time = OversightDecision.objects.filter(
            case_id=OuterRef("case_id"),
            archived_at__isnull=True,
            decided_on__gte=OuterRef("started_on"),
            decided_on__lte=OuterRef("point_due_on"),
        )
        events = (
            Assessment.objects.filter(
                case__in=cases,
                archived_at__isnull=True,
                started_on__lt=today - by,
                started_on__gte=today - by - datetime.timedelta(days=MISSED_WINDOW_DAYS),
            )
            .annotate(point_due_on=ExpressionWrapper(F("started_on") + by, output_field=DateField()))
            .exclude(Exists(decided_in_time))
            .order_by("started_on", "pk")
            .values_list("case_id", "case__family_name", "child__first_name", "child__last_name", "started_on")
        )
        for case_id, family, first, last, started_on in events[:LONGEST_LIST]:
            missed.append(MissedPoint(point.name, case_id, family, f"{first} {last}", started_on + by))
    return sorted(missed, key=lambda missed_point: missed_point.due_on)[:LONGEST_LIST]


def missed_points_for(*, user: User, today: datetime.date) -> list[MissedPoint]:
    """Missed points on the cases of the teams in a manager's line (nobody else answers for them)."""
    if not managed_team_ids(user):
        return []
    return missed_oversight_points(cases=cases_in_scope(user), today=today)
