"""Reads for meetings: a case's meetings, and what is due for a worker, a team and a chair.

What is due is worked out from the records each time, in a fixed number of queries whatever the caseload: the
enquiries waiting for a conference, the plans waiting for a core group or a review, the child in need plans waiting
for a review, and the assessments waiting for authorisation. An arranged meeting keeps the date it was due when it
was arranged; a step not yet arranged is due by the same rules.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from casemap.access.policy import visible_case
from casemap.accounts.models import User
from casemap.cases.models import (
    Assessment,
    Case,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Section47Enquiry,
    StrategyDiscussion,
)
from casemap.core.working_days import WorkingDayCalendar, working_day_calendar
from casemap.meetings import timescales
from casemap.meetings.models import CONFERENCE_KINDS, Meeting, MeetingChild, MeetingKind, MeetingStatus
from casemap.people.models import Person

# How far back "held late" looks.
HELD_LATE_DAYS = 90


class Urgency:
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    LATER = "later"


@dataclass(frozen=True)
class DueItem:
    """One statutory step for one child: what it is, when it is due, and the meeting arranged for it, if any."""

    case: Case
    child: Person
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
    meeting: Meeting
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


def case_meetings(case: Case) -> list[Meeting]:
    return list(
        Meeting.objects.filter(case=case, archived_at__isnull=True)
        .select_related("chair")
        .prefetch_related(Prefetch("meeting_children", queryset=MeetingChild.objects.select_related("child")))
        .order_by("-starts_at")
    )


def _urgency(due_on: datetime.date, today: datetime.date, calendar: WorkingDayCalendar) -> tuple[str, int]:
    if due_on < today:
        return Urgency.OVERDUE, -calendar.working_days_between(due_on, today)
    left = calendar.working_days_between(today, due_on)
    if left <= timescales.timescales().due_soon_working_days:
        return Urgency.DUE_SOON, left
    return Urgency.LATER, left


def due_lists(cases: QuerySet[Case], *, today: datetime.date | None = None, only: set[str] | None = None) -> DueLists:
    """What is due on these cases (already filtered by the access policy), overdue first; `only` keeps the steps
    with these names (the conferences, for a chair)."""
    today = today or timezone.localdate()
    calendar = working_day_calendar()
    case_ids = cases.filter(closed_on__isnull=True).values("pk")
    by_case = {
        case.pk: case for case in Case.objects.filter(pk__in=case_ids).select_related("allocated_worker", "team")
    }
    # Only what the rules read, as plain values for the links: a team's open cases can hold a few thousand meetings.
    meetings = list(
        Meeting.objects.filter(case_id__in=by_case, archived_at__isnull=True)
        .exclude(status=MeetingStatus.CANCELLED)
        .only("case_id", "kind", "status", "held_on", "due_on", "starts_at")
        .order_by("starts_at")
    )
    by_meeting = {meeting.pk: meeting for meeting in meetings}
    links = (
        MeetingChild.objects.filter(meeting__case_id__in=by_case, meeting__archived_at__isnull=True)
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .values_list("meeting_id", "child_id", "enquiry_id", "child__first_name", "child__last_name")
        .order_by("meeting__starts_at", "pk")
    )
    held: dict[tuple[int, str], list[Meeting]] = defaultdict(list)  # (child, kind) -> held, latest first
    arranged: dict[tuple[int, str], Meeting] = {}
    arranged_for_enquiry: dict[int, Meeting] = {}
    conferences_for_enquiry: set[int] = set()
    names_at: dict[int, list[str]] = defaultdict(list)  # meeting -> its children's names
    for meeting_id, child_id, enquiry_id, first_name, last_name in links:
        meeting = by_meeting[meeting_id]
        names_at[meeting_id].append(f"{first_name} {last_name}")
        key = (child_id, meeting.kind)
        if meeting.status == MeetingStatus.HELD:
            held[key].insert(0, meeting)
            if enquiry_id:
                conferences_for_enquiry.add(enquiry_id)
        elif meeting.status == MeetingStatus.ARRANGED:
            arranged.setdefault(key, meeting)
            if enquiry_id:
                arranged_for_enquiry.setdefault(enquiry_id, meeting)

    items: list[DueItem] = []

    def add(case_id: int, child: Person, what: str, due_on: datetime.date, meeting: Meeting | None) -> None:
        urgency, left = _urgency(meeting.due_on if meeting and meeting.due_on else due_on, today, calendar)
        items.append(
            DueItem(
                case=by_case[case_id],
                child=child,
                what=what,
                due_on=meeting.due_on if meeting and meeting.due_on else due_on,
                meeting=meeting,
                urgency=urgency,
                working_days_left=left,
            )
        )

    enquiries = (
        Section47Enquiry.objects.filter(case_id__in=by_case, archived_at__isnull=True, conference_not_required=False)
        .filter(completed_on__isnull=True)
        .select_related("child", "strategy_discussion")
    )
    for enquiry in enquiries:
        if enquiry.pk in conferences_for_enquiry:
            continue
        due_on = timescales.initial_conference_due([enquiry.strategy_discussion.held_on], calendar)
        add(
            enquiry.case_id,
            enquiry.child,
            MeetingKind.INITIAL_CONFERENCE.label,
            due_on,
            arranged_for_enquiry.get(enquiry.pk),
        )

    plans = ChildProtectionPlan.objects.filter(
        case_id__in=by_case, ended_on__isnull=True, archived_at__isnull=True
    ).select_related("child")
    for plan in plans:
        conferences = sorted(
            (m for kind in CONFERENCE_KINDS for m in held[(plan.child_id, kind)]),
            key=lambda m: (m.held_on, m.pk),
            reverse=True,
        )
        last_conference = conferences[0] if conferences else None
        conference_kind = last_conference.kind if last_conference else MeetingKind.INITIAL_CONFERENCE
        conference_on = last_conference.held_on if last_conference and last_conference.held_on else plan.started_on
        add(
            plan.case_id,
            plan.child,
            MeetingKind.REVIEW_CONFERENCE.label,
            timescales.review_conference_due(conference_kind, conference_on),
            arranged.get((plan.child_id, MeetingKind.REVIEW_CONFERENCE)),
        )
        core_groups = held[(plan.child_id, MeetingKind.CORE_GROUP)]
        last_core_group = core_groups[0].held_on if core_groups else None
        add(
            plan.case_id,
            plan.child,
            MeetingKind.CORE_GROUP.label,
            # From the last conference held, as `meeting_arrange` works it out.
            timescales.core_group_due(conference_on, last_core_group, calendar),
            arranged.get((plan.child_id, MeetingKind.CORE_GROUP)),
        )

    cin_plans = ChildInNeedPlan.objects.filter(
        case_id__in=by_case, ended_on__isnull=True, archived_at__isnull=True
    ).select_related("child")
    for cin_plan in cin_plans:
        reviews = held[(cin_plan.child_id, MeetingKind.CHILD_IN_NEED_REVIEW)]
        add(
            cin_plan.case_id,
            cin_plan.child,
            MeetingKind.CHILD_IN_NEED_REVIEW.label,
            timescales.child_in_need_review_due(cin_plan.started_on, reviews[0].held_on if reviews else None, calendar),
            arranged.get((cin_plan.child_id, MeetingKind.CHILD_IN_NEED_REVIEW)),
        )

    assessments = Assessment.objects.filter(
        case_id__in=by_case, authorised_on__isnull=True, archived_at__isnull=True
    ).select_related("child")
    for assessment in assessments:
        add(
            assessment.case_id,
            assessment.child,
            "Assessment to be authorised",
            timescales.assessment_due(assessment.started_on, calendar),
            None,
        )

    held_late = _held_late(meetings, names_at, today, calendar)
    if only is not None:
        items = [item for item in items if item.what in only]
        held_late = [late for late in held_late if late.meeting.get_kind_display() in only]
    items.sort(key=lambda item: (item.due_on, item.case.pk, item.child.pk))
    return DueLists(
        overdue=[item for item in items if item.urgency == Urgency.OVERDUE],
        due_soon=[item for item in items if item.urgency == Urgency.DUE_SOON],
        later=[item for item in items if item.urgency == Urgency.LATER],
        held_late=held_late,
    )


def _held_late(
    meetings: Iterable[Meeting], names_at: dict[int, list[str]], today: datetime.date, calendar: WorkingDayCalendar
) -> list[HeldLate]:
    since = today - datetime.timedelta(days=HELD_LATE_DAYS)
    late = []
    for meeting in meetings:
        if meeting.status != MeetingStatus.HELD or not meeting.held_on or not meeting.due_on:
            continue
        if meeting.held_on >= since and meeting.held_on > meeting.due_on:
            late.append(
                HeldLate(
                    meeting=meeting,
                    children=names_at[meeting.pk],
                    days_late=calendar.working_days_between(meeting.due_on, meeting.held_on),
                )
            )
    return sorted(late, key=lambda entry: entry.meeting.held_on or today, reverse=True)


def chaired_meetings(user: User) -> QuerySet[Meeting]:
    """The conferences this user chairs, on cases they may see (through their assignment)."""
    return (
        Meeting.objects.filter(chair=user, archived_at__isnull=True)
        .filter(visible_case(user, "case_id"))
        .select_related("case")
        .prefetch_related(Prefetch("meeting_children", queryset=MeetingChild.objects.select_related("child")))
        .order_by("starts_at")
    )


@dataclass(frozen=True)
class StatutoryRecords:
    assessments: list[Assessment]
    strategy_discussions: list[StrategyDiscussion]
    enquiries: list[Section47Enquiry]
    protection_plans: list[ChildProtectionPlan]
    child_in_need_plans: list[ChildInNeedPlan]

    @property
    def any(self) -> bool:
        return bool(
            self.assessments
            or self.strategy_discussions
            or self.enquiries
            or self.protection_plans
            or self.child_in_need_plans
        )


def case_statutory_records(case: Case) -> StatutoryRecords:
    """The case's statutory records, newest first, each with its child: five queries whatever the case holds, and
    the national days when an assessment waits to be authorised."""
    live = {"case": case, "archived_at__isnull": True}
    assessments = list(Assessment.objects.filter(**live).select_related("child", "authorised_by"))
    waiting = [assessment for assessment in assessments if assessment.authorised_on is None]
    calendar = working_day_calendar() if waiting else None
    for assessment in waiting:
        assessment.due_on = timescales.assessment_due(assessment.started_on, calendar)  # type: ignore[attr-defined]
    return StatutoryRecords(
        assessments=assessments,
        strategy_discussions=list(StrategyDiscussion.objects.filter(**live).prefetch_related("children")),
        enquiries=list(Section47Enquiry.objects.filter(**live).select_related("child", "not_required_agreed_by")),
        protection_plans=list(ChildProtectionPlan.objects.filter(**live).select_related("child")),
        child_in_need_plans=list(ChildInNeedPlan.objects.filter(**live).select_related("child")),
    )
