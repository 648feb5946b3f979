"""Generate a large synthetic authority in PostgreSQL for the load benchmark.

    .venv/bin/python bench/generate_authority.py            # or: make bench-generate
    make bench-generate-small     # 1,000 children in casemap_bench_small, beside the large one
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/casemap_bench_5k \
        .venv/bin/python bench/generate_authority.py --children 5000

Drops and recreates the database named in DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/casemap_bench; it refuses a database whose name does not
contain "bench" unless --force is given; with --if-missing it leaves a database a finished run
wrote as it is), runs the migrations, then writes what is below, and marks the database
finished (its COMMENT says how many children, teams and which seed and day).

A smaller authority (--children below about 37,000, where the full plan's open caseloads would
take more than half the children) is narrower, not thinner (authority_plan): it keeps the demo
teams and the teams of the generated users the benchmark signs in as (sw050, sw200, sw310 of
bench/run_benchmark.py), with the same names, managers and service managers as in the large
authority, and as many practitioners per team as half the children allow (for 1,000 children,
the benchmark's eight practitioners alone; more teams of the plan once every kept team is full).
Every kept worker has the same kind of caseload as in the large authority (15-25 open cases,
sally exactly 20 with her long chronology), and the large maps, the conference, supervision,
feedback and audits are made for them the same way; the closed history is what shrinks, and
with it the access log (five rows per child, at most 500,000). The names of every user of the
full plan are drawn either way, so a user has the same name at both sizes, and the default
100,000 children are drawn exactly as before.

The full authority:

* the demo personas and teams of casemap/accounts/demo.py (sign in as sally, dana, ... with the
  demo password), grown to about 40 teams, each with a team manager and 10 practitioners,
  and service managers over groups of teams. Every generated user has the demo password too;
* families: children with their parents and relatives, relationships between them;
* cases: every practitioner holds 15-25 open cases (sally exactly 20), teams hold a few
  unallocated ones, and most of the authority's history is closed cases; some families have
  an earlier closed case too. Each case has its members, referrals, episodes, allocation
  history, case notes and the chronology entries the services would have written;
* a prefilled access log with an intact hash chain;
* Signs of Safety maps (bench/generate_maps.py): a few thousand cases with maps, and for each
  practitioner the benchmark signs in as a large signed-off map and a large draft;
* statutory records and meetings (bench/generate_meetings.py): assessments, strategy discussions, section 47
  enquiries, child protection and child in need plans, conferences, core groups and reviews with their invitees,
  on the open cases and those closed in the last three years, and a large conference for the benchmark's team;
* supervision (bench/generate_supervision.py): profiles, a year of personal and case supervision, leave and open
  actions, with some workers and cases overdue;
* feedback (bench/generate_feedback.py): a year of parents', children's, young people's and staff answers to the
  default surveys, with the invitations, used links and safety tasks they would have left;
* practice audits (bench/generate_audits.py): a year of completed case and closure audits with their scores, a
  tenth of them and every inadequate one moderated, and a calibration exercise;
* children in care (bench/generate_care.py): a period of care for each child on a child in care case, with its
  episodes (legal status and placement changes), reviews, missing episodes, unaccompanied status, adoption,
  previous permanence, the yearly outcomes (OC2) and care leavers' outcomes (OC3), so the SSDA903 return and Annex
  A's care lists have every table; a Social Work England number for each worker, and why the worker changed on
  each allocation that replaced another.

The bulk goes in with PostgreSQL COPY, not through the services (which would take hours), so
there are no simple-history rows for these records: no page measured by the benchmark reads
them. Everything is drawn from one seeded random generator, so a run on the same day gives
the same authority. Dates are relative to today.
"""

import argparse
import datetime
import itertools
import json
import os
import random
import secrets
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/casemap_bench"
STARTED = time.perf_counter()
DECISION_REASONS = {
    "assessment": "What was reported meets the threshold for a social work assessment; the family agreed to it.",
    "early_help": "Needs are below the threshold for social care; the family asked for help and agreed to early help.",
    "nfa": "Checks found no unmet needs; the referrer and the family were told, and given the early help offer.",
}


def say(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {message}", flush=True)


FINISHED = "casemap benchmark authority"  # how a finished run marks its database (COMMENT ON DATABASE)


def admin_connection(config: dict):
    import psycopg

    return psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    )


def finished_authority(url: str) -> str | None:
    """What the database says of the authority a finished run wrote into it, or None when there is no such
    database or its run did not finish."""
    import dj_database_url

    config = dj_database_url.parse(url)
    with admin_connection(config) as admin:
        found = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
    comment = found[0] if found else None
    return comment if comment and comment.startswith(FINISHED) else None


def mark_finished(url: str, description: str) -> None:
    import dj_database_url
    from psycopg import sql

    config = dj_database_url.parse(url)
    with admin_connection(config) as admin:
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(config["NAME"]), sql.Literal(f"{FINISHED}: {description}")
            )
        )


def recreate_database(url: str, *, force: bool) -> None:
    import dj_database_url
    from psycopg import sql

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        raise SystemExit("The benchmark authority needs PostgreSQL: set DATABASE_URL to a postgres:// URL")
    name = config["NAME"]
    if "bench" not in name and not force:
        raise SystemExit(f"Refusing to drop and recreate {name!r}: its name does not contain 'bench' (use --force)")
    with admin_connection(config) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --------------------------------------------------------------------------------------------
# Shape of the authority

TEAM_PLAN = [
    # (service, number of teams, label used in generated team names, demo team among them)
    ("assessment", 6, "front door", "Front door and assessment"),
    ("cin_cp", 14, "child protection", "Child protection"),
    ("early_help", 8, "early help", "Early help"),
    ("children_in_care", 7, "children in care", None),
    ("youth_justice", 5, "youth and care", "Youth and care"),
]
AREAS = [
    "North",
    "South",
    "East",
    "West",
    "Central",
    "Riverside",
    "Hillside",
    "Moorland",
    "Harbour",
    "Valley",
    "Castle",
    "Parkside",
    "Bridgeford",
    "Millbrook",
]
PRACTITIONERS_PER_TEAM = 10
TEAMS_PER_SERVICE_MANAGER = 8
SERVICE_MANAGERS = 4  # sm1-sm4, beside grace
OPEN_CASES_PER_WORKER = (15, 25)
SALLY_OPEN_CASES = 20
SALLY_LONG_CHRONOLOGY_NOTES = 560
# What a team's open work adds to the children, on average: a worker's 20 open cases of 2.25 children each, and the
# 2-12 unallocated cases the team holds. A smaller authority than the full plan's keeps about half its children on
# open work and the rest in its closed history (authority_plan).
CHILDREN_PER_CASELOAD = 45
CHILDREN_UNALLOCATED_PER_TEAM = 16
SMALL_OPEN_SHARE = 0.5

# Which case services a team of each service holds, with weights.
TEAM_CASE_SERVICES = {
    "assessment": [("child_in_need", 1)],
    "cin_cp": [("child_in_need", 55), ("child_protection", 45)],
    "early_help": [("early_help", 1)],
    "children_in_care": [("child_in_care", 75), ("care_leaver", 25)],
    "youth_justice": [("youth_justice", 70), ("child_in_care", 30)],
}
STATUTORY = {"child_in_need", "child_protection", "child_in_care"}
SERVICE_LABELS = {
    "referral": "Referral (awaiting decision)",
    "early_help": "Early help",
    "child_in_need": "Child in need",
    "child_protection": "Child protection",
    "child_in_care": "Child in care",
    "care_leaver": "Care leaver",
    "youth_justice": "Youth justice",
}
REFERRAL_SOURCES = [
    ("2A", "Schools"),
    ("3B", "Health: health visitor"),
    ("6", "Police"),
    ("1A", "Individual: family member, relative or carer"),
    ("3A", "Health: GP"),
    ("8", "Other"),
    ("5B", "Local authority: other internal"),
    ("3E", "Health: A&E"),
]
REPORTS = [
    "Police attended a domestic incident at the home late at night. The children were present.",
    "School reports the child has come in hungry and in the same clothes several days running.",
    "Health visitor worried about mum's low mood and the baby's weight.",
    "Neighbour reports shouting and the children left alone in the evenings.",
    "Child disclosed to a teacher that dad hits them when he has been drinking.",
    "Concerns reported about the children's care at home.",
]
NOTE_KINDS = [
    ("home_visit", "Home visit", True),
    ("statutory_visit", "Statutory visit", True),
    ("office_visit", "Office or school visit", True),
    ("phone_call", "Phone call", False),
    ("meeting", "Meeting", False),
    ("direct_work", "Direct work with the child", True),
    ("management_oversight", "Management oversight", False),
]
NOTE_KIND_WEIGHTS = [24, 18, 10, 22, 10, 10, 6]
NOTE_TEXTS = [
    "Visited at home. {child} showed me their bedroom and talked about school. Parents were welcoming.",
    "Phone call with mum about the appointment next week. She said things have been calmer at home.",
    "Met {child} at school. Teacher says attendance has improved this half term.",
    "Home visit. House was tidy and there was food in the fridge. {child} was playing with a sibling.",
    "Spoke with dad about the plan. He agreed to go to the parenting group on Thursday.",
    "Direct work with {child} using the Three Houses. Their worries were about shouting at night.",
    "Core group meeting. Everyone agreed the safety plan is working; grandma to stay over at weekends.",
    "Supervision discussion: the plan stays as it is; review at the next core group.",
]
STREETS = [
    "Mill Lane",
    "Chapel Street",
    "Park Road",
    "Canal Side",
    "Oak Avenue",
    "Moor View",
    "Station Road",
    "Church Walk",
    "Victoria Street",
    "Albert Terrace",
    "Green Lane",
    "High Street",
    "Bank Top",
]
TOWNS = ["Northbridge", "Eastholme", "Westcombe", "Southmoor", "Kirkby Lees"]
ETHNICITIES = ["WBRI"] * 12 + ["WOTH", "MWBC", "AIND", "APKN", "ABAN", "BCRB", "BAFR", "CHNE", "OOTH", "NOBT"]
# Why a case went to a different worker, in the SSDA903 return's codes, the common ones more often.
SW_CHANGE_REASONS = ["LEFTRL"] * 3 + ["MANAGE"] * 3 + ["TSPROC"] * 2 + ["ORGRST", "ABSENC", "CHCHAN", "PCCHAN"]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
LANGUAGES = ["English"] * 17 + ["Urdu", "Polish", "Bengali", "Romanian", "Somali", "Arabic"]


def weighted_names(table: dict[str, float] | Sequence[str]) -> tuple[list[str], list[float]]:
    if isinstance(table, dict):
        names = list(table)
        return names, list(itertools.accumulate(table[name] for name in names))
    names = list(table)
    return names, list(itertools.accumulate(1.0 for _ in names))


@dataclass(frozen=True)
class TeamSlot:
    """A team of the full plan: its generated manager (none for a demo team, which has its own) and its generated
    practitioners, numbered as the generator names them, and who its service manager is (0: grace, n: sm<n>)."""

    service: str
    name: str
    demo: bool
    manager: str | None
    practitioners: tuple[str, ...]
    service_manager: int
    demo_practitioners: int = 0


def team_layout(demo_practitioners: dict[str, int]) -> list[TeamSlot]:
    """Every team of TEAM_PLAN in order with the usernames of its generated staff: a demo team keeps its personas
    (`demo_practitioners` counts them by team name) and is filled up to PRACTITIONERS_PER_TEAM, a generated team
    gets a manager tm### and PRACTITIONERS_PER_TEAM workers sw###, from one running number."""
    number = itertools.count(1)
    areas = iter(AREAS * 3)
    names: list[tuple[str, str, bool]] = []
    for service, count, label, demo_name in TEAM_PLAN:
        made = 0
        if demo_name:
            names.append((service, demo_name, True))
            made = 1
        while made < count:
            name = f"{next(areas)} {label}"
            if any(name == taken for _, taken, _ in names):
                continue
            names.append((service, name, False))
            made += 1
    layout = []
    for index, (service, name, demo) in enumerate(names):
        manager = None if demo else f"tm{next(number):03d}"
        have = demo_practitioners.get(name, 0) if demo else 0
        workers = tuple(f"sw{next(number):03d}" for _ in range(PRACTITIONERS_PER_TEAM - have))
        line = 0 if demo else min(index // TEAMS_PER_SERVICE_MANAGER, SERVICE_MANAGERS)
        layout.append(TeamSlot(service, name, demo, manager, workers, line, have))
    return layout


def team_children(practitioners: int) -> int:
    """About how many children a team's open work brings (CHILDREN_PER_CASELOAD)."""
    return practitioners * CHILDREN_PER_CASELOAD + CHILDREN_UNALLOCATED_PER_TEAM


def authority_plan(children_wanted: int, layout: list[TeamSlot], keep: Iterable[str]) -> list[TeamSlot]:
    """The teams and generated practitioners to make for about `children_wanted` children.

    The full layout when its open work takes no more than half of them (the default 100,000 children). A smaller
    authority is narrower, not thinner: the demo teams and the team of every generated user in `keep` (the users the
    benchmark signs in as) stay, each with those users, filled up to the same number of practitioners per team as the
    children allow (at least one); if every such team is full, more teams of the plan follow in order. Each kept
    worker still gets a full caseload; the closed history fills the rest of the children."""
    keep = set(keep)
    full = sum(team_children(slot.demo_practitioners + len(slot.practitioners)) for slot in layout)
    budget = children_wanted * SMALL_OPEN_SHARE
    if full <= budget:
        return list(layout)
    core = [slot for slot in layout if slot.demo or keep.intersection(slot.practitioners)]

    def trimmed(slot: TeamSlot, size: int) -> TeamSlot:
        named = [name for name in slot.practitioners if name in keep]
        others = [name for name in slot.practitioners if name not in keep]
        room = max(0, size - slot.demo_practitioners - len(named))
        chosen = set(named) | set(others[:room])
        return replace(slot, practitioners=tuple(name for name in slot.practitioners if name in chosen))

    def cost(slots: list[TeamSlot]) -> int:
        return sum(team_children(slot.demo_practitioners + len(slot.practitioners)) for slot in slots)

    size = 1
    while size < PRACTITIONERS_PER_TEAM and cost([trimmed(slot, size + 1) for slot in core]) <= budget:
        size += 1
    kept = {slot.name: trimmed(slot, size) for slot in core}
    if size == PRACTITIONERS_PER_TEAM:
        spent = cost(list(kept.values()))
        for slot in layout:
            if slot.name not in kept and spent + cost([slot]) <= budget:
                kept[slot.name] = slot
                spent += cost([slot])
    return [kept[slot.name] for slot in layout if slot.name in kept]


@dataclass
class TeamInfo:
    pk: int
    name: str
    service: str
    manager_id: int
    practitioners: list[int] = field(default_factory=list)


@dataclass
class Family:
    surname: str
    children: list[int]
    child_born: dict[int, datetime.date]
    child_names: dict[int, str]
    adults: list[int]
    mother_name: str
    relationships: list[tuple[int, int, str, bool, bool]]  # person, relative, kind, lives_with, pr
    recorded: bool = False


class Authority:
    """Builds every row in memory as tuples in column order, then COPYs them in."""

    def __init__(self, *, seed: int, children_wanted: int, access_log_rows: int) -> None:
        from django.utils import timezone

        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        self.children_wanted = children_wanted
        self.access_log_rows = access_log_rows
        self.ids = {
            name: itertools.count(1)
            for name in (
                "person",
                "relationship",
                "case",
                "member",
                "allocation",
                "referral",
                "episode",
                "note",
                "note_child",
                "chronology",
                "grant",
                "assignment",
            )
        }
        self.rows: dict[str, list[tuple]] = {
            name: []
            for name in (
                "person",
                "relationship",
                "case",
                "member",
                "allocation",
                "referral",
                "episode",
                "note",
                "note_child",
                "chronology",
                "grant",
                "assignment",
            )
        }
        self.children_made = 0
        self._noon: dict[datetime.date, datetime.datetime] = {}
        self.user_names: dict[int, str] = {}
        self.long_children: list[int] = []
        from faker.providers.person.en_GB import Provider as Names

        self.surnames = weighted_names(Names.last_names)
        self.girls = weighted_names(Names.first_names_female)
        self.boys = weighted_names(Names.first_names_male)
        self.upn_serial = itertools.count(100)

    # -- helpers ------------------------------------------------------------------------------
    def noon(self, day: datetime.date) -> datetime.datetime:
        stamp = self._noon.get(day)
        if stamp is None:
            stamp = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=datetime.UTC)
            self._noon[day] = stamp
        return stamp

    def pick(self, table: tuple[list[str], list[float]]) -> str:
        return self.rng.choices(table[0], cum_weights=table[1])[0]

    def days_ago(self, low: int, high: int) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(low, high))

    # -- people -------------------------------------------------------------------------------
    def person(
        self,
        *,
        first: str,
        last: str,
        is_child: bool,
        born: datetime.date,
        sex: str,
        created_by: int,
        created_on: datetime.date,
        restricted: bool = False,
    ) -> int:
        from casemap.people.upn import UPN_AUTHORITY_CODES, upn_check_letter

        rng = self.rng
        pk = next(self.ids["person"])
        upn = ""
        if is_child and self.today.year - born.year >= 5 and rng.random() < 0.85:
            school = f"{rng.choice(sorted(UPN_AUTHORITY_CODES))}{rng.randint(1000, 9999)}"
            body = f"{school}{(born.year + 4) % 100:02d}{next(self.upn_serial) % 1000:03d}"
            upn = upn_check_letter(body) + body
        stamp = self.noon(created_on)
        disabilities = "[]" if not is_child or rng.random() > 0.06 else json.dumps([rng.choice(["COMM", "LD", "MOB"])])
        self.rows["person"].append(
            (
                pk,
                first,
                last,
                "",
                is_child,
                born,
                None,
                sex,
                rng.choice(
                    ["WBRI"] * 12 + ["WOTH", "MWBC", "AIND", "APKN", "ABAN", "BCRB", "BAFR", "CHNE", "OOTH", "NOBT"]
                ),
                upn,
                "",
                "",
                disabilities,
                rng.choice(LANGUAGES),
                f"{rng.randint(1, 240)} {rng.choice(STREETS)}",
                "",
                rng.choice(TOWNS),
                f"NB{rng.randint(1, 19)} {rng.randint(1, 9)}{''.join(rng.choices(POSTCODE_LETTERS, k=2))}",
                f"07{rng.randint(100000000, 999999999)}" if not is_child else "",
                restricted,
                last.lower(),
                first.lower(),
                stamp,
                created_by,
                stamp,
                created_by,
                None,
                None,
                "",
                1,
            )
        )
        return pk

    def family(self, *, service: str, opened: datetime.date, created_by: int, children: int | None = None) -> Family:
        rng = self.rng
        surname = self.pick(self.surnames)
        count = children or rng.choice([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 5])
        if service in {"youth_justice"}:
            age_range = (10 * 365, 17 * 365)
        elif service == "care_leaver":
            age_range = (16 * 365, 20 * 365)
        else:
            age_range = (30, 17 * 365)
        kids, born, names = [], {}, {}
        for _ in range(count):
            girl = rng.random() < 0.5
            first = self.pick(self.girls if girl else self.boys)
            day = opened - datetime.timedelta(days=rng.randint(*age_range))
            pk = self.person(
                first=first,
                last=surname,
                is_child=True,
                born=day,
                sex="F" if girl else "M",
                created_by=created_by,
                created_on=opened,
                restricted=rng.random() < 0.003,
            )
            kids.append(pk)
            born[pk] = day
            names[pk] = first
            self.children_made += 1
        eldest = min(born.values())
        adults, relationships = [], []

        def adult(first: str, sex: str, last: str = surname, older: int = 0) -> int:
            day = eldest - datetime.timedelta(days=rng.randint(17 * 365, 28 * 365) + older * 365)
            return self.person(
                first=first, last=last, is_child=False, born=day, sex=sex, created_by=created_by, created_on=opened
            )

        mother_name = self.pick(self.girls)
        if rng.random() < 0.95:
            mother = adult(mother_name, "F")
            adults.append(mother)
            relationships += [(kid, mother, "mother", True, True) for kid in kids]
        if rng.random() < 0.55:
            father = adult(self.pick(self.boys), "M", surname if rng.random() < 0.6 else self.pick(self.surnames))
            adults.append(father)
            lives = rng.random() < 0.6
            relationships += [(kid, father, "father", lives, True) for kid in kids]
        if rng.random() < 0.12:
            partner = adult(self.pick(self.boys), "M", self.pick(self.surnames))
            adults.append(partner)
            relationships += [(kid, partner, "parents_partner", True, False) for kid in kids]
        if rng.random() < 0.2:
            nan = adult(self.pick(self.girls), "F", older=rng.randint(18, 25))
            adults.append(nan)
            relationships += [(kid, nan, "grandparent", False, False) for kid in kids]
        for first, second in itertools.combinations(kids, 2):
            relationships.append((first, second, "sibling" if rng.random() < 0.8 else "half_sibling", True, False))
        return Family(surname, kids, born, names, adults, mother_name, relationships)

    def record_relationships(self, family: Family, *, on: datetime.date, by: int) -> None:
        if family.recorded:
            return
        family.recorded = True
        stamp = self.noon(on)
        children = set(family.children)
        for person, relative, kind, lives_with, pr in family.relationships:
            pk = next(self.ids["relationship"])
            self.rows["relationship"].append(
                (pk, person, relative, kind, lives_with, pr, "", stamp, by, stamp, by, None, None, "", 1)
            )
            summary = f"{kind.replace('_', ' ').capitalize()} recorded"
            for child in (person, relative):
                if child in children:
                    self.chronology(child, None, on, by, "relationship", summary, "", "people.relationship", pk)

    def chronology(
        self,
        person: int,
        case: int | None,
        day: datetime.date,
        by: int,
        kind: str,
        summary: str,
        detail: str,
        source_type: str,
        source_id: int,
    ) -> None:
        self.rows["chronology"].append(
            (
                next(self.ids["chronology"]),
                person,
                case,
                day,
                self.noon(day),
                by,
                kind,
                summary,
                detail,
                source_type,
                source_id,
            )
        )

    # -- cases --------------------------------------------------------------------------------
    def case(
        self,
        family: Family,
        team: TeamInfo,
        *,
        worker: int | None,
        service: str,
        opened: datetime.date,
        closed: datetime.date | None,
        notes: int,
        children: list[int] | None = None,
    ) -> int:
        rng = self.rng
        today = self.today
        children = children if children is not None else family.children
        pk = next(self.ids["case"])
        manager = team.manager_id
        front_door = worker or rng.choice(team.practitioners)
        end = closed or today
        pending = service == "referral"
        decided_on = min(opened + datetime.timedelta(days=rng.randint(0, 7)), end)
        opened_stamp = self.noon(opened)
        source, source_label = rng.choice(REFERRAL_SOURCES)
        report = rng.choice(REPORTS)
        self.record_relationships(family, on=opened, by=front_door)

        for child in children:
            self.rows["member"].append((next(self.ids["member"]), pk, child, "child", opened_stamp))
        for grown_up in family.adults:
            self.rows["member"].append((next(self.ids["member"]), pk, grown_up, "adult", opened_stamp))

        decision = "" if pending else ("early_help" if service == "early_help" else "assessment")
        nfa = closed is not None and not pending and (closed - opened).days < 40 and rng.random() < 0.5
        if nfa:
            decision = "nfa"
        referral_ids = {}
        for child in children:
            rid = next(self.ids["referral"])
            referral_ids[child] = rid
            self.rows["referral"].append(
                (
                    rid,
                    child,
                    pk,
                    opened,
                    source,
                    "",
                    report,
                    decision,
                    None if pending else decided_on,
                    None if pending else manager,
                    "" if pending else DECISION_REASONS[decision],
                    opened_stamp,
                    front_door,
                    opened_stamp,
                    front_door,
                    None,
                    None,
                    "",
                    1,
                )
            )
            self.chronology(
                child,
                pk,
                opened,
                front_door,
                "referral",
                f"Referral received from {source_label}",
                report,
                "cases.referral",
                rid,
            )

        # Allocation history: held in the team until the decision, then one or more workers.
        allocations: list[tuple[int | None, datetime.date]] = [(None, opened)]
        if worker is not None and not pending:
            earlier = [w for w in team.practitioners if w != worker]
            span = (end - decided_on).days
            # A worker alone in their team (a small authority's) has always held the case.
            changes = rng.choices([0, 1, 2], weights=[70, 22, 8])[0] if span > 120 and earlier else 0
            days = sorted(rng.sample(range(1, span), changes)) if changes else []
            for step, offset in enumerate([0, *days]):
                who = worker if step == changes else rng.choice(earlier)
                allocations.append((who, decided_on + datetime.timedelta(days=offset)))
        for index, (who, start) in enumerate(allocations):
            finish = allocations[index + 1][1] if index + 1 < len(allocations) else None
            aid = next(self.ids["allocation"])
            previous = allocations[index - 1][0] if index else None
            # Why the worker changed (the SSDA903 return's SW_REASON): none for the case's first worker. Drawn from
            # the row's id, not the random generator, so the rest of the authority is as it was.
            changed = who is not None and previous is not None and previous != who
            self.rows["allocation"].append(
                (
                    aid,
                    pk,
                    team.pk,
                    who,
                    self.noon(start),
                    self.noon(finish) if finish else None,
                    front_door if who is None else manager,
                    "Referral received" if index == 0 else "Allocated at team meeting",
                    SW_CHANGE_REASONS[aid * 7919 % len(SW_CHANGE_REASONS)] if changed else "",
                )
            )
            if who is not None:
                for child in children:
                    self.chronology(
                        child,
                        pk,
                        start,
                        manager,
                        "allocated",
                        f"Allocated to {self.user_names[who]} in {team.name}",
                        "",
                        "cases.case",
                        pk,
                    )

        if not pending:
            base = "early_help" if service == "early_help" else "child_in_need"
            need = rng.choice(["N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6", "N8"])
            changes_service = service not in {base} and not (service in STATUTORY and base in STATUTORY)
            changed_on = min(decided_on + datetime.timedelta(days=rng.randint(3, 30)), end)
            for child in children:
                eid = next(self.ids["episode"])
                ended = decided_on if nfa else (changed_on if changes_service else closed)
                reason = "RC8" if nfa else ("RC7" if changes_service else ("RC7" if closed else ""))
                self.rows["episode"].append(
                    (
                        eid,
                        pk,
                        child,
                        referral_ids[child],
                        base,
                        opened,
                        ended,
                        reason,
                        need,
                        self.noon(decided_on),
                        manager,
                        self.noon(decided_on),
                        manager,
                        None,
                        None,
                        "",
                        1,
                    )
                )
                label = {"nfa": "No further action", "early_help": "Early help", "assessment": "Assessment"}[decision]
                self.chronology(
                    child,
                    pk,
                    decided_on,
                    manager,
                    "referral_decision",
                    f"Referral decision: {label}",
                    "",
                    "cases.episode",
                    eid,
                )
                if changes_service:
                    eid = next(self.ids["episode"])
                    self.rows["episode"].append(
                        (
                            eid,
                            pk,
                            child,
                            None,
                            service,
                            changed_on,
                            closed,
                            "RC7" if closed else "",
                            "N0",
                            self.noon(changed_on),
                            manager,
                            self.noon(changed_on),
                            manager,
                            None,
                            None,
                            "",
                            1,
                        )
                    )
                if service != base and not nfa:
                    self.chronology(
                        child,
                        pk,
                        changed_on,
                        manager,
                        "episode_started",
                        f"Service changed from {SERVICE_LABELS[base]} to {SERVICE_LABELS[service]}",
                        "",
                        "cases.case",
                        pk,
                    )

        # Case notes from the decision to today or the closure, each about all or one of the children.
        last_visit = None
        if notes and not pending and not nfa:
            span = max(1, (end - decided_on).days)
            days = sorted(rng.randint(1, span) for _ in range(notes))
            writers = [who for who, _ in allocations if who is not None] or [front_door]
            for offset in days:
                day = min(decided_on + datetime.timedelta(days=offset), end)
                kind, label, is_visit = rng.choices(NOTE_KINDS, weights=NOTE_KIND_WEIGHTS)[0]
                about = children if len(children) == 1 or rng.random() < 0.7 else [rng.choice(children)]
                seen = is_visit and rng.random() < 0.85
                alone = seen and rng.random() < 0.35
                text = rng.choice(NOTE_TEXTS).format(child=family.child_names[about[0]])
                author = manager if kind == "management_oversight" else rng.choice(writers)
                nid = next(self.ids["note"])
                stamp = self.noon(day)
                self.rows["note"].append(
                    (nid, pk, kind, day, "", seen, alone, text, stamp, author, stamp, author, None, None, "", 1)
                )
                summary = f"{label}{' (child seen alone)' if alone else ' (child seen)' if seen else ''}"
                for child in about:
                    self.rows["note_child"].append((next(self.ids["note_child"]), nid, child))
                    self.chronology(
                        child, pk, day, author, "visit" if is_visit else "note", summary, text, "cases.casenote", nid
                    )
                if seen and (last_visit is None or day > last_visit):
                    last_visit = day

        reason = "RC8" if nfa else ("RC7" if closed else "")
        if closed:
            for child in children:
                self.chronology(
                    child,
                    pk,
                    closed,
                    manager,
                    "case_closed",
                    "Case closed: "
                    + (
                        "Case closed after assessment, no further action"
                        if nfa
                        else "Services ceased for any other reason, including child no longer in need"
                    ),
                    "",
                    "cases.case",
                    pk,
                )
        family_name = f"{family.mother_name} {family.surname}'s family"
        final_service = "child_in_need" if nfa else service
        self.rows["case"].append(
            (
                pk,
                final_service,
                team.pk,
                worker,
                opened,
                closed,
                reason,
                family_name,
                last_visit,
                opened_stamp,
                front_door,
                self.noon(end),
                manager,
                None,
                None,
                "",
                1,
            )
        )
        return pk

    # -- the whole authority ------------------------------------------------------------------
    def build(self, teams: list[TeamInfo], sally: int, special_users: dict[str, int]) -> None:
        rng = self.rng
        today = self.today

        def open_duration() -> int:
            band = rng.random()
            if band < 0.30:
                return rng.randint(10, 90)
            if band < 0.82:
                return rng.randint(90, 500)
            return rng.randint(500, 1500)

        def notes_for(days: int, *, closed: bool = False) -> int:
            if rng.random() < 0.005:  # long-running cases: hundreds of entries
                return rng.randint(100, 350)
            if closed:  # the closed history is recorded more thinly than today's open work
                return min(30, int(days / rng.uniform(50, 100)))
            return min(60, int(days / rng.uniform(28, 55)))

        def pick_service(team: TeamInfo) -> str:
            options = TEAM_CASE_SERVICES[team.service]
            return rng.choices([s for s, _ in options], weights=[w for _, w in options])[0]

        def earlier_case(family: Family, team: TeamInfo, before: datetime.date) -> None:
            closed = before - datetime.timedelta(days=rng.randint(60, 900))
            opened = closed - datetime.timedelta(days=rng.randint(20, 300))
            kids = [kid for kid in family.children if family.child_born[kid] < opened]
            if not kids:
                return
            earlier_team = rng.choice(teams)
            self.case(
                family,
                earlier_team,
                worker=rng.choice(earlier_team.practitioners),
                service=pick_service(earlier_team),
                opened=opened,
                closed=closed,
                notes=notes_for((closed - opened).days, closed=True),
                children=kids,
            )

        # Sally first: a long-running single-child case with a very long chronology, then 19 more.
        cp_team = next(team for team in teams if sally in team.practitioners)
        opened = today - datetime.timedelta(days=6 * 365)
        family = self.family(service="child_in_need", opened=opened, created_by=sally, children=1)
        self.case(
            family,
            cp_team,
            worker=sally,
            service="child_in_need",
            opened=opened,
            closed=None,
            notes=SALLY_LONG_CHRONOLOGY_NOTES,
        )
        self.long_children.append(family.children[0])

        say("generating open caseloads")
        for team in teams:
            for worker in team.practitioners:
                wanted = SALLY_OPEN_CASES - 1 if worker == sally else rng.randint(*OPEN_CASES_PER_WORKER)
                for _ in range(wanted):
                    service = pick_service(team)
                    days = open_duration()
                    opened = today - datetime.timedelta(days=days)
                    family = self.family(service=service, opened=opened, created_by=worker)
                    if rng.random() < 0.12:
                        earlier_case(family, team, opened)
                    self.case(
                        family, team, worker=worker, service=service, opened=opened, closed=None, notes=notes_for(days)
                    )
            # A few cases held unallocated in the team: new referrals at the front door.
            for _ in range(rng.randint(2, 12)):
                service = "referral" if team.service == "assessment" else pick_service(team)
                opened = self.days_ago(0, 20)
                family = self.family(service=service, opened=opened, created_by=team.practitioners[0])
                self.case(family, team, worker=None, service=service, opened=opened, closed=None, notes=0)
        say(f"open cases done: {len(self.rows['case']):,} cases, {self.children_made:,} children")

        say("generating closed cases (the authority's history)")
        while self.children_made < self.children_wanted:
            team = rng.choice(teams)
            service = pick_service(team)
            band = rng.random()
            length = (
                rng.randint(10, 45) if band < 0.4 else rng.randint(60, 400) if band < 0.85 else rng.randint(400, 1500)
            )
            closed = self.days_ago(1, 8 * 365)
            opened = closed - datetime.timedelta(days=length)
            family = self.family(service=service, opened=opened, created_by=rng.choice(team.practitioners))
            if rng.random() < 0.08:
                earlier_case(family, team, opened)
            self.case(
                family,
                team,
                worker=rng.choice(team.practitioners),
                service=service,
                opened=opened,
                closed=closed,
                notes=notes_for(length, closed=True),
            )
            if len(self.rows["case"]) % 10000 == 0:
                say(
                    f"  {len(self.rows['case']):,} cases, {self.children_made:,} children, "
                    f"{len(self.rows['chronology']):,} chronology entries"
                )

        # Restricted children on open cases: their allocated worker has a grant, so the case still shows.
        people = self.rows["person"]
        case_worker = {row[0]: (row[3], row[5]) for row in self.rows["case"]}
        restricted = {row[0] for row in people if row[19]}
        granted = set()
        for _, case_id, person_id, _role, _ in self.rows["member"]:
            worker, closed = case_worker[case_id]
            if person_id in restricted and worker and closed is None and (person_id, worker) not in granted:
                granted.add((person_id, worker))
                self.rows["grant"].append(
                    (
                        next(self.ids["grant"]),
                        person_id,
                        worker,
                        special_users["grace"],
                        "Staff relative: allocated worker only",
                        self.noon(today),
                        None,
                        None,
                    )
                )
        # A conference chair and an auditor assigned to some cases.
        open_cp = [row[0] for row in self.rows["case"] if row[1] == "child_protection" and row[5] is None]
        for user, purpose, count in (("hannah", "Child protection conference", 40), ("liam", "Practice audit", 60)):
            for case_id in rng.sample(open_cp, min(count, len(open_cp))):
                self.rows["assignment"].append(
                    (
                        next(self.ids["assignment"]),
                        case_id,
                        special_users[user],
                        purpose,
                        special_users["dana"],
                        self.days_ago(0, 60),
                        None,
                    )
                )


# --------------------------------------------------------------------------------------------
# Writing


def defaults_for_missing(model, columns: Sequence[str]) -> dict[str, object]:
    """The required columns that `columns` leaves out, each with the fixed default its field declares (a flag with
    `default=False`, say), as a save through the ORM would write it. A required column left out with no default, or
    a computed one, is refused: the generator must write it."""
    from django.db.models.fields import NOT_PROVIDED

    required = {f.column: f for f in model._meta.concrete_fields if not f.null and f.db_default is NOT_PROVIDED}
    defaults = {column: required[column].default for column in sorted(set(required) - set(columns))}
    refused = [column for column, default in defaults.items() if default is NOT_PROVIDED or callable(default)]
    if refused:
        raise RuntimeError(f"{model._meta.db_table}: no value for required columns {refused}")
    return defaults


def copy_rows(cursor, model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY rows into the model's table; the columns must cover every required column (`defaults_for_missing`)."""
    defaults = defaults_for_missing(model, columns)
    filled = tuple(defaults.values())
    count = 0
    with cursor.copy(f"COPY {model._meta.db_table} ({', '.join([*columns, *defaults])}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((*row, *filled) if filled else row)
            count += 1
    return count


def access_log_rows(count: int, *, users: list[int], people: int, today: datetime.date, seed: int):
    """Prefilled access-log rows with a valid keyed hash chain, oldest first, ending yesterday, hashed by the
    model itself so the benchmark's chain is the application's."""
    from django.conf import settings

    from casemap.access.models import AccessLogEntry, HashScheme, access_log_key_id
    from casemap.access.services import GENESIS_HASH

    key = settings.ACCESS_LOG_KEY
    key_id = access_log_key_id(key)
    rng = random.Random(seed + 1)
    start = datetime.datetime.combine(today - datetime.timedelta(days=730), datetime.time(8), tzinfo=datetime.UTC)
    step = datetime.timedelta(days=729) / max(count, 1)
    previous = GENESIS_HASH
    for index in range(1, count + 1):
        person_id = rng.randint(1, people)
        entry = AccessLogEntry(
            at=start + step * index,
            user_id=rng.choice(users),
            action="view",
            person_id=person_id,
            record_type="person",
            record_id=str(person_id),
            detail=rng.choice(["summary", "summary", "timeline", "family", "episodes"]),
            ip_address=f"10.20.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            user_agent="Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
            previous_hash=previous,
            hash_scheme=HashScheme.HMAC_SHA256,
            key_id=key_id,
        )
        entry.entry_hash = entry.compute_hash(key=key.encode())
        yield (
            index,
            entry.at,
            entry.user_id,
            entry.action,
            entry.person_id,
            entry.record_type,
            entry.record_id,
            entry.detail,
            entry.ip_address,
            entry.user_agent,
            entry.previous_hash,
            entry.entry_hash,
            entry.hash_scheme,
            entry.key_id,
        )
        previous = entry.entry_hash


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--children", type=int, default=int(os.environ.get("BENCH_CHILDREN", 100_000)))
    parser.add_argument(
        "--access-log-rows", type=int, default=None, help="default: five per child wanted, at most 500,000"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="allow a database whose name lacks 'bench'")
    parser.add_argument(
        "--if-missing",
        action="store_true",
        help="leave the database as it is if a finished run already wrote an authority into it",
    )
    args = parser.parse_args()
    if args.access_log_rows is None:
        args.access_log_rows = min(500_000, 5 * args.children)

    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(40))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")

    if args.if_missing and (found := finished_authority(url)):
        print(f"Kept the database at {url}: {found}")
        return
    say(f"recreating the database at {url}")
    recreate_database(url, force=args.force)

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.models import Count

    from bench.generate_audits import generate_audits
    from bench.generate_care import generate_care
    from bench.generate_feedback import generate_feedback
    from bench.generate_maps import generate_maps
    from bench.generate_meetings import generate_meetings
    from bench.generate_supervision import generate_supervision
    from bench.run_benchmark import MANAGERS, PRACTITIONERS
    from casemap.access.models import AccessLogEntry, CaseAssignment, RestrictedAccessGrant
    from casemap.accounts.demo import DEMO_PASSWORD, demo_personas_create
    from casemap.accounts.models import Role, Team, User
    from casemap.cases.models import Allocation, Case, CaseMember, CaseNote, ChronologyEntry, Episode, Referral
    from casemap.people.models import Person, Relationship

    say("migrating")
    call_command("migrate", interactive=False, verbosity=0)

    say("creating teams and users")
    rng = random.Random(args.seed)
    from faker.providers.person.en_GB import Provider as Names

    personas = demo_personas_create()
    password = make_password(DEMO_PASSWORD)
    demo_practitioners = {
        team.name: User.objects.filter(team=team, role=Role.PRACTITIONER).count() for team in Team.objects.all()
    }
    layout = team_layout(demo_practitioners)
    plan = authority_plan(args.children, layout, [*PRACTITIONERS, *MANAGERS])
    kept = {slot.name: slot for slot in plan}
    kept_users = {name for slot in plan for name in (slot.manager, *slot.practitioners) if name}
    # The names are drawn for every user of the full layout, in its order, and only the kept ones made: a smaller
    # authority's users are the large one's, with the same names, teams and service managers.
    service_managers = [personas["grace"]]
    lines = {slot.service_manager for slot in plan}
    for number in range(1, SERVICE_MANAGERS + 1):
        first_name = rng.choice(list(Names.first_names_female))
        last_name = rng.choice(list(Names.last_names))
        service_managers.append(
            User.objects.create(
                username=f"sm{number}",
                first_name=first_name,
                last_name=last_name,
                role=Role.SERVICE_MANAGER,
                job_title="Service manager",
                password=password,
            )
            if number in lines
            else None
        )
    demo_teams = {team.name: team for team in Team.objects.all()}
    teams: dict[str, Team] = {}
    for slot in layout:
        if slot.demo:
            teams[slot.name] = demo_teams[slot.name]
        elif slot.name in kept:
            teams[slot.name] = Team.objects.create(name=slot.name, service=slot.service)
    new_users = []
    for slot in layout:
        team = teams.get(slot.name)
        if slot.manager:
            first_name = rng.choice(list(Names.first_names_female))
            last_name = rng.choice(list(Names.last_names))
            if slot.manager in kept_users:
                team.manager = User.objects.create(
                    username=slot.manager,
                    first_name=first_name,
                    last_name=last_name,
                    role=Role.TEAM_MANAGER,
                    team=team,
                    job_title="Team manager",
                    password=password,
                )
        for username in slot.practitioners:
            girl = rng.random() < 0.7
            first_name = rng.choice(list(Names.first_names_female if girl else Names.first_names_male))
            last_name = rng.choice(list(Names.last_names))
            if username in kept_users:
                new_users.append(
                    User(
                        username=username,
                        first_name=first_name,
                        last_name=last_name,
                        role=Role.PRACTITIONER,
                        team=team,
                        job_title="Social worker",
                        password=password,
                    )
                )
    User.objects.bulk_create(new_users, batch_size=500)
    for slot in plan:
        team = teams[slot.name]
        team.service_manager = service_managers[slot.service_manager]
        team.save()
    if len(plan) < len(layout):
        say(
            f"a smaller authority for {args.children:,} children: {len(plan)} of the {len(layout)} teams, "
            f"{sum(slot.demo_practitioners + len(slot.practitioners) for slot in plan)} practitioners"
        )

    team_infos = []
    for team in Team.objects.all().order_by("pk"):
        practitioners = list(
            User.objects.filter(team=team, role=Role.PRACTITIONER).order_by("pk").values_list("pk", flat=True)
        )
        team_infos.append(TeamInfo(team.pk, team.name, team.service, team.manager_id, practitioners))
    say(
        f"{len(team_infos)} teams, {User.objects.count()} users "
        f"({User.objects.filter(role=Role.PRACTITIONER).count()} practitioners)"
    )

    authority = Authority(seed=args.seed, children_wanted=args.children, access_log_rows=args.access_log_rows)
    authority.user_names = {user.pk: user.get_full_name() for user in User.objects.all()}
    authority.build(team_infos, personas["sally"].pk, {name: user.pk for name, user in personas.items()})
    rows = authority.rows
    say(
        f"generated in memory: {len(rows['person']):,} people ({authority.children_made:,} children), "
        f"{len(rows['case']):,} cases, {len(rows['chronology']):,} chronology entries"
    )

    plan = [
        (
            Person,
            "person",
            [
                "id",
                "first_name",
                "last_name",
                "known_as",
                "is_child",
                "date_of_birth",
                "expected_birth_date",
                "sex",
                "ethnicity",
                "upn",
                "upn_unknown_reason",
                "former_identifier",
                "disabilities",
                "first_language",
                "address_line_1",
                "address_line_2",
                "town",
                "postcode",
                "phone",
                "is_restricted",
                "search_last_name",
                "search_first_name",
            ],
        ),
        (
            Relationship,
            "relationship",
            ["id", "person_id", "relative_id", "kind", "lives_with", "has_parental_responsibility", "notes"],
        ),
        (
            Case,
            "case",
            [
                "id",
                "service",
                "team_id",
                "allocated_worker_id",
                "opened_on",
                "closed_on",
                "closure_reason",
                "family_name",
                "last_visit_on",
            ],
        ),
        (CaseMember, "member", ["id", "case_id", "person_id", "role", "added_at"]),
        (
            Allocation,
            "allocation",
            [
                "id",
                "case_id",
                "team_id",
                "worker_id",
                "started_at",
                "ended_at",
                "allocated_by_id",
                "reason",
                "change_reason",
            ],
        ),
        (
            Referral,
            "referral",
            [
                "id",
                "child_id",
                "case_id",
                "received_on",
                "source",
                "referrer_name",
                "what_was_reported",
                "decision",
                "decided_on",
                "decided_by_id",
                "decision_reasons",
            ],
        ),
        (
            Episode,
            "episode",
            [
                "id",
                "case_id",
                "child_id",
                "referral_id",
                "service",
                "started_on",
                "ended_on",
                "closure_reason",
                "primary_need",
            ],
        ),
        (
            CaseNote,
            "note",
            ["id", "case_id", "kind", "occurred_on", "present", "child_seen", "child_seen_alone", "text"],
        ),
        (CaseNote.children.through, "note_child", ["id", "casenote_id", "person_id"]),
        (
            ChronologyEntry,
            "chronology",
            [
                "id",
                "person_id",
                "case_id",
                "occurred_on",
                "recorded_at",
                "recorded_by_id",
                "kind",
                "summary",
                "detail",
                "source_type",
                "source_id",
            ],
        ),
        (
            RestrictedAccessGrant,
            "grant",
            ["id", "person_id", "user_id", "granted_by_id", "reason", "granted_at", "expires_at", "revoked_at"],
        ),
        (
            CaseAssignment,
            "assignment",
            ["id", "case_id", "user_id", "purpose", "assigned_by_id", "starts_on", "ends_on"],
        ),
    ]
    recorded = [
        "created_at",
        "created_by_id",
        "modified_at",
        "modified_by_id",
        "archived_at",
        "archived_by_id",
        "archive_reason",
        "version",
    ]
    recorded_models = {Person, Relationship, Case, Referral, Episode, CaseNote}
    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor  # the psycopg 3 cursor underneath
        raw.execute("SET synchronous_commit = off")
        raw.execute("SET maintenance_work_mem = '1GB'")
        for model, key, columns in plan:
            if model in recorded_models:
                columns = columns + recorded
            started = time.perf_counter()
            with transaction.atomic():
                count = copy_rows(raw, model, columns, rows[key])
            say(f"copied {count:>9,} rows into {model._meta.db_table} ({time.perf_counter() - started:.1f}s)")
            rows[key] = []  # free the memory as we go
            table = model._meta.db_table  # our own models' table names, not input
            raw.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 1))"  # noqa: S608
            )
        if args.access_log_rows:
            started = time.perf_counter()
            user_ids = list(User.objects.exclude(role=Role.ADMINISTRATOR).values_list("pk", flat=True))
            with transaction.atomic():
                count = copy_rows(
                    raw,
                    AccessLogEntry,
                    [
                        "id",
                        "at",
                        "user_id",
                        "action",
                        "person_id",
                        "record_type",
                        "record_id",
                        "detail",
                        "ip_address",
                        "user_agent",
                        "previous_hash",
                        "entry_hash",
                        "hash_scheme",
                        "key_id",
                    ],
                    access_log_rows(
                        args.access_log_rows,
                        users=user_ids,
                        people=authority.children_made,
                        today=authority.today,
                        seed=args.seed,
                    ),
                )
            raw.execute(f"SELECT setval(pg_get_serial_sequence('{AccessLogEntry._meta.db_table}', 'id'), {count})")
            say(f"copied {count:>9,} rows into {AccessLogEntry._meta.db_table} ({time.perf_counter() - started:.1f}s)")
        # Signs of Safety maps on a few thousand of these cases, and large ones for the benchmark's users.
        generate_maps(seed=args.seed)
        # Statutory records and meetings on the open and recently closed cases, a large conference for the team.
        generate_meetings(seed=args.seed, analyze=False)
        # Supervision profiles, a year of personal and case supervision, leave and open actions.
        generate_supervision(seed=args.seed, analyze=False)
        # Feedback: a year of answers to the default surveys, with their invitations and safety tasks.
        generate_feedback(seed=args.seed, analyze=False)
        # Practice audits: a year of completed audits with their scores, some moderated.
        generate_audits(seed=args.seed, analyze=False)
        # Children in care: periods, episodes, reviews, missing, adoption and outcomes on the child in care cases.
        generate_care(seed=args.seed, analyze=False)
        say("VACUUM ANALYZE")
        raw.execute("VACUUM ANALYZE")

    children = Person.objects.filter(is_child=True).count()
    entries = ChronologyEntry.objects.count()
    sally = personas["sally"]
    sally_open = Case.objects.filter(allocated_worker=sally, closed_on__isnull=True).count()
    longest = (
        ChronologyEntry.objects.filter(person_id__in=authority.long_children)
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    say("done")
    print(f"  people: {Person.objects.count():,} ({children:,} children)")
    print(f"  cases: {Case.objects.count():,} ({Case.objects.filter(closed_on__isnull=True).count():,} open)")
    print(f"  chronology entries: {entries:,} ({entries / children:.1f} per child)")
    print(
        f"  sally: {sally_open} open cases; her long-chronology child P{longest['person_id']:07d} has "
        f"{longest['n']} entries"
    )
    print(f"  sign in as sally, dana, ... (or any sw###/tm###/sm#) with the password {DEMO_PASSWORD!r}")
    mark_finished(
        url,
        f"{children:,} children ({args.children:,} asked), {len(team_infos)} teams, seed {args.seed}, "
        f"made {authority.today.isoformat()}",
    )
    print(f"Total time: {time.perf_counter() - STARTED:.0f}s")


if __name__ == "__main__":
    main()
