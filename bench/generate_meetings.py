"""Statutory records and meetings for the synthetic authority: a step of bench/generate_authority.py, after the maps.

    .venv/bin/python bench/generate_meetings.py   # on its own: replaces the records and meetings of a casemap_bench

Writes, with PostgreSQL COPY, the rows the statutory and meetings services would have written
(casemap/cases/services/statutory.py, casemap/meetings/services/arranging.py), for the open cases and for the cases
closed in the last three years (earlier history has none, as if the authority began recording them then):

* an assessment for each child on a child in need, child protection or child in care case, started on the day the
  referral was decided and authorised by the team manager within 15-70 working days (a few late); those still in
  progress are unauthorised, and a few older ones were never authorised, so they are overdue;
* child in need cases: the assessment's child in need plan, with child in need reviews (the first within 10
  working days, then every 12 weeks); one in four had a section 47 enquiry that needed no conference; a few open
  ones have a section 47 enquiry open now, its initial conference arranged or still to arrange;
* child protection cases: a strategy discussion about the family's children, a section 47 enquiry for each, the
  initial conference (15 working days on, a fifth of them late, a few adjourned and met again within 10 working
  days), a child protection plan for each child from the conference's date, then core groups (the first within
  10 working days of a conference, then every 6 weeks) and review conferences (3 months, then 6), each held on or
  a little before its due date, some late, a few core groups cancelled and held again; the next ones arranged in
  the weeks ahead, a few not arranged though due. Plans on closed cases ended at the last review. Long-running
  cases had a child in need plan first;
* every meeting's due date as the service works it out when it is arranged (casemap.meetings.timescales, with
  the working-day calendar), from the meetings held before it; conferences never on a weekend;
* conferences chaired by one of eight conference chairs (hannah and cc001-cc007), each conference assigning
  its chair to the case as `_assign_chair` does (ended once the record is due, 30 days after it);
* invitees chosen from the record as the services do (the worker and the chair, the family on the case,
  professionals on the case from a pool of local agencies, staff): 6-12 at a conference, 4-8 at a core group,
  3-6 at a child in need review, with attendance for the meetings held, each held conference quorate;
* for the benchmark's own team (sally's and dana's), one LARGE review conference in progress today: 20 invitees,
  3 children, attendance recorded; and a small one beside it about as many children with 6 invitees;
* the timeline entries the services would have written for all of these.

Not written, as for the rest of the generated authority: simple-history rows and access-log entries; conference
decisions, agency reports and scores.
"""

import datetime
import json
import os
import random
import secrets
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/casemap_bench"
STARTED = time.perf_counter()
LONDON = ZoneInfo("Europe/London")

HISTORY_DAYS = 3 * 365  # closed cases with statutory records: those closed in the last three years
CHAIRS = 8  # hannah and cc001-cc007
LARGE_INVITEES = 20
SMALL_INVITEES = 6
LARGE_CHILDREN = 3
PROFESSIONAL_POOL = 1500
JSON_COLUMNS = {"factors", "excluded_from"}
CATEGORIES = ["NEG"] * 50 + ["EMO"] * 35 + ["PHY"] * 8 + ["SAB"] * 4 + ["MUL"] * 3
FACTORS = ["3A", "3B", "4B", "16A", "17A", "1B", "2B", "18C", "10A", "11A", "24A", "6B", "20"]
# (agency, kind as Agency.kind, roles); the invitee's agency type is worked out from these as the service does.
AGENCIES = [
    ("Northbridge Health Visiting Service", "health", ["Health visitor"]),
    ("Riverside Surgery", "health", ["GP", "Practice nurse"]),
    ("Moorland Medical Practice", "health", ["GP"]),
    ("County School Nursing Service", "health", ["School nurse"]),
    ("Northbridge General Hospital", "hospital", ["Paediatrician", "Midwife"]),
    ("Northbridge Primary School", "school", ["Designated safeguarding lead", "Class teacher"]),
    ("Eastholme Academy", "school", ["Designated safeguarding lead", "Head of year"]),
    ("Westcombe High School", "school", ["Designated safeguarding lead", "Pastoral lead"]),
    ("St Mary's C of E Primary School", "school", ["Designated safeguarding lead", "Headteacher"]),
    ("Southmoor Nursery", "nursery", ["Nursery key worker"]),
    ("County Police", "police", ["Police officer", "Detective constable"]),
    ("County Probation Service", "probation", ["Probation officer"]),
    ("Turning Point drug and alcohol service", "drug and alcohol", ["Recovery worker"]),
    ("Adult Community Mental Health Team", "adult mental health", ["Community psychiatric nurse"]),
    ("Northbridge Homes", "housing", ["Housing officer"]),
    ("NSPCC", "charity", ["Family support worker"]),
    ("Women's Aid", "charity", ["Domestic abuse advocate"]),
    ("County Legal Services", "legal", ["Solicitor"]),
]
AGENCY_WEIGHTS = [10, 8, 6, 5, 3, 10, 7, 6, 6, 4, 9, 2, 3, 3, 3, 3, 3, 1]
VENUES = [
    "Room 2, Civic Centre",
    "Conference room, Northbridge Family Centre",
    "Microsoft Teams (the link is in the invitation)",
    "Meeting room 4, Eastholme Children's Services",
    "Westcombe Children's Centre",
]
CORE_GROUP_VENUES = ["The school's meeting room", "Northbridge Family Centre", "Microsoft Teams", "The GP surgery"]
STRATEGY_REASONS = [
    "Police attended a domestic incident; the children were in the home and one was hurt.",
    "The child told a teacher they were hit at home; there is a mark on their arm.",
    "Repeated reports of the children left alone at night and no food in the house.",
    "The baby was brought to A&E with an injury the parents cannot explain.",
]
NOT_REQUIRED_REASONS = {
    "cin": "The enquiry found the children in need of support, not at risk of significant harm: a child in need "
    "plan with the family's agreement.",
    "nfa": "The enquiry found no evidence of significant harm; the family have the early help offer.",
}
CANCEL_REASONS = ["The family were unwell and asked to move it.", "Too few agencies could come on the day."]
INTERIM_PLANS = ["Grandma to stay at the house every night; the worker to visit twice a week until it meets again."]
CHILDS_VIEWS = [
    "{child} said they want the shouting to stop and to see their dad at weekends.",
    "{child} drew their three houses: the worries were about nights when mum drinks.",
    "{child} told the advocate they feel safe at nan's and want to stay there at weekends.",
]
END_REASONS = ["no_longer_at_risk"] * 85 + ["in_care"] * 10 + ["moved_away"] * 5
CATEGORY_LABELS = {
    "NEG": "Neglect",
    "PHY": "Physical abuse",
    "SAB": "Sexual abuse",
    "EMO": "Emotional abuse",
    "MUL": "Multiple categories",
}
KIND_LABELS = {
    "icpc": "Initial child protection conference",
    "rcpc": "Review child protection conference",
    "core_group": "Core group",
    "cin_review": "Child in need review",
}
OUTCOME_LABELS = {
    "nfa": "No further action",
    "cin_plan": "Child in need plan",
    "strategy": "Strategy discussion (section 47)",
    "care": "The child comes into care",
}
END_LABELS = {
    "no_longer_at_risk": "The child is no longer at risk of significant harm",
    "in_care": "The child came into care",
    "moved_away": "The child moved to another authority",
}
TABLES = [
    "agency",
    "professional",
    "case_professional",
    "assessment",
    "strategy",
    "strategy_child",
    "enquiry",
    "plan",
    "cin_plan",
    "meeting",
    "meeting_child",
    "invitee",
    "assignment",
    "chronology",
]


def say(message: str) -> None:
    print(f"[meetings {time.perf_counter() - STARTED:6.1f}s] {message}", flush=True)


@dataclass
class Child:
    pk: int
    first_name: str
    full_name: str
    born: datetime.date
    referral_id: int | None = None


@dataclass
class Adult:
    pk: int
    full_name: str
    parent: bool
    language: str


@dataclass
class CaseFacts:
    """What the services would know of a case when its statutory work was recorded."""

    pk: int
    service: str
    team_id: int
    worker: int | None
    manager: int
    opened_on: datetime.date
    closed_on: datetime.date | None
    closure_reason: str
    decided_on: datetime.date | None
    children: list[Child] = field(default_factory=list)
    adults: list[Adult] = field(default_factory=list)
    episodes: dict[int, list[tuple[int, str, datetime.date]]] = field(
        default_factory=dict
    )  # child -> (id, service, from)


@dataclass
class Held:
    """A meeting as the rules that follow it see it."""

    pk: int
    kind: str
    held_on: datetime.date


@dataclass
class Staff:
    names: dict[int, str]  # user id -> str(user), as the services write it
    team_names: dict[int, str]  # user id -> their team's name, for staff invitees
    chairs: list[int]


def read_cases(today: datetime.date, *, history_days: int = HISTORY_DAYS) -> list[CaseFacts]:
    """The statutory cases open now or closed in the last `history_days`, with their children, adults, referrals
    and episodes, read through the ORM (so a test can run it on any database)."""
    from django.db.models import Min, Q

    from casemap.accounts.models import Team
    from casemap.cases.models import Case, CaseMember, Episode, Referral
    from casemap.people.models import Relationship

    managers = dict(Team.objects.values_list("pk", "manager_id"))
    since = today - datetime.timedelta(days=history_days)
    cases = (
        Case.objects.filter(
            service__in=["child_in_need", "child_protection", "child_in_care"], archived_at__isnull=True
        )
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=since))
        .annotate(decided=Min("referrals__decided_on"))
        .order_by("pk")
        .values_list(
            "pk", "service", "team_id", "allocated_worker_id", "opened_on", "closed_on", "closure_reason", "decided"
        )
    )
    facts = {
        row[0]: CaseFacts(row[0], row[1], row[2], row[3], managers[row[2]] or row[3], row[4], row[5], row[6], row[7])
        for row in cases
        if managers[row[2]] or row[3]
    }
    ids = list(facts)
    parents = set(Relationship.objects.filter(kind__in=["mother", "father"]).values_list("relative_id", flat=True))
    members = (
        CaseMember.objects.filter(case_id__in=ids)
        .order_by("case_id", "person__date_of_birth", "pk")
        .values_list(
            "case_id",
            "role",
            "person_id",
            "person__first_name",
            "person__last_name",
            "person__date_of_birth",
            "person__first_language",
        )
    )
    for case_id, role, person_id, first, last, born, language in members:
        if role == "child":
            facts[case_id].children.append(Child(person_id, first, f"{first} {last}", born))
        else:
            facts[case_id].adults.append(Adult(person_id, f"{first} {last}", person_id in parents, language))
    referrals = Referral.objects.filter(case_id__in=ids).order_by("pk").values_list("case_id", "child_id", "pk")
    for case_id, child_id, pk in referrals:
        for child in facts[case_id].children:
            if child.pk == child_id and child.referral_id is None:
                child.referral_id = pk
    episodes = (
        Episode.objects.filter(case_id__in=ids)
        .order_by("case_id", "child_id", "started_on", "pk")
        .values_list("case_id", "child_id", "pk", "service", "started_on")
    )
    for case_id, child_id, pk, service, started in episodes:
        facts[case_id].episodes.setdefault(child_id, []).append((pk, service, started))
    return [case for case in facts.values() if case.children]


def read_staff() -> Staff:
    from casemap.accounts.models import Role, User

    names, team_names = {}, {}
    for user in User.objects.select_related("team"):
        names[user.pk] = str(user)
        team_names[user.pk] = user.team.name if user.team_id else "Children's social care"
    chairs = list(User.objects.filter(role=Role.CONFERENCE_CHAIR).order_by("pk").values_list("pk", flat=True))
    return Staff(names, team_names, chairs)


def chairs_create() -> None:
    """Conference chairs for the authority: hannah (a demo persona) and seven more, with hannah's password."""
    from casemap.accounts.models import Role, User

    hannah = User.objects.filter(username="hannah").first()
    have = User.objects.filter(role=Role.CONFERENCE_CHAIR).count()
    names = [("Ruth", "Ellison"), ("Mark", "Oduya"), ("Joanne", "Pike"), ("Samira", "Haq"), ("Peter", "Lowe")]
    names += [("Claire", "Batty"), ("Nadia", "Rowe")]
    for number, (first, last) in enumerate(names[: max(0, CHAIRS - have)], start=1):
        User.objects.get_or_create(
            username=f"cc{number:03d}",
            defaults={
                "first_name": first,
                "last_name": last,
                "role": Role.CONFERENCE_CHAIR,
                "job_title": "Child protection conference chair",
                "password": hannah.password if hannah else "!",
            },
        )


def bench_cases(cases: list[CaseFacts], worker: int | None, today: datetime.date) -> dict[int, str]:
    """The benchmark team's large conference and the small one to compare it with: open child protection cases
    with three children, the worker's own if they have them, else their team's."""
    if worker is None:
        return {}
    mine = [case for case in cases if case.worker == worker]
    if not mine:
        return {}
    team = mine[0].team_id
    candidates = [
        case
        for case in cases
        if case.team_id == team and case.closed_on is None and case.service == "child_protection" and case.worker
    ]
    # Open long enough for a plan with its reviews and core groups behind it.
    settled = today - datetime.timedelta(days=300)
    candidates.sort(
        key=lambda case: (
            abs(len(case.children) - LARGE_CHILDREN),
            (case.decided_on or case.opened_on) > settled,
            case.worker != worker,
            case.pk,
        )
    )
    if not candidates:
        return {}
    large = candidates[0]
    same = [case for case in candidates[1:] if len(case.children) == len(large.children)]
    chosen = {large.pk: "large"}
    if same:
        chosen[same[0].pk] = "small"
    return chosen


class StatutoryWriter:
    """Builds the rows in memory, in the order and with the values the services would have written them."""

    def __init__(
        self,
        *,
        seed: int,
        today: datetime.date,
        calendar,
        staff: Staff,
        start_ids: dict[str, int] | None = None,
    ) -> None:
        from casemap.meetings import timescales

        self.rng = random.Random(seed + 11)
        self.today = today
        self.calendar = calendar
        self.timescales = timescales
        self.staff = staff
        start_ids = start_ids or {}
        self.ids = {table: iter(range(start_ids.get(table, 1), 10**12)) for table in TABLES}
        self.rows: dict[str, list[dict]] = defaultdict(list)
        self.case_pros: dict[int, list[dict]] = {}
        self.open_plans: set[int] = set()
        self.open_cin_plans: set[int] = set()
        self.pool: list[dict] = []
        self.by_type: dict[str, list[dict]] = defaultdict(list)
        self.special: dict[int, str] = {}
        self._agencies()

    # -- helpers --------------------------------------------------------------------------------
    def at(self, day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)

    def recorded(
        self, on: datetime.date, by: int, *, changed_on: datetime.date | None = None, changed_by=None, version=1
    ):
        created = self.at(on, 9, self.rng.randint(0, 59))
        return {
            "created_at": created,
            "created_by_id": by,
            "modified_at": self.at(changed_on, 16, self.rng.randint(0, 59)) if changed_on else created,
            "modified_by_id": changed_by or by,
            "archived_at": None,
            "archived_by_id": None,
            "archive_reason": "",
            "version": version,
        }

    def working_on_or_before(self, day: datetime.date) -> datetime.date:
        return day if self.calendar.is_working_day(day) else self.calendar.add_working_days(day, -1)

    def working_on_or_after(self, day: datetime.date) -> datetime.date:
        return day if self.calendar.is_working_day(day) else self.calendar.add_working_days(day, 1)

    def held_date(self, due: datetime.date, earliest: datetime.date) -> datetime.date:
        """On time four times in five (up to 4 working days early), otherwise late, never before `earliest`."""
        roll = self.rng.random()
        if roll < 0.8:
            early = self.rng.randint(0, 4)
            day = self.calendar.add_working_days(due, -early) if early else self.working_on_or_before(due)
        elif roll < 0.95:
            day = self.calendar.add_working_days(due, self.rng.randint(1, 6))
        else:
            day = self.calendar.add_working_days(due, self.rng.randint(7, 20))
        return max(day, self.working_on_or_after(earliest))

    def episode(self, case: CaseFacts, child: Child, on: datetime.date, service: str | None = None) -> int | None:
        episodes = case.episodes.get(child.pk, [])
        if service:
            chosen = [pk for pk, kind, started in episodes if kind == service and started <= on]
            if chosen:
                return chosen[-1]
        started_before = [pk for pk, _kind, started in episodes if started <= on]
        return (started_before or [pk for pk, _, _ in episodes] or [None])[-1]

    def chronology(self, case, children, on, by, kind, summary, source_type, source_id, detail="") -> None:
        for child in children:
            self.rows["chronology"].append(
                {
                    "id": next(self.ids["chronology"]),
                    "person_id": child.pk,
                    "case_id": case.pk,
                    "occurred_on": on,
                    "recorded_at": self.at(on, 17, self.rng.randint(0, 59)),
                    "recorded_by_id": by,
                    "kind": kind,
                    "summary": summary[:255],
                    "detail": detail,
                    "source_type": source_type,
                    "source_id": source_id,
                }
            )

    # -- professionals --------------------------------------------------------------------------
    def _agencies(self) -> None:
        from faker.providers.person.en_GB import Provider as Names

        from casemap.meetings.services.arranging import _professional_agency_type
        from casemap.people.models import Agency, Professional

        first_names, last_names = list(Names.first_names), list(Names.last_names)
        agencies = []
        for name, kind, roles in AGENCIES:
            pk = next(self.ids["agency"])
            row = {"id": pk, "name": name, "kind": kind}
            self.rows["agency"].append(row)
            # As the service works it out when a professional is invited.
            agency_type = _professional_agency_type(Professional(agency=Agency(name=name, kind=kind)))
            agencies.append((row, agency_type, roles))
        created = self.today - datetime.timedelta(days=HISTORY_DAYS + 30)
        for _ in range(PROFESSIONAL_POOL):
            agency, agency_type, roles = self.rng.choices(agencies, weights=AGENCY_WEIGHTS)[0]
            pk = next(self.ids["professional"])
            name = f"{self.rng.choice(first_names)} {self.rng.choice(last_names)}"
            role = self.rng.choice(roles)
            if role in {"Police officer", "Detective constable"}:
                name = f"{'PC' if role == 'Police officer' else 'DC'} {name}"
            row = {
                "id": pk,
                "name": name,
                "role": role,
                "agency_id": agency["id"],
                "email": ".".join(name.lower().replace("'", "").split()[-2:]) + "@example.org",
                "phone": f"01632 {self.rng.randint(100000, 999999)}",
                **self.recorded(created, None),
            }
            self.rows["professional"].append(row)
            self.pool.append({"id": pk, "name": name, "agency": agency["name"], "agency_type": agency_type})
        for pro in self.pool:
            self.by_type[pro["agency_type"]].append(pro)

    def professionals(self, case: CaseFacts, at_least: int = 0) -> list[dict]:
        """The professionals on the case (Case.professionals): health always, school for school-age children,
        police on most child protection cases, a couple of others; more when a conference needs them."""
        rng = self.rng
        chosen = self.case_pros.setdefault(case.pk, [])
        if chosen and len(chosen) >= at_least:
            return chosen
        if not chosen:
            wanted = ["health"]
            if any((self.today - child.born).days > 4 * 365 for child in case.children):
                wanted.append("education")
            if case.service == "child_protection" and rng.random() < 0.7:
                wanted.append("police")
            wanted += rng.sample(["health", "education", "adult_services", "voluntary", "housing", "probation"], 2)
        else:
            wanted = []
        more = ["health", "education", "police", "adult_services", "voluntary", "housing", "probation", "legal"]
        while len(chosen) + len(wanted) < at_least:
            wanted.append(more[(len(chosen) + len(wanted)) % len(more)])
        taken = {pro["id"] for pro in chosen}
        for agency_type in wanted:
            for _ in range(20):  # the pool is large: a professional not yet on the case comes up at once
                pro = rng.choice(self.by_type[agency_type])
                if pro["id"] not in taken:
                    taken.add(pro["id"])
                    chosen.append(pro)
                    self.rows["case_professional"].append(
                        {"id": next(self.ids["case_professional"]), "case_id": case.pk, "professional_id": pro["id"]}
                    )
                    break
        return chosen

    # -- statutory records ----------------------------------------------------------------------
    def authorised_on(self, case: CaseFacts, started: datetime.date, end: datetime.date) -> datetime.date | None:
        """A family's assessments are authorised together, within 15-45 working days, one in eight later; after
        `end` (today, or the closure) they are still in progress. A few older ones on open cases never were."""
        late = self.rng.random() < 0.12
        authorised = self.calendar.add_working_days(
            started, self.rng.randint(46, 70) if late else self.rng.randint(15, 45)
        )
        if case.closed_on is not None:
            authorised = min(authorised, case.closed_on)
        elif self.rng.random() < 0.02:
            return None
        return authorised if authorised <= end else None

    def assessments(
        self, case: CaseFacts, started: datetime.date, outcome: str, end: datetime.date
    ) -> datetime.date | None:
        authorised = self.authorised_on(case, started, end)
        for child in case.children:
            self.assessment(case, child, started, outcome, authorised)
        return authorised

    def assessment(self, case: CaseFacts, child: Child, started: datetime.date, outcome: str, authorised) -> None:
        by = case.worker or case.manager
        pk = next(self.ids["assessment"])
        factors = ["21"] if outcome == "nfa" else self.rng.sample(FACTORS, self.rng.randint(1, 3))
        self.rows["assessment"].append(
            {
                "id": pk,
                **self.recorded(
                    started, by, changed_on=authorised, changed_by=case.manager, version=2 if authorised else 1
                ),
                "case_id": case.pk,
                "child_id": child.pk,
                "referral_id": child.referral_id,
                "episode_id": self.episode(case, child, started),
                "started_on": started,
                "authorised_on": authorised,
                "authorised_by_id": case.manager if authorised else None,
                "factors": factors if authorised else [],
                "outcome": outcome if authorised else "",
            }
        )
        self.chronology(case, [child], started, by, "assessment", "Assessment started", "cases.assessment", pk)
        if authorised:
            summary = f"Assessment authorised: {OUTCOME_LABELS[outcome]}"
            self.chronology(case, [child], authorised, case.manager, "assessment", summary, "cases.assessment", pk)

    def strategy_discussion(self, case: CaseFacts, held_on: datetime.date) -> int:
        pk = next(self.ids["strategy"])
        worker = self.staff.names.get(case.worker or case.manager, "The social worker")
        pros = self.professionals(case)
        police = next((pro["name"] for pro in pros if pro["agency_type"] == "police"), "PC Hall")
        health = next((pro["name"] for pro in pros if pro["agency_type"] == "health"), "Dr Rao")
        reasons = self.rng.choice(STRATEGY_REASONS)
        by = case.worker or case.manager
        self.rows["strategy"].append(
            {
                "id": pk,
                **self.recorded(held_on, by),
                "case_id": case.pk,
                "held_on": held_on,
                "took_part": f"{worker} (children's social care), {police} (police), {health} (health)",
                "decision": "section_47",
                "reasons": reasons,
            }
        )
        for child in case.children:
            self.rows["strategy_child"].append(
                {"id": next(self.ids["strategy_child"]), "strategydiscussion_id": pk, "person_id": child.pk}
            )
        summary = "Strategy discussion: Start a section 47 enquiry"
        self.chronology(
            case, case.children, held_on, by, "strategy_discussion", summary, "cases.strategydiscussion", pk, reasons
        )
        return pk

    def enquiries(self, case: CaseFacts, discussion: int, started: datetime.date) -> dict[int, dict]:
        by = case.worker or case.manager
        made = {}
        for child in case.children:
            pk = next(self.ids["enquiry"])
            row = {
                "id": pk,
                **self.recorded(started, by),
                "case_id": case.pk,
                "child_id": child.pk,
                "strategy_discussion_id": discussion,
                "episode_id": self.episode(case, child, started),
                "started_on": started,
                "outcome": "",
                "completed_on": None,
                "conference_not_required": False,
                "not_required_reason": "",
                "not_required_agreed_by_id": None,
            }
            self.rows["enquiry"].append(row)
            made[child.pk] = row
            self.chronology(
                case, [child], started, by, "section_47", "Section 47 enquiry started", "cases.section47enquiry", pk
            )
        return made

    def complete_enquiries(self, case: CaseFacts, enquiries: dict[int, dict], on: datetime.date, outcome: str, by: int):
        for child in case.children:
            row = enquiries[child.pk]
            row.update(
                completed_on=max(on, row["started_on"]),
                outcome=outcome,
                conference_not_required=outcome != "conference",
                not_required_reason=NOT_REQUIRED_REASONS.get(outcome, ""),
                not_required_agreed_by_id=case.manager if outcome != "conference" else None,
                modified_at=self.at(on, 16),
                modified_by_id=by,
                version=2,
            )
            label = {"conference": "Initial child protection conference"} | {
                "cin": "Child in need plan: conference not required",
                "nfa": "No further action: conference not required",
            }
            summary = f"Section 47 enquiry completed: {label[outcome]}"
            self.chronology(
                case, [child], row["completed_on"], by, "section_47", summary, "cases.section47enquiry", row["id"],
                row["not_required_reason"],
            )  # fmt: skip

    # -- meetings -------------------------------------------------------------------------------
    def meeting(
        self,
        case: CaseFacts,
        kind: str,
        *,
        day: datetime.date,
        due_on: datetime.date | None,
        arranged_on: datetime.date,
        status: str,
        links: dict[int, dict],
        chair: int | None = None,
        previous: int | None = None,
        invitees: list[dict] | None = None,
        size: tuple[int, int] = (4, 8),
        attendance: bool | None = None,
        reconvened: bool = False,
    ) -> dict:
        """A meeting as meeting_arrange writes it (or _reconvene, for one adjourned), then its invitees and, once it
        took place or was cancelled, its end."""
        rng = self.rng
        worker = case.worker or case.manager
        conference = kind in {"icpc", "rcpc"}
        hour, minute = rng.choice([(10, 0), (13, 30)]) if conference else rng.choice([(9, 30), (14, 0), (16, 0)])
        starts = self.at(day, hour, minute)
        pk = next(self.ids["meeting"])
        label = KIND_LABELS[kind]
        taken_place = status in {"held", "adjourned"}
        row = {
            "id": pk,
            **self.recorded(arranged_on, worker),
            "uid": uuid.UUID(int=rng.getrandbits(128), version=4),
            "case_id": case.pk,
            "kind": kind,
            "due_on": due_on,
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(minutes=120 if conference else 90),
            "venue": rng.choice(VENUES if conference else CORE_GROUP_VENUES),
            "chair_id": chair if conference else None,
            "status": status,
            "held_on": day if taken_place else None,
            "previous_id": previous,
            "interim_plan": rng.choice(INTERIM_PLANS) if status == "adjourned" else "",
            "quorum_override_reason": "",
            "cancelled_reason": rng.choice(CANCEL_REASONS) if status == "cancelled" else "",
            "childs_view": "",
            "map_id": None,
            "scores_revealed_at": None,
            "calendar_sequence": 0 if status == "arranged" else 1,
        }
        self.rows["meeting"].append(row)
        children = [child for child in case.children if child.pk in links]
        for child in children:
            self.rows["meeting_child"].append(
                {
                    "id": next(self.ids["meeting_child"]),
                    "meeting_id": pk,
                    "child_id": child.pk,
                    "enquiry_id": links[child.pk].get("enquiry"),
                    "plan_id": links[child.pk].get("plan"),
                }
            )
        if not reconvened:
            when = f"{starts:%-d %B %Y at %-I:%M%p}".replace("AM", "am").replace("PM", "pm")
            summary = f"{label} arranged for {when}"
            self.chronology(case, children, arranged_on, worker, "meeting", summary, "meetings.meeting", pk)
        ended_on = max(arranged_on, day - datetime.timedelta(days=2)) if status == "cancelled" else day
        if conference and chair and not reconvened:  # _assign_chair; _reconvene assigns nobody
            ends = None
            if status == "held":
                ends = self.timescales.documents_due(day, self.calendar)[1] + datetime.timedelta(days=30)
            elif status == "cancelled":
                ends = ended_on
            self.rows["assignment"].append(
                {
                    "id": next(self.ids["assignment"]),
                    "case_id": case.pk,
                    "user_id": chair,
                    "purpose": f"Chair: {label} M{pk:07d}",
                    "assigned_by_id": worker,
                    "starts_on": arranged_on,
                    "ends_on": ends,
                }
            )
        if invitees is None:
            invitees = self.choose_invitees(case, kind, children, chair, size)
        recorded = taken_place if attendance is None else attendance
        quorate = self.invite(row, invitees, day, starts, arranged_on, worker, recorded=recorded)
        if not quorate and status == "held":
            row["quorum_override_reason"] = (
                "The health visitor sent a report and agreed the conference should go ahead."
            )
        # meeting_arrange invites the worker and the chair; each one invited after that is a change to the meeting.
        by_service = set() if reconvened else {worker, chair}
        row["version"] = 1 + sum(1 for invitee in invitees if invitee.get("user") not in by_service)
        if reconvened:
            row["version"] = 1
        if status in {"held", "adjourned", "cancelled"}:
            ended_by = chair if conference and chair else worker
            row.update(
                version=row["version"] + 1,
                modified_by_id=ended_by,
                modified_at=self.at(ended_on, 16, rng.randint(0, 59)),
            )
            if status == "held":
                self.chronology(case, children, day, ended_by, "meeting", f"{label} held", "meetings.meeting", pk)
                if conference and rng.random() < 0.5:
                    row["childs_view"] = rng.choice(CHILDS_VIEWS).format(child=children[0].first_name)
            else:
                summary = f"{label} {status}"
                detail = row["interim_plan"] or row["cancelled_reason"]
                self.chronology(case, children, ended_on, ended_by, "meeting", summary, "meetings.meeting", pk, detail)
        row["_invitees"] = invitees  # for a meeting held again after an adjournment; not a column
        return row

    def choose_invitees(
        self, case: CaseFacts, kind: str, children: list[Child], chair: int | None, size: tuple[int, int]
    ) -> list[dict]:
        """The worker and the chair (invited by meeting_arrange), then the family and professionals on the record."""
        rng = self.rng
        staff = [case.worker or case.manager] + ([chair] if chair else [])
        people: list[dict] = [{"user": user} for user in dict.fromkeys(staff)]
        parents = [adult for adult in case.adults if adult.parent][:2] or case.adults[:1]
        family = [adult for adult in case.adults if adult not in parents]
        wanted = rng.randint(*size)
        people += [{"person": adult, "role": "parent"} for adult in parents]
        extra: list[dict] = []
        if family and kind in {"icpc", "rcpc"} and rng.random() < 0.3:
            extra.append({"person": family[0], "role": "family"})
        extra += [
            {"person": child, "role": "child"}
            for child in children
            if (self.today - child.born).days > 11 * 365 and rng.random() < 0.4
        ]
        people += extra[: max(0, wanted - 2 - len(people))]  # at least two professionals, within the size drawn
        pros = list(self.professionals(case, at_least=max(3, wanted - len(people))))
        rng.shuffle(pros)
        # The quorum's agencies first: two different ones besides children's social care.
        pros.sort(key=lambda pro: pro["agency_type"] not in {"health", "education", "police"})
        return people + [{"professional": pro} for pro in pros[: max(2, wanted - len(people))]]

    def invite(self, meeting, invitees, day, starts, arranged_on, worker, *, recorded: bool) -> bool:
        """Invitee rows, with attendance for a meeting that took place. Returns whether a conference is quorate."""
        rng = self.rng
        conference = meeting["kind"] in {"icpc", "rcpc"}
        rows = []
        for invitee in invitees:
            user, person, pro = invitee.get("user"), invitee.get("person"), invitee.get("professional")
            if user:
                name, role, agency_type = self.staff.names.get(user, "Staff"), "staff", "social_care"
                agency_name = self.staff.team_names.get(user, "Children's social care")
            elif pro:
                name, role, agency_type, agency_name = pro["name"], "professional", pro["agency_type"], pro["agency"]
            else:
                name, role, agency_type, agency_name = person.full_name, invitee["role"], "family", ""
            attendance, arrived, left, interpreter, advocate = "", None, None, "", ""
            excluded, reason = [], ""
            if recorded:
                if role == "staff":
                    attendance = "present"
                elif role == "professional":
                    attendance = rng.choices(
                        ["present", "remote", "apologies", "report_only", "did_not_attend"], weights=[62, 18, 8, 8, 4]
                    )[0]
                else:
                    attendance = rng.choices(["present", "did_not_attend", "apologies"], weights=[75, 15, 10])[0]
                if attendance in {"present", "remote"} and rng.random() < 0.7:
                    arrived = starts.time()
                    if rng.random() < 0.1:
                        left = (starts + datetime.timedelta(minutes=60)).time()
                if person and role != "child" and person.language not in {"", "English"}:
                    interpreter = person.language
                if role == "child" and rng.random() < 0.5:
                    advocate = "Advocate from the children's rights service"
                if conference and role == "parent" and rng.random() < 0.03:
                    excluded, reason = ["agency_reports"], "Police information not yet cleared for sharing"
            invited_on = arranged_on  # staff, invited as it is arranged
            if not user:
                invited_on = min(day, arranged_on + datetime.timedelta(days=rng.randint(0, 3)))
            rows.append(
                {
                    "id": next(self.ids["invitee"]),
                    **self.recorded(
                        invited_on, worker, changed_on=day if recorded else None, version=2 if recorded else 1
                    ),
                    "meeting_id": meeting["id"],
                    "person_id": person.pk if person else None,
                    "professional_id": pro["id"] if pro else None,
                    "user_id": user,
                    "name": name,
                    "role": role,
                    "agency_type": agency_type,
                    "agency_name": agency_name,
                    "attendance": attendance,
                    "arrived_at": arrived,
                    "left_at": left,
                    "interpreter": interpreter,
                    "advocate": advocate,
                    "excluded_from": excluded,
                    "exclusion_reason": reason,
                }
            )
        quorate = not (recorded and conference) or self._make_quorate(rows, starts)
        self.rows["invitee"] += rows
        return quorate

    def _make_quorate(self, rows: list[dict], starts: datetime.datetime) -> bool:
        """Children's social care and two other agencies in the room (casemap.meetings.quorum's default rule):
        the agencies invited come, when the draw had too few of them there."""

        def in_room() -> set[str]:
            return {
                row["agency_type"]
                for row in rows
                if row["attendance"] in {"present", "remote"}
                and row["left_at"] is None
                and row["agency_type"] != "family"
            }

        for row in rows:
            present = in_room()
            if "social_care" in present and len(present - {"social_care"}) >= 2:
                return True
            if row["agency_type"] != "family" and row["agency_type"] not in present:
                row.update(attendance="present", arrived_at=starts.time(), left_at=None)
        present = in_room()
        return "social_care" in present and len(present - {"social_care"}) >= 2

    # -- a case's statutory work ----------------------------------------------------------------
    def case(self, case: CaseFacts) -> None:
        end = case.closed_on or self.today
        decided = case.decided_on or case.opened_on
        if decided > end:
            return
        if case.worker is None:  # a new case waiting in the team: its assessments have only begun
            self.assessments(case, decided, "cin_plan", end)
            return
        nfa = case.closure_reason == "RC8"
        if case.service == "child_in_care":
            self.assessments(case, decided, "care", end)
        elif case.service == "child_in_need" or nfa:
            self.child_in_need(case, decided, end, nfa=nfa)
        else:
            self.child_protection(case, decided, end)

    def child_in_need(self, case: CaseFacts, decided: datetime.date, end: datetime.date, *, nfa: bool) -> None:
        rng = self.rng
        earlier_enquiry = not nfa and rng.random() < 0.25
        if earlier_enquiry:  # an enquiry that found no need for a conference, before the assessment's end
            held_on = min(self.working_on_or_after(decided + datetime.timedelta(days=rng.randint(1, 6))), end)
            discussion = self.strategy_discussion(case, held_on)
            enquiries = self.enquiries(case, discussion, held_on)
            completed = self.calendar.add_working_days(held_on, rng.randint(8, 14))
            if completed <= end:
                self.complete_enquiries(case, enquiries, completed, "cin", case.worker)
        authorised = self.assessments(case, decided, "nfa" if nfa else "cin_plan", end)
        if nfa or authorised is None:
            return
        planned = [child for child in case.children if child.pk not in self.open_cin_plans]
        for child in planned:
            self.cin_plan(case, child, authorised, case.closed_on)
        if planned:
            self.cin_reviews(case, planned, authorised, end)
        # A few open child in need cases have an enquiry open now, its initial conference arranged or not yet.
        if case.closed_on is None and not earlier_enquiry and rng.random() < 0.05:
            held_on = self.working_on_or_before(self.today - datetime.timedelta(days=rng.randint(2, 18)))
            if held_on >= decided:
                discussion = self.strategy_discussion(case, held_on)
                enquiries = self.enquiries(case, discussion, held_on)
                self.initial_conference_pending(case, enquiries, held_on)

    def cin_plan(self, case: CaseFacts, child: Child, start: datetime.date, ended: datetime.date | None) -> None:
        pk = next(self.ids["cin_plan"])
        by = case.worker
        self.rows["cin_plan"].append(
            {
                "id": pk,
                **self.recorded(start, by, changed_on=ended, version=2 if ended else 1),
                "case_id": case.pk,
                "child_id": child.pk,
                "episode_id": self.episode(case, child, start),
                "started_on": start,
                "ended_on": ended,
            }
        )
        self.chronology(case, [child], start, by, "cin_plan", "Child in need plan started", "cases.childinneedplan", pk)
        if ended:
            self.chronology(
                case, [child], ended, by, "cin_plan", "Child in need plan ended", "cases.childinneedplan", pk
            )
        else:
            self.open_cin_plans.add(child.pk)

    def cin_reviews(self, case: CaseFacts, children: list[Child], start: datetime.date, end: datetime.date) -> None:
        """Reviews from the plan's start until `end` (held), then the next one arranged if it is close."""
        rng = self.rng
        links: dict[int, dict] = {child.pk: {} for child in children}
        last = None
        last_event = start
        while True:
            due = self.timescales.child_in_need_review_due(start, last, self.calendar)
            day = self.held_date(due, last_event + datetime.timedelta(days=1))
            arranged_on = max(last_event, day - datetime.timedelta(days=rng.randint(7, 28)))
            if day > end:
                if case.closed_on is None and arranged_on <= self.today and rng.random() < 0.93:
                    day = max(day, self.calendar.add_working_days(self.today, 1))
                    self.meeting(case, "cin_review", day=day, due_on=due, arranged_on=arranged_on, status="arranged",
                                 links=links, size=(3, 6))  # fmt: skip
                return
            self.meeting(case, "cin_review", day=day, due_on=due, arranged_on=arranged_on, status="held",
                         links=links, size=(3, 6))  # fmt: skip
            last = last_event = day

    def initial_conference_pending(self, case: CaseFacts, enquiries: dict[int, dict], discussion_on) -> None:
        """The conference for an enquiry open now: arranged (seven in ten) or not yet, on time or late."""
        due = self.timescales.initial_conference_due([discussion_on], self.calendar)
        day = max(self.held_date(due, discussion_on), self.calendar.add_working_days(self.today, 1))
        if self.rng.random() < 0.7:
            links = {child.pk: {"enquiry": enquiries[child.pk]["id"]} for child in case.children}
            arranged_on = min(self.today, self.calendar.add_working_days(discussion_on, self.rng.randint(1, 5)))
            self.meeting(case, "icpc", day=day, due_on=due, arranged_on=arranged_on, status="arranged", links=links,
                         chair=self.chair_for(case), size=(6, 12))  # fmt: skip

    def chair_for(self, case: CaseFacts) -> int | None:
        """A family keeps its chair from one conference to the next."""
        if not self.staff.chairs:
            return None
        return self.staff.chairs[(case.pk * 7919) % len(self.staff.chairs)]

    def child_protection(self, case: CaseFacts, decided: datetime.date, end: datetime.date) -> None:
        rng, today = self.rng, self.today
        special = self.special.get(case.pk)
        # The enquiry follows the referral, or for a long-running case a new worry in the last eighteen months,
        # after a time on a child in need plan.
        if special:
            discussion_on = today - datetime.timedelta(days=rng.randint(150, 250))
        elif (end - decided).days > 540:
            discussion_on = end - datetime.timedelta(days=rng.randint(60, 540))
        else:
            discussion_on = decided + datetime.timedelta(days=rng.randint(0, 5))
        discussion_on = min(self.working_on_or_after(max(discussion_on, decided)), end)
        before_plan = discussion_on > self.calendar.add_working_days(decided, 60)
        if before_plan:  # a child in need plan first, ended when the child protection plan began
            authorised = self.assessments(case, decided, "cin_plan", discussion_on - datetime.timedelta(days=1))
            if authorised is not None:
                planned = [child for child in case.children if child.pk not in self.open_cin_plans]
                for child in planned:
                    self.cin_plan(case, child, authorised, discussion_on)
                if planned:
                    self.cin_reviews(case, planned, authorised, discussion_on - datetime.timedelta(days=1))
        else:
            self.assessments(case, decided, "strategy", end)
        discussion = self.strategy_discussion(case, discussion_on)
        enquiries = self.enquiries(case, discussion, discussion_on)
        due = self.timescales.initial_conference_due([discussion_on], self.calendar)
        day = self.held_date(due, discussion_on + datetime.timedelta(days=1))
        chair = self.chair_for(case)
        links = {child.pk: {"enquiry": enquiries[child.pk]["id"]} for child in case.children}
        if case.closed_on is not None and day > case.closed_on:  # a short case: no conference was needed
            self.complete_enquiries(case, enquiries, case.closed_on, rng.choice(["cin", "nfa"]), case.worker)
            return
        if day > today:
            self.initial_conference_pending(case, enquiries, discussion_on)
            return
        arranged_on = min(day, max(discussion_on, self.calendar.add_working_days(discussion_on, rng.randint(1, 5))))
        if rng.random() < 0.04 and not special:  # not quorate: adjourned, meets again within 10 working days
            adjourned = self.meeting(case, "icpc", day=day, due_on=due, arranged_on=arranged_on, status="adjourned",
                                     links=links, chair=chair, size=(6, 12), attendance=False)  # fmt: skip
            again = self.calendar.add_working_days(day, rng.randint(3, 10))
            if case.closed_on is not None and again > case.closed_on:
                self.complete_enquiries(case, enquiries, case.closed_on, "nfa", case.worker)
                return
            status = "held" if again <= end else "arranged"
            icpc = self.meeting(case, "icpc", day=again, due_on=due, arranged_on=day, status=status, links=links,
                                chair=chair, previous=adjourned["id"], invitees=adjourned["_invitees"],
                                reconvened=True)  # fmt: skip
            if status == "arranged":
                return
            day = again
        else:
            icpc = self.meeting(case, "icpc", day=day, due_on=due, arranged_on=arranged_on, status="held", links=links,
                                chair=chair, size=(6, 12))  # fmt: skip
        self.complete_enquiries(case, enquiries, day, "conference", chair or case.worker)
        plans = {child.pk: self.protection_plan(case, child, day, chair or case.worker) for child in case.children}
        self.plan_meetings(case, plans, Held(icpc["id"], "icpc", day), chair, special)

    def protection_plan(self, case: CaseFacts, child: Child, start: datetime.date, by: int) -> dict:
        category = self.rng.choice(CATEGORIES)
        pk = next(self.ids["plan"])
        row = {
            "id": pk,
            **self.recorded(start, by),
            "case_id": case.pk,
            "child_id": child.pk,
            "episode_id": self.episode(case, child, start, "child_protection"),
            "started_on": start,
            "initial_category": category,
            "latest_category": category,
            "ended_on": None,
            "end_reason": "",
            "previous_plans_elsewhere": 1 if self.rng.random() < 0.05 else 0,
        }
        self.rows["plan"].append(row)
        summary = f"Child protection plan started: {CATEGORY_LABELS[category]}"
        self.chronology(case, [child], start, by, "protection_plan", summary, "cases.childprotectionplan", pk)
        if child.pk in self.open_plans:  # one open plan per child: a child on two open cases keeps the first
            row["ended_on"], row["end_reason"] = start, "moved_away"
        else:
            self.open_plans.add(child.pk)
        return row

    def end_plans(self, case: CaseFacts, plans: dict[int, dict], on: datetime.date, by: int) -> None:
        reason = self.rng.choice(END_REASONS)
        for child in case.children:
            row = plans[child.pk]
            if row["ended_on"] is None:
                row.update(ended_on=on, end_reason=reason, version=row["version"] + 1, modified_by_id=by,
                           modified_at=self.at(on, 16))  # fmt: skip
                summary = f"Child protection plan ended: {END_LABELS[reason]}"
                self.chronology(
                    case, [child], on, by, "protection_plan", summary, "cases.childprotectionplan", row["id"]
                )
                self.open_plans.discard(child.pk)

    def plan_meetings(self, case: CaseFacts, plans: dict[int, dict], conference: Held, chair, special) -> None:
        """Core groups and reviews from the initial conference until today or the plan's end, each due by the
        rules as the service works them out when it is arranged (from the meetings held by then); then the next
        ones arranged. A plan on a closed case ends at the last review before the closure."""
        rng, today, cal, ts = self.rng, self.today, self.calendar, self.timescales
        links = {child.pk: {"plan": plans[child.pk]["id"]} for child in case.children}
        stop = case.closed_on or today
        last_core_group: datetime.date | None = None
        last_event = conference.held_on
        drawn: dict[tuple[str, datetime.date], datetime.date] = {}
        reviews = True  # the benchmark's conference is the last review of its case
        while True:
            after = self.working_on_or_after(last_event + datetime.timedelta(days=1))
            core_due = ts.core_group_due(conference.held_on, last_core_group, cal)
            core_day = max(drawn.setdefault(("core_group", core_due), self.held_date(core_due, after)), after)
            review_due = ts.review_conference_due(conference.kind, conference.held_on)
            review_day = max(drawn.setdefault(("rcpc", review_due), self.held_date(review_due, after)), after)
            recent = review_day >= today - datetime.timedelta(days=30)
            if special and reviews and recent and (review_day <= core_day or core_day > stop):
                self.bench_conference(case, links, review_due, last_event, chair, special, conference.pk)
                reviews = False
            if not reviews:
                review_day = datetime.date.max
            if review_day > stop and core_day > stop:
                break
            if review_day <= core_day:
                arranged_on = max(last_event, review_day - datetime.timedelta(days=rng.randint(14, 42)))
                review = self.meeting(case, "rcpc", day=review_day, due_on=review_due, arranged_on=arranged_on,
                                      status="held", links=links, chair=chair, previous=conference.pk,
                                      size=(6, 12))  # fmt: skip
                conference = Held(review["id"], "rcpc", review_day)
                last_event = review_day
                by = chair or case.worker
                following = ts.review_conference_due("rcpc", review_day)
                if case.closed_on is not None and following > case.closed_on:
                    self.end_plans(case, plans, review_day, by)  # the review ends the plan
                    return
                for child in case.children:  # the review keeps the plan
                    row = plans[child.pk]
                    row.update(version=row["version"] + 1, modified_at=self.at(review_day, 16), modified_by_id=by)
                    self.chronology(case, [child], review_day, by, "protection_plan", "Child protection plan continues",
                                    "cases.childprotectionplan", row["id"])  # fmt: skip
                continue
            arranged_on = max(last_event, core_day - datetime.timedelta(days=rng.randint(5, 21)))
            if rng.random() < 0.02:  # cancelled, then held a few days later
                self.meeting(case, "core_group", day=core_day, due_on=core_due, arranged_on=arranged_on,
                             status="cancelled", links=links, previous=conference.pk)  # fmt: skip
                core_day = cal.add_working_days(core_day, rng.randint(2, 5))
                if core_day > stop:
                    break
            self.meeting(case, "core_group", day=core_day, due_on=core_due, arranged_on=arranged_on, status="held",
                         links=links, previous=conference.pk)  # fmt: skip
            last_core_group = last_event = core_day
        if case.closed_on is not None:
            self.end_plans(case, plans, case.closed_on, case.worker)
            return
        # What comes next: arranged a few weeks ahead, now and then not arranged though it is due.
        tomorrow = cal.add_working_days(today, 1)
        pending = [("core_group", ts.core_group_due(conference.held_on, last_core_group, cal), 25)]
        if reviews:
            pending.append(("rcpc", ts.review_conference_due(conference.kind, conference.held_on), 45))
        for kind, due, window in pending:
            day = max(drawn.get((kind, due)) or self.held_date(due, tomorrow), tomorrow)
            arranged_on = max(last_event, day - datetime.timedelta(days=rng.randint(7, window)))
            if arranged_on <= today and rng.random() < 0.95:
                self.meeting(case, kind, day=day, due_on=due, arranged_on=arranged_on, status="arranged", links=links,
                             chair=chair if kind == "rcpc" else None, previous=conference.pk,
                             size=(6, 12) if kind == "rcpc" else (4, 8))  # fmt: skip

    def bench_conference(self, case: CaseFacts, links, due, last_event, chair, special: str, previous: int) -> None:
        """The benchmark's review conference, in progress on the last working day with attendance recorded: 20
        invitees (large: staff, family, the two eldest children, professionals) or 6 (small)."""
        day = self.working_on_or_before(self.today)
        size = LARGE_INVITEES if special == "large" else SMALL_INVITEES
        staff = [case.worker, chair, case.manager] if special == "large" else [case.worker, chair]
        people: list[dict] = [{"user": user} for user in dict.fromkeys(user for user in staff if user)]
        parents = [adult for adult in case.adults if adult.parent] or case.adults[:1]
        others = [adult for adult in case.adults if adult not in parents]
        people += [{"person": adult, "role": "parent"} for adult in parents[:2]]
        if special == "large":
            people += [{"person": adult, "role": "family"} for adult in others[:1]]
            people += [{"person": child, "role": "child"} for child in case.children[:2]]
        pros = self.professionals(case, at_least=size - len(people))
        people += [{"professional": pro} for pro in pros[: max(0, size - len(people))]]
        arranged_on = max(last_event, day - datetime.timedelta(days=30))
        self.meeting(case, "rcpc", day=day, due_on=due, arranged_on=arranged_on, status="arranged", links=links,
                     chair=chair, previous=previous, invitees=people[:size], attendance=True)  # fmt: skip


def copy_table(cursor, model, rows: list[dict]) -> int:
    """COPY dict rows into the model's table, refusing any row that leaves a required column out (as copy_rows)."""
    from bench.generate_authority import copy_rows

    if not rows:
        return 0
    columns = [column for column in rows[0] if not column.startswith("_")]
    unknown = set(columns) - {f.column for f in model._meta.concrete_fields}
    if unknown:
        raise RuntimeError(f"{model._meta.db_table}: unknown columns {sorted(unknown)}")
    values = (
        tuple(json.dumps(row[column]) if column in JSON_COLUMNS else row[column] for column in columns) for row in rows
    )
    count = copy_rows(cursor, model, columns, values)
    table = model._meta.db_table  # our own models' table names, not input
    cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
    return count


SOURCE_TYPES = [
    "cases.assessment",
    "cases.strategydiscussion",
    "cases.section47enquiry",
    "cases.childprotectionplan",
    "cases.childinneedplan",
    "meetings.meeting",
]


def remove_existing(models: dict[str, object]) -> None:
    """Empty the tables this step writes (and any table pointing at them, which must be empty of other data), and
    delete its timeline entries and chairs' assignments, so it can run again on the same authority."""
    from django.db import connection, transaction
    from django.db.models import ManyToManyRel

    kept = {models["chronology"], models["assignment"]}
    ours = [model for model in models.values() if model not in kept]
    ours += [model.history.model for model in ours if hasattr(model, "history")]
    emptied, todo = set(ours), list(ours)
    while todo:
        model = todo.pop()
        for relation in model._meta.get_fields(include_hidden=True):  # hidden: the relations named "+" too
            if not (relation.is_relation and relation.auto_created and not relation.concrete):
                continue
            found = relation.through if isinstance(relation, ManyToManyRel) else relation.related_model
            if found not in emptied and found not in kept:
                if found.objects.exists():
                    raise SystemExit(f"{found._meta.db_table} points at the meetings and holds rows: not emptying it")
                emptied.add(found)
                todo.append(found)
    tables = ", ".join(sorted(model._meta.db_table for model in emptied))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_chronologyentry WHERE source_type = ANY(%s)", [SOURCE_TYPES])
        cursor.execute("DELETE FROM access_caseassignment WHERE purpose LIKE %s", ["Chair: %"])
        cursor.execute(f"TRUNCATE {tables}")  # our own models' table names, not input


def table_models() -> dict[str, object]:
    from casemap.access.models import CaseAssignment
    from casemap.cases.models import (
        Assessment,
        Case,
        ChildInNeedPlan,
        ChildProtectionPlan,
        ChronologyEntry,
        Section47Enquiry,
        StrategyDiscussion,
    )
    from casemap.meetings.models import Invitee, Meeting, MeetingChild
    from casemap.people.models import Agency, Professional

    return {
        "agency": Agency,
        "professional": Professional,
        "case_professional": Case.professionals.through,
        "assessment": Assessment,
        "strategy": StrategyDiscussion,
        "strategy_child": StrategyDiscussion.children.through,
        "enquiry": Section47Enquiry,
        "plan": ChildProtectionPlan,
        "cin_plan": ChildInNeedPlan,
        "meeting": Meeting,
        "meeting_child": MeetingChild,
        "invitee": Invitee,
        "assignment": CaseAssignment,
        "chronology": ChronologyEntry,
    }


def build(*, seed: int, today: datetime.date, bench_worker: str | None = "sally", start_ids=None) -> StatutoryWriter:
    """Every row, in memory, for the cases in the database Django is set up for."""
    from casemap.accounts.models import User
    from casemap.core.working_days import working_day_calendar

    staff = read_staff()
    cases = read_cases(today)
    writer = StatutoryWriter(seed=seed, today=today, calendar=working_day_calendar(), staff=staff, start_ids=start_ids)
    worker = User.objects.filter(username=bench_worker).values_list("pk", flat=True).first() if bench_worker else None
    writer.special = bench_cases(cases, worker, today)
    for case in cases:
        writer.case(case)
    return writer


def generate_meetings(*, seed: int = 2026, analyze: bool = True) -> None:
    """Write the statutory records and meetings into the database Django is set up for (its cases already there).
    `analyze=False` when the caller analyses the whole database after."""
    from django.db import connection, transaction
    from django.utils import timezone

    from casemap.cases.models import ChronologyEntry

    models = table_models()
    if models["meeting"].objects.exists() or models["assessment"].objects.exists():
        say("removing the statutory records and meetings already there")
        remove_existing(models)
    chairs_create()
    today = timezone.localdate()

    def start_id(model) -> int:
        return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    say("writing statutory records and meetings in memory")
    writer = build(
        seed=seed,
        today=today,
        start_ids={"chronology": start_id(ChronologyEntry), "assignment": start_id(models["assignment"])},
    )
    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor
        with transaction.atomic():
            for key in TABLES:
                started = time.perf_counter()
                count = copy_table(raw, models[key], writer.rows[key])
                say(f"copied {count:>8,} rows into {models[key]._meta.db_table} ({time.perf_counter() - started:.1f}s)")
        for key in TABLES if analyze else []:  # outside the transaction: VACUUM cannot run inside one
            raw.execute(f"VACUUM ANALYZE {models[key]._meta.db_table}")
    summary(writer)


def summary(writer: StatutoryWriter) -> None:
    rows = writer.rows
    by_kind = defaultdict(lambda: defaultdict(int))
    for row in rows["meeting"]:
        by_kind[row["kind"]][row["status"]] += 1
    open_plans = sum(1 for row in rows["plan"] if row["ended_on"] is None)
    say(
        f"{len(rows['assessment']):,} assessments ({sum(1 for r in rows['assessment'] if not r['authorised_on']):,} "
        f"unauthorised), {len(rows['strategy']):,} strategy discussions, {len(rows['enquiry']):,} section 47 enquiries "
        f"({sum(1 for r in rows['enquiry'] if not r['completed_on']):,} open), {len(rows['plan']):,} child protection "
        f"plans ({open_plans:,} open), {len(rows['cin_plan']):,} child in need plans "
        f"({sum(1 for r in rows['cin_plan'] if not r['ended_on']):,} open)"
    )
    say(
        f"{len(rows['meeting']):,} meetings: "
        + "; ".join(
            f"{KIND_LABELS[kind].lower()} " + ", ".join(f"{n:,} {status}" for status, n in sorted(statuses.items()))
            for kind, statuses in sorted(by_kind.items())
        )
        + f"; {len(rows['invitee']):,} invitees; {len(rows['chronology']):,} timeline entries"
    )
    for pk, special in sorted(writer.special.items(), key=lambda item: item[1]):
        say(f"benchmark conference ({special}) on case {pk}")


def main() -> None:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(40))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import dj_database_url

    if "bench" not in dj_database_url.parse(url)["NAME"]:
        raise SystemExit("Refusing to replace the meetings of a database whose name does not contain 'bench'")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    generate_meetings()


if __name__ == "__main__":
    main()
