"""Demo children in care, written through the real services: a move between placements and changes of legal
status, a missing episode, an adopted child, and an unaccompanied young person who has left care."""

import datetime

from django.utils import timezone

from casemap.accounts.models import Team, User
from casemap.cases.care_models import CarePeriod
from casemap.cases.demo import as_of
from casemap.cases.models import Case, CaseService, ReferralDecision, SocialWorkerChangeReason
from casemap.cases.services import case_allocate, case_change_service, referral_decide, referral_receive
from casemap.cases.services.care import care_episode_change, care_period_end, care_period_start
from casemap.cases.services.care_adoption import (
    adoption_adopters_record,
    adoption_decision_record,
    adoption_match_record,
    previous_permanence_record,
)
from casemap.cases.services.care_outcomes import (
    care_leaver_outcome_record,
    care_outcome_record,
)
from casemap.cases.services.care_records import (
    care_review_record,
    missing_episode_record,
    unaccompanied_status_cease,
    unaccompanied_status_record,
)
from casemap.people.codes import Sex
from casemap.people.models import Person
from casemap.people.services import person_create
from casemap.people.upn import upn_check_letter

CARE_TEAM = "Youth and care"
# Ofsted's references of the demo council's own fostering service and adoption agency (made up), which the return
# asks for on foster and adoptive placements.
FOSTERING_URN = "SC400123"
ADOPTION_URN = "SC400124"


def _years_and_days(today: datetime.date, years: int, days: int = 0) -> datetime.date:
    return today.replace(month=3, day=1, year=today.year - years) - datetime.timedelta(days=days)


class _CareFamilies:
    def __init__(self, users: dict[str, User]) -> None:
        self.worker = users["marcus"]
        self.team = Team.objects.get(name=CARE_TEAM)
        assert self.team.manager is not None
        self.manager = self.team.manager
        self.today = timezone.localdate()

    def ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def case_for(self, child: Person, opened: datetime.date, family_name: str) -> Case:
        with as_of(opened):
            case = referral_receive(
                acting_user=self.worker,
                children=[child],
                team=self.team,
                received_on=opened,
                source="6",
                what_was_reported="Police asked for the child to be looked after tonight.",
                family_name=family_name,
            )
            referral_decide(
                acting_user=self.manager,
                case=case,
                decision=ReferralDecision.ASSESSMENT,
                decided_on=opened,
                reasons="The child cannot stay at home safely tonight and needs to be looked after.",
                primary_need="N1",
            )
            case_allocate(acting_user=self.manager, case=case, worker=self.worker, allocated_on=opened)
            return case_change_service(
                acting_user=self.manager, case=case, service=CaseService.CHILD_IN_CARE, changed_on=opened
            )

    def child(
        self, first: str, last: str, born: datetime.date, sex: str, *, upn: str = "", upn_unknown_reason: str = ""
    ) -> Person:
        return person_create(
            acting_user=self.worker,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            sex=sex,
            is_child=True,
            upn=upn,
            upn_unknown_reason=upn_unknown_reason,
        )

    def change(self, period: CarePeriod, **values: object) -> None:
        period.refresh_from_db()
        care_episode_change(acting_user=self.worker, period=period, expected_version=period.version, **values)  # type: ignore[arg-type]


def _moves_and_missing(families: _CareFamilies) -> None:
    """Jayden: accommodated, then an interim and a full care order, a move to a children's home, a missing night."""
    upn = "202000004812"
    jayden = families.child(
        "Jayden", "Walsh", _years_and_days(families.today, 12), Sex.MALE, upn=upn_check_letter(upn) + upn
    )
    started = families.ago(420)
    case = families.case_for(jayden, started, "Jayden Walsh")
    worker = families.worker
    period = care_period_start(
        acting_user=worker,
        case=case,
        child=jayden,
        started_on=started,
        category_of_need="N1",
        legal_status="V2",
        placement_type="U6",
        provider="PR1",
        placement_urn=FOSTERING_URN,
        home_postcode="LS9 8AB",
        placement_postcode="LS15 7QR",
    )
    previous_permanence_record(acting_user=worker, period=period, kind="Z1")
    families.change(
        period,
        changed_on=families.ago(380),
        new_episode_reason="L",
        legal_status="C1",
        placement_type="U6",
        provider="PR1",
        placement_urn=FOSTERING_URN,
        placement_postcode="LS15 7QR",
    )
    families.change(
        period,
        changed_on=families.ago(250),
        new_episode_reason="L",
        legal_status="C2",
        placement_type="U6",
        provider="PR1",
        placement_urn=FOSTERING_URN,
        placement_postcode="LS15 7QR",
    )
    families.change(
        period,
        changed_on=families.ago(150),
        new_episode_reason="P",
        legal_status="C2",
        placement_type="K2",
        provider="PR4",
        placement_urn="SC482913",
        placement_postcode="WF1 2DS",
        placement_change_reason="CREQB",
    )
    # Marcus is on leave for two months: Glen holds Jayden's case, then gives it back.
    glen = User.objects.get(username="glen")
    for days, holder, why in (
        (200, glen, SocialWorkerChangeReason.ABSENC),
        (140, worker, SocialWorkerChangeReason.MANAGE),
    ):
        case = case_allocate(
            acting_user=families.manager,
            case=case,
            worker=holder,
            allocated_on=families.ago(days),
            reason="Marcus is on leave" if holder == glen else "Marcus is back",
            change_reason=why,
        )
    for held in (390, 230, 60):
        care_review_record(acting_user=worker, period=period, held_on=families.ago(held), participation="PN1")
    missing_episode_record(
        acting_user=worker, period=period, kind="M", started_on=families.ago(40), ended_on=families.ago(39)
    )
    care_outcome_record(
        acting_user=worker,
        case=case,
        child=jayden,
        year=families.today.year if families.today.month <= 3 else families.today.year + 1,
        sdq_score=18,
        sdq_reason="",
        answers={
            "convicted": False,
            "immunisations": True,
            "teeth_check": True,
            "health_assessment": True,
            "substance_misuse": False,
        },
    )


def _adopted(families: _CareFamilies) -> None:
    """Maisie: an interim care order with foster carers, a placement order, matched and adopted."""
    # Adopted: her Unique Pupil Number is unknown for that reason (UN1).
    maisie = families.child(
        "Maisie", "Dunn", _years_and_days(families.today, 3, 40), Sex.FEMALE, upn_unknown_reason="UN1"
    )
    started = families.ago(600)
    case = families.case_for(maisie, started, "Maisie Dunn")
    worker = families.worker
    period = care_period_start(
        acting_user=worker,
        case=case,
        child=maisie,
        started_on=started,
        category_of_need="N1",
        legal_status="C1",
        placement_type="U6",
        provider="PR1",
        placement_urn=FOSTERING_URN,
        home_postcode="BD3 9LT",
        placement_postcode="BD10 0JE",
    )
    previous_permanence_record(acting_user=worker, period=period, kind="Z1")
    plan = adoption_decision_record(acting_user=worker, period=period, decided_on=families.ago(420))
    # The placement order, then the move to her adopters a few weeks later.
    families.change(
        period,
        changed_on=families.ago(330),
        new_episode_reason="L",
        legal_status="E1",
        placement_type="U6",
        provider="PR1",
        placement_urn=FOSTERING_URN,
        placement_postcode="BD10 0JE",
    )
    families.change(
        period,
        changed_on=families.ago(300),
        new_episode_reason="P",
        legal_status="E1",
        placement_type="A6",
        provider="PR1",
        placement_urn=ADOPTION_URN,
        placement_postcode="LS17 6AB",
        placement_change_reason="CARPL",
    )
    plan = adoption_match_record(
        acting_user=worker, plan=plan, expected_version=plan.version, matched_on=families.ago(310)
    )
    adoption_adopters_record(
        acting_user=worker,
        plan=plan,
        expected_version=plan.version,
        by_foster_carers=False,
        adopter_sexes="MF",
        adopter_legal_status="L11",
    )
    period.refresh_from_db()
    care_period_end(
        acting_user=worker, period=period, expected_version=period.version, ended_on=families.ago(30), reason="E11"
    )


def _care_leaver(families: _CareFamilies) -> None:
    """Ahmad: arrived alone at 16, looked after in supported lodgings, stayed with his carers at 18."""
    born = _years_and_days(families.today, 19, 100)
    ahmad = families.child("Ahmad", "Rahimi", born, Sex.MALE)
    started = born.replace(year=born.year + 16) + datetime.timedelta(days=45)
    case = families.case_for(ahmad, started, "Ahmad Rahimi")
    worker = families.worker
    unaccompanied_status_record(acting_user=worker, case=case, child=ahmad, since=started)
    period = care_period_start(
        acting_user=worker,
        case=case,
        child=ahmad,
        started_on=started,
        category_of_need="N8",
        legal_status="V2",
        placement_type="U4",
        provider="PR5",
        placement_urn="SC065432",
        placement_postcode="LS8 1NT",
    )
    eighteen = born.replace(year=born.year + 18)
    care_review_record(
        acting_user=worker, period=period, held_on=started + datetime.timedelta(days=20), participation="PN1"
    )
    period.refresh_from_db()
    care_period_end(acting_user=worker, period=period, expected_version=period.version, ended_on=eighteen, reason="E17")
    status = ahmad.unaccompanied_status
    unaccompanied_status_cease(acting_user=worker, status=status, expected_version=status.version, ceased_on=eighteen)
    care_leaver_outcome_record(
        acting_user=worker,
        case=case,
        child=ahmad,
        year=families.today.year if families.today.month <= 3 else families.today.year + 1,
        in_touch="YES",
        activity="F2",
        accommodation="Z1",
        recorded_on=families.ago(5),
    )
    with as_of(eighteen):
        case_change_service(
            acting_user=families.manager, case=case, service=CaseService.CARE_LEAVER, changed_on=eighteen
        )


def demo_children_in_care_create(users: dict[str, User]) -> None:
    """Three children in care with the Youth and care team, each with the history the SSDA903 return reads."""
    families = _CareFamilies(users)
    _moves_and_missing(families)
    _adopted(families)
    _care_leaver(families)
