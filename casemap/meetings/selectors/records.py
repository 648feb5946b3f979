"""Reads of a case's meetings and statutory records, and of the conferences a chair is assigned to."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

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
from casemap.core.working_days import working_day_calendar
from casemap.meetings import timescales
from casemap.meetings.models import Meeting, MeetingChild


def case_meetings(case: Case) -> list[Meeting]:
    return list(
        Meeting.objects.filter(case=case, archived_at__isnull=True)
        .select_related("chair")
        .prefetch_related(Prefetch("meeting_children", queryset=MeetingChild.objects.select_related("child")))
        .order_by("-starts_at")
    )


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
