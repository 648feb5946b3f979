"""Children in care whose records test the SSDA903 return's hard cases, each made through the real services on the
days the work was done, around the collection year ending 31 March 2026 (1 April 2025 to 31 March 2026)."""

import datetime
from dataclasses import dataclass

from casemap.accounts.models import User
from casemap.accounts.services import staff_change
from casemap.cases.care_models import CarePeriod
from casemap.cases.models import Case, ReferralDecision, SocialWorkerChangeReason
from casemap.cases.services import case_allocate, referral_decide, referral_receive
from casemap.cases.services.care import care_episode_change, care_period_end, care_period_start
from casemap.cases.services.care_adoption import (
    adoption_adopters_record,
    adoption_decision_record,
    adoption_match_record,
    previous_permanence_record,
)
from casemap.cases.services.care_outcomes import care_leaver_outcome_record, care_outcome_record
from casemap.cases.services.care_records import (
    care_review_record,
    missing_episode_record,
    unaccompanied_status_record,
)
from casemap.conftest import World
from casemap.people.models import Person
from casemap.people.services import person_create
from casemap.returns.tests.census_cases import a_upn

YEAR = 2026
DAY = datetime.date


@dataclass
class Ssda903Cases:
    moved: Person  # in care before the year; two changes of legal status and a move; reviews, missing, OC2; a
    # new social worker when he came into care and another in the year (SWEpisodes)
    adopted: Person  # a placement order, matched, moved to her adopters and adopted in the year: AD1, PlacedAdoption
    went_home: Person  # came into care in the year and went home in it
    care_leaver: Person  # left care at 18 before the year; outcomes around their 19th birthday (OC3)
    unaccompanied: Person  # arrived alone in the year: UASC
    previously_permanent: Person  # a special guardianship order before coming into care: PrevPerm


class _Child:
    def __init__(self, world: World, first_name: str, last_name: str, born: datetime.date, sex: str, **extra: object):
        self.world = world
        self.person = person_create(
            acting_user=world.worker,
            first_name=first_name,
            last_name=last_name,
            is_child=True,
            date_of_birth=born,
            sex=sex,
            ethnicity="WBRI",
            **extra,
        )
        self.case = self._case(born if born > DAY(2020, 1, 1) else DAY(2020, 1, 6))

    def _case(self, opened: datetime.date) -> Case:
        world = self.world
        case = referral_receive(
            acting_user=world.worker,
            children=[self.person],
            team=world.team,
            received_on=opened,
            source="6",
            what_was_reported="The police asked for the child to be looked after.",
            family_name=f"{self.person.last_name} family",
        )
        referral_decide(
            acting_user=world.manager,
            case=case,
            decision=ReferralDecision.ASSESSMENT,
            decided_on=opened,
            reasons="The child cannot stay at home safely.",
            primary_need="N1",
        )
        return case_allocate(acting_user=world.manager, case=case, worker=world.worker, allocated_on=opened)

    def reallocate(self, worker: User, allocated_on: datetime.date, why: SocialWorkerChangeReason) -> None:
        self.case = case_allocate(
            acting_user=self.world.manager, case=self.case, worker=worker, allocated_on=allocated_on, change_reason=why
        )

    def start(self, started_on: datetime.date, **episode: str) -> CarePeriod:
        return care_period_start(
            acting_user=self.world.worker,
            case=self.case,
            child=self.person,
            started_on=started_on,
            category_of_need=episode.pop("category_of_need", "N1"),
            **episode,  # type: ignore[arg-type]
        )

    def change(self, period: CarePeriod, changed_on: datetime.date, **episode: str) -> None:
        period.refresh_from_db()
        care_episode_change(
            acting_user=self.world.worker,
            period=period,
            expected_version=period.version,
            changed_on=changed_on,
            **episode,  # type: ignore[arg-type]
        )

    def end(self, period: CarePeriod, ended_on: datetime.date, reason: str) -> None:
        period.refresh_from_db()
        care_period_end(
            acting_user=self.world.worker,
            period=period,
            expected_version=period.version,
            ended_on=ended_on,
            reason=reason,
        )


def _moved(world: World) -> Person:
    child = _Child(world, "Jay", "Walsh", DAY(2013, 9, 4), "M", upn=a_upn(11))
    # A children-in-care social worker from the day he came into care; Sally again in the year.
    child.reallocate(world.teammate, DAY(2024, 6, 10), SocialWorkerChangeReason.TSPROC)
    child.reallocate(world.worker, DAY(2025, 9, 15), SocialWorkerChangeReason.LEFTRL)
    period = child.start(
        DAY(2024, 6, 10),
        legal_status="V2",
        placement_type="U6",
        provider="PR1",
        placement_urn="SC400123",
        home_postcode="LS9 8AB",
        placement_postcode="LS15 7QR",
    )
    foster = {"placement_type": "U6", "provider": "PR1", "placement_urn": "SC400123", "placement_postcode": "LS15 7QR"}
    child.change(period, DAY(2025, 5, 20), new_episode_reason="L", legal_status="C1", **foster)
    child.change(period, DAY(2025, 9, 1), new_episode_reason="L", legal_status="C2", **foster)
    child.change(
        period,
        DAY(2025, 11, 3),
        new_episode_reason="P",
        legal_status="C2",
        placement_type="K2",
        provider="PR4",
        placement_urn="SC482913",
        placement_postcode="WF1 2DS",
        placement_change_reason="CREQB",
    )
    worker = world.worker
    for held_on in (DAY(2024, 7, 5), DAY(2024, 12, 4), DAY(2025, 6, 3), DAY(2025, 11, 28)):
        care_review_record(acting_user=worker, period=period, held_on=held_on, participation="PN1")
    missing_episode_record(
        acting_user=worker, period=period, kind="M", started_on=DAY(2026, 1, 10), ended_on=DAY(2026, 1, 11)
    )
    missing_episode_record(
        acting_user=worker, period=period, kind="A", started_on=DAY(2026, 2, 20), ended_on=DAY(2026, 2, 21)
    )
    care_outcome_record(
        acting_user=worker,
        case=child.case,
        child=child.person,
        year=YEAR,
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
    return child.person


def _adopted(world: World) -> Person:
    child = _Child(world, "Maisie", "Dunn", DAY(2023, 3, 14), "F", upn_unknown_reason="UN1")
    child.reallocate(world.teammate, DAY(2024, 9, 2), SocialWorkerChangeReason.TSPROC)
    worker = world.worker
    period = child.start(
        DAY(2024, 9, 2),
        legal_status="C1",
        placement_type="U6",
        provider="PR1",
        placement_urn="SC400123",
        home_postcode="BD3 9LT",
        placement_postcode="BD10 0JE",
    )
    plan = adoption_decision_record(acting_user=worker, period=period, decided_on=DAY(2025, 1, 15))
    care_review_record(acting_user=worker, period=period, held_on=DAY(2024, 10, 1), participation="PN0")
    care_review_record(acting_user=worker, period=period, held_on=DAY(2025, 3, 28), participation="PN0")
    plan = adoption_match_record(
        acting_user=worker, plan=plan, expected_version=plan.version, matched_on=DAY(2025, 5, 20)
    )
    # The court grants the placement order; a fortnight later she moves to her adopters.
    child.change(
        period,
        DAY(2025, 5, 19),
        new_episode_reason="L",
        legal_status="E1",
        placement_type="U6",
        provider="PR1",
        placement_urn="SC400123",
        placement_postcode="BD10 0JE",
    )
    child.change(
        period,
        DAY(2025, 6, 2),
        new_episode_reason="P",
        legal_status="E1",
        placement_type="A6",
        provider="PR1",
        placement_urn="SC400123",
        placement_postcode="LS8 1NT",
        placement_change_reason="CARPL",
    )
    care_review_record(acting_user=worker, period=period, held_on=DAY(2025, 9, 3), participation="PN0")
    adoption_adopters_record(
        acting_user=worker,
        plan=plan,
        expected_version=plan.version,
        by_foster_carers=False,
        adopter_sexes="MF",
        adopter_legal_status="L11",
    )
    child.end(period, DAY(2026, 2, 16), "E11")
    return child.person


def _went_home(world: World) -> Person:
    child = _Child(world, "Leo", "Brook", DAY(2015, 2, 11), "M", upn=a_upn(12))
    period = child.start(
        DAY(2025, 7, 14),
        legal_status="V2",
        placement_type="U3",
        provider="PR1",
        placement_urn="SC400123",
        home_postcode="LS9 8AB",
        placement_postcode="LS8 1NT",
    )
    previous_permanence_record(acting_user=world.worker, period=period, kind="Z1")
    care_review_record(acting_user=world.worker, period=period, held_on=DAY(2025, 8, 8), participation="PN1")
    child.end(period, DAY(2025, 12, 19), "E4A")
    return child.person


def _care_leaver(world: World) -> Person:
    child = _Child(world, "Sam", "Adeyemi", DAY(2006, 5, 20), "M", upn=a_upn(13))
    period = child.start(
        DAY(2022, 11, 7),
        legal_status="V2",
        placement_type="U4",
        provider="PR4",
        placement_urn="SC065432",
        home_postcode="LS9 8AB",
        placement_postcode="LS8 1NT",
    )
    child.end(period, DAY(2024, 5, 20), "E17")
    care_leaver_outcome_record(
        acting_user=world.worker,
        case=child.case,
        child=child.person,
        year=YEAR,
        in_touch="YES",
        activity="F2",
        accommodation="Z1",
        recorded_on=DAY(2025, 5, 28),
    )
    return child.person


def _unaccompanied(world: World) -> Person:
    child = _Child(world, "Ahmad", "Rahimi", DAY(2009, 3, 2), "M", upn_unknown_reason="UN4")
    arrived = DAY(2025, 7, 1)
    unaccompanied_status_record(acting_user=world.worker, case=child.case, child=child.person, since=arrived)
    period = child.start(
        arrived,
        category_of_need="N8",
        legal_status="V2",
        placement_type="U4",
        provider="PR5",
        placement_urn="SC065432",
        placement_postcode="LS8 1NT",
    )
    previous_permanence_record(acting_user=world.worker, period=period, kind="Z1")
    care_review_record(acting_user=world.worker, period=period, held_on=DAY(2025, 7, 25), participation="PN1")
    care_review_record(acting_user=world.worker, period=period, held_on=DAY(2025, 10, 24), participation="PN2")
    return child.person


def _previously_permanent(world: World) -> Person:
    child = _Child(world, "Ruby", "Hale", DAY(2012, 1, 30), "F", upn=a_upn(14))
    period = child.start(
        DAY(2025, 10, 6),
        category_of_need="N4",
        legal_status="V2",
        placement_type="U3",
        provider="PR1",
        placement_urn="SC400123",
        home_postcode="BD3 9LT",
        placement_postcode="BD10 0JE",
    )
    previous_permanence_record(
        acting_user=world.worker, period=period, kind="P2", authority="202", order_made_on=DAY(2019, 3, 12)
    )
    care_review_record(acting_user=world.worker, period=period, held_on=DAY(2025, 11, 3), participation="PN1")
    return child.person


SOCIAL_WORK_ENGLAND_NUMBERS = {"worker": "SW104417", "teammate": "SW209385"}


def ssda903_cases_create(world: World) -> Ssda903Cases:
    for persona, number in SOCIAL_WORK_ENGLAND_NUMBERS.items():
        user: User = getattr(world, persona)
        user.social_work_england_number = number
        staff_change(acting_user=world.administrator, user=user)
    return Ssda903Cases(
        moved=_moved(world),
        adopted=_adopted(world),
        went_home=_went_home(world),
        care_leaver=_care_leaver(world),
        unaccompanied=_unaccompanied(world),
        previously_permanent=_previously_permanent(world),
    )
