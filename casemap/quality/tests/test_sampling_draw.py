"""Reproducible sampling: the same seed and cut-off give the same cases; the population is the data as it stood at
the cut-off; each exclusion, stratification, percentage sizes and the monthly cap."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case, ClosureReason
from casemap.cases.services import case_allocate, case_close
from casemap.conftest import World
from casemap.quality.models import Audit, AuditStatus, AuditToolVersion, CaseStatusFilter, Period, SampledCase
from casemap.quality.sampling import (
    CaseAtCutOff,
    choose_cases,
    draw_cases,
    draw_repeat,
    population_at,
    programme_rules,
    sample_size,
    team_quotas,
)
from casemap.quality.sampling_services import ProgrammeDetails, programme_problems, sample_draw
from casemap.quality.tests.sampling_seeded import TODAY, auditor, open_case, programme, recorded_at

DAYS = datetime.timedelta(days=1)


def _population(size: int, teams: int = 1) -> list[CaseAtCutOff]:
    return [
        CaseAtCutOff(case_id=n, team_id=1 + n % teams, worker_id=None, service="child_in_need") for n in range(size)
    ]


# ---- the pure draw ---------------------------------------------------------------------------------------------


def test_the_same_seed_draws_the_same_cases_and_another_seed_others() -> None:
    population = _population(200)
    first = choose_cases(population, 10, seed=2024, stratify=False)
    assert first == choose_cases(population, 10, seed=2024, stratify=False)
    assert first != choose_cases(population, 10, seed=2025, stratify=False)
    assert len(set(first)) == 10


def test_the_order_the_population_was_read_in_plays_no_part() -> None:
    population = _population(50, teams=3)
    shuffled = list(reversed(population))
    assert choose_cases(population, 7, seed=9, stratify=True) == choose_cases(shuffled, 7, seed=9, stratify=True)
    assert choose_cases(population, 7, seed=9, stratify=False) == choose_cases(shuffled, 7, seed=9, stratify=False)


def test_team_quotas_by_largest_remainders() -> None:
    # 4 of 10: shares 2, 1.2 and 0.8; rounded down 2, 1, 0; the one left goes to the largest remainder, 0.8.
    assert team_quotas({1: 5, 2: 3, 3: 2}, 4) == {1: 2, 2: 1, 3: 1}
    # Equal remainders: the lower team id first.
    assert team_quotas({7: 1, 3: 1, 5: 1}, 2) == {3: 1, 5: 1, 7: 0}
    assert team_quotas({1: 2, 2: 2}, 10) == {1: 2, 2: 2}
    assert sum(team_quotas({1: 13, 2: 29, 3: 58}, 17).values()) == 17


def test_a_stratified_draw_takes_each_teams_share() -> None:
    population = [CaseAtCutOff(n, 1 if n < 60 else 2, None, "early_help") for n in range(100)]
    drawn = choose_cases(population, 10, seed=5, stratify=True)
    assert len([n for n in drawn if n < 60]) == 6 and len([n for n in drawn if n >= 60]) == 4
    assert drawn == choose_cases(population, 10, seed=5, stratify=True)


def test_a_percentage_is_rounded_to_the_nearest_case_and_at_least_one() -> None:
    assert sample_size({"size_percent": "10"}, 25) == 3  # 2.5 rounds up
    assert sample_size({"size_percent": "10"}, 24) == 2
    assert sample_size({"size_percent": "10"}, 4) == 1
    assert sample_size({"size_percent": "2.5"}, 0) == 0
    assert sample_size({"size_number": 4}, 2) == 4


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({}, "size_number", "as a number of cases or as a percentage"),
        ({"size_number": 3, "size_percent": Decimal(5)}, "size_number", "not both"),
        ({"size_percent": Decimal(150)}, "size_percent", "100 or less"),
        ({"size_number": 3, "case_status": CaseStatusFilter.CLOSED}, "closed_within_days", "how many days back"),
        ({"size_number": 3, "kind": "inspection"}, "due_on", "date the inspector wants"),
    ],
)
def test_a_programme_that_cannot_be_drawn_is_refused_in_plain_words(
    world: World, changes: dict[str, object], field: str, words: str
) -> None:
    details = ProgrammeDetails(name="Audit", kind="random", tool=None, auditors=[world.practice_lead])
    for name, value in changes.items():
        setattr(details, name, value)
    assert words in programme_problems(details)[field]


# ---- the population at the cut-off ------------------------------------------------------------------------------


def _ids(world: World, rules: dict[str, object], cut_off: datetime.datetime) -> set[int]:
    return {case.case_id for case in population_at(rules, cut_off)}


def _rules(**changes: object) -> dict[str, object]:
    return {"case_status": CaseStatusFilter.OPEN, "exclude_audited_months": 12, **changes}


def _case_recorded(world: World, days_ago: int, **kwargs: object) -> int:
    """A case opened `days_ago` and recorded on that day."""
    with recorded_at(timezone.now() - days_ago * DAYS):
        return open_case(
            world, team=world.team, worker=world.teammate, received_on=TODAY - days_ago * DAYS, **kwargs
        ).pk


def test_the_cut_off_leaves_out_cases_opened_or_recorded_after_it(world: World) -> None:
    earlier = _case_recorded(world, 20)
    later = _case_recorded(world, 2)
    # Opened three weeks ago but only recorded today: not on the record at the cut-off.
    backdated = open_case(world, team=world.team, worker=world.teammate, received_on=TODAY - 20 * DAYS).pk
    cut_off = timezone.now() - 5 * DAYS
    found = _ids(world, _rules(), cut_off)
    assert earlier in found and later not in found and backdated not in found
    assert {earlier, later, backdated} <= _ids(world, _rules(), timezone.now())


def _close(world: World, case_id: int, closed_on: datetime.date) -> None:
    case = Case.objects.get(pk=case_id)
    case_close(acting_user=world.manager, case=case, closed_on=closed_on, closure_reason=ClosureReason.RC7)


def test_open_and_closed_are_judged_at_the_cut_off(world: World) -> None:
    now = timezone.now()
    closed = _case_recorded(world, 60)
    with recorded_at(now - 10 * DAYS):
        _close(world, closed, TODAY - 10 * DAYS)
    long_closed = _case_recorded(world, 90)
    with recorded_at(now - 50 * DAYS):
        _close(world, long_closed, TODAY - 50 * DAYS)
    # Closed today, with a date before the cut-off: at the cut-off the record still said open.
    closed_late = _case_recorded(world, 60)
    _close(world, closed_late, TODAY - 25 * DAYS)
    # Still open twenty days ago, when it was cut off.
    assert {closed, closed_late} <= _ids(world, _rules(), now - 20 * DAYS)
    now = timezone.now()
    assert not {closed, closed_late} & _ids(world, _rules(), now)
    closed_lately = _rules(case_status=CaseStatusFilter.CLOSED, closed_within_days=30)
    assert _ids(world, closed_lately, now) == {closed, closed_late}
    assert _ids(world, closed_lately, now - 20 * DAYS) == {long_closed}
    either = _rules(case_status=CaseStatusFilter.EITHER, closed_within_days=30)
    assert {closed, world.case.pk} <= _ids(world, either, now)
    assert long_closed not in _ids(world, either, now)


def test_a_case_counts_in_the_team_it_had_at_the_cut_off(world: World) -> None:
    moved = Case.objects.get(pk=_case_recorded(world, 40))
    case_allocate(acting_user=world.service_manager, case=moved, worker=world.other_worker, team=world.other_team)
    before = timezone.now() - 3 * DAYS
    assert moved.pk in _ids(world, _rules(team_ids=[world.team.pk]), before)
    assert moved.pk not in _ids(world, _rules(team_ids=[world.other_team.pk]), before)
    assert moved.pk in _ids(world, _rules(team_ids=[world.other_team.pk]), timezone.now())


def _complete_audit(world: World, case_id: int, completed_at: datetime.datetime, by: User) -> Audit:
    version = AuditToolVersion.objects.order_by("pk").first()
    assert version is not None
    return Audit.objects.create(
        tool_version=version,
        case_id=case_id,
        team=world.team,
        auditor=by,
        status=AuditStatus.COMPLETED,
        completed_at=completed_at,
    )


def test_cases_audited_in_the_months_before_the_cut_off_are_left_out(world: World) -> None:
    now = timezone.now()
    recent = _case_recorded(world, 400)
    long_ago = _case_recorded(world, 400, surname="Oak")
    _complete_audit(world, recent, now - 100 * DAYS, world.practice_lead)
    _complete_audit(world, long_ago, now - 380 * DAYS, world.practice_lead)
    found = _ids(world, _rules(), now)
    assert recent not in found and long_ago in found
    # An audit completed after the cut-off plays no part in that draw.
    assert recent in _ids(world, _rules(), now - 120 * DAYS)
    assert recent in _ids(world, _rules(exclude_audited_months=None), now)


def test_a_programme_with_one_auditor_leaves_out_their_own_and_their_teams_cases_when_drawing(world: World) -> None:
    other_case = open_case(world, team=world.other_team, worker=world.other_worker, received_on=TODAY - 30 * DAYS)
    one = programme(world, [world.practice_lead])  # Liam is in the Child protection team
    rules = programme_rules(one)
    assert rules["excluded_worker_id"] == world.practice_lead.pk
    assert rules["excluded_team_ids"] == [world.team.pk]
    found = _ids(world, rules, timezone.now())
    assert world.case.pk not in found and other_case.pk in found
    two = programme(world, [world.practice_lead, auditor()], name="Two auditors")
    assert world.case.pk in _ids(world, programme_rules(two), timezone.now())


def test_the_services_filter(world: World) -> None:
    rules = programme_rules(programme(world, [auditor()], services=["early_help"]))
    assert world.case.pk not in _ids(world, rules, timezone.now())
    rules["services"] = [world.case.service]
    assert world.case.pk in _ids(world, rules, timezone.now())


# ---- draws through the service -----------------------------------------------------------------------------------


def _cases(world: World, count: int) -> list[int]:
    return [
        open_case(world, team=world.team, worker=world.teammate, received_on=TODAY - 30 * DAYS, surname=f"Ash{n}").pk
        for n in range(count)
    ]


def test_a_stored_draw_repeats_exactly_and_another_seed_gives_another_sample(world: World) -> None:
    _cases(world, 12)
    running = programme(world, [auditor()], size_number=5, period=Period.MONTH)
    draw = sample_draw(acting_user=world.practice_lead, programme=running, seed=4242)
    stored = list(draw.cases.order_by("position").values_list("case_id", flat=True))
    assert len(stored) == 5
    assert draw_repeat(draw).case_ids == stored
    other = draw_cases(
        programme_id=running.pk, rules=draw.rules, seed=4243, cut_off=draw.cut_off, before_draw_id=draw.pk
    )
    assert other.case_ids != stored
    # Cases opened after the cut-off do not change the repeated draw.
    _cases(world, 3)
    assert draw_repeat(draw).case_ids == stored


def test_editing_the_programme_does_not_change_a_draw_already_made(world: World) -> None:
    _cases(world, 8)
    running = programme(world, [auditor()], size_number=3)
    draw = sample_draw(acting_user=world.practice_lead, programme=running, seed=11)
    running.size_number = 6
    running.teams.set([world.other_team])
    running.save()
    assert draw_repeat(draw).case_ids == list(draw.cases.order_by("position").values_list("case_id", flat=True))


def test_a_period_is_not_drawn_twice_and_the_monthly_cap_holds_across_draws(world: World) -> None:
    _cases(world, 10)
    yearly = programme(world, [auditor()], size_number=6, period=Period.YEAR, monthly_cap=4)
    first = sample_draw(acting_user=world.practice_lead, programme=yearly, seed=1)
    assert first.cases.count() == 4  # the cap, not the year's six
    with pytest.raises(ValidationError, match="monthly cap is reached"):
        sample_draw(acting_user=world.practice_lead, programme=yearly, seed=2)
    monthly = programme(world, [auditor("olu")], size_number=3, name="Monthly")
    drawn = sample_draw(acting_user=world.practice_lead, programme=monthly, seed=3)
    assert drawn.cases.count() == 3
    with pytest.raises(ValidationError, match="drawn already"):
        sample_draw(acting_user=world.practice_lead, programme=monthly, seed=4)


def test_a_second_draw_in_the_period_tops_up_without_repeating_a_case(world: World) -> None:
    _cases(world, 10)
    yearly = programme(world, [auditor()], size_number=5, period=Period.YEAR)
    first = sample_draw(acting_user=world.practice_lead, programme=yearly, seed=1)
    yearly.size_number = 8
    yearly.save()
    second = sample_draw(acting_user=world.practice_lead, programme=yearly, seed=1)
    first_ids = set(first.cases.values_list("case_id", flat=True))
    second_ids = set(second.cases.values_list("case_id", flat=True))
    assert len(second_ids) == 3 and not first_ids & second_ids
    assert draw_repeat(second).case_ids == list(second.cases.order_by("position").values_list("case_id", flat=True))


def test_a_percentage_size_draws_its_share_of_the_population(world: World) -> None:
    _cases(world, 19)  # with the Coopers, 20 open cases
    share = programme(world, [auditor()], size_number=None, size_percent=Decimal(25))
    draw = sample_draw(acting_user=world.practice_lead, programme=share, seed=8)
    assert draw.population_size == 20 and draw.cases.count() == 5


def test_the_due_date_is_the_draw_date_plus_the_programmes_days(world: World) -> None:
    running = programme(world, [auditor()], size_number=1, audit_due_days=14)
    draw = sample_draw(acting_user=world.practice_lead, programme=running, seed=1)
    assert SampledCase.objects.get(draw=draw).due_on == TODAY + 14 * DAYS


def test_only_a_practice_lead_draws(world: World) -> None:
    running = programme(world, [auditor()])
    with pytest.raises(Exception, match="cannot change"):
        sample_draw(acting_user=world.manager, programme=running, seed=1)
