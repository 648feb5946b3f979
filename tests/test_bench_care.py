"""The care histories bench/generate_care.py makes hold to what the care services accept: built in memory for a few
hundred made-up cases, no database."""

import datetime
import itertools
import random
from collections import defaultdict

import pytest

from bench.generate_care import CareCase, CareWriter, birthday, collection_year

TODAY = datetime.date(2026, 11, 30)
WHAT_CHANGED = {"L": (True, False), "P": (False, True), "T": (True, True), "U": (True, True), "B": (False, True)}


def made_up_cases(count: int = 600) -> list[CareCase]:
    rng = random.Random(7)
    cases = []
    for pk in range(1, count + 1):
        opened = TODAY - datetime.timedelta(days=rng.randint(20, 2500))
        closed = None if rng.random() < 0.4 else min(TODAY, opened + datetime.timedelta(days=rng.randint(30, 1500)))
        start = opened + datetime.timedelta(days=rng.randint(0, 7))
        workers = [(100, start)]
        if rng.random() < 0.3:
            workers.append((101, start + datetime.timedelta(days=rng.randint(40, 400))))
        case = CareCase(pk, rng.choice(["children_in_care", "youth_justice"]), 50, opened, closed, workers)
        for number in range(rng.choice([1, 1, 2, 3])):
            born = opened - datetime.timedelta(days=rng.randint(30, 17 * 365))
            case.children.append((pk * 10 + number, born, rng.choice("MF")))
        cases.append(case)
    return cases


@pytest.fixture(scope="module")
def rows() -> dict[str, list[dict]]:
    writer = CareWriter(seed=2026, today=TODAY)
    for case in made_up_cases():
        writer.case(case, skip=set())
    return writer.rows


def by(rows: list[dict], key: str) -> dict[int, list[dict]]:
    grouped = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def test_every_table_has_rows(rows) -> None:
    for table in ("period", "episode", "review", "missing", "adoption", "permanence", "outcome", "chronology"):
        assert rows[table], table


def test_episodes_are_chained_as_the_services_chain_them(rows) -> None:
    periods = {row["id"]: row for row in rows["period"]}
    for period_id, episodes in by(rows["episode"], "period_id").items():
        period = periods[period_id]
        assert episodes[0]["new_episode_reason"] == "S"
        assert episodes[0]["started_on"] == period["started_on"]
        for before, after in itertools.pairwise(episodes):
            assert before["ended_on"] == after["started_on"] > before["started_on"]
            assert before["end_reason"] == "X1"
            status_changed, placement_changed = WHAT_CHANGED[after["new_episode_reason"]]
            assert (before["legal_status"] != after["legal_status"]) == status_changed
            moved = (before["placement_type"], before["provider"], before["placement_urn"]) != (
                after["placement_type"],
                after["provider"],
                after["placement_urn"],
            ) or before["placement_postcode"] != after["placement_postcode"]
            assert moved == placement_changed
            assert bool(before["placement_change_reason"]) == placement_changed
        last = episodes[-1]
        assert (last["ended_on"], last["end_reason"]) == (period["ended_on"], period["end_reason"])
        assert last["end_reason"] != "X1"
        for episode in episodes:
            assert not (episode["placement_type"] == "P1" and episode["legal_status"] == "V2")
            if episode["placement_type"] in {"A5", "A6"}:
                assert episode["legal_status"] in {"E1", "D1"}
            assert (episode["provider"] == "PR0") == (episode["placement_type"] == "P1")


def test_care_ends_before_18_and_adoption_needs_a_match_and_adopters(rows) -> None:
    plans = by(rows["adoption"], "period_id")
    for period in rows["period"]:
        assert period["ended_on"] is None or period["ended_on"] <= TODAY
        if period["end_reason"] in {"E11", "E12"}:
            (plan,) = plans[period["id"]]
            assert plan["matched_on"] and plan["adopter_sexes"] and plan["ceased_on"] is None
        for plan in plans[period["id"]]:
            assert period["started_on"] <= plan["decided_on"] <= (plan["matched_on"] or plan["decided_on"])
            if period["ended_on"] and period["end_reason"] not in {"E11", "E12"}:
                assert plan["ceased_on"] and plan["ceased_reason"]


def test_reviews_and_missing_episodes_fall_within_the_period(rows) -> None:
    periods = {row["id"]: row for row in rows["period"]}
    for table, day in (("review", "held_on"), ("missing", "started_on")):
        for row in rows[table]:
            period = periods[row["period_id"]]
            assert period["started_on"] <= row[day] <= (period["ended_on"] or TODAY)
    for _child, missing in by(rows["missing"], "child_id").items():
        for before, after in itertools.pairwise(sorted(missing, key=lambda row: row["started_on"])):
            assert before["ended_on"] < after["started_on"]


def test_outcomes_only_for_a_whole_year_looked_after(rows) -> None:
    periods = by(rows["period"], "child_id")
    for outcome in rows["outcome"]:
        (period,) = periods[outcome["child_id"]]
        year = outcome["year"]
        assert period["started_on"] <= datetime.date(year - 1, 4, 1)
        assert period["ended_on"] is None or period["ended_on"] >= datetime.date(year, 3, 31)
    for leaver in rows["leaver"]:
        (period,) = periods[leaver["child_id"]]
        assert period["end_reason"] and leaver["year"] > collection_year(period["ended_on"])


def test_generated_twice_the_same(rows) -> None:
    again = CareWriter(seed=2026, today=TODAY)
    for case in made_up_cases():
        again.case(case, skip=set())
    assert again.rows == rows
    assert birthday(datetime.date(2008, 2, 29), 18) == datetime.date(2026, 2, 28)
