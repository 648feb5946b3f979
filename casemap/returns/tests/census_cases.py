"""Children whose records test the census's hard cases, each made through the real services on the days the work
was done in the collection year ending 31 March 2026 (1 April 2025 to 31 March 2026)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import (
    AbuseCategory,
    AssessmentOutcome,
    Case,
    ClosureReason,
    PlanEndReason,
    PrimaryNeed,
    ReferralDecision,
    StrategyDecision,
)
from casemap.cases.services import case_allocate, case_close, referral_decide, referral_receive
from casemap.cases.services.statutory import (
    assessment_authorise,
    assessment_start,
    cin_plan_start,
    protection_plan_end,
    protection_plan_open,
    protection_plan_review,
    strategy_discussion_record,
)
from casemap.conftest import World
from casemap.meetings.models import Meeting, MeetingKind
from casemap.meetings.services.arranging import meeting_arrange, meeting_conclude
from casemap.people.models import Person
from casemap.people.services import person_create
from casemap.people.upn import upn_check_letter

YEAR = 2026
DAY = datetime.date


def weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def a_upn(serial: int) -> str:
    """A UPN issued by a real authority's code (202), with its check letter."""
    body = f"202{serial:09d}"
    return upn_check_letter(body) + body


@dataclass
class CensusCases:
    protected: Person  # two plans in the year, the first changing category at its review
    died: Person
    re_referred: Person  # referred, no further action, referred again: two episodes
    unborn: Person  # referred before birth; born after the reference date
    disabled: Person
    upn_unknown: Person


class _Family:
    def __init__(
        self,
        world: World,
        surname: str,
        received_on: datetime.date,
        decision: str = ReferralDecision.ASSESSMENT,
        **child: object,
    ) -> None:
        self.world = world
        fields = {"first_name": "Kai", "last_name": surname, "is_child": True, "sex": "M", "ethnicity": "WBRI"}
        fields.update(child)
        self.child = person_create(acting_user=world.worker, **fields)
        self.case = self.referral(received_on, decision)

    def referral(self, received_on: datetime.date, decision: str = ReferralDecision.ASSESSMENT) -> Case:
        world = self.world
        case = referral_receive(
            acting_user=world.worker,
            children=[self.child],
            team=world.team,
            received_on=received_on,
            source="2A",
            what_was_reported="The school is worried about bruises.",
            family_name=f"{self.child.last_name} family",
        )
        case = referral_decide(
            acting_user=world.manager,
            case=case,
            decision=decision,
            decided_on=received_on,
            reasons="The school's worries need looking into.",
            primary_need=PrimaryNeed.N1,
        )
        if decision != ReferralDecision.NO_FURTHER_ACTION:
            case = case_allocate(acting_user=world.manager, case=case, worker=world.worker, allocated_on=received_on)
        return case

    def assessment(self, started_on: datetime.date, authorised_on: datetime.date, outcome: str) -> None:
        assessment = assessment_start(
            acting_user=self.world.worker, case=self.case, child=self.child, started_on=started_on
        )
        assessment_authorise(
            acting_user=self.world.manager,
            assessment=assessment,
            expected_version=assessment.version,
            authorised_on=authorised_on,
            factors=["16A", "3A"],
            outcome=outcome,
        )

    def conference(self, kind: str, day: datetime.date) -> Meeting:
        world = self.world
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        meeting = meeting_arrange(
            acting_user=world.worker,
            case=self.case,
            kind=kind,
            children=[self.child],
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            venue="Room 2, Civic Centre",
            chair=world.chair,
        )
        return meeting_conclude(
            acting_user=world.chair,
            meeting=meeting,
            expected_version=meeting.version,
            held_on=day,
            quorum_override_reason="Health sent a full report and agreed the plan by phone.",
        )

    def enquiry_to_conference(self, discussed_on: datetime.date) -> datetime.date:
        strategy_discussion_record(
            acting_user=self.world.worker,
            case=self.case,
            children=[self.child],
            held_on=discussed_on,
            took_part="Sally (social care), PC Jones (police)",
            decision=StrategyDecision.SECTION_47,
            reasons="The bruises were not explained.",
        )
        held_on = weekday(discussed_on + datetime.timedelta(days=14))
        self.conference(MeetingKind.INITIAL_CONFERENCE, held_on)
        return held_on

    def close(self, closed_on: datetime.date, reason: str) -> None:
        self.case = case_close(
            acting_user=self.world.manager, case=self.case, closed_on=closed_on, closure_reason=reason
        )


def census_cases_create(world: World) -> CensusCases:
    worker: User = world.worker
    # Two child protection plans in one episode; the first changes category at its review.
    protected = _Family(world, "Okafor", DAY(2025, 5, 6), date_of_birth=DAY(2015, 3, 2), upn=a_upn(1))
    protected.assessment(DAY(2025, 5, 7), DAY(2025, 6, 20), AssessmentOutcome.STRATEGY_DISCUSSION)
    held_on = protected.enquiry_to_conference(DAY(2025, 5, 12))
    plan = protection_plan_open(
        acting_user=worker,
        case=protected.case,
        child=protected.child,
        started_on=held_on,
        category=AbuseCategory.NEGLECT,
    )
    reviewed_on = weekday(held_on + datetime.timedelta(days=85))
    protected.conference(MeetingKind.REVIEW_CONFERENCE, reviewed_on)
    plan = protection_plan_review(
        acting_user=worker, plan=plan, category=AbuseCategory.EMOTIONAL, reviewed_on=reviewed_on
    )
    ended_on = weekday(reviewed_on + datetime.timedelta(days=120))
    protected.conference(MeetingKind.REVIEW_CONFERENCE, ended_on)
    protection_plan_end(acting_user=worker, plan=plan, ended_on=ended_on, reason=PlanEndReason.NO_LONGER_AT_RISK)
    second_held_on = protected.enquiry_to_conference(DAY(2026, 2, 2))
    protection_plan_open(
        acting_user=worker,
        case=protected.case,
        child=protected.child,
        started_on=second_held_on,
        category=AbuseCategory.PHYSICAL,
    )

    # A child in need who died; the census has nowhere on the record to read the date of death from.
    died = _Family(world, "Lee", DAY(2025, 6, 2), date_of_birth=DAY(2012, 8, 19), sex="F", upn=a_upn(2))
    died.assessment(DAY(2025, 6, 3), DAY(2025, 7, 11), AssessmentOutcome.CHILD_IN_NEED_PLAN)
    cin_plan_start(acting_user=worker, case=died.case, child=died.child, started_on=DAY(2025, 7, 14))
    died.close(DAY(2025, 11, 14), ClosureReason.RC2)

    # Referred, no further action; referred again months later: two episodes in the year.
    re_referred = _Family(
        world,
        "Patel",
        DAY(2025, 4, 14),
        decision=ReferralDecision.NO_FURTHER_ACTION,
        date_of_birth=DAY(2010, 1, 5),
        upn=a_upn(3),
    )
    re_referred.case = re_referred.referral(DAY(2025, 9, 1))
    re_referred.assessment(DAY(2025, 9, 2), DAY(2025, 10, 17), AssessmentOutcome.NO_FURTHER_ACTION)
    re_referred.close(DAY(2025, 10, 17), ClosureReason.RC8)

    # Referred before birth, born after the reference date: on 31 March 2026 the census still expected the baby.
    unborn = _Family(world, "Novak", DAY(2026, 2, 2), date_of_birth=DAY(2026, 5, 10), sex="U", upn_unknown_reason="UN6")
    unborn.assessment(DAY(2026, 2, 3), DAY(2026, 3, 13), AssessmentOutcome.CHILD_IN_NEED_PLAN)

    disabled = _Family(
        world, "Ahmed", DAY(2025, 7, 7), date_of_birth=DAY(2013, 11, 2), disabilities=["AUT", "COMM"], upn=a_upn(4)
    )
    disabled.assessment(DAY(2025, 7, 8), DAY(2025, 8, 15), AssessmentOutcome.CHILD_IN_NEED_PLAN)
    cin_plan_start(acting_user=worker, case=disabled.case, child=disabled.child, started_on=DAY(2025, 8, 18))

    upn_unknown = _Family(world, "Nowak", DAY(2025, 10, 6), date_of_birth=DAY(2011, 4, 9), upn_unknown_reason="UN2")
    upn_unknown.assessment(DAY(2025, 10, 7), DAY(2025, 11, 21), AssessmentOutcome.CHILD_IN_NEED_PLAN)
    cin_plan_start(acting_user=worker, case=upn_unknown.case, child=upn_unknown.child, started_on=DAY(2025, 11, 24))

    return CensusCases(
        protected=protected.child,
        died=died.child,
        re_referred=re_referred.child,
        unborn=unborn.child,
        disabled=disabled.child,
        upn_unknown=upn_unknown.child,
    )
