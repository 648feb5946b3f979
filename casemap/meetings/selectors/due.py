"""What is due for a worker, a team and a chair, worked out from the records each time in a fixed number of
queries whatever the caseload: the enquiries waiting for a conference, the plans waiting for a core group or a review,
the child in need plans waiting for a review, and the assessments waiting for authorisation. An arranged meeting
keeps the date it was due when it was arranged; a step not yet arranged is due by the same rules.
"""

import datetime
from dataclasses import dataclass
from typing import cast

from django.db.models import Exists, F, Max, OuterRef, QuerySet
from django.utils import timezone

from casemap.cases.models import Assessment, Case, ChildInNeedPlan, ChildProtectionPlan, Section47Enquiry
from casemap.core.working_days import WorkingDayCalendar, working_day_calendar
from casemap.meetings import timescales
from casemap.meetings.models import CONFERENCE_KINDS, Meeting, MeetingChild, MeetingKind, MeetingStatus

# The step that is not a meeting.
ASSESSMENT_TO_AUTHORISE = "Assessment to be authorised"

# How far back "held late" looks.
HELD_LATE_DAYS = 90


class Urgency:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    LATER = "later"


@dataclass(frozen=True)
class DueItem:
    """One statutory step for one child: what it is, when it is due, and the meeting arranged for it, if any."""

    case_id: int
    child_id: int
    child_name: str
    worker: str  # the case's allocated worker, or blank
    what: str
    due_on: datetime.date
    meeting: Meeting | None
    urgency: str
    working_days_left: int

    @property
    def arranged_for(self) -> datetime.date | None:
        return timezone.localtime(self.meeting.starts_at).date() if self.meeting else None

    @property
    def arranged_late(self) -> bool:
        arranged = self.arranged_for
        return arranged is not None and arranged > self.due_on


@dataclass(frozen=True)
class HeldLate:
    meeting_id: int
    what: str
    due_on: datetime.date
    held_on: datetime.date
    children: list[str]  # their names
    days_late: int


@dataclass(frozen=True)
class DueLists:
    overdue: list[DueItem]
    due_soon: list[DueItem]
    later: list[DueItem]
    held_late: list[HeldLate]

    @property
    def count_needing_action(self) -> int:
        return len(self.overdue) + len(self.due_soon)


def _urgency(due_on: datetime.date, today: datetime.date, calendar: WorkingDayCalendar) -> tuple[str, int]:
    if due_on < today:
        return Urgency.OVERDUE, -calendar.working_days_between(due_on, today)
    left = calendar.working_days_between(today, due_on)
    if left <= timescales.timescales().due_soon_working_days:
        return Urgency.DUE_SOON, left
    return Urgency.LATER, left


@dataclass(frozen=True)
class _MeetingsOnRecord:
    """What the rules read of a set of cases' meetings, aggregated in SQL: the team's open cases can hold thousands
    of meetings, of which only the last held of each kind per child and those still arranged matter."""

    last_held: dict[tuple[int, str], datetime.date]  # (child, kind) -> date of the last one held
    arranged: dict[tuple[int, str], Meeting]  # (child, kind) -> the soonest still arranged
    arranged_for_enquiry: dict[int, Meeting]


def _meetings_on_record(case_ids: list[int]) -> _MeetingsOnRecord:
    live = MeetingChild.objects.filter(meeting__case_id__in=case_ids, meeting__archived_at__isnull=True)
    last_held = {
        (row["child_id"], row["meeting__kind"]): row["last_held_on"]
        for row in live.filter(meeting__status=MeetingStatus.HELD, meeting__held_on__isnull=False)
        .values("child_id", "meeting__kind")
        .annotate(last_held_on=Max("meeting__held_on"))
        .order_by()
    }
    arranged: dict[tuple[int, str], Meeting] = {}
    arranged_for_enquiry: dict[int, Meeting] = {}
    still_arranged = (
        live.filter(meeting__status=MeetingStatus.ARRANGED)
        .select_related("meeting")
        .only("child_id", "enquiry_id", "meeting__kind", "meeting__starts_at", "meeting__due_on")
        .order_by("meeting__starts_at", "pk")
    )
    for link in still_arranged:
        arranged.setdefault((link.child_id, link.meeting.kind), link.meeting)
        if link.enquiry_id:
            arranged_for_enquiry.setdefault(link.enquiry_id, link.meeting)
    return _MeetingsOnRecord(last_held=last_held, arranged=arranged, arranged_for_enquiry=arranged_for_enquiry)


def _last_conference(
    last_held: dict[tuple[int, str], datetime.date], child_id: int
) -> tuple[str, datetime.date] | None:
    """The kind and date of the child's last conference held; a review wins a tie with an initial conference."""
    held = [
        (last_held[(child_id, kind)], kind == MeetingKind.REVIEW_CONFERENCE, kind)
        for kind in CONFERENCE_KINDS
        if (child_id, kind) in last_held
    ]
    if not held:
        return None
    held_on, _, kind = max(held)
    return kind, held_on


_Step = tuple[int, int, str, str, datetime.date, Meeting | None]


def _due_steps(case_ids: list[int], calendar: WorkingDayCalendar, only: set[str] | None) -> list[_Step]:
    """Each step due on these open cases as (case, child, child's name, what, due, meeting arranged for it): plain
    values, not records, as a team's list holds hundreds of steps. An arranged meeting keeps the date it was due
    when it was arranged."""
    on_record = _meetings_on_record(case_ids)
    steps: list[_Step] = []
    wanted = (lambda what: what in only) if only is not None else (lambda what: True)
    child = ("child_id", "child__first_name", "child__last_name")

    if wanted(MeetingKind.INITIAL_CONFERENCE.label):
        conference_held = MeetingChild.objects.filter(
            enquiry=OuterRef("pk"), meeting__status=MeetingStatus.HELD, meeting__archived_at__isnull=True
        )
        enquiries = (
            Section47Enquiry.objects.filter(
                case_id__in=case_ids,
                archived_at__isnull=True,
                conference_not_required=False,
                completed_on__isnull=True,
            )
            .exclude(Exists(conference_held))
            .values_list("pk", "case_id", *child, "strategy_discussion__held_on")
        )
        for enquiry_id, case_id, child_id, first_name, last_name, discussed_on in enquiries:
            steps.append(
                (
                    case_id,
                    child_id,
                    f"{first_name} {last_name}",
                    MeetingKind.INITIAL_CONFERENCE.label,
                    timescales.initial_conference_due([discussed_on], calendar),
                    on_record.arranged_for_enquiry.get(enquiry_id),
                )
            )

    review_wanted = wanted(MeetingKind.REVIEW_CONFERENCE.label)
    core_group_wanted = wanted(MeetingKind.CORE_GROUP.label)
    if review_wanted or core_group_wanted:
        plans = ChildProtectionPlan.objects.filter(
            case_id__in=case_ids, ended_on__isnull=True, archived_at__isnull=True
        ).values_list("case_id", *child, "started_on")
        for case_id, child_id, first_name, last_name, started_on in plans:
            last_conference = _last_conference(on_record.last_held, child_id)
            conference_kind, conference_on = last_conference or (MeetingKind.INITIAL_CONFERENCE, started_on)
            if review_wanted:
                steps.append(
                    (
                        case_id,
                        child_id,
                        f"{first_name} {last_name}",
                        MeetingKind.REVIEW_CONFERENCE.label,
                        timescales.review_conference_due(conference_kind, conference_on),
                        on_record.arranged.get((child_id, MeetingKind.REVIEW_CONFERENCE)),
                    )
                )
            if core_group_wanted:
                last_core_group = on_record.last_held.get((child_id, MeetingKind.CORE_GROUP))
                steps.append(
                    (
                        case_id,
                        child_id,
                        f"{first_name} {last_name}",
                        MeetingKind.CORE_GROUP.label,
                        # From the last conference held, as `meeting_arrange` works it out.
                        timescales.core_group_due(conference_on, last_core_group, calendar),
                        on_record.arranged.get((child_id, MeetingKind.CORE_GROUP)),
                    )
                )

    if wanted(MeetingKind.CHILD_IN_NEED_REVIEW.label):
        cin_plans = ChildInNeedPlan.objects.filter(
            case_id__in=case_ids, ended_on__isnull=True, archived_at__isnull=True
        ).values_list("case_id", *child, "started_on")
        for case_id, child_id, first_name, last_name, started_on in cin_plans:
            last_review = on_record.last_held.get((child_id, MeetingKind.CHILD_IN_NEED_REVIEW))
            steps.append(
                (
                    case_id,
                    child_id,
                    f"{first_name} {last_name}",
                    MeetingKind.CHILD_IN_NEED_REVIEW.label,
                    timescales.child_in_need_review_due(started_on, last_review, calendar),
                    on_record.arranged.get((child_id, MeetingKind.CHILD_IN_NEED_REVIEW)),
                )
            )

    if wanted(ASSESSMENT_TO_AUTHORISE):
        assessments = Assessment.objects.filter(
            case_id__in=case_ids, authorised_on__isnull=True, archived_at__isnull=True
        ).values_list("case_id", *child, "started_on")
        for case_id, child_id, first_name, last_name, started_on in assessments:
            steps.append(
                (
                    case_id,
                    child_id,
                    f"{first_name} {last_name}",
                    ASSESSMENT_TO_AUTHORISE,
                    timescales.assessment_due(started_on, calendar),
                    None,
                )
            )

    return [
        (case_id, child_id, name, what, meeting.due_on if meeting and meeting.due_on else due_on, meeting)
        for case_id, child_id, name, what, due_on, meeting in steps
    ]


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    due_soon: int


def due_counts(cases: QuerySet[Case], *, today: datetime.date | None = None) -> DueCounts:
    """How many steps on these cases are overdue and how many due soon: what My caseload shows, without the
    workers' names or the meetings held late that the lists read."""
    today = today or timezone.localdate()
    calendar = working_day_calendar()
    case_ids = list(cases.filter(closed_on__isnull=True).values_list("pk", flat=True))
    urgencies = [_urgency(step[4], today, calendar)[0] for step in _due_steps(case_ids, calendar, None)]
    return DueCounts(overdue=urgencies.count(Urgency.OVERDUE), due_soon=urgencies.count(Urgency.DUE_SOON))


def due_lists(cases: QuerySet[Case], *, today: datetime.date | None = None, only: set[str] | None = None) -> DueLists:
    """What is due on these cases (already filtered by the access policy), overdue first; `only` keeps the steps
    with these names (the conferences, for a chair)."""
    today = today or timezone.localdate()
    calendar = working_day_calendar()
    case_ids = list(cases.filter(closed_on__isnull=True).values_list("pk", flat=True))
    steps = _due_steps(case_ids, calendar, only)
    # The workers of only the cases with something due.
    workers = {
        case_id: f"{first_name} {last_name}".strip() or username or ""
        for case_id, username, first_name, last_name in Case.objects.filter(
            pk__in={step[0] for step in steps}
        ).values_list("pk", "allocated_worker__username", "allocated_worker__first_name", "allocated_worker__last_name")
    }
    items = []
    for case_id, child_id, child_name, what, due_on, meeting in steps:
        urgency, left = _urgency(due_on, today, calendar)
        items.append(DueItem(case_id, child_id, child_name, workers[case_id], what, due_on, meeting, urgency, left))
    items.sort(key=lambda item: (item.due_on, item.case_id, item.child_id))

    held_late = _held_late(case_ids, today, calendar)
    if only is not None:
        held_late = [late for late in held_late if late.what in only]
    return DueLists(
        overdue=[item for item in items if item.urgency == Urgency.OVERDUE],
        due_soon=[item for item in items if item.urgency == Urgency.DUE_SOON],
        later=[item for item in items if item.urgency == Urgency.LATER],
        held_late=held_late,
    )


def _held_late(case_ids: list[int], today: datetime.date, calendar: WorkingDayCalendar) -> list[HeldLate]:
    """Meetings held after their due date in the last 90 days, with their children's names: one query."""
    rows = (
        MeetingChild.objects.filter(
            meeting__case_id__in=case_ids,
            meeting__archived_at__isnull=True,
            meeting__status=MeetingStatus.HELD,
            meeting__held_on__gte=today - datetime.timedelta(days=HELD_LATE_DAYS),
            meeting__held_on__gt=F("meeting__due_on"),
        )
        .values_list(
            "meeting_id",
            "meeting__kind",
            "meeting__due_on",
            "meeting__held_on",
            "child__first_name",
            "child__last_name",
        )
        .order_by("-meeting__held_on", "-meeting_id", "pk")
    )
    late: dict[int, HeldLate] = {}
    for meeting_id, kind, due_on, held_on, first_name, last_name in rows:
        # The filter compares both dates, so neither is blank here.
        due_on, held_on = cast(datetime.date, due_on), cast(datetime.date, held_on)
        if meeting_id not in late:
            late[meeting_id] = HeldLate(
                meeting_id=meeting_id,
                what=MeetingKind(kind).label,
                due_on=due_on,
                held_on=held_on,
                children=[],
                days_late=calendar.working_days_between(due_on, held_on),
            )
        late[meeting_id].children.append(f"{first_name} {last_name}")
    return list(late.values())
