"""Children in care for the synthetic authority: a step after bench/generate_audits.py.

    .venv/bin/python bench/generate_care.py   # on its own: replaces the care records of a casemap_bench

Writes, with PostgreSQL COPY, the rows the children in care services would have written (casemap/cases/services/
care*.py), so the SSDA903 return and Annex A's care lists can be measured at size:

* a period of care for each child on a child in care case the generator made, from the day the case's first worker
  was allocated: still open, or ended (at 18 for some) while the case stays open (before the last 31 March it was
  open, for a closed case), so the child has a social worker on the 31 March after care ended and none new after
  it, as the return's rules expect. Left out:
  a child on another case in the same collection year, or whose worker changed twice in three days or in the last
  days of March (the return's social worker rules would refuse those episodes);
* its episodes, chained as the services chain them: each ends "X1" on the day the next begins, with the reason for
  the new episode that says what changed, and why the placement changed. Legal status: police protection or an
  emergency protection order for a few days, accommodation under section 20, an interim then a full care order, a
  placement order on the way to adoption, remand for some of the youth and care teams' young people. Placements by
  age (foster care, family and friends, children's homes, residential schools, placed with parents), each with its
  provider, an Ofsted URN where the return needs one and a real postcode (West Yorkshire and Manchester, so the
  DfE's rules can measure the distance from home). No supported accommodation (K3): the rules want it, and a
  council's own children's home, in the council's area, which the benchmark's made-up authority code has none of;
* reviews 20-28 days after care began, three months later and every six months after, with how the child took part;
* missing and away episodes for one in seven of those 11 or older, each a few days;
* unaccompanied asylum-seeking status for some 14-17-year-olds alone on their case, ended at 18;
* adoption: the decision, the placement order, the match, placed for adoption (with the foster carers or not), the
  adopters, and the adoption order that ends care; some decisions reversed;
* previous permanence for every period; the yearly outcomes (OC2) for each year a child was looked after for 12
  months at 31 March; care leavers' outcomes (OC3) in the years of the 19th, 20th and 21st birthdays of those who
  left care at 18;
* their timeline entries, a Social Work England number for every practitioner and team manager who has none (the
  return's SW_ID), and a reason for an unknown Unique Pupil Number for each child in care without one.

Not written, as for the rest of the generated authority: simple-history rows and access-log entries.
"""

import datetime
import itertools
import os
import random
import secrets
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/casemap_bench"
STARTED = time.perf_counter()
TABLES = [
    "period",
    "episode",
    "review",
    "missing",
    "unaccompanied",
    "adoption",
    "permanence",
    "outcome",
    "leaver",
    "chronology",
]
SOURCE_TYPES = [
    "cases.careperiod",
    "cases.careepisode",
    "cases.carereview",
    "cases.missingepisode",
    "cases.unaccompaniedstatus",
    "cases.adoptionplan",
    "cases.careleaveroutcome",
]
# Real postcodes (the DfE's rules look them up to measure the distance from home): homes in Leeds, placements across
# West Yorkshire and a few in Manchester.
HOME_POSTCODES = [
    "LS1 4PT", "LS10 2SJ", "LS10 9DD", "LS11 6EB", "LS11 9NR", "LS12 3BG", "LS12 5LA", "LS13 2EB", "LS13 4SR",
    "LS14 5EG", "LS15 0AQ", "LS15 8DN", "LS16 5LT", "LS16 7XJ", "LS17 5HY", "LS17 7XL", "LS18 4FW", "LS19 6LT",
    "LS2 9UB", "LS21 1RP", "LS22 4UT", "LS22 9FN", "LS25 1ND", "LS25 7RQ", "LS26 8NS", "LS27 1DY", "LS27 8UX",
    "LS28 5TX", "LS28 8EX", "LS4 2EN", "LS6 1QW", "LS6 3XU", "LS7 2ND", "LS7 9AS", "LS8 3BX", "LS8 9FH", "LS9 7BP",
]  # fmt: skip
PLACEMENT_POSTCODES = [
    *HOME_POSTCODES,
    "BD10 0BX", "BD13 1DJ", "BD15 7EJ", "BD17 5HL", "BD18 4QP", "BD20 6AA", "BD21 5DJ", "BD3 0QF", "BD4 8RQ",
    "BD6 1UW", "BD8 0EN", "WF1 4BD", "WF10 1EL", "WF10 5HT", "WF2 0NJ", "WF2 8RR", "WF4 1NX", "WF4 5NA", "WF5 9RR",
    "WF7 6BT", "WF8 2UU", "WF9 2GT", "HD1 5NW", "HD2 2JW", "HD4 5TL", "HD5 9AN", "HD7 3RX", "HD8 0TJ", "HD9 2AU",
    "M13 1NN", "M19 2RS", "M21 7JT",
]  # fmt: skip
# The DfE's numbers of the councils that made an earlier order (PrevPerm's LA_PERM): Leeds, Bradford, Kirklees,
# Wakefield, Calderdale, Manchester.
PERMANENCE_AUTHORITIES = ["383", "380", "382", "384", "381", "352"]
FOSTERING_URNS = {"PR1": ["SC048137"], "PR4": ["SC060213", "SC037441", "SC395570"], "PR5": ["SC047336"]}
HOME_URNS = {"PR4": ["SC481516", "SC044285", "SC415982", "SC069874"], "PR5": ["SC035544", "SC462173"]}
SECURE_URNS = {"PR2": ["SC035611"], "PR4": ["SC040171"]}
SCHOOL_URNS = {"PR4": ["SC033318"], "PR5": ["SC062155"]}
ADOPTION_URNS = {"PR1": ["SC062947"], "PR5": ["SC053990"]}
CHANGE_REASONS = (
    ["CARPL"] * 30 + ["CREQB"] * 14 + ["CREQO"] * 10 + ["CHILD"] * 8 + ["LAREQ"] * 8 + ["STAND"] * 5
    + ["ALLEG"] * 3 + ["CLOSE"] * 4 + ["APPRR"] * 2 + ["OTHER"] * 10
)  # fmt: skip
PARTICIPATION = ["PN1"] * 40 + ["PN2"] * 10 + ["PN3"] * 8 + ["PN4"] * 5 + ["PN5"] * 10 + ["PN6"] * 17 + ["PN7"] * 10
LABELS = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "E1": "Placement order granted",
    "V2": "Accommodated under section 20",
    "L1": "Under police protection",
    "L2": "Emergency protection order",
    "J1": "Remanded to local authority accommodation",
}
ACTIVITIES = ["F1"] * 6 + ["P1", "F2", "F2", "F2", "P2", "F4", "F4", "F5", "F5", "F5", "P5", "G4", "G5", "G5", "G6"]
ACCOMMODATION = ["D1"] * 4 + ["E1"] * 3 + ["U1"] * 4 + ["B1"] * 2 + ["Z1"] * 3 + ["T1", "K1", "S2", "U2", "Y1"]


def say(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {message}", flush=True)


def birthday(born: datetime.date, years: int) -> datetime.date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29 February
        return born.replace(year=born.year + years, day=28)


def age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def collection_year(day: datetime.date) -> int:
    return day.year + 1 if day.month > 3 else day.year


@dataclass
class CareCase:
    pk: int
    team_service: str
    manager: int
    opened_on: datetime.date
    closed_on: datetime.date | None
    workers: list[tuple[int, datetime.date]]  # (worker, allocated on), oldest first
    children: list[tuple[int, datetime.date, str]] = field(default_factory=list)  # (person, born, sex)

    def worker_on(self, day: datetime.date) -> int:
        current = self.workers[0][0]
        for worker, since in self.workers:
            if since <= day:
                current = worker
        return current


@dataclass
class Episode:
    started_on: datetime.date
    reason: str
    legal_status: str
    placement: tuple[str, str, str, str]  # type, provider, URN, postcode
    ended_on: datetime.date | None = None
    end_reason: str = ""
    change_reason: str = ""


@dataclass
class CareWriter:
    seed: int
    today: datetime.date
    start_ids: dict[str, int] = field(default_factory=dict)
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed + 903)
        self.ids = {key: self.start_ids.get(key, 1) for key in TABLES}
        self.current_year = collection_year(self.today)

    def _row(self, key: str, **values: object) -> dict:
        values["id"] = self.ids[key]
        self.ids[key] += 1
        self.rows[key].append(values)
        return values

    def _recorded(self, key: str, by: int, on: datetime.date, **values: object) -> dict:
        stamp = datetime.datetime.combine(min(on, self.today), datetime.time(14), tzinfo=datetime.UTC)
        return self._row(key, **values, created_at=stamp, modified_at=stamp, created_by_id=by, modified_by_id=by,
                         archive_reason="", version=1)  # fmt: skip

    def _timeline(self, child: int, case: int, on: datetime.date, by: int, kind: str, summary: str,
                  source: tuple[str, int], detail: str = "") -> None:  # fmt: skip
        stamp = datetime.datetime.combine(on, datetime.time(15), tzinfo=datetime.UTC)
        self._row("chronology", person_id=child, case_id=case, occurred_on=on, recorded_at=stamp, recorded_by_id=by,
                  kind=kind, summary=summary, detail=detail, source_type=source[0], source_id=source[1])  # fmt: skip

    # -- placements ---------------------------------------------------------------------------
    def _placement(self, kind: str, home: str) -> tuple[str, str, str, str]:
        rng = self.rng
        if kind == "P1":
            return ("P1", "PR0", "", home or rng.choice(HOME_POSTCODES))
        urns = {"K1": SECURE_URNS, "K2": HOME_URNS, "S1": SCHOOL_URNS}.get(kind)
        if kind.startswith("A"):
            urns = ADOPTION_URNS
        elif urns is None:  # foster care: the council's own carers for most, an agency's for the rest
            urns = FOSTERING_URNS
        providers = list(urns)
        weights = [6 if provider == "PR1" else 2 for provider in providers]
        provider = rng.choices(providers, weights=weights)[0]
        postcode = rng.choice(PLACEMENT_POSTCODES)
        while postcode == home:
            postcode = rng.choice(PLACEMENT_POSTCODES)
        return (kind, provider, rng.choice(urns[provider]), postcode)

    def _placement_type(self, born: datetime.date, on: datetime.date, *, legal: str, long_term: bool) -> str:
        rng = self.rng
        years = age(born, on)
        if legal == "J1":
            return rng.choice(["K2", "K2", "U6", "K1"])
        foster = ["U4", "U4", "U1"] if long_term else ["U6", "U6", "U6", "U3"]
        options = foster * 3
        if legal in {"C1", "C2"} and rng.random() < 0.06:
            options = ["P1"]
        elif years >= 16:
            options += ["K2", "K2", "K2"]
        elif years >= 11:
            options += ["K2", "K2", "K2"] + (["S1"] if rng.random() < 0.1 else [])
        return rng.choice(options)

    # -- one child's period of care ------------------------------------------------------------
    def child(self, case: CareCase, child: int, born: datetime.date, start: datetime.date,
              end: datetime.date | None, *, unaccompanied: bool, home: str) -> None:  # fmt: skip
        rng = self.rng
        last_day = end or self.today
        years = age(born, start)
        length = (last_day - start).days
        adoption = (
            years < 4 and not unaccompanied and length > 420 and rng.random() < (0.55 if end is not None else 0.35)
        )
        episodes: list[Episode] = []

        def change(on: datetime.date, *, legal: str | None = None, placement=None, why: str = "") -> None:
            before = episodes[-1]
            if on <= before.started_on or (end is not None and on >= end) or on > self.today:
                return
            new_legal = legal or before.legal_status
            new_placement = placement or before.placement
            status_changed = new_legal != before.legal_status
            moved = new_placement != before.placement
            if not status_changed and not moved:
                return
            if new_placement[0] == "P1" and new_legal == "V2":
                return
            same_carers = moved and new_placement[0] in {"A5"}
            reason = ("U" if same_carers else "T") if status_changed and moved else ("L" if status_changed else "P")
            before.ended_on, before.end_reason = on, "X1"
            before.change_reason = (why or rng.choice(CHANGE_REASONS)) if moved else ""
            episodes.append(Episode(on, reason, new_legal, new_placement))

        # The first legal status: emergency protection for a few days for some, remand for some young people.
        remand = case.team_service == "youth_justice" and years >= 10 and end is not None and length < 200
        if unaccompanied:
            legal = "V2"
        elif remand and rng.random() < 0.6:
            legal = "J1"
        elif length > 40 and rng.random() < 0.1:
            legal = rng.choice(["L1", "L2"])
        elif adoption or years < 1:
            legal = "C1"
        else:
            legal = rng.choice(["V2", "V2", "V2", "C1", "C1"])
        first_type = self._placement_type(born, start, legal="C1" if legal in {"L1", "L2"} else legal, long_term=False)
        if (first_type == "P1" and legal not in {"C1", "C2"}) or adoption:
            first_type = rng.choice(["U6", "U6", "U3"])  # a child placed for adoption comes from foster care
        episodes.append(Episode(start, "S", legal, self._placement(first_type, home)))
        day = start
        if legal in {"L1", "L2"}:
            day = start + datetime.timedelta(days=2 if legal == "L1" else rng.randint(7, 14))
            change(day, legal="C1")
        if episodes[-1].legal_status == "V2" and not unaccompanied and rng.random() < 0.3:
            day = day + datetime.timedelta(days=rng.randint(30, 120))
            change(day, legal="C1")
        if episodes[-1].legal_status == "C1":
            day = day + datetime.timedelta(days=rng.randint(150, 280))
            change(day, legal="C2")

        plan: dict = {}
        if adoption:
            plan = self._adoption_steps(case, child, born, start, end, episodes, change, home)
        else:
            self._moves(born, start, end, episodes, change, home)
        self._write_period(case, child, born, start, end, episodes, plan, unaccompanied=unaccompanied, home=home)

    def _moves(self, born, start, end, episodes, change, home) -> None:
        """Placement moves, about one every 14 months, the later ones to long-term foster care."""
        rng = self.rng
        last_day = end or self.today
        day = start
        while True:
            day = day + datetime.timedelta(days=int(rng.expovariate(1 / 420)) + 20)
            if day >= last_day:
                return
            current = episodes[-1]
            long_term = current.legal_status == "C2" and rng.random() < 0.6
            kind = self._placement_type(born, day, legal=current.legal_status, long_term=long_term)
            if current.legal_status == "J1":
                kind = rng.choice(["K2", "U6"])
            change(day, placement=self._placement(kind, home))

    def _adoption_steps(self, case, child, born, start, end, episodes, change, home) -> dict:
        """From the care order: the decision, the placement order, the match and placement, for a closed period the
        adoption order on the day it ended; some decisions are reversed."""
        rng = self.rng
        c2 = next((episode.started_on for episode in episodes if episode.legal_status == "C2"), None)
        decided = (c2 or start + datetime.timedelta(days=200)) + datetime.timedelta(days=rng.randint(0, 20))
        last_day = end or self.today
        plan = {"decided_on": decided, "reversed": rng.random() < 0.12}
        if decided >= last_day - datetime.timedelta(days=5):
            return {}
        fostering_for_adoption = rng.random() < 0.35
        if fostering_for_adoption:
            change(decided + datetime.timedelta(days=1), placement=self._placement("U5", home), why="CARPL")
        order = decided + datetime.timedelta(days=rng.randint(30, 90))
        if not fostering_for_adoption:  # with foster carers who adopt, the order comes as they are placed to adopt
            change(order, legal="E1")
        if plan["reversed"]:
            ceased = order + datetime.timedelta(days=rng.randint(30, 200))
            if ceased < last_day:
                plan["ceased_on"] = ceased
                plan["ceased_reason"] = rng.choice(["RD1", "RD2", "RD3", "RD3", "RD4"])
                # The placement order is revoked for a care order, then the child moves to long-term foster care
                # (one change at a time: the return's rule 435 refuses a new legal status with a new placement).
                change(ceased + datetime.timedelta(days=7), legal="C2")
                change(ceased + datetime.timedelta(days=21), placement=self._placement("U4", home), why="CARPL")
            return plan
        matched = order + datetime.timedelta(days=rng.randint(40, 160))
        if matched >= last_day:
            return plan
        plan["matched_on"] = matched
        placed = matched + datetime.timedelta(days=rng.randint(0, 21))
        if fostering_for_adoption and episodes[-1].placement[0] == "U5":
            carers = episodes[-1].placement
            change(placed, legal="E1", placement=("A5", "PR1", ADOPTION_URNS["PR1"][0], carers[3]), why="CARPL")
        else:
            change(placed, placement=self._placement("A6", home), why="CARPL")
        if episodes[-1].placement[0] in {"A5", "A6"}:
            by_foster_carers = episodes[-1].placement[0] == "A5"
            sexes, status = rng.choice([("MF", "L11"), ("MF", "L11"), ("MF", "L3"), ("FF", "L12"), ("MM", "L2"),
                                        ("F1", "L0")])  # fmt: skip
            plan.update(by_foster_carers=by_foster_carers, adopter_sexes=sexes, adopter_legal_status=status,
                        adopter_count=1 if sexes in {"M1", "F1"} else 2, placed_on=episodes[-1].started_on)  # fmt: skip
        return plan

    def _end_reason(self, case: CareCase, born, end, episodes, plan, *, unaccompanied: bool) -> str:
        rng = self.rng
        years = age(born, end)
        last = episodes[-1]
        if plan.get("adopter_sexes"):  # placed for adoption: care ends with the adoption order
            return rng.choice(["E11", "E11", "E12"])
        if years >= 18:
            return rng.choice(["E17", "E17", "E5", "E5", "E5", "E8", "E6", "E7"])
        if last.legal_status == "J1":
            return rng.choice(["E14", "E14", "E14", "E9"])
        options = ["E4A"] * 40 + ["E4B"] * 6 + ["E13"] * 7 + ["E41"] * 5 + ["E3"] * 3 + ["E8"] * 8
        # Special guardianship to the foster carers needs the child with them (the return's rule 516).
        options += ["E47"] * 4 + ["E48"] * 1
        if last.placement[0] in {"U1", "U2", "U3"}:
            options += ["E45"] * 8
        elif last.placement[0] in {"U4", "U5", "U6"}:
            options += ["E46"] * 4
        if years >= 16:
            options += ["E5"] * 12 + ["E6"] * 3 + ["E7"]
        if unaccompanied:
            options = ["E8", "E15", "E16"] + (["E5", "E5"] if years >= 16 else [])
        return rng.choice(options)

    def _write_period(self, case: CareCase, child, born, start, end, episodes, plan, *, unaccompanied, home) -> None:
        rng = self.rng
        by = case.worker_on(start)
        category = rng.choice(["N1"] * 12 + ["N2", "N3", "N4", "N4", "N5", "N5", "N6", "N8", "N8"])
        if unaccompanied:
            category = "N8"
        end_reason = ""
        if end is not None:
            if plan and not plan.get("adopter_sexes") and "ceased_on" not in plan:
                # Care ended before an adoption: the decision is reversed first (the return's rule 557).
                plan["ceased_on"] = max(plan["decided_on"], end - datetime.timedelta(days=rng.randint(1, 30)))
                plan["ceased_reason"] = rng.choice(["RD1", "RD4"])
            end_reason = self._end_reason(case, born, end, episodes, plan, unaccompanied=unaccompanied)
            episodes[-1].ended_on, episodes[-1].end_reason = end, end_reason
        period = self._recorded("period", by, start, case_id=case.pk, child_id=child, started_on=start,
                                category_of_need=category, ended_on=end, end_reason=end_reason)  # fmt: skip
        pid = period["id"]
        first = episodes[0]
        self._timeline(child, case.pk, start, by, "care_period",
                       f"Came into care: {LABELS[first.legal_status]}", ("cases.careperiod", pid))  # fmt: skip
        for episode in episodes:
            kind, provider, urn, postcode = episode.placement
            row = self._recorded("episode", case.worker_on(episode.started_on), episode.started_on, period_id=pid,
                                 case_id=case.pk, child_id=child, started_on=episode.started_on,
                                 new_episode_reason=episode.reason, legal_status=episode.legal_status,
                                 placement_type=kind, provider=provider, placement_urn=urn, home_postcode=home,
                                 placement_postcode=postcode, ended_on=episode.ended_on, end_reason=episode.end_reason,
                                 placement_change_reason=episode.change_reason)  # fmt: skip
            if episode.reason != "S":
                self._timeline(child, case.pk, episode.started_on, row["created_by_id"], "placement",
                               f"New episode: {LABELS[episode.legal_status]}, placement {kind}",
                               ("cases.careepisode", row["id"]))  # fmt: skip
        if end is not None:
            kind = "adoption" if end_reason in {"E11", "E12"} else "care_period"
            self._timeline(child, case.pk, end, case.worker_on(end), kind, f"Left care: {end_reason}",
                           ("cases.careperiod", pid))  # fmt: skip
        self._reviews(case, child, born, pid, start, end)
        self._missing(case, child, born, pid, episodes)
        self._permanence(case, child, born, pid, start)
        if plan:
            self._adoption_plan(case, child, pid, plan)
        if unaccompanied:
            eighteen = birthday(born, 18)
            ceased = eighteen if eighteen <= self.today else None
            row = self._recorded("unaccompanied", by, start, case_id=case.pk, child_id=child, since=start,
                                 ceased_on=ceased)  # fmt: skip
            self._timeline(child, case.pk, start, by, "care_period", "Unaccompanied asylum-seeking child",
                           ("cases.unaccompaniedstatus", row["id"]))  # fmt: skip
        self._outcomes(case, child, born, start, end)
        if end is not None and end == birthday(born, 18):
            self._leaver_outcomes(case, child, born)

    def _reviews(self, case, child, born, pid, start, end) -> None:
        rng = self.rng
        last_day = min(end or self.today, self.today)
        day = start + datetime.timedelta(days=rng.randint(20, 28))
        gaps = [rng.randint(84, 92)]
        while day < last_day:
            participation = "PN0" if day < birthday(born, 4) else rng.choice(PARTICIPATION)
            by = case.worker_on(day)
            row = self._recorded("review", by, day, period_id=pid, case_id=case.pk, child_id=child, held_on=day,
                                 participation=participation)  # fmt: skip
            self._timeline(child, case.pk, day, by, "care_review", f"Child in care review: {participation}",
                           ("cases.carereview", row["id"]))  # fmt: skip
            day = day + datetime.timedelta(days=gaps.pop() if gaps else rng.randint(168, 182))

    def _missing(self, case, child, born, pid, episodes) -> None:
        """Missing or away from placement, each back before the placement ended, and none over a 31 March (the
        return's rules 575 and 577 read one still missing at the year's end as missing when care ended)."""
        rng = self.rng
        if age(born, episodes[0].started_on) < 11 or rng.random() > 0.15:
            return
        for episode in episodes:
            last = (episode.ended_on or self.today) - datetime.timedelta(days=1)
            day = episode.started_on + datetime.timedelta(days=rng.randint(5, 60))
            while day < last:
                back = day + datetime.timedelta(days=rng.choice([0, 0, 1, 1, 1, 2, 3, 5]))
                if back >= last:
                    break
                if collection_year(day) == collection_year(back):
                    kind = "M" if rng.random() < 0.7 else "A"
                    by = case.worker_on(day)
                    row = self._recorded("missing", by, day, period_id=pid, case_id=case.pk, child_id=child,
                                         kind=kind, started_on=day, ended_on=back)  # fmt: skip
                    summary = "Missing" if kind == "M" else "Away from placement without authorisation"
                    self._timeline(child, case.pk, day, by, "missing", f"{summary}, back on {back:%-d %B %Y}",
                                   ("cases.missingepisode", row["id"]))  # fmt: skip
                day = back + datetime.timedelta(days=rng.randint(10, 120))

    def _permanence(self, case, child, born, pid, start) -> None:
        rng = self.rng
        # Not "P4" (not known): the return's rule 630 wants where and when for any code but Z1.
        kind = rng.choice(["Z1"] * 40 + ["P1"] * 2 + ["P2"] * 4 + ["P3"] * 4)
        earliest = born + datetime.timedelta(days=180)
        latest = start - datetime.timedelta(days=60)
        if kind in {"P1", "P2", "P3"} and earliest < latest:
            made = earliest + datetime.timedelta(days=rng.randint(0, (latest - earliest).days))
            authority = rng.choice(PERMANENCE_AUTHORITIES)
        else:
            kind, made, authority = "Z1", None, ""
        self._recorded("permanence", case.worker_on(start), start, period_id=pid, case_id=case.pk, child_id=child,
                       kind=kind, authority=authority, order_made_on=made)  # fmt: skip

    def _adoption_plan(self, case, child, pid, plan) -> None:
        by = case.worker_on(plan["decided_on"])
        row = self._recorded("adoption", by, plan["decided_on"], period_id=pid, case_id=case.pk, child_id=child,
                             decided_on=plan["decided_on"], matched_on=plan.get("matched_on"),
                             by_foster_carers=plan.get("by_foster_carers"), adopter_count=plan.get("adopter_count"),
                             adopter_sexes=plan.get("adopter_sexes", ""),
                             adopter_legal_status=plan.get("adopter_legal_status", ""),
                             ceased_on=plan.get("ceased_on"), ceased_reason=plan.get("ceased_reason", ""))  # fmt: skip
        source = ("cases.adoptionplan", row["id"])
        self._timeline(child, case.pk, plan["decided_on"], by, "adoption",
                       "Decision that the child should be placed for adoption", source)  # fmt: skip
        if plan.get("matched_on"):
            self._timeline(child, case.pk, plan["matched_on"], by, "adoption", "Matched with prospective adopters",
                           source)  # fmt: skip
        if plan.get("ceased_on"):
            self._timeline(child, case.pk, plan["ceased_on"], by, "adoption",
                           "No longer to be placed for adoption", source)  # fmt: skip

    def _outcomes(self, case, child, born, start, end) -> None:
        """OC2 for each year the child was looked after for the whole year (from 1 April) and still at 31 March."""
        rng = self.rng
        for year in range(start.year + 1, self.current_year + 1):
            year_start, year_end = datetime.date(year - 1, 4, 1), datetime.date(year, 3, 31)
            # Care ending on 31 March itself counts as looked after at 31 March (as the return's rules read it).
            if start > year_start or (end is not None and end < year_end):
                continue
            at_end = age(born, year_end)
            score, reason = None, ""
            if birthday(born, 4) <= year_end and birthday(born, 17) >= year_start:
                if rng.random() < 0.8:
                    score = rng.randint(4, 30)
                else:
                    reason = rng.choice(["SDQ2", "SDQ3", "SDQ4", "SDQ5"])
            misuse = at_end >= 12 and rng.random() < 0.06
            received = (rng.random() < 0.6) if misuse else None
            self._recorded("outcome", case.worker_on(year_end), year_end, case_id=case.pk, child_id=child, year=year,
                           sdq_score=score, sdq_reason=reason,
                           convicted=(rng.random() < 0.05) if at_end >= 10 else None,
                           health_check=(rng.random() < 0.9) if at_end < 5 else None,
                           immunisations=rng.random() < 0.88, teeth_check=rng.random() < 0.8,
                           health_assessment=rng.random() < 0.9, substance_misuse=misuse,
                           intervention_received=received,
                           intervention_offered=(rng.random() < 0.5) if received is False else None)  # fmt: skip

    def _leaver_outcomes(self, case, child, born) -> None:
        """OC3 around the 19th, 20th and 21st birthdays of a young person who left care at 18."""
        rng = self.rng
        for years in (19, 20, 21):
            day = birthday(born, years)
            recorded = day + datetime.timedelta(days=rng.randint(0, 30))
            if recorded > self.today:
                return
            in_touch = rng.choice(["YES"] * 16 + ["NO", "REFU", "NREQ", "RHOM"])
            activity, accommodation = ("0", "0")
            if in_touch == "YES":
                activity, accommodation = rng.choice(ACTIVITIES), rng.choice(ACCOMMODATION)
            by = case.worker_on(recorded)
            row = self._recorded("leaver", by, recorded, case_id=case.pk, child_id=child, year=collection_year(day),
                                 in_touch=in_touch, activity=activity, accommodation=accommodation)  # fmt: skip
            self._timeline(child, case.pk, recorded, by, "leaving_care", f"Care leaver: {in_touch}, {activity}",
                           ("cases.careleaveroutcome", row["id"]), detail=accommodation)  # fmt: skip

    # -- a case: its children come into care together -------------------------------------------
    def case(self, case: CareCase, skip: set[int]) -> int:
        """The case's children come into care together, the day its first worker was allocated. Care ends while the
        case is still open: each child keeps their worker to the next 31 March, with no new one after care ended,
        as the return's social worker rules expect (SW17: an episode open at 31 March for every child in it; SW12:
        none beginning after care ended)."""
        rng = self.rng
        start = case.workers[0][1]
        home = rng.choice(HOME_POSTCODES)  # the family's
        ends = None
        if case.closed_on is not None:
            latest = datetime.date(collection_year(case.closed_on) - 1, 3, 31)
            span = (latest - start).days
            if span < 2:
                return 0
            ends = start + datetime.timedelta(days=rng.randint(max(1, span // 2), span))
        elif (self.today - start).days > 60 and rng.random() < 0.25:  # care ended, the case still open
            span = (self.today - start).days
            ends = start + datetime.timedelta(days=rng.randint(span // 2, span - 1))
        alone = len(case.children) == 1
        made = 0
        for child, born, sex in case.children:
            eighteen = birthday(born, 18)
            if child in skip or born >= start or eighteen <= start + datetime.timedelta(days=7):
                continue
            end = ends
            if eighteen <= self.today and (end is None or end > eighteen):
                end = eighteen
            if (end is not None and not self._keeps_worker(case, end)) or not self._steady_workers(case):
                continue
            # Most unaccompanied asylum-seeking children are boys of 14 to 17; their home postcode is not known.
            unaccompanied = alone and 14 <= age(born, start) <= 17 and rng.random() < (0.4 if sex == "M" else 0.1)
            self.child(case, child, born, start, end, unaccompanied=unaccompanied, home="" if unaccompanied else home)
            made += 1
        return made

    @staticmethod
    def _steady_workers(case: CareCase) -> bool:
        """No worker held the case for under three days, and none changed in the last days of March (the return's
        rules SW09 and SW11b)."""
        days = [since for _, since in case.workers]
        if any((later - earlier).days < 3 for earlier, later in itertools.pairwise(days)):
            return False
        return not any(day.month == 3 and day.day >= 26 for day in days[1:])

    def _keeps_worker(self, case: CareCase, end: datetime.date) -> bool:
        until = min(datetime.date(collection_year(end), 3, 31), self.today)
        return not any(end < since <= until for _, since in case.workers)


def read_cases(today: datetime.date) -> tuple[list[CareCase], set[int]]:
    """The child in care cases with a worker, and the children to leave out: those on another case open in a
    collection year their care case is open in."""
    from casemap.accounts.models import Team
    from casemap.cases.models import Allocation, Case, CaseMember

    teams = {pk: (service, manager) for pk, service, manager in Team.objects.values_list("pk", "service", "manager_id")}
    cases: dict[int, CareCase] = {}
    for pk, team, opened, closed in (
        Case.objects.filter(service="child_in_care", archived_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "team_id", "opened_on", "closed_on")
    ):
        service, manager = teams[team]
        cases[pk] = CareCase(pk, service, manager, opened, closed, [])
    for case_id, worker, started in (
        Allocation.objects.filter(case_id__in=list(cases), worker__isnull=False)
        .order_by("case_id", "started_at", "pk")
        .values_list("case_id", "worker_id", "started_at")
    ):
        cases[case_id].workers.append((worker, started.date()))
    for case_id, person, born, sex in (
        CaseMember.objects.filter(case_id__in=list(cases), role="child", person__date_of_birth__isnull=False)
        .order_by("pk")
        .values_list("case_id", "person_id", "person__date_of_birth", "person__sex")
    ):
        cases[case_id].children.append((person, born, sex))
    care = [case for case in cases.values() if case.workers and case.children]
    # A child on another case in a collection year their care case is open in: their social worker episodes there
    # would sit beside their care in that year's return.
    spans: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for case in care:
        years = (collection_year(case.workers[0][1]), collection_year(case.closed_on or today))
        for person, _born, _sex in case.children:
            spans[person].append((case.pk, *years))
    skip = set()
    for case_id, person, opened, closed in CaseMember.objects.filter(
        person_id__in=list(spans), role="child"
    ).values_list("case_id", "person_id", "case__opened_on", "case__closed_on"):
        first, last = collection_year(opened), collection_year(closed or today)
        for care_case, care_first, care_last in spans[person]:
            if case_id != care_case and first <= care_last and last >= care_first:
                skip.add(person)
    return care, skip


def build(*, seed: int, today: datetime.date, start_ids: dict[str, int] | None = None) -> CareWriter:
    """Every row, in memory, for the child in care cases in the database Django is set up for."""
    writer = CareWriter(seed=seed, today=today, start_ids=start_ids or {})
    care, skip = read_cases(today)
    for case in care:
        writer.case(case, skip)
    return writer


def table_models() -> dict[str, object]:
    from casemap.cases.care_models import (
        AdoptionPlan,
        CareEpisode,
        CareLeaverOutcome,
        CareOutcome,
        CarePeriod,
        CareReview,
        MissingEpisode,
        PreviousPermanence,
        UnaccompaniedStatus,
    )
    from casemap.cases.models import ChronologyEntry

    return {
        "period": CarePeriod,
        "episode": CareEpisode,
        "review": CareReview,
        "missing": MissingEpisode,
        "unaccompanied": UnaccompaniedStatus,
        "adoption": AdoptionPlan,
        "permanence": PreviousPermanence,
        "outcome": CareOutcome,
        "leaver": CareLeaverOutcome,
        "chronology": ChronologyEntry,
    }


def remove_existing(models: dict[str, object]) -> None:
    from django.db import connection, transaction

    ours = [model for key, model in models.items() if key != "chronology"]
    tables = [model._meta.db_table for model in ours] + [model.history.model._meta.db_table for model in ours]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_chronologyentry WHERE source_type = ANY(%s)", [SOURCE_TYPES])
        cursor.execute(f"TRUNCATE {', '.join(sorted(tables))}")  # our own models' table names, not input


def social_work_numbers() -> int:
    """A Social Work England number for each practitioner and team manager without one: the return reports each
    child's social workers by it."""
    from django.db import connection

    from casemap.accounts.models import Role

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET social_work_england_number = 'SW' || (700000 + id)::text "
            "WHERE social_work_england_number = '' AND role = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM accounts_user other "
            "WHERE other.social_work_england_number = 'SW' || (700000 + accounts_user.id)::text)",
            [[Role.PRACTITIONER, Role.TEAM_MANAGER]],
        )
        return cursor.rowcount


def unknown_upns(children: Iterable[int]) -> int:
    """The return needs a reason for each child in care without a Unique Pupil Number: not yet at school (under 6),
    or not recorded."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE people_person SET upn_unknown_reason = CASE WHEN date_of_birth > %s THEN 'UN3' ELSE 'UN5' END "
            "WHERE id = ANY(%s) AND upn = '' AND upn_unknown_reason = ''",
            [timezone_today() - datetime.timedelta(days=6 * 365), list(children)],
        )
        return cursor.rowcount


def timezone_today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


def generate_care(*, seed: int = 2026, analyze: bool = True) -> None:
    """Write the children in care into the database Django is set up for (its cases already there)."""
    from django.db import connection, transaction

    from bench.generate_meetings import copy_table
    from casemap.cases.models import ChronologyEntry

    models = table_models()
    say("removing the care records already there")
    remove_existing(models)
    start = (ChronologyEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    say("writing periods of care in memory")
    writer = build(seed=seed, today=timezone_today(), start_ids={"chronology": start})
    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor
        with transaction.atomic():
            for key in TABLES:
                started = time.perf_counter()
                count = copy_table(raw, models[key], writer.rows[key])
                say(f"copied {count:>8,} rows into {models[key]._meta.db_table} ({time.perf_counter() - started:.1f}s)")
            numbered = social_work_numbers()
            upns = unknown_upns({row["child_id"] for row in writer.rows["period"]})
        say(f"{numbered:,} Social Work England numbers given, {upns:,} reasons for an unknown UPN")
        for key in TABLES if analyze else []:
            raw.execute(f"VACUUM ANALYZE {models[key]._meta.db_table}")
    rows = writer.rows
    say(
        f"{len(rows['period']):,} periods of care ({sum(1 for r in rows['period'] if r['ended_on'] is None):,} open), "
        f"{len(rows['episode']):,} episodes, {len(rows['review']):,} reviews, {len(rows['missing']):,} missing, "
        f"{len(rows['adoption']):,} adoption plans, {len(rows['outcome']):,} OC2, {len(rows['leaver']):,} OC3"
    )


def main() -> None:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(40))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import dj_database_url

    if "bench" not in dj_database_url.parse(url)["NAME"]:
        raise SystemExit("Refusing to replace the care records of a database whose name does not contain 'bench'")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    generate_care()


if __name__ == "__main__":
    main()
