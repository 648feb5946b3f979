"""Each of a child's episodes in the file, recorded through the services the pages use, in the order things
happened: the referral and its decision, assessments, child in need plans, strategy discussions and section 47
enquiries, initial conferences, child protection plans with their reviews, and the closure.

An episode Casemap already holds (the same child, the same referral date) is compared with the file first: what is
missing is added, what is already there is left alone, and what contradicts the file rejects the child (nothing is
overwritten). So importing the same file again changes nothing.

What the census does not hold but a service needs is recorded in words that say so ("Brought in from the Children
in Need census ..."), and the few choices the census leaves open are made the same way every time; both are listed
in docs/returns-imports.md.
"""

import dataclasses
import datetime
from collections.abc import Callable
from enum import IntEnum
from functools import partial
from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from casemap.cases.models import (
    Assessment,
    AssessmentFactor,
    AssessmentOutcome,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ClosureReason,
    EnquiryOutcome,
    Episode,
    PlanEndReason,
    PrimaryNeed,
    ReferralDecision,
    Section47Enquiry,
    StrategyDecision,
)
from casemap.cases.services import case_close, referral_decide, referral_receive
from casemap.cases.services.statutory import (
    assessment_authorise,
    assessment_start,
    cin_plan_end,
    cin_plan_start,
    protection_plan_end,
    protection_plan_open,
    protection_plan_previous_elsewhere_set,
    protection_plan_review,
    section47_complete,
    strategy_discussion_record,
)
from casemap.core.forms import StaleEditError
from casemap.meetings.models import CONFERENCE_KINDS, Meeting, MeetingChild, MeetingKind, MeetingStatus
from casemap.meetings.services.arranging import meeting_arrange, meeting_conclude
from casemap.meetings.timescales import initial_conference_due
from casemap.people.models import Person
from casemap.returns.cin_census.records import CensusEpisode, CensusProtectionPlan
from casemap.returns.cin_census.selectors import CENSUS_SERVICES
from casemap.returns.cin_import.people import ImportContext, refused
from casemap.returns.cin_import.problems import ChildRejected, ImportProblem
from casemap.returns.cin_import.reading import FileChild

DIFFERS = "differs from what Casemap already holds for this child: correct one or the other, then import again"
# Factors the census once used that Casemap records more precisely: which one is meant cannot be known.
RETIRED_FACTORS = {
    "18A": "18A (physical abuse) is no longer a census factor: Casemap records 18B (by another child) or 18C (by "
    "an adult), and the file does not say which",
    "19A": "19A (sexual abuse) is no longer a census factor: Casemap records 19B (by another child) or 19C (by an "
    "adult), and the file does not say which",
}
CONFERENCE_TIME = datetime.time(10)
_Record = TypeVar("_Record", Assessment, ChildInNeedPlan, Section47Enquiry, ChildProtectionPlan)


class Order(IntEnum):
    """What happens first when several things happened on one day."""

    RECEIVED = 0
    DECIDED = 1
    CIN_PLAN_ENDED = 5
    ASSESSMENT_STARTED = 10
    STRATEGY_DISCUSSION = 20
    CONFERENCE_NOT_REQUIRED = 25
    INITIAL_CONFERENCE = 30
    PLAN_CATEGORY = 34
    PLAN_REVIEWED = 35
    PLAN_ENDED = 36
    PLAN_OPENED = 40
    CIN_PLAN_STARTED = 45
    ASSESSMENT_AUTHORISED = 50
    DECIDED_NO_FURTHER_ACTION = 90
    CLOSED = 100


@dataclasses.dataclass
class Step:
    on: datetime.date
    order: Order
    field: str
    what: str  # what Casemap refused to record, if it did: "the assessment's authorisation"
    run: Callable[[], None]


@dataclasses.dataclass(frozen=True)
class Wording:
    """What a service needs that the census does not hold, said plainly on the record."""

    year: int

    @property
    def census(self) -> str:
        return f"the Children in Need census for the year ending 31 March {self.year}"

    @property
    def source(self) -> str:
        return f"Brought in from {self.census}"

    @property
    def what_was_reported(self) -> str:
        return f"{self.source}: the census does not record what was reported."

    @property
    def decision_reasons(self) -> str:
        return f"{self.source}: the census does not record why the decision was made."

    @property
    def took_part(self) -> str:
        return f"Not recorded: brought in from {self.census}"

    @property
    def strategy_reasons(self) -> str:
        return f"{self.source}: the census records only that a section 47 enquiry started on this day."

    @property
    def not_required_reason(self) -> str:
        return f"{self.source}: the census records that a conference was not required, not why or who agreed."

    @property
    def venue(self) -> str:
        return "Not recorded (brought in from the census)"

    @property
    def quorum(self) -> str:
        return f"{self.source}: the census does not record who chaired, who attended or what was decided."


def episodes_import(*, context: ImportContext, person: Person, child: FileChild, person_is_new: bool) -> int:
    """Record each of the child's episodes in the file; the number of changes made."""
    changes = 0
    for episode in sorted(child.record.episodes, key=lambda found: found.referral_on):
        existing = None if person_is_new else _episode_in_casemap(child, person, episode)
        changes += EpisodeImport(context, person, child, episode, existing, person_is_new).run()
    return changes


def _episode_in_casemap(child: FileChild, person: Person, episode: CensusEpisode) -> Episode | None:
    found = [
        row
        for row in Episode.objects.filter(
            child=person, service__in=CENSUS_SERVICES, archived_at__isnull=True
        ).select_related("referral", "case")
        if (row.referral.received_on if row.referral else row.started_on) == episode.referral_on
    ]
    if len(found) > 1:
        raise refused(
            child,
            "CINdetails.CINreferralDate",
            "Casemap holds two episodes for this child from the same referral date, so it cannot tell which one "
            "the file means",
            person_id=person.pk,
        )
    return found[0] if found else None


class EpisodeImport:
    def __init__(
        self,
        context: ImportContext,
        person: Person,
        child: FileChild,
        episode: CensusEpisode,
        existing: Episode | None,
        person_is_new: bool,
    ) -> None:
        self.context = context
        self.person = person
        self.child = child
        self.file = episode
        self.row = existing
        self.case = existing.case if existing else None
        self.person_id = None if person_is_new else person.pk
        self.words = Wording(context.header.year)
        self.steps: list[Step] = []
        self.assessments: dict[datetime.date, Assessment] = {}
        self.cin_plans: dict[datetime.date, ChildInNeedPlan] = {}
        self.enquiries: dict[datetime.date, Section47Enquiry] = {}
        self.plans: dict[datetime.date, ChildProtectionPlan] = {}
        self.initial_conferences: dict[int, datetime.date] = {}  # enquiry -> the initial conference it led to
        self.reviews: dict[int, set[datetime.date]] = {}  # plan -> its review conferences
        if existing is not None:
            self._read_casemap()

    # What happens, in order

    def run(self) -> int:
        self._check_file()
        if self.row is None:
            self._new_episode()
        else:
            self._compare_episode()
        self._assessments()
        self._cin_plans()
        self._enquiries()
        self._protection_plans()
        if self.steps and self.case is not None:
            self._check_may_add()
        for step in sorted(self.steps, key=lambda step: (step.on, step.order)):
            try:
                step.run()
            except ValidationError as error:
                raise self._refused(step.field, f"Casemap refused to record {step.what}", error) from error
            except (PermissionDenied, StaleEditError) as error:
                raise self._refused(
                    step.field, f"Casemap refused to record {step.what}: the case is closed or another team's", error
                ) from error
        return len(self.steps)

    def _step(self, on: datetime.date, order: Order, field: str, what: str, run: Callable[[], None]) -> None:
        self.steps.append(Step(on=on, order=order, field=field, what=what, run=run))

    def _refused(self, field: str, message: str, error: Exception | None = None) -> ChildRejected:
        return refused(self.child, field, message, error, person_id=self.person_id)

    def _note(self, field: str, message: str) -> None:
        self.child.left_out.append(
            ImportProblem(child_id=self.child.child_id, field=field, message=message, person_id=self.person_id)
        )

    # The file against itself: each refusal in plain words, before anything is written

    def _within(self, field: str, day: datetime.date | None, what: str) -> None:
        episode = self.file
        if day is None:
            return
        if day > self.context.today:
            raise self._refused(field, f"{what} is in the future")
        if day < episode.referral_on:
            raise self._refused(field, f"{what} is before the referral was received")
        if episode.closed_on is not None and day > episode.closed_on:
            raise self._refused(field, f"{what} is after the episode closed")

    def _check_file(self) -> None:
        episode = self.file
        if episode.referral_on > self.context.today:
            raise self._refused("CINdetails.CINreferralDate", "the referral date is in the future")
        if episode.closed_on is not None and not episode.closure_reason:
            raise self._refused("CINdetails.ReasonForClosure", "the episode closed, but no reason is given")
        if episode.closure_reason and episode.closed_on is None:
            raise self._refused("CINdetails.CINclosureDate", "a reason for closure is given, but no closure date")
        if episode.closed_on is not None and episode.closed_on < episode.referral_on:
            raise self._refused("CINdetails.CINclosureDate", "the episode closed before the referral was received")
        self._within("CINdetails.CINclosureDate", episode.closed_on, "the closure date")
        if episode.no_further_action and episode.closed_on is None:
            raise self._refused(
                "CINdetails.ReferralNFA",
                "a referral with no further action closes the episode, but the file gives no closure date",
            )
        if episode.no_further_action and episode.closure_reason != ClosureReason.RC8:
            raise self._refused(
                "CINdetails.ReasonForClosure", "a referral with no further action closes with RC8 in Casemap"
            )
        self._check_assessments()
        self._check_plans()
        self._check_enquiries()

    def _check_assessments(self) -> None:
        starts = [assessment.started_on for assessment in self.file.assessments]
        if len(starts) != len(set(starts)):
            raise self._refused("Assessments.AssessmentActualStartDate", "two assessments start on the same day")
        for assessment in self.file.assessments:
            self._within("Assessments.AssessmentActualStartDate", assessment.started_on, "the assessment's start")
            if assessment.authorised_on is not None and assessment.authorised_on < assessment.started_on:
                raise self._refused(
                    "Assessments.AssessmentAuthorisationDate", "the assessment was authorised before it started"
                )
            self._within("Assessments.AssessmentAuthorisationDate", assessment.authorised_on, "the authorisation")
            if assessment.authorised_on is None:
                if assessment.factors:
                    self._note(
                        "FactorsIdentifiedAtAssessment.AssessmentFactors",
                        "Casemap records the factors when an assessment is authorised: those of an assessment not "
                        "yet authorised were left out",
                    )
                continue
            if not assessment.factors:
                raise self._refused(
                    "Assessments.FactorsIdentifiedAtAssessment",
                    "an authorised assessment needs the factors it found (21 if it found none)",
                )
            for code in assessment.factors:
                if code in RETIRED_FACTORS:
                    raise self._refused("FactorsIdentifiedAtAssessment.AssessmentFactors", RETIRED_FACTORS[code])
                if code not in AssessmentFactor.values:
                    raise self._refused(
                        "FactorsIdentifiedAtAssessment.AssessmentFactors", "holds a factor Casemap does not record"
                    )
            if AssessmentFactor.F21 in assessment.factors and len(set(assessment.factors)) > 1:
                raise self._refused(
                    "FactorsIdentifiedAtAssessment.AssessmentFactors",
                    "21 (no factors identified) is given with other factors",
                )

    def _check_plans(self) -> None:
        starts = [start for start, _end in self.file.child_in_need_plans]
        if len(starts) != len(set(starts)):
            raise self._refused("CINPlanDates.CINPlanStartDate", "two child in need plans start on the same day")
        for started_on, ended_on in self.file.child_in_need_plans:
            self._within("CINPlanDates.CINPlanStartDate", started_on, "the child in need plan's start")
            self._within("CINPlanDates.CINPlanEndDate", ended_on, "the child in need plan's end")
            if ended_on is not None and ended_on < started_on:
                raise self._refused("CINPlanDates.CINPlanEndDate", "the child in need plan ended before it started")
        starts = [plan.started_on for plan in self.file.protection_plans]
        if len(starts) != len(set(starts)):
            raise self._refused("ChildProtectionPlans.CPPstartDate", "two child protection plans start on the same day")
        for plan in self.file.protection_plans:
            self._within("ChildProtectionPlans.CPPstartDate", plan.started_on, "the plan's start")
            self._within("ChildProtectionPlans.CPPendDate", plan.ended_on, "the plan's end")
            if plan.ended_on is not None and plan.ended_on < plan.started_on:
                raise self._refused("ChildProtectionPlans.CPPendDate", "the plan ended before it started")
            for day in plan.reviews:
                if day < plan.started_on:
                    raise self._refused("Reviews.CPPreviewDate", "a review is before the plan started")
                if plan.ended_on is not None and day > plan.ended_on:
                    raise self._refused("Reviews.CPPreviewDate", "a review is after the plan ended")
                if day > self.context.today:
                    raise self._refused("Reviews.CPPreviewDate", "a review is in the future")

    def _check_enquiries(self) -> None:
        episode = self.file
        starts = [enquiry.started_on for enquiry in episode.enquiries]
        if len(starts) != len(set(starts)):
            raise self._refused("Section47.S47ActualStartDate", "two section 47 enquiries start on the same day")
        for enquiry in episode.enquiries:
            self._within("Section47.S47ActualStartDate", enquiry.started_on, "the enquiry's start")
            self._within("Section47.DateOfInitialCPC", enquiry.conference_on, "the initial conference")
            if enquiry.conference_on is not None and enquiry.conference_on < enquiry.started_on:
                raise self._refused("Section47.DateOfInitialCPC", "the conference was before the enquiry started")
            if enquiry.conference_not_required and enquiry.conference_on is not None:
                raise self._refused(
                    "Section47.ICPCnotRequired", "a conference is said to be not required, but its date is given"
                )
        conference_on = episode.initial_conference_on
        if conference_on is None or conference_on in {enquiry.conference_on for enquiry in episode.enquiries}:
            return
        # The census once gave the conference on the episode only: it belongs to the enquiry it can only have come
        # from, if there is exactly one.
        waiting = [
            enquiry
            for enquiry in episode.enquiries
            if enquiry.conference_on is None
            and not enquiry.conference_not_required
            and enquiry.started_on <= conference_on
        ]
        if len(waiting) != 1:
            raise self._refused(
                "CINdetails.DateOfInitialCPC",
                "Casemap records an initial conference as the outcome of a section 47 enquiry, and the file has no "
                "one enquiry in this episode that it can be for",
            )
        waiting[0].conference_on = conference_on

    # What Casemap already holds of this episode

    def _by_start(self, records: QuerySet[_Record]) -> dict[datetime.date, _Record]:
        """The child's records on this episode by the day each started, as the census reads them: named to it, or
        made outside any episode on a day it was open."""
        episode = self.row
        assert episode is not None
        loose = Q(episode__isnull=True, started_on__gte=episode.started_on)
        if episode.ended_on is not None:
            loose &= Q(started_on__lte=episode.ended_on)
        kept: dict[datetime.date, _Record] = {}
        for record in records.filter(child=self.person, archived_at__isnull=True).filter(Q(episode=episode) | loose):
            kept.setdefault(record.started_on, record)
        return kept

    def _read_casemap(self) -> None:
        self.assessments = self._by_start(Assessment.objects.order_by("started_on", "pk"))
        self.cin_plans = self._by_start(ChildInNeedPlan.objects.order_by("started_on", "pk"))
        self.enquiries = self._by_start(Section47Enquiry.objects.order_by("started_on", "pk"))
        self.plans = self._by_start(ChildProtectionPlan.objects.order_by("started_on", "pk"))
        conferences = MeetingChild.objects.filter(
            child=self.person,
            meeting__kind__in=CONFERENCE_KINDS,
            meeting__status=MeetingStatus.HELD,
            meeting__archived_at__isnull=True,
        ).order_by("meeting__held_on", "pk")
        for enquiry_id, plan_id, kind, held_on in conferences.values_list(
            "enquiry_id", "plan_id", "meeting__kind", "meeting__held_on"
        ):
            if held_on is None:
                continue
            if kind == MeetingKind.INITIAL_CONFERENCE and enquiry_id is not None:
                self.initial_conferences.setdefault(enquiry_id, held_on)
            elif kind == MeetingKind.REVIEW_CONFERENCE and plan_id is not None:
                self.reviews.setdefault(plan_id, set()).add(held_on)

    def _seen(self, day: datetime.date | None) -> datetime.date | None:
        """A day of Casemap's record as the file's census would have seen it: after its reference date, not yet."""
        return self.context.year.by_reference_date(day)

    def _compare_episode(self) -> None:
        row, episode = self.row, self.file
        assert row is not None
        source = row.referral.source if row.referral else "10"
        if source != episode.referral_source:
            raise self._refused("CINdetails.ReferralSource", DIFFERS)
        if episode.primary_need and episode.primary_need != row.primary_need:
            raise self._refused("CINdetails.PrimaryNeedCode", DIFFERS)
        no_further_action = row.referral is not None and row.referral.decision == ReferralDecision.NO_FURTHER_ACTION
        if no_further_action != episode.no_further_action:
            raise self._refused("CINdetails.ReferralNFA", DIFFERS)
        if self._needs_ending(row.ended_on, episode.closed_on, "CINdetails.CINclosureDate"):
            assert episode.closed_on is not None
            self._step(episode.closed_on, Order.CLOSED, "CINdetails.CINclosureDate", "the closure", self._close)
        elif row.ended_on is not None and episode.closed_on and row.closure_reason != episode.closure_reason:
            raise self._refused("CINdetails.ReasonForClosure", DIFFERS)

    def _needs_ending(self, here: datetime.date | None, there: datetime.date | None, field: str) -> bool:
        """Whether the file ends (closes, authorises) what Casemap holds still open; refused if the two disagree. An
        ending Casemap records after the file's reference date is one the file could not have seen."""
        if here is None:
            return there is not None
        if self._seen(here) != there:
            raise self._refused(field, DIFFERS)
        return False

    def _check_may_add(self) -> None:
        case = self.case
        assert case is not None
        if case.team_id != self.context.team.pk:
            raise self._refused(
                "CINdetails",
                f"Casemap holds this episode on a case another team has ({case.reference}): the import adds only to "
                "the chosen team's cases",
            )
        if not case.is_open:
            raise self._refused(
                "CINdetails", f"the episode's case ({case.reference}) is closed in Casemap: nothing more can be added"
            )

    # The referral, its decision and the closure

    def _new_episode(self) -> None:
        episode = self.file
        self._step(episode.referral_on, Order.RECEIVED, "CINdetails.CINreferralDate", "the referral", self._receive)
        if episode.no_further_action:
            assert episode.closed_on is not None
            self._step(
                episode.closed_on,
                Order.DECIDED_NO_FURTHER_ACTION,
                "CINdetails.ReferralNFA",
                "the referral's decision",
                self._decide,
            )
            return
        self._step(
            episode.referral_on, Order.DECIDED, "CINdetails.CINreferralDate", "the referral's decision", self._decide
        )
        if episode.closed_on is not None:
            self._step(episode.closed_on, Order.CLOSED, "CINdetails.CINclosureDate", "the closure", self._close)

    def _receive(self) -> None:
        context = self.context
        self.case = referral_receive(
            acting_user=context.acting_user,
            children=[self.person],
            team=context.team,
            received_on=self.file.referral_on,
            source=self.file.referral_source,
            what_was_reported=self.words.what_was_reported,
            family_name=f"{self.person.full_name}'s family",
            request=context.request,
        )

    def _decide(self) -> None:
        episode, context = self.file, self.context
        assert self.case is not None
        nfa = episode.no_further_action
        decided_on = episode.closed_on if nfa else episode.referral_on
        assert decided_on is not None
        self.case = referral_decide(
            acting_user=context.acting_user,
            case=self.case,
            decision=ReferralDecision.NO_FURTHER_ACTION if nfa else ReferralDecision.ASSESSMENT,
            decided_on=decided_on,
            reasons=self.words.decision_reasons,
            primary_need=episode.primary_need or PrimaryNeed.N0,
            request=context.request,
        )
        self.row = Episode.objects.get(case=self.case, child=self.person)

    def _close(self) -> None:
        episode, context = self.file, self.context
        assert self.case is not None and episode.closed_on is not None
        others = Episode.objects.filter(case=self.case, ended_on__isnull=True).exclude(child=self.person)
        if others.exists():
            raise self._refused(
                "CINdetails.CINclosureDate",
                f"the episode is on a case with other children ({self.case.reference}): close it on the case's page",
            )
        self.case = case_close(
            acting_user=context.acting_user,
            case=self.case,
            closed_on=episode.closed_on,
            closure_reason=episode.closure_reason,
            request=context.request,
        )

    # Assessments

    def _assessments(self) -> None:
        for assessment in self.file.assessments:
            start, authorised = assessment.started_on, assessment.authorised_on
            held = self.assessments.get(start)
            field = "Assessments.AssessmentAuthorisationDate"
            if held is None:
                self._step(
                    start,
                    Order.ASSESSMENT_STARTED,
                    "Assessments.AssessmentActualStartDate",
                    "the assessment",
                    partial(self._start_assessment, start),
                )
            elif not self._needs_ending(held.authorised_on, authorised, field):
                if authorised is not None and set(held.factors or []) != set(assessment.factors):
                    raise self._refused("FactorsIdentifiedAtAssessment.AssessmentFactors", DIFFERS)
                continue
            if authorised is not None:
                self._step(
                    authorised,
                    Order.ASSESSMENT_AUTHORISED,
                    field,
                    "the assessment's authorisation",
                    partial(self._authorise, start, authorised, assessment.factors),
                )

    def _start_assessment(self, start: datetime.date) -> None:
        assert self.case is not None
        self.assessments[start] = assessment_start(
            acting_user=self.context.acting_user,
            case=self.case,
            child=self.person,
            started_on=start,
            request=self.context.request,
        )

    def _authorise(self, start: datetime.date, authorised: datetime.date, factors: list[str]) -> None:
        self.assessments[start] = assessment_authorise(
            acting_user=self.context.acting_user,
            assessment=self.assessments[start],
            expected_version=None,
            authorised_on=authorised,
            factors=factors,
            outcome=self._assessment_outcome(start),
            request=self.context.request,
        )

    def _assessment_outcome(self, start: datetime.date) -> str:
        """The census does not say what an assessment led to: what the file shows next in the episode says it."""
        episode = self.file
        following: list[tuple[datetime.date, int, str]] = [
            (enquiry.started_on, 0, AssessmentOutcome.STRATEGY_DISCUSSION)
            for enquiry in episode.enquiries
            if enquiry.started_on >= start
        ]
        following += [
            (plan_start, 1, AssessmentOutcome.CHILD_IN_NEED_PLAN)
            for plan_start, _end in episode.child_in_need_plans
            if plan_start >= start
        ]
        if episode.closed_on is not None:
            closed = (
                AssessmentOutcome.EARLY_HELP
                if episode.closure_reason == ClosureReason.RC9
                else AssessmentOutcome.NO_FURTHER_ACTION
            )
            following.append((episode.closed_on, 2, closed))
        return min(following)[2] if following else AssessmentOutcome.CHILD_IN_NEED_PLAN

    # Child in need plans

    def _cin_plans(self) -> None:
        for start, end in self.file.child_in_need_plans:
            held = self.cin_plans.get(start)
            if held is None:
                self._step(
                    start,
                    Order.CIN_PLAN_STARTED,
                    "CINPlanDates.CINPlanStartDate",
                    "the child in need plan",
                    partial(self._start_cin_plan, start),
                )
            elif not self._needs_ending(held.ended_on, end, "CINPlanDates.CINPlanEndDate"):
                continue
            if end is not None:
                self._step(
                    end,
                    Order.CIN_PLAN_ENDED,
                    "CINPlanDates.CINPlanEndDate",
                    "the child in need plan's end",
                    partial(self._end_cin_plan, start, end),
                )

    def _start_cin_plan(self, start: datetime.date) -> None:
        assert self.case is not None
        self.cin_plans[start] = cin_plan_start(
            acting_user=self.context.acting_user,
            case=self.case,
            child=self.person,
            started_on=start,
            request=self.context.request,
        )

    def _end_cin_plan(self, start: datetime.date, end: datetime.date) -> None:
        self.cin_plans[start] = cin_plan_end(
            acting_user=self.context.acting_user,
            plan=self.cin_plans[start],
            expected_version=None,
            ended_on=end,
            request=self.context.request,
        )

    # Strategy discussions, section 47 enquiries and initial conferences

    def _enquiries(self) -> None:
        for enquiry in self.file.enquiries:
            start = enquiry.started_on
            held = self.enquiries.get(start)
            self._note_target(enquiry.started_on, enquiry.conference_target, enquiry.conference_not_required)
            if held is None:
                self._step(
                    start,
                    Order.STRATEGY_DISCUSSION,
                    "Section47.S47ActualStartDate",
                    "the strategy discussion that started the enquiry",
                    partial(self._strategy_discussion, start),
                )
            elif held.completed_on is not None:
                here = (
                    self._seen(self.initial_conferences.get(held.pk)),
                    held.conference_not_required and self._seen(held.completed_on) is not None,
                )
                if here != (enquiry.conference_on, enquiry.conference_not_required):
                    raise self._refused("Section47.DateOfInitialCPC", DIFFERS)
                continue
            if enquiry.conference_not_required:
                self._step(
                    start,
                    Order.CONFERENCE_NOT_REQUIRED,
                    "Section47.ICPCnotRequired",
                    "that a conference was not required",
                    partial(self._not_required, start),
                )
            elif enquiry.conference_on is not None:
                self._step(
                    enquiry.conference_on,
                    Order.INITIAL_CONFERENCE,
                    "Section47.DateOfInitialCPC",
                    "the initial conference",
                    partial(self._initial_conference, start, enquiry.conference_on),
                )

    def _note_target(self, start: datetime.date, target: datetime.date | None, not_required: bool) -> None:
        if target is not None and not not_required and target != initial_conference_due([start]):
            self._note(
                "Section47.InitialCPCtarget",
                "differs from the date Casemap works out (15 working days after the strategy discussion), which "
                "Casemap uses instead",
            )

    def _strategy_discussion(self, start: datetime.date) -> None:
        assert self.case is not None
        discussion = strategy_discussion_record(
            acting_user=self.context.acting_user,
            case=self.case,
            children=[self.person],
            held_on=start,
            took_part=self.words.took_part,
            decision=StrategyDecision.SECTION_47,
            reasons=self.words.strategy_reasons,
            request=self.context.request,
        )
        self.enquiries[start] = Section47Enquiry.objects.get(strategy_discussion=discussion, child=self.person)

    def _not_required(self, start: datetime.date) -> None:
        follows_plan = any(plan_start >= start for plan_start, _end in self.file.child_in_need_plans)
        self.enquiries[start] = section47_complete(
            acting_user=self.context.acting_user,
            enquiry=self.enquiries[start],
            expected_version=None,
            completed_on=start,
            outcome=EnquiryOutcome.CHILD_IN_NEED if follows_plan else EnquiryOutcome.NO_FURTHER_ACTION,
            not_required_reason=self.words.not_required_reason,
            agreed_by=self.context.acting_user,
            request=self.context.request,
        )

    def _conference(self, kind: str, day: datetime.date, field: str) -> Meeting:
        context = self.context
        assert self.case is not None
        if context.chair is None:
            raise self._refused(field, "the team has no manager to record as the conference's chair")
        meeting = meeting_arrange(
            acting_user=context.acting_user,
            case=self.case,
            kind=kind,
            children=[self.person],
            starts_at=timezone.make_aware(datetime.datetime.combine(day, CONFERENCE_TIME)),
            ends_at=None,
            venue=self.words.venue,
            chair=context.chair,
            request=context.request,
        )
        return meeting

    def _initial_conference(self, start: datetime.date, day: datetime.date) -> None:
        field = "Section47.DateOfInitialCPC"
        meeting = self._conference(MeetingKind.INITIAL_CONFERENCE, day, field)
        if meeting.meeting_children.get(child=self.person).enquiry_id != self.enquiries[start].pk:
            raise self._refused(
                field,
                "the child's section 47 enquiries overlap, so Casemap cannot tell which one this conference is for",
            )
        self._held(meeting, day)

    def _held(self, meeting: Meeting, day: datetime.date) -> None:
        meeting_conclude(
            acting_user=self.context.acting_user,
            meeting=meeting,
            expected_version=None,
            held_on=day,
            quorum_override_reason=self.words.quorum,
            request=self.context.request,
        )

    # Child protection plans and their reviews

    def _protection_plans(self) -> None:
        for plan in self.file.protection_plans:
            held = self.plans.get(plan.started_on)
            if held is None:
                self._new_plan(plan)
            else:
                self._compare_plan(plan, held)

    def _new_plan(self, plan: CensusProtectionPlan) -> None:
        start = plan.started_on
        self._step(
            start,
            Order.PLAN_OPENED,
            "ChildProtectionPlans.CPPstartDate",
            "the child protection plan",
            partial(self._open_plan, plan),
        )
        self._plan_reviews(plan, set(plan.reviews), category_to_set=plan.latest_category != plan.initial_category)
        if plan.ended_on is not None and plan.ended_on not in plan.reviews:
            self._plan_end_step(plan)

    def _compare_plan(self, plan: CensusProtectionPlan, held: ChildProtectionPlan) -> None:
        if held.initial_category != plan.initial_category:
            raise self._refused("ChildProtectionPlans.InitialCategoryOfAbuse", DIFFERS)
        ends = self._needs_ending(held.ended_on, plan.ended_on, "ChildProtectionPlans.CPPendDate")
        earlier = self._plans_before(plan.started_on)
        if earlier + held.previous_plans_elsewhere != plan.previous_plans:
            self._step(
                plan.started_on,
                Order.PLAN_CATEGORY,
                "ChildProtectionPlans.NumberOfPreviousCPP",
                "the plans the child had elsewhere",
                partial(self._set_previous, plan),
            )
        missing = set(plan.reviews) - self.reviews.get(held.pk, set())
        if held.ended_on is not None:
            if missing:
                self._note(
                    "Reviews.CPPreviewDate",
                    "the plan has ended in Casemap, so the reviews it does not hold were left out",
                )
            return
        category_to_set = held.latest_category != plan.latest_category
        if category_to_set and not missing:
            self._note(
                "ChildProtectionPlans.LatestCategoryOfAbuse",
                "differs from Casemap's record, which was kept: a category changes at a review, and the file "
                "brings no new review",
            )
        self._plan_reviews(plan, missing, category_to_set=category_to_set and bool(missing))
        if ends and plan.ended_on not in missing:
            self._plan_end_step(plan)

    def _plans_before(self, start: datetime.date) -> int:
        return ChildProtectionPlan.objects.filter(
            child=self.person, archived_at__isnull=True, started_on__lt=start
        ).count()

    def _previous_elsewhere(self, plan: CensusProtectionPlan) -> int:
        elsewhere = plan.previous_plans - self._plans_before(plan.started_on)
        if elsewhere < 0:
            raise self._refused(
                "ChildProtectionPlans.NumberOfPreviousCPP",
                "is fewer than the plans Casemap already holds for the child before this one",
            )
        return elsewhere

    def _open_plan(self, plan: CensusProtectionPlan) -> None:
        assert self.case is not None
        self.plans[plan.started_on] = protection_plan_open(
            acting_user=self.context.acting_user,
            case=self.case,
            child=self.person,
            started_on=plan.started_on,
            category=plan.initial_category,
            previous_plans_elsewhere=self._previous_elsewhere(plan),
            request=self.context.request,
        )

    def _set_previous(self, plan: CensusProtectionPlan) -> None:
        held = self.plans[plan.started_on]
        self.plans[plan.started_on] = protection_plan_previous_elsewhere_set(
            acting_user=self.context.acting_user,
            plan=held,
            expected_version=None,
            count=self._previous_elsewhere(plan),
            request=self.context.request,
        )

    def _plan_reviews(self, plan: CensusProtectionPlan, days: set[datetime.date], *, category_to_set: bool) -> None:
        """A review conference for each day the file gives and Casemap does not hold, the latest category set at
        the last of them (or, with none, as the census year starts), and the plan ended at the review that ended
        it."""
        last = max(days) if days else None
        for day in sorted(days):
            self._step(
                day,
                Order.PLAN_REVIEWED,
                "Reviews.CPPreviewDate",
                "the plan's review conference",
                partial(self._review, plan, day, set_category=category_to_set and day == last),
            )
        if category_to_set and last is None:
            day = max(plan.started_on, self.context.year.starts_on)
            self._step(
                day,
                Order.PLAN_CATEGORY,
                "ChildProtectionPlans.LatestCategoryOfAbuse",
                "the plan's latest category",
                partial(self._set_category, plan, day),
            )

    def _review(self, plan: CensusProtectionPlan, day: datetime.date, *, set_category: bool) -> None:
        field = "Reviews.CPPreviewDate"
        held = self.plans[plan.started_on]
        conference_before = Meeting.objects.filter(
            meeting_children__child=self.person,
            kind__in=CONFERENCE_KINDS,
            status=MeetingStatus.HELD,
            archived_at__isnull=True,
        ).exists()
        if conference_before:
            self._held(self._conference(MeetingKind.REVIEW_CONFERENCE, day, field), day)
        else:
            self._note(
                field,
                "the plan's first conference is not in Casemap (it was before the year of the census), so its "
                "reviews cannot be recorded as conferences: import the earlier years' census first",
            )
        category = plan.latest_category if set_category else held.latest_category
        context = self.context
        if conference_before or category != held.latest_category:
            held = protection_plan_review(
                acting_user=context.acting_user, plan=held, category=category, reviewed_on=day, request=context.request
            )
        self.plans[plan.started_on] = held
        if day == plan.ended_on:
            self._end_plan(plan)

    def _set_category(self, plan: CensusProtectionPlan, day: datetime.date) -> None:
        context = self.context
        self.plans[plan.started_on] = protection_plan_review(
            acting_user=context.acting_user,
            plan=self.plans[plan.started_on],
            category=plan.latest_category,
            reviewed_on=day,
            request=context.request,
        )

    def _plan_end_step(self, plan: CensusProtectionPlan) -> None:
        assert plan.ended_on is not None
        self._step(
            plan.ended_on,
            Order.PLAN_ENDED,
            "ChildProtectionPlans.CPPendDate",
            "the plan's end",
            partial(self._end_plan, plan),
        )

    def _end_plan(self, plan: CensusProtectionPlan) -> None:
        """The census does not say why a plan ended: the episode's closure that day says it, if there is one."""
        episode = self.file
        assert plan.ended_on is not None
        reason = PlanEndReason.NO_LONGER_AT_RISK
        if episode.closed_on == plan.ended_on:
            reason = {
                ClosureReason.RC2: PlanEndReason.DIED,
                ClosureReason.RC5: PlanEndReason.MOVED_AWAY,
            }.get(ClosureReason(episode.closure_reason), PlanEndReason.NO_LONGER_AT_RISK)
        self.plans[plan.started_on] = protection_plan_end(
            acting_user=self.context.acting_user,
            plan=self.plans[plan.started_on],
            ended_on=plan.ended_on,
            reason=reason,
            request=self.context.request,
        )
