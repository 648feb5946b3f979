"""How the benchmark's authority shrinks for fewer children: the large authority's teams and users as they were, and
a small one that keeps every user the benchmark signs in as, with a full caseload, in the same team as in the large
one. In memory: no database."""

from collections import Counter

import pytest

from bench.generate_authority import (
    OPEN_CASES_PER_WORKER,
    PRACTITIONERS_PER_TEAM,
    SALLY_OPEN_CASES,
    SMALL_OPEN_SHARE,
    Authority,
    TeamInfo,
    authority_plan,
    team_children,
    team_layout,
)
from bench.generate_maps import CLOSED_CASES_WITH_MAPS, CLOSED_SHARE_WITH_MAPS, OPEN_CASES_WITH_MAPS, maps_wanted
from bench.generate_maps import OPEN_SHARE_WITH_MAPS as OPEN_SHARE
from bench.run_benchmark import MANAGERS, PRACTITIONERS, simulated_people
from casemap.accounts.demo import PERSONAS
from casemap.accounts.models import Role

DEMO_PRACTITIONERS = Counter(persona.team for persona in PERSONAS if persona.role == Role.PRACTITIONER)
BENCHMARK_USERS = [*PRACTITIONERS, *MANAGERS]
GENERATED = [name for name in PRACTITIONERS if name.startswith("sw")]


def practitioners(plan) -> int:
    return sum(slot.demo_practitioners + len(slot.practitioners) for slot in plan)


def open_children(plan) -> int:
    return sum(team_children(slot.demo_practitioners + len(slot.practitioners)) for slot in plan)


def test_the_layout_is_the_large_authoritys():
    layout = team_layout(DEMO_PRACTITIONERS)
    by_name = {slot.name: slot for slot in layout}

    assert len(layout) == 40
    assert all(slot.demo_practitioners + len(slot.practitioners) == PRACTITIONERS_PER_TEAM for slot in layout)
    # The front door teams come first (sw001-sw064), then sally's and tom's team is filled up with eight more.
    assert by_name["Child protection"].practitioners == tuple(f"sw{number:03d}" for number in range(65, 73))
    assert (by_name["West front door"].manager, by_name["West front door"].service_manager) == ("tm043", 0)
    assert (by_name["East child protection"].manager, by_name["East child protection"].service_manager) == ("tm194", 2)
    assert by_name["Parkside children in care"].service_manager == 3
    assert "sw050" in by_name["West front door"].practitioners
    assert "sw200" in by_name["East child protection"].practitioners
    assert "sw310" in by_name["Parkside children in care"].practitioners
    assert all(slot.service_manager == 0 for slot in layout if slot.demo)


def test_the_large_authority_keeps_every_team():
    layout = team_layout(DEMO_PRACTITIONERS)

    assert authority_plan(100_000, layout, BENCHMARK_USERS) == layout


@pytest.mark.parametrize("children", [1000, 2000, 5000, 10_000, 20_000])
def test_a_smaller_authority_keeps_the_benchmarks_users_in_their_teams(children):
    layout = team_layout(DEMO_PRACTITIONERS)
    plan = authority_plan(children, layout, BENCHMARK_USERS)
    teams = {slot.name: slot for slot in layout}
    kept = {name: slot.name for slot in plan for name in slot.practitioners}

    assert len(plan) < len(layout)
    assert {slot.name for slot in plan} >= {slot.name for slot in layout if slot.demo}
    for name in GENERATED:
        assert name in teams[kept[name]].practitioners
    # Each kept team keeps its manager and its place in the service managers' lines.
    assert all(slot.manager == teams[slot.name].manager for slot in plan)
    assert all(slot.service_manager == teams[slot.name].service_manager for slot in plan)
    # The open work takes no more than its share of the children; the closed history the rest.
    assert open_children(plan) <= children * SMALL_OPEN_SHARE


def test_the_smallest_authority_is_the_benchmarks_users_alone():
    layout = team_layout(DEMO_PRACTITIONERS)
    plan = authority_plan(1000, layout, BENCHMARK_USERS)

    assert sorted(name for slot in plan for name in slot.practitioners) == sorted(GENERATED)
    assert practitioners(plan) == len(PRACTITIONERS)
    assert len(plan) == 4 + len(GENERATED)


def test_breadth_grows_with_the_children():
    layout = team_layout(DEMO_PRACTITIONERS)
    sizes = [authority_plan(children, layout, BENCHMARK_USERS) for children in (1000, 5000, 20_000, 40_000)]

    assert [practitioners(plan) for plan in sizes] == sorted(practitioners(plan) for plan in sizes)
    assert [len(plan) for plan in sizes] == sorted(len(plan) for plan in sizes)
    assert sizes[-1] == layout


def test_the_load_test_signs_in_only_as_users_a_small_authority_has():
    layout = team_layout(DEMO_PRACTITIONERS)
    plan = authority_plan(1000, layout, BENCHMARK_USERS)
    made = {name for slot in plan for name in slot.practitioners} | {persona.username for persona in PERSONAS}

    assert {name for name, _ in simulated_people(len(BENCHMARK_USERS))} <= made


def test_maps_keep_the_large_authoritys_counts_and_share_a_small_ones_cases():
    # The large authority has about 7,800 open and 33,000 closed cases to map.
    assert maps_wanted(7_800, OPEN_CASES_WITH_MAPS, OPEN_SHARE) == OPEN_CASES_WITH_MAPS
    assert maps_wanted(33_000, CLOSED_CASES_WITH_MAPS, CLOSED_SHARE_WITH_MAPS) == CLOSED_CASES_WITH_MAPS
    assert maps_wanted(150, OPEN_CASES_WITH_MAPS, OPEN_SHARE) == 50
    assert maps_wanted(0, CLOSED_CASES_WITH_MAPS, CLOSED_SHARE_WITH_MAPS) == 0


def test_a_worker_alone_in_their_team_holds_a_full_caseload():
    manager, sally, grace, hannah, liam = 1, 2, 3, 4, 5
    authority = Authority(seed=2026, children_wanted=200, access_log_rows=0)
    authority.user_names = {manager: "Dana Whitfield", sally: "Sally Morgan"}
    team = TeamInfo(1, "Child protection", "cin_cp", manager, [sally])

    authority.build([team], sally, {"grace": grace, "hannah": hannah, "liam": liam, "dana": manager})

    cases = authority.rows["case"]
    open_cases = [row for row in cases if row[5] is None and row[3] == sally]
    workers = {row[3] for row in authority.rows["allocation"]}
    assert len(open_cases) == SALLY_OPEN_CASES
    assert OPEN_CASES_PER_WORKER[0] <= SALLY_OPEN_CASES <= OPEN_CASES_PER_WORKER[1]
    assert workers == {None, sally}
    assert authority.children_made >= 200
    assert any(row[5] is not None for row in cases)
