"""Signs of Safety maps for the synthetic authority: the last step of bench/generate_authority.py.

    .venv/bin/python bench/generate_maps.py     # on its own: replaces the maps of an existing casemap_bench

Writes, with PostgreSQL COPY, the rows the mapping services would have written (casemap/mapping/services/):

* about 3,000 cases (open and closed) with one to three maps each (in a smaller authority, a third of its open
  cases and one in thirty of its closed ones): the earlier ones superseded by a re-map, the latest signed off,
  or on a fifth of the open cases a draft being worked on. A normal map has 3-6 people taking part, 8-30 items,
  1-3 danger statements with their safety goals, a handful of scaling judgements and 2-5 next steps;
* for each practitioner the benchmark signs in as (bench/run_benchmark.py), one of their open cases
  with a LARGE signed-off map (100 items across the five columns, 3 danger statement and goal pairs,
  50 scaling judgements, 4 next steps) and its re-map, a LARGE draft (the same 100 items and 3 pairs
  copied over, 50 new judgements, a few next steps); and a second open case with a normal signed-off
  map and a normal draft re-map, so a small and a large map of the same user can be compared.

As the services would: map numbers run 1, 2, 3 per case; a map starts at version 1 and every change
to it (a person, an item, a pair, a score, a next step, an item edit, the sign-off) adds one; a
re-map copies the people, items, pairs and unfinished next steps of the map before it and gets its
own scores; signing off a map supersedes the one it re-mapped; the author and created_by are the
worker, modified_by whoever made the last change (the manager, for a signed map); judgements carry
the variant's question (with "Thinking about: <statement>" for a pair's scale), anchors and
direction. Signed maps get their snapshot from casemap.mapping.snapshot.map_snapshot, taken before
the changes that come after a sign-off (supersession, next steps marked done), as the service does;
each sign-off and re-map goes on the children's timelines. Not written, as for the rest of the
generated authority: simple-history rows and access-log entries for these changes.
"""

import datetime
import json
import os
import random
import secrets
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/casemap_bench"
STARTED = time.perf_counter()

OPEN_CASES_WITH_MAPS = 2000
CLOSED_CASES_WITH_MAPS = 1000
# A smaller authority maps as large a share of its cases as the full one, about a third of the open cases and one
# in thirty of the closed ones (the full authority's 2,000 and 1,000 are within these shares of its cases).
OPEN_SHARE_WITH_MAPS = 1 / 3
CLOSED_SHARE_WITH_MAPS = 1 / 30
LARGE_ITEMS = {  # 100 items across the five columns
    "harm": 22,
    "complicating_factor": 20,
    "existing_strength": 22,
    "existing_safety": 18,
    "grey_area": 18,
}
LARGE_PAIRS = 3
LARGE_OVERALL_JUDGEMENTS = 20
LARGE_JUDGEMENTS_PER_PAIR = 10  # 20 + 3 x 10 = 50 scaling judgements
MAP_SERVICES = ["child_in_need", "child_protection", "early_help", "child_in_care", "youth_justice", "care_leaver"]

ITEM_TEXTS = {
    "harm": [
        "Police were called after a fight between {parent} and their partner; {child} was in the next room.",
        "{child} went to school with a bruise on their arm and said it happened at home.",
        "{child} was found alone at home in the evening while {parent} was out.",
        "{parent} was too drunk to look after {child} on the night of the party.",
        "The health visitor found {child} had missed three appointments and has lost weight.",
        "{child} told a teacher they were hit with a belt when they would not go to bed.",
        "There was no food in the house on two unannounced visits.",
        "{child} saw {parent} being pushed down the stairs.",
    ],
    "complicating_factor": [
        "{parent} has struggled with low mood since the baby was born and finds it hard to get up.",
        "The family have moved three times in a year and owe rent.",
        "{parent} does not think the shouting affects {child}.",
        "{parent}'s partner will not meet with the social worker.",
        "There is no one nearby the family trust to help at short notice.",
        "{parent} drinks more when they are worried about money.",
        "{child} is often late or absent from school on Mondays.",
    ],
    "existing_strength": [
        "{parent} loves {child} and wants the family to stay together.",
        "{child} is doing well at school and enjoys football.",
        "{parent} has kept every appointment with the health visitor this month.",
        "{child}'s grandmother is close to the family and visits every week.",
        "{parent} has started going to a parenting group and talks about what they learned.",
        "The house was warm and tidy at the last three visits.",
        "{child} says they like living at home and feel close to {parent}.",
    ],
    "existing_safety": [
        "When {parent} has been drinking, {child}'s grandmother has the children at her house.",
        "{parent} rang the police and kept the children in the bedroom during the last incident.",
        "{child} knows to go to the neighbour's if there is shouting, and has done so.",
        "{parent} has stopped the partner staying over since the plan was agreed.",
        "The school checks in with {child} every morning and tells the worker about any worry.",
    ],
    "grey_area": [
        "Whether {parent}'s partner still has a key to the house.",
        "How {child} got the mark on their face: the accounts differ.",
        "Whether {parent} is still seeing the friend the police are worried about.",
        "Who looks after {child} on the nights {parent} works late.",
    ],
}
SAID_BY = ["School", "Police", "Health visitor", "{parent}", "{child}", "Grandmother", "Social worker", "GP"]
EVIDENCE = ["Police log", "School attendance record", "Health visitor's notes", "Home visit", ""]
BEHAVIOURS = [
    ("will have fights where they shout, throw things and hit each other", "upset, frightened or hurt"),
    ("will drink so much that no one sober is looking after the children", "left alone, hurt or neglected"),
    ("will hit the children when they misbehave", "bruised or worse"),
    ("will not get the children to school or to the doctor", "fall behind and become unwell"),
]
REASONS = [
    "Things have been calmer at home since the plan started.",
    "There was another incident last week and the children were there.",
    "The safety network is working but has not been tested at a weekend yet.",
    "We are trying hard and the children can see it.",
    "It is early days and the worries have gone on for years.",
    "School say the children seem happier.",
]
HIGHER = [
    "A month with no fights in front of the children.",
    "Grandma staying over every weekend as agreed.",
    "The children telling us home feels safe.",
    "",
]
STEPS = [
    "Family network meeting to write the safety plan",
    "{parent} to book the parenting course",
    "Visit {child} at school and talk about the three houses",
    "Ask the GP for {parent}'s referral to talking therapy",
    "Review the safety plan with the network",
    "Check with the police whether there have been more call-outs",
]
NETWORK = ["Rose", "Kerri", "Pat", "Aunty Jan", "Uncle Dev", "Mrs Okafor (neighbour)", "Grandma Sue"]
SETTINGS = ["home_visit", "meeting", "meeting", "conference", "supervision"]


def say(message: str) -> None:
    print(f"[maps {time.perf_counter() - STARTED:6.1f}s] {message}", flush=True)


def benchmark_users() -> list[str]:
    """Everyone bench/run_benchmark.py may sign in as to write: its practitioners and the extra sw### users."""
    from bench.run_benchmark import PRACTITIONERS

    return list(dict.fromkeys([*PRACTITIONERS, *[f"sw{index:03d}" for index in range(101, 113)]]))


def maps_wanted(cases: int, most: int, share: float) -> int:
    """How many of `cases` get normal maps: `most`, or `share` of them in an authority too small for that many."""
    return min(most, int(cases * share))


@dataclass
class CaseInfo:
    pk: int
    service: str
    team_id: int
    worker: int
    manager: int
    opened_on: datetime.date
    closed_on: datetime.date | None
    children: list[tuple[int, str]] = field(default_factory=list)  # (person id, first name)
    adults: list[str] = field(default_factory=list)


@dataclass
class MapState:
    """A map being written: its row, and what the services would have counted while writing it."""

    row: dict
    case: CaseInfo
    variant: dict
    clock: datetime.datetime
    per_category: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pairs: list[dict] = field(default_factory=list)
    participants: list[dict] = field(default_factory=list)
    items: list[dict] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)


class MapWriter:
    def __init__(self, *, seed: int, today: datetime.date, start_ids: dict[str, int], names: dict[int, str]) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.names = names  # user id -> str(user), as the services write it
        self.ids = {table: iter(range(start, 10**12)) for table, start in start_ids.items()}
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.signed: list[int] = []  # maps to snapshot, in order
        self.after_sign_off: list[tuple[str, int]] = []  # ("supersede", map id) / ("done", step id)
        self.done_on: dict[int, datetime.date] = {}

    # -- one change, as _editing() would record it --------------------------------------------
    def _change(self, state: MapState, user: int, minutes: int = 1) -> None:
        state.clock += datetime.timedelta(minutes=minutes)
        state.row["version"] += 1
        state.row["modified_by_id"] = user
        state.row["modified_at"] = state.clock

    def _fill(self, text: str, case: CaseInfo) -> str:
        parent = case.adults[0] if case.adults else "Mum"
        child = self.rng.choice(case.children)[1]
        return text.format(parent=parent, child=child)

    def start(
        self, case: CaseInfo, *, number: int, held_on: datetime.date, variant: dict, previous: MapState | None = None
    ) -> MapState:
        clock = datetime.datetime.combine(held_on, datetime.time(10, self.rng.randint(0, 59)), tzinfo=datetime.UTC)
        pk = next(self.ids["map"])
        row = {
            "id": pk,
            "case_id": case.pk,
            "variant_id": variant["id"],
            "number": number,
            "setting": self.rng.choice(SETTINGS),
            "held_on": held_on,
            "author_id": case.worker,
            "status": "draft",
            "previous_id": previous.row["id"] if previous else None,
            "signed_off_by_id": None,
            "signed_off_at": None,
            "snapshot": None,
            "created_at": clock,
            "created_by_id": case.worker,
            "modified_at": clock,
            "modified_by_id": case.worker,
            "archived_at": None,
            "archived_by_id": None,
            "archive_reason": "",
            "version": 1,
        }
        self.rows["map"].append(row)
        for person_id, _ in case.children:
            self.rows["map_children"].append(
                {"id": next(self.ids["map_children"]), "map_id": pk, "person_id": person_id}
            )
        state = MapState(row, case, variant, clock)
        if previous is not None:
            self._copy(previous, state)
            summary = f"Re-mapping started: map {number}, from map {previous.row['number']}"
            self._chronology(state, "map_started", summary, held_on, clock, case.worker)
        return state

    def _copy(self, old: MapState, new: MapState) -> None:
        """map_remap: people, items, unfinished next steps and pairs come across; scores do not."""
        for participant in old.participants:
            row = dict(participant, id=next(self.ids["participant"]), map_id=new.row["id"])
            self.rows["participant"].append(row)
            new.participants.append(row)
        for item in old.items:
            row = dict(item, id=next(self.ids["item"]), map_id=new.row["id"])
            self.rows["item"].append(row)
            new.items.append(row)
            new.per_category[row["category"]] += 1
        for step in old.steps:
            if step["id"] in self.done_on:
                continue
            row = dict(step, id=next(self.ids["step"]), map_id=new.row["id"], done_on=None)
            self.rows["step"].append(row)
            new.steps.append(row)
        for pair in old.pairs:
            statement = dict(pair["statement"], id=next(self.ids["statement"]), map_id=new.row["id"])
            goal = dict(pair["goal"], id=next(self.ids["goal"]), danger_statement_id=statement["id"])
            self.rows["statement"].append(statement)
            self.rows["goal"].append(goal)
            new.pairs.append({"statement": statement, "goal": goal})

    def participant(self, state: MapState, name: str, role: str) -> None:
        self._change(state, state.case.worker)
        row = {"id": next(self.ids["participant"]), "map_id": state.row["id"], "name": name, "role": role}
        row["person_id"] = None
        self.rows["participant"].append(row)
        state.participants.append(row)

    def item(self, state: MapState, category: str) -> dict:
        self._change(state, state.case.worker)
        rng = self.rng
        noted = state.row["held_on"] - datetime.timedelta(days=rng.randint(0, 60)) if rng.random() < 0.6 else None
        row = {
            "id": next(self.ids["item"]),
            "map_id": state.row["id"],
            "category": category,
            "text": self._fill(rng.choice(ITEM_TEXTS[category]), state.case),
            "said_by": self._fill(rng.choice(SAID_BY), state.case) if rng.random() < 0.8 else "",
            "noted_on": noted,
            "evidence": rng.choice(EVIDENCE) if rng.random() < 0.3 else "",
            "disputed_by": (state.case.adults[0] if state.case.adults else "Mum") if rng.random() < 0.1 else "",
            "position": state.per_category[category],
        }
        state.per_category[category] += 1
        self.rows["item"].append(row)
        state.items.append(row)
        return row

    def edit_item(self, state: MapState) -> None:
        self._change(state, state.case.worker)
        item = self.rng.choice(state.items)
        item["text"] = item["text"] + " (Updated after talking with the family.)"

    def pair(self, state: MapState) -> None:
        self._change(state, state.case.worker, minutes=6)
        rng, case = self.rng, state.case
        worker = self.names[case.worker]
        parent = case.adults[0] if case.adults else "Mum"
        children = " and ".join(name for _, name in case.children[:3])
        behaviour, impact = rng.choice(BEHAVIOURS)
        statement = {
            "id": next(self.ids["statement"]),
            "map_id": state.row["id"],
            "position": len(state.pairs),
            "who_is_worried": f"{worker} from children's social care",
            "behaviour": f"{parent} {behaviour}",
            "what_happened": "like last month, when the police were called" if rng.random() < 0.6 else "",
            "short_term_impact": impact,
            "long_term_impact": "grow up thinking this is how people sort out problems" if rng.random() < 0.5 else "",
            "statement": (
                f"{worker} from children's social care is worried that {parent} {behaviour}, "
                f"and {children} will be {impact}."
            ),
            "family_view": f"{parent} says it only happened once." if rng.random() < 0.3 else "",
        }
        goal = {
            "id": next(self.ids["goal"]),
            "danger_statement_id": statement["id"],
            "parents_will": "sort out disagreements calmly, away from the children",
            "child_will_experience": "feel safe and calm at home",
            "professionals_will_see": "a calm home on visits" if rng.random() < 0.5 else "",
            "sustained_for": rng.choice(["6 months", "3 months", "a year"]),
            "statement": (
                f"{parent} will sort out disagreements calmly, away from {children}, and {children} will feel "
                "safe and calm at home. The network will see this on visits for 6 months."
            ),
            "family_version": "We will talk, not shout." if rng.random() < 0.3 else "",
        }
        self.rows["statement"].append(statement)
        self.rows["goal"].append(goal)
        state.pairs.append({"statement": statement, "goal": goal})

    def judgement(self, state: MapState, rater: str, role: str, pair: dict | None = None) -> None:
        self._change(state, state.case.worker)
        rng, variant = self.rng, state.variant
        question = variant["scale_question"]
        if pair is not None:
            question = f"{question} Thinking about: {pair['statement']['statement']}"
        self.rows["judgement"].append(
            {
                "id": next(self.ids["judgement"]),
                "map_id": state.row["id"],
                "danger_statement_id": pair["statement"]["id"] if pair else None,
                "rater_name": rater,
                "rater_role": role,
                "rater_person_id": None,
                "score": min(10, max(0, round(rng.gauss(4 + state.row["number"], 2)))),
                "reason": rng.choice(REASONS),
                "one_point_higher": rng.choice(HIGHER),
                "question": question,
                "zero_anchor": variant["scale_zero_anchor"],
                "ten_anchor": variant["scale_ten_anchor"],
                "ten_is_best": variant["ten_is_best"],
            }
        )

    def next_step(self, state: MapState) -> None:
        self._change(state, state.case.worker)
        rng, case = self.rng, state.case
        mine = rng.random() < 0.6
        row = {
            "id": next(self.ids["step"]),
            "map_id": state.row["id"],
            "action": self._fill(rng.choice(STEPS), case),
            "owner_name": self.names[case.worker] if mine else (case.adults[0] if case.adults else "Mum"),
            "owner_user_id": case.worker if mine else None,
            "due_on": state.row["held_on"] + datetime.timedelta(days=rng.randint(7, 42)),
            "done_on": None,
            # A next step is a recorded row of its own: finishing one after sign-off changes the step, not the map.
            "created_at": state.clock,
            "created_by_id": case.worker,
            "modified_at": state.clock,
            "modified_by_id": case.worker,
            "version": 1,
            "archive_reason": "",
        }
        self.rows["step"].append(row)
        state.steps.append(row)

    def sign_off(self, state: MapState, on: datetime.date, previous: MapState | None) -> None:
        manager = state.case.manager
        state.clock = max(
            state.clock + datetime.timedelta(minutes=5),
            datetime.datetime.combine(on, datetime.time(15, self.rng.randint(0, 59)), tzinfo=datetime.UTC),
        )
        self._change(state, manager, minutes=0)
        state.row["status"] = "signed_off"
        state.row["signed_off_by_id"] = manager
        state.row["signed_off_at"] = state.clock
        self.signed.append(state.row["id"])
        if previous is not None and previous.row["status"] == "signed_off":
            self.after_sign_off.append(("supersede", previous.row["id"]))
        summary = f"Signs of Safety map {state.row['number']} signed off by {self.names[manager]}"
        self._chronology(state, "map_signed_off", summary, state.row["held_on"], state.clock, manager)

    def steps_done(self, state: MapState, until: datetime.date, share: float) -> None:
        """Next steps finished after the sign-off: not in the snapshot, as with next_step_mark_done."""
        for step in state.steps:
            if self.rng.random() < share and step["due_on"] - datetime.timedelta(days=5) <= until:
                self.done_on[step["id"]] = min(step["due_on"], until)
                self.after_sign_off.append(("done", step["id"]))

    def _chronology(
        self, state: MapState, kind: str, summary: str, on: datetime.date, at: datetime.datetime, by: int
    ) -> None:
        for person_id, _ in state.case.children:
            self.rows["chronology"].append(
                {
                    "id": next(self.ids["chronology"]),
                    "person_id": person_id,
                    "case_id": state.case.pk,
                    "occurred_on": on,
                    "recorded_at": at,
                    "recorded_by_id": by,
                    "kind": kind,
                    "summary": summary[:255],
                    "detail": "",
                    "source_type": "mapping.map",
                    "source_id": state.row["id"],
                }
            )

    # -- whole maps --------------------------------------------------------------------------
    def normal_content(self, state: MapState, *, fresh: bool) -> None:
        rng, case = self.rng, state.case
        if fresh:
            self.participant(state, self.names[case.worker], "worker")
            for name in case.adults[:2]:
                self.participant(state, name, "parent")
            for name in rng.sample(NETWORK, rng.randint(0, 2)):
                self.participant(state, name, "network")
            if rng.random() < 0.4:
                self.participant(state, case.children[0][1], "child")
            for _ in range(rng.randint(8, 30)):
                category = rng.choices(list(LARGE_ITEMS), weights=[25, 20, 25, 15, 15])[0]
                self.item(state, category)
            for _ in range(rng.choice([1, 1, 2, 2, 3])):
                self.pair(state)
            for _ in range(rng.randint(2, 5)):
                self.next_step(state)
        else:  # a re-map: a few new items and edits, a next step or two
            for _ in range(rng.randint(1, 5)):
                self.item(state, rng.choice(list(LARGE_ITEMS)))
            for _ in range(rng.randint(0, 2)):
                self.edit_item(state)
            for _ in range(rng.randint(0, 2)):
                self.next_step(state)
        self.scores(state, overall=rng.randint(2, 6), per_pair=(0, 2))

    def scores(self, state: MapState, *, overall: int, per_pair: tuple[int, int]) -> None:
        rng = self.rng
        raters = [(p["name"], p["role"]) for p in state.participants] or [(self.names[state.case.worker], "worker")]
        raters.append((self.names[state.case.manager], "manager"))
        for index in range(overall):
            name, role = raters[index % len(raters)]
            self.judgement(state, name if index < len(raters) else f"{name} ({index // len(raters) + 1})", role)
        for pair in state.pairs:
            for index in range(rng.randint(*per_pair)):
                name, role = raters[index % len(raters)]
                self.judgement(state, name, role, pair)

    def large_content(self, state: MapState, *, fresh: bool) -> None:
        case = state.case
        if fresh:
            self.participant(state, self.names[case.worker], "worker")
            for name in [*case.adults, "Mum", "Dad"][:2]:
                self.participant(state, name, "parent")
            for name in NETWORK[:3]:
                self.participant(state, name, "network")
            for category, count in LARGE_ITEMS.items():
                for _ in range(count):
                    self.item(state, category)
            for _ in range(LARGE_PAIRS):
                self.pair(state)
            for _ in range(4):
                self.next_step(state)
        else:
            for _ in range(3):
                self.edit_item(state)
            for _ in range(2):
                self.next_step(state)
        raters = [(p["name"], p["role"]) for p in state.participants] + [(self.names[case.manager], "manager")]
        for index in range(LARGE_OVERALL_JUDGEMENTS):  # each person scales, and again as things are discussed
            name, role = raters[index % len(raters)]
            self.judgement(state, name if index < len(raters) else f"{name} (later)", role)
        for pair in state.pairs:
            for index in range(LARGE_JUDGEMENTS_PER_PAIR):
                name, role = raters[index % len(raters)]
                self.judgement(state, name if index < len(raters) else f"{name} (later)", role, pair)

    def case_maps(self, case: CaseInfo, variant: dict, *, large: bool = False, draft_last: bool | None = None) -> None:
        """One to three maps over the life of the case, each re-mapping the one before."""
        rng = self.rng
        end = case.closed_on or self.today
        if large:
            plan = [self.today - datetime.timedelta(days=70), self.today - datetime.timedelta(days=5)]
        else:
            plan = []
            cursor = case.opened_on + datetime.timedelta(days=rng.randint(3, 21))
            while cursor <= end and len(plan) < 3:
                plan.append(cursor)
                cursor += datetime.timedelta(days=rng.randint(70, 200))
        if not plan:
            return
        if draft_last is None:
            draft_last = case.closed_on is None and rng.random() < 0.2
        previous = None
        for index, held_on in enumerate(plan):
            state = self.start(case, number=index + 1, held_on=held_on, variant=variant, previous=previous)
            if large:
                self.large_content(state, fresh=previous is None)
            else:
                self.normal_content(state, fresh=previous is None)
            last = index == len(plan) - 1
            if last and draft_last:
                return
            signed_on = min(held_on + datetime.timedelta(days=rng.randint(0, 7)), end)
            self.sign_off(state, signed_on, previous)
            following = plan[index + 1] if not last else end
            self.steps_done(state, following, 0.6)
            previous = state


def variant_for(service: str, variants: list[dict]) -> dict:
    """As services.variant_for_case."""
    for variant in variants:
        if service in (variant["default_services"] or []):
            return variant
    return next((v for v in variants if v["key"] == "signs-of-safety"), variants[0])


def copy_dicts(cursor, model, rows: list[dict]) -> int:
    if not rows:
        return 0
    table = model._meta.db_table
    columns = list(rows[0])
    known = {f.column for f in model._meta.concrete_fields}
    unknown = set(columns) - known
    missing = {f.column for f in model._meta.concrete_fields if not f.null} - set(columns)
    if unknown or missing:
        raise RuntimeError(f"{table}: unknown columns {sorted(unknown)}, no value for {sorted(missing)}")
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(tuple(json.dumps(row[c]) if c == "snapshot" and row[c] else row[c] for c in columns))
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
    return len(rows)


def generate_maps(*, seed: int = 2026) -> None:
    """Write the maps into the database Django is set up for (which must have its cases already)."""
    from django.db import connection, transaction
    from django.db.models import Count
    from django.utils import timezone

    from casemap.accounts.models import Team, User
    from casemap.cases.models import Case, CaseMember, ChronologyEntry
    from casemap.mapping.models import (
        DangerStatement,
        FrameworkVariant,
        Map,
        MapItem,
        MapParticipant,
        NextStep,
        SafetyGoal,
        ScalingJudgement,
    )
    from casemap.mapping.snapshot import map_snapshot

    rng = random.Random(seed + 7)
    today = timezone.localdate()
    variants = list(FrameworkVariant.objects.values())
    names = {user.pk: str(user) for user in User.objects.all()}
    managers = dict(Team.objects.values_list("pk", "manager_id"))
    users = dict(User.objects.values_list("username", "pk"))

    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor
        if Map.objects.exists():
            say("removing the maps already there")
            raw.execute(
                "DELETE FROM cases_chronologyentry WHERE source_type = 'mapping.map';"
                "TRUNCATE mapping_scalingjudgement, mapping_safetygoal, mapping_dangerstatement, mapping_nextstep,"
                " mapping_mapitem, mapping_mapparticipant, mapping_map_children, mapping_historicalmap, mapping_map"
            )

    say("choosing cases")
    cases = Case.objects.filter(allocated_worker__isnull=False, service__in=MAP_SERVICES)
    fields = ("pk", "service", "team_id", "allocated_worker_id", "opened_on", "closed_on")
    open_cases = list(cases.filter(closed_on__isnull=True).order_by("pk").values_list(*fields))
    closed_cases = list(
        cases.filter(closed_on__isnull=False).exclude(closure_reason="RC8").order_by("pk").values_list(*fields)
    )
    chosen_large: list[tuple] = []
    chosen_small: list[tuple] = []
    for username in benchmark_users():
        if username not in users:
            continue
        theirs = [row for row in open_cases if row[3] == users[username]]
        # A case that has been open a while: the large maps begin 70 days ago.
        theirs = [row for row in theirs if (today - row[4]).days > 90] or theirs
        if len(theirs) >= 2:
            # The normal-sized maps on a case with as many children as the large ones' (a map page logs a
            # view per child), so the two compare like for like.
            counts = dict(
                CaseMember.objects.filter(case_id__in=[row[0] for row in theirs], role="child")
                .values("case_id")
                .annotate(n=Count("pk"))
                .values_list("case_id", "n")
            )
            same = [row for row in theirs[1:] if counts.get(row[0]) == counts.get(theirs[0][0])]
            chosen_large.append(theirs[0])
            chosen_small.append((same or theirs[1:])[0])
    reserved = {row[0] for row in chosen_large + chosen_small}
    others = [row for row in open_cases if row[0] not in reserved]
    normal = rng.sample(others, maps_wanted(len(others), OPEN_CASES_WITH_MAPS, OPEN_SHARE_WITH_MAPS)) + rng.sample(
        closed_cases, maps_wanted(len(closed_cases), CLOSED_CASES_WITH_MAPS, CLOSED_SHARE_WITH_MAPS)
    )
    wanted = chosen_large + chosen_small + normal
    infos: dict[int, CaseInfo] = {
        row[0]: CaseInfo(row[0], row[1], row[2], row[3], managers[row[2]], row[4], row[5]) for row in wanted
    }
    members = (
        CaseMember.objects.filter(case_id__in=list(infos))
        .order_by("case_id", "person__date_of_birth", "pk")
        .values_list("case_id", "role", "person_id", "person__first_name")
    )
    for case_id, role, person_id, first_name in members:
        if role == "child":
            infos[case_id].children.append((person_id, first_name))
        else:
            infos[case_id].adults.append(first_name)

    def start_id(model) -> int:
        return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    writer = MapWriter(
        seed=seed,
        today=today,
        names=names,
        start_ids={
            "map": 1,
            "map_children": 1,
            "participant": 1,
            "item": 1,
            "statement": 1,
            "goal": 1,
            "judgement": 1,
            "step": 1,
            "chronology": start_id(ChronologyEntry),
        },
    )
    say("writing maps in memory")
    for row in chosen_large:
        writer.case_maps(infos[row[0]], variant_for(row[1], variants), large=True, draft_last=True)
    for row in chosen_small:
        info = infos[row[0]]
        info.opened_on = min(info.opened_on, today - datetime.timedelta(days=150))
        writer.case_maps(info, variant_for(row[1], variants), draft_last=True)
    for row in normal:
        if infos[row[0]].children:
            writer.case_maps(infos[row[0]], variant_for(row[1], variants))

    plan = [
        (Map, "map"),
        (Map.children.through, "map_children"),
        (MapParticipant, "participant"),
        (MapItem, "item"),
        (DangerStatement, "statement"),
        (SafetyGoal, "goal"),
        (ScalingJudgement, "judgement"),
        (NextStep, "step"),
        (ChronologyEntry, "chronology"),
    ]
    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor
        with transaction.atomic():
            for model, key in plan:
                count = copy_dicts(raw, model, writer.rows[key])
                say(f"copied {count:>8,} rows into {model._meta.db_table}")

        say(f"taking the snapshots of {len(writer.signed):,} signed-off maps")
        snapshots = []
        for map_id in writer.signed:
            snapshots.append((map_id, json.dumps(map_snapshot(Map(pk=map_id)))))
        with transaction.atomic():
            raw.execute("CREATE TEMPORARY TABLE bench_snapshot (id bigint PRIMARY KEY, snapshot jsonb) ON COMMIT DROP")
            with raw.copy("COPY bench_snapshot (id, snapshot) FROM STDIN") as copy:
                for row in snapshots:
                    copy.write_row(row)
            raw.execute(
                "UPDATE mapping_map SET snapshot = s.snapshot FROM bench_snapshot s WHERE s.id = mapping_map.id"
            )
            # What happens after a sign-off, so not in its snapshot: supersession by the next sign-off,
            # next steps marked done.
            superseded = [pk for what, pk in writer.after_sign_off if what == "supersede"]
            raw.execute("UPDATE mapping_map SET status = 'superseded' WHERE id = ANY(%s)", [superseded])
            done = list(writer.done_on.items())
            raw.execute("CREATE TEMPORARY TABLE bench_done (id bigint PRIMARY KEY, done_on date) ON COMMIT DROP")
            with raw.copy("COPY bench_done (id, done_on) FROM STDIN") as copy:
                for row in done:
                    copy.write_row(row)
            raw.execute(
                "UPDATE mapping_nextstep SET done_on = d.done_on FROM bench_done d WHERE d.id = mapping_nextstep.id"
            )
        for model, _ in plan:
            raw.execute(f"ANALYZE {model._meta.db_table}")

    by_status = defaultdict(int)
    for row in writer.rows["map"]:
        by_status[row["status"]] += 1
    by_status["superseded"] = len(superseded)
    by_status["signed_off"] -= len(superseded)
    say(
        f"{len(writer.rows['map']):,} maps on {len({r['case_id'] for r in writer.rows['map']}):,} cases "
        f"({', '.join(f'{n:,} {s}' for s, n in sorted(by_status.items()))}); "
        f"{len(writer.rows['item']):,} items, {len(writer.rows['judgement']):,} judgements; "
        f"large maps for {len(chosen_large)} benchmark practitioners"
    )


def main() -> None:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(40))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import dj_database_url

    if "bench" not in dj_database_url.parse(url)["NAME"]:
        raise SystemExit("Refusing to replace the maps of a database whose name does not contain 'bench'")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    generate_maps()


if __name__ == "__main__":
    main()
