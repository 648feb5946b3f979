"""Supervision for the synthetic authority: a step after bench/generate_meetings.py.

    .venv/bin/python bench/generate_supervision.py   # on its own: replaces the supervision of a casemap_bench

Writes, with PostgreSQL COPY, the rows the supervision services would have written (casemap/supervision/services/),
so the overdue lists can be measured at size:

* a supervision profile for every practitioner and team manager: a practitioner is supervised by their team
  manager, whose line manager is the team's service manager; a team manager by the service manager. One
  practitioner in 15 is newly qualified, started 0-300 days ago on the newly qualified schedule;
* a year of signed personal supervision for each of them, each session on or a few days after its due date by the
  person's schedule; one in eight is now overdue (their last session held back), a few have a draft not yet signed;
* one period of leave for one person in ten, some of it in the last month, so it pauses their clock;
* for every open child protection case, signed case supervision of its children over the last year, every 20-28
  days, with the case's allocated worker as supervisee and the team manager as supervisor, each child's own entry
  and its timeline entry; one case in ten is now overdue discussion, and one in five has an open action for the
  worker.

Not written, as for the rest of the generated authority: simple-history rows and access-log entries.
"""

import datetime
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
HISTORY_DAYS = 365
NEWLY_QUALIFIED_SHARE = 15  # one practitioner in this many
OVERDUE_STAFF_SHARE = 8
OVERDUE_CASE_SHARE = 10
LEAVE_SHARE = 10
ACTION_SHARE = 5
TABLES = ["profile", "leave", "supervision", "supervision_child", "action", "chronology"]
WORRIES = [
    "The parents' arguments at night still frighten the children.",
    "The baby's weight has not gone up since the last visit.",
    "Mum has missed two appointments at the drug and alcohol service.",
]
WORKING_WELL = [
    "Grandma has the children after school every day.",
    "The school reports the children are on time and fed.",
    "Dad has agreed to leave the house when he has been drinking.",
]
NEEDS = ["The network meets to agree the rules.", "A safety plan the children can explain in their own words."]


def say(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {message}", flush=True)


@dataclass
class StaffFacts:
    pk: int
    role: str
    team_manager: int | None
    service_manager: int | None
    joined: datetime.date


@dataclass
class CaseFacts:
    pk: int
    worker: int
    manager: int
    opened_on: datetime.date
    children: list[int]


@dataclass
class SupervisionWriter:
    seed: int
    today: datetime.date
    schedules: dict[str, int]  # "standard" / "newly qualified" -> schedule id
    intervals: dict[str, list[tuple[int | None, int]]]  # the same -> steps (until_day, interval)
    start_ids: dict[str, int] = field(default_factory=dict)
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.ids = {key: self.start_ids.get(key, 1) for key in TABLES}
        self.staff_seen = 0
        self.cases_seen = 0

    def _row(self, key: str, **values: object) -> dict:
        values["id"] = self.ids[key]
        self.ids[key] += 1
        self.rows[key].append(values)
        return values

    def _interval(self, schedule: str, start: datetime.date | None, day: datetime.date) -> int:
        elapsed = (day - start).days if start else None
        for until_day, interval in self.intervals[schedule]:
            if until_day is None or (elapsed is not None and elapsed < until_day):
                return interval
        return self.intervals[schedule][-1][1]

    def _supervision(self, *, kind: str, supervisor: int, supervisee: int, on: datetime.date, signed: bool,
                     case: int | None = None) -> dict:  # fmt: skip
        now = datetime.datetime.combine(on, datetime.time(15), tzinfo=datetime.UTC)
        return self._row(
            "supervision",
            kind=kind,
            case_id=case,
            occurred_on=on,
            supervisor_id=supervisor,
            supervisee_id=supervisee,
            duration_minutes=self.rng.choice([60, 75, 90]),
            worries=self.rng.choice(WORRIES) if case else "",
            working_well=self.rng.choice(WORKING_WELL) if case else "Careful, timely recording.",
            needs_to_happen=self.rng.choice(NEEDS) if case else "",
            scale_score=self.rng.randint(2, 8) if case else None,
            scale_zero_anchor="The children will be hurt if nothing changes" if case else "",
            scale_ten_anchor="Everyone knows the children are safe enough to close" if case else "",
            scale_reasons="The network is in place but not yet tested." if case else "",
            decisions="Continue with the plan." if case else "",
            decision_reasons="The danger statements are not yet answered." if case else "",
            next_discussion_on=on + datetime.timedelta(days=28),
            status="signed" if signed else "draft",
            signed_at=now if signed else None,
            created_at=now,
            modified_at=now,
            created_by_id=supervisor,
            modified_by_id=supervisor,
            archive_reason="",
            version=2 if signed else 1,
        )

    def staff(self, person: StaffFacts) -> None:
        rng = self.rng
        supervisor = person.team_manager if person.role == "practitioner" else person.service_manager
        if supervisor is None or supervisor == person.pk:
            return
        # The shares are by count, not chance, so a small authority has each of them too.
        self.staff_seen += 1
        seen = self.staff_seen
        newly = person.role == "practitioner" and seen % NEWLY_QUALIFIED_SHARE == 2
        start = self.today - datetime.timedelta(days=rng.randint(0, 300)) if newly else None
        schedule = "newly qualified" if newly else "standard"
        self._row("profile", staff_id=person.pk, supervisor_id=supervisor, line_manager_id=supervisor,
                  schedule_id=self.schedules[schedule], schedule_starts_on=start)  # fmt: skip
        first = start or (self.today - datetime.timedelta(days=HISTORY_DAYS))
        overdue = seen % OVERDUE_STAFF_SHARE == 0
        day = first
        while True:
            interval = self._interval(schedule, start, day)
            following = day + datetime.timedelta(days=interval - rng.randint(0, 3))
            if following > self.today or (overdue and following + datetime.timedelta(days=interval) > self.today):
                break
            self._supervision(kind="personal", supervisor=supervisor, supervisee=person.pk, on=following, signed=True)
            day = following
        if seen % 20 == 3:
            self._supervision(kind="personal", supervisor=supervisor, supervisee=person.pk, on=self.today,
                              signed=False)  # fmt: skip
        if seen % LEAVE_SHARE == 1:
            starts = self.today - datetime.timedelta(days=rng.randint(5, 60))
            self._row("leave", staff_id=person.pk, starts_on=starts, ends_on=starts + datetime.timedelta(days=9),
                      recorded_by_id=supervisor, recorded_at=datetime.datetime.combine(starts, datetime.time(9),
                      tzinfo=datetime.UTC))  # fmt: skip

    def case(self, case: CaseFacts) -> None:
        rng = self.rng
        self.cases_seen += 1
        overdue = self.cases_seen % OVERDUE_CASE_SHARE == 0
        day = max(case.opened_on, self.today - datetime.timedelta(days=HISTORY_DAYS))
        last: dict | None = None
        while True:
            following = day + datetime.timedelta(days=rng.randint(20, 28))
            if following > self.today or (overdue and following + datetime.timedelta(days=35) > self.today):
                break
            last = self._supervision(kind="case", supervisor=case.manager, supervisee=case.worker, on=following,
                                     signed=True, case=case.pk)  # fmt: skip
            for child in case.children:
                self._row("supervision_child", supervision_id=last["id"], child_id=child)
                self._row("chronology", person_id=child, case_id=case.pk, occurred_on=following,
                          recorded_at=last["created_at"], recorded_by_id=case.manager, kind="case_supervision",
                          summary="Case supervision signed", detail="", source_type="supervision.supervision",
                          source_id=last["id"])  # fmt: skip
            day = following
        if last is not None and self.cases_seen % ACTION_SHARE == 1:
            self._row("action", supervision_id=last["id"], description="Meet the network to go through the plan",
                      owner_id=case.worker, due_on=last["occurred_on"] + datetime.timedelta(days=14), done_at=None,
                      done_by_id=None)  # fmt: skip


def table_models() -> dict[str, object]:
    from casemap.cases.models import ChronologyEntry
    from casemap.supervision.models import (
        StaffLeave,
        Supervision,
        SupervisionAction,
        SupervisionChild,
        SupervisionProfile,
    )

    return {
        "profile": SupervisionProfile,
        "leave": StaffLeave,
        "supervision": Supervision,
        "supervision_child": SupervisionChild,
        "action": SupervisionAction,
        "chronology": ChronologyEntry,
    }


def _schedules() -> tuple[dict[str, int], dict[str, list[tuple[int | None, int]]]]:
    from casemap.supervision.models import ScheduleStep, SupervisionSchedule

    ids, steps = {}, {}
    for key, schedule in (
        ("standard", SupervisionSchedule.objects.get(is_default=True)),
        ("newly qualified", SupervisionSchedule.objects.get(name__startswith="Newly qualified")),
    ):
        ids[key] = schedule.pk
        ordered = sorted(ScheduleStep.objects.filter(schedule=schedule), key=lambda s: (s.until_day is None,
                                                                                        s.until_day or 0))  # fmt: skip
        steps[key] = [(step.until_day, step.interval_days) for step in ordered]
    return ids, steps


def read_staff() -> list[StaffFacts]:
    from casemap.accounts.models import Role, Team, User

    lines = Team.objects.values_list("pk", "manager_id", "service_manager_id")
    teams = {pk: (manager, service) for pk, manager, service in lines}
    staff = []
    for pk, role, team_id, joined in (
        User.objects.filter(is_active=True, role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER], team__isnull=False)
        .order_by("pk")
        .values_list("pk", "role", "team_id", "date_joined")
    ):
        manager, service = teams[team_id]
        staff.append(StaffFacts(pk, role, manager, service, joined.date()))
    return staff


def read_cases() -> list[CaseFacts]:
    from casemap.accounts.models import Team
    from casemap.cases.models import Case, CaseMember

    managers = dict(Team.objects.values_list("pk", "manager_id"))
    facts = {
        pk: CaseFacts(pk, worker, managers[team], opened, [])
        for pk, worker, team, opened in Case.objects.filter(
            service="child_protection", closed_on__isnull=True, allocated_worker__isnull=False, archived_at__isnull=True
        )
        .order_by("pk")
        .values_list("pk", "allocated_worker_id", "team_id", "opened_on")
        if managers[team] and managers[team] != worker
    }
    for case_id, child_id in (
        CaseMember.objects.filter(case_id__in=list(facts), role="child")
        .order_by("pk")
        .values_list("case_id", "person_id")
    ):
        facts[case_id].children.append(child_id)
    return [case for case in facts.values() if case.children]


def build(*, seed: int, today: datetime.date, start_ids: dict[str, int] | None = None) -> SupervisionWriter:
    """Every row, in memory, for the staff and cases in the database Django is set up for."""
    schedules, intervals = _schedules()
    writer = SupervisionWriter(seed=seed, today=today, schedules=schedules, intervals=intervals,
                               start_ids=start_ids or {})  # fmt: skip
    for person in read_staff():
        writer.staff(person)
    for case in read_cases():
        writer.case(case)
    return writer


def remove_existing() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM cases_chronologyentry WHERE source_type = %s", ["supervision.supervision"])
        cursor.execute(
            "TRUNCATE supervision_supervisionaction, supervision_supervisionchild, supervision_supervisionaddition, "
            "supervision_supervisionacknowledgement, supervision_historicalsupervision, supervision_supervision, "
            "supervision_staffleave, supervision_historicalsupervisionprofile, supervision_supervisionprofile"
        )


def generate_supervision(*, seed: int = 2026, analyze: bool = True) -> None:
    """Write the supervision into the database Django is set up for (its staff and cases already there)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.generate_meetings import copy_table
    from casemap.cases.models import ChronologyEntry

    models = table_models()
    say("removing the supervision already there")
    remove_existing()
    start = (ChronologyEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    say("writing supervision in memory")
    writer = build(seed=seed, today=timezone.localdate(), start_ids={"chronology": start})
    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor
        with transaction.atomic():
            for key in TABLES:
                started = time.perf_counter()
                count = copy_table(raw, models[key], writer.rows[key])
                say(f"copied {count:>8,} rows into {models[key]._meta.db_table} ({time.perf_counter() - started:.1f}s)")
        for key in TABLES if analyze else []:
            raw.execute(f"VACUUM ANALYZE {models[key]._meta.db_table}")
    rows = writer.rows
    say(f"{len(rows['profile']):,} profiles, {len(rows['supervision']):,} sessions, {len(rows['leave']):,} leave")


def main() -> None:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(40))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import dj_database_url

    if "bench" not in dj_database_url.parse(url)["NAME"]:
        raise SystemExit("Refusing to replace the supervision of a database whose name does not contain 'bench'")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    generate_supervision()


if __name__ == "__main__":
    main()
