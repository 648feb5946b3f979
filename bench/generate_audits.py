"""Practice audits for the synthetic authority: a step after bench/generate_feedback.py.

    .venv/bin/python bench/generate_audits.py   # on its own: replaces the audits of a casemap_bench

Writes, with PostgreSQL COPY, a year of the audits the audit services would have left (casemap/quality/models.py),
with the two default tools the migrations install, so the audit results can be measured at size:

* completed audits, month by month over the last year: most teams about 8 a month, every eighth team only one a
  quarter or so (fewer than 6 in a quarter, so the results leave it out as a team); a case audit of a case open that
  month, or, for about one in five, a closure audit (Ofsted's grades) of a case closed that month. The case's team
  and worker at the time, an auditor who is a practice lead or the manager of another team (peer audit), the
  practitioner's participation, their self-score beside the auditor's when they took part, strengths, learning
  (now and then naming the worker by first name, as an auditor might slip) and an overall judgement;
* a score for every criterion, from the audit's overall quality with some spread;
* the counts of completed audits and scores the results read, made from them (casemap/quality/counts.py : recount);
* moderation of a tenth of the audits drawn at random and of every audit graded inadequate, by someone who is
  neither the auditor nor the team's manager: nine in ten completed, the moderator's grades mostly the same or a
  point away; an inadequate audit's response (the manager's reply and a re-audit due);
* a few audits still in progress this month, and one calibration exercise graded by the practice leads and
  half the team managers.

Not written, as for the rest of the generated authority: history rows and access-log entries.
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
HISTORY_MONTHS = 12
AUDITS_PER_TEAM_MONTH = 8
SMALL_TEAM_EVERY = 8  # every eighth team audits rarely
SMALL_TEAM_CHANCE = 0.35  # a small team's chance of one audit in a month
CLOSURE_SHARE = 0.2
MODERATED_SHARE = 0.1
MODERATION_COMPLETED = 0.9
IN_PROGRESS = 20
JSON_COLUMNS = {"reference_scores", "scores"}
COUNT_TABLES = ["quality_auditcount", "quality_auditscorecount"]
TABLES = ["audit", "auditscore", "moderation", "moderatedscore", "inadequateresponse", "calibrationexercise",
          "calibrationattempt"]  # fmt: skip
PARTICIPATION = (["present", "consulted", "not_involved"], [45, 35, 20])
FAMILY_CONTACT = (["visit", "phone", "video", "survey", "letter", ""], [15, 30, 5, 10, 5, 35])
STRENGTHS = [
    "The map is written in the family's words and the children's views run through it.",
    "Danger statements and safety goals are paired and clear.",
    "The safety network is named and each person knows their part.",
    "Visits are on time and the child is seen alone.",
    "Management oversight records the reasons for each decision.",
]
LEARNING = [
    "Scaling questions are asked but the reasons behind each number are not recorded.",
    "Safety plans describe professional tasks more than what the family will do.",
    "The child's words are recorded in direct work but do not reach the danger statements.",
    "Networks are named early but not brought together to test the plan.",
    "Closing summaries do not say which safety goals were met.",
    "Reviews of the plan slip when the worker changes; handover notes would help.",
    "Words and Pictures explanations are given late, after the first conference.",
    "Good use of the three columns, but harm and complicating factors are still mixed.",
]
NAMED_LEARNING = "{name} could record the family's own scaling reasons, as in the best examples here."
NAMED_LEARNING_SHARE = 0.05
FAMILY_WORDS = ["They listened to us this time.", "We knew what had to change.", "Too many meetings.", ""]


def say(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {message}", flush=True)


@dataclass
class ToolFacts:
    version: int
    scale: str
    criteria: list[int]


@dataclass
class AuditWriter:
    seed: int
    today: datetime.date
    tools: dict[str, ToolFacts]  # "case", "closure"
    team_managers: dict[int, int | None]  # team -> its manager
    auditors: list[int]  # practice leads and team managers
    practice_leads: list[int]
    first_names: dict[int, str]
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.ids = dict.fromkeys(TABLES, 1)

    def _row(self, key: str, **values: object) -> dict:
        values["id"] = self.ids[key]
        self.ids[key] += 1
        self.rows[key].append(values)
        return values

    def _moment(self, day: datetime.date, hour: int) -> datetime.datetime:
        """That hour of the day, but never later than now: an audit done today was done before the generator ran."""
        moment = datetime.datetime.combine(day, datetime.time(hour, self.rng.randint(0, 59)), tzinfo=datetime.UTC)
        return min(moment, datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=1))

    def _auditor(self, team: int) -> int:
        """A practice lead, or the manager of another team."""
        manager = self.team_managers.get(team)
        while True:
            chosen = self.rng.choice(self.auditors)
            if chosen != manager:
                return chosen

    def _scores(self, tool: ToolFacts) -> list[int]:
        rng = self.rng
        if tool.scale == "ofsted":
            quality = rng.choices([1, 2, 3, 4], [1, 3, 5, 2])[0]
            return [min(4, max(1, quality + rng.choice([-1, 0, 0, 0, 1]))) for _ in tool.criteria]
        quality = rng.gauss(6.2, 1.8)
        return [min(10, max(0, round(quality + rng.gauss(0, 1.3)))) for _ in tool.criteria]

    def audit(self, *, kind: str, case: int, team: int, practitioner: int | None, on: datetime.date,
              completed: bool = True) -> None:  # fmt: skip
        rng = self.rng
        tool = self.tools[kind]
        auditor = self._auditor(team)
        scores = self._scores(tool)
        overall = round(sum(scores) / len(scores))
        participation = rng.choices(*PARTICIPATION)[0] if practitioner else "not_involved"
        method = rng.choices(*FAMILY_CONTACT)[0]
        started = on - datetime.timedelta(days=rng.randint(3, 20))
        learning = rng.choice(LEARNING) if rng.random() < 0.6 else ""
        if practitioner and rng.random() < NAMED_LEARNING_SHARE:
            learning = NAMED_LEARNING.format(name=self.first_names.get(practitioner, "The worker"))
        done = self._moment(on, 15) if completed else None
        audit = self._row(
            "audit", created_at=self._moment(started, 10), created_by_id=auditor, modified_at=done or
            self._moment(started, 11), modified_by_id=auditor, archived_at=None, archived_by_id=None,
            archive_reason="", version=1, tool_version_id=tool.version, case_id=case, sampled_case_id=None,
            team_id=team, practitioner_id=practitioner, auditor_id=auditor,
            status="completed" if completed else "in_progress", due_on=started + datetime.timedelta(days=28),
            practitioner_participation=participation, family_contact_person_id=None, family_contact_method=method,
            family_contacted_on=started + datetime.timedelta(days=2) if method else None,
            family_contact_outcome="Talked about what had changed." if method else "",
            family_words=rng.choice(FAMILY_WORDS) if method else "",
            strengths=rng.choice(STRENGTHS) if completed else "", learning=learning if completed else "",
            overall_judgement=overall if completed else None, safeguarding_concern=False, safeguarding_detail="",
            safeguarding_raised_at=None, safeguarding_manager_id=None, safeguarding_acknowledged_at=None,
            safeguarding_acknowledged_by_id=None, safeguarding_response="", completed_at=done, reaudit_of_id=None,
        )  # fmt: skip
        shown = scores if completed else scores[: len(scores) // 2]
        top, bottom = (4, 1) if tool.scale == "ofsted" else (10, 0)
        for criterion, score in zip(tool.criteria, shown, strict=False):
            self_score = None
            if participation != "not_involved":  # practitioners score themselves a little higher, on the whole
                self_score = max(bottom, min(top, score + rng.choice([-1, 0, 0, 1, 1])))
            self._row("auditscore", audit_id=audit["id"], criterion_id=criterion, score=score,
                      practitioner_score=self_score, comment="")  # fmt: skip
        if completed:
            inadequate = overall <= (1 if tool.scale == "ofsted" else 2)
            if inadequate or rng.random() < MODERATED_SHARE:
                self._moderate(audit, tool, scores, "inadequate" if inadequate else "random")
            if inadequate and self.team_managers.get(team):
                self._row("inadequateresponse", audit_id=audit["id"], manager_id=self.team_managers[team],
                          reply_due_on=on + datetime.timedelta(days=7), reply="", replied_at=None,
                          reaudit_due_on=on + datetime.timedelta(days=91))  # fmt: skip

    def _moderate(self, audit: dict, tool: ToolFacts, scores: list[int], reason: str) -> None:
        rng = self.rng
        barred = {audit["auditor_id"], self.team_managers.get(audit["team_id"])}
        moderator = rng.choice([user for user in self.auditors if user not in barred])
        finished = audit["completed_at"] + datetime.timedelta(days=rng.randint(2, 20))
        completed = rng.random() < MODERATION_COMPLETED and finished.date() <= self.today
        top, bottom = (4, 1) if tool.scale == "ofsted" else (10, 0)
        spread = [0, 0, 0] if tool.scale == "ofsted" else [-2, -1, -1, 0, 0, 0, 0, 1, 1]
        moderated = [min(top, max(bottom, score + rng.choice([*spread, 0, 0, 0]))) for score in scores]
        moderation = self._row(
            "moderation", audit_id=audit["id"], reason=reason, selected_at=audit["completed_at"],
            moderator_id=moderator,
            overall_judgement=round(sum(moderated) / len(moderated)) if completed else None,
            comment="Agreed, with the scaling reasons to add." if completed else "",
            completed_at=finished if completed else None,
        )  # fmt: skip
        if completed:
            for criterion, score in zip(tool.criteria, moderated, strict=True):
                self._row("moderatedscore", moderation_id=moderation["id"], criterion_id=criterion, score=score)

    def calibration(self, managers: list[int]) -> None:
        tool = self.tools["case"]
        rng = self.rng
        reference = {str(criterion): rng.randint(3, 8) for criterion in tool.criteria}
        author = self.practice_leads[0] if self.practice_leads else self.auditors[0]
        when = self._moment(self.today - datetime.timedelta(days=40), 9)
        exercise = self._row(
            "calibrationexercise", created_at=when, created_by_id=author, modified_at=when, modified_by_id=author,
            archived_at=None, archived_by_id=None, archive_reason="", version=1, tool_version_id=tool.version,
            title="Calibration: the Lee family", case_summary="Two children; a first map, a draft plan, a network "
            "of four.", reference_scores=reference, is_open=False,
        )  # fmt: skip
        graders = self.practice_leads + managers[: len(managers) // 2]
        for grader in graders:
            given = {key: min(10, max(0, value + rng.choice([-2, -1, 0, 0, 0, 1]))) for key, value in reference.items()}
            self._row("calibrationattempt", exercise_id=exercise["id"], auditor_id=grader, scores=given,
                      submitted_at=when + datetime.timedelta(days=rng.randint(1, 14)))  # fmt: skip


def table_models() -> dict[str, object]:
    from casemap.quality import models

    return {
        "audit": models.Audit,
        "auditscore": models.AuditScore,
        "moderation": models.Moderation,
        "moderatedscore": models.ModeratedScore,
        "inadequateresponse": models.InadequateResponse,
        "calibrationexercise": models.CalibrationExercise,
        "calibrationattempt": models.CalibrationAttempt,
    }


def read_tools() -> dict[str, ToolFacts]:
    from casemap.quality.default_tools import CLOSURE_AUDIT, SIGNS_OF_SAFETY_CASE_AUDIT
    from casemap.quality.models import AuditCriterion, AuditToolVersion

    found = {}
    for key, name in (("case", SIGNS_OF_SAFETY_CASE_AUDIT), ("closure", CLOSURE_AUDIT)):
        version = (
            AuditToolVersion.objects.filter(tool__name=name, published_at__isnull=False).order_by("-number").first()
        )
        if version is None:
            raise SystemExit(f"No published version of {name!r}: run the quality migrations")
        criteria = list(
            AuditCriterion.objects.filter(version=version).order_by("position").values_list("pk", flat=True)
        )
        found[key] = ToolFacts(version.pk, version.scale, criteria)
    return found


def months(today: datetime.date) -> list[datetime.date]:
    """The first day of each of the last HISTORY_MONTHS months, this one last."""
    first = today.replace(day=1)
    found = [first]
    while len(found) < HISTORY_MONTHS:
        previous = found[0] - datetime.timedelta(days=1)
        found.insert(0, previous.replace(day=1))
    return found


def build(*, seed: int, today: datetime.date, per_team_month: int = AUDITS_PER_TEAM_MONTH) -> AuditWriter:
    """Every row, in memory, for the cases and staff in the database Django is set up for."""
    from bench.generate_feedback import read_cases
    from casemap.accounts.models import Role, Team, User

    managers = dict(Team.objects.order_by("pk").values_list("pk", "manager_id"))
    practice_leads = list(
        User.objects.filter(role=Role.PRACTICE_LEAD, is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    team_managers = sorted({manager for manager in managers.values() if manager})
    writer = AuditWriter(
        seed=seed, today=today, tools=read_tools(), team_managers=managers,
        auditors=practice_leads + team_managers, practice_leads=practice_leads,
        first_names=dict(User.objects.values_list("pk", "first_name")),
    )  # fmt: skip
    if len(writer.auditors) < 3:
        raise SystemExit("Too few practice leads and team managers to audit and moderate")
    rng = writer.rng
    cases = read_cases(today)
    by_team: dict[int, list] = defaultdict(list)
    for case in cases:
        by_team[case.team].append(case)
    for index, team in enumerate(sorted(by_team)):
        small = index % SMALL_TEAM_EVERY == SMALL_TEAM_EVERY - 1
        for month in months(today):
            end = min(today, (month + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1))
            wanted = int(rng.random() < SMALL_TEAM_CHANCE) if small else max(0, round(rng.gauss(per_team_month, 2)))
            open_then = [
                c for c in by_team[team] if c.opened_on <= end and (c.closed_on is None or c.closed_on >= month)
            ]
            closed_then = [c for c in open_then if c.closed_on is not None and c.closed_on <= end]
            for _ in range(wanted):
                closure = closed_then and rng.random() < CLOSURE_SHARE
                case = rng.choice(closed_then if closure else open_then) if open_then else None
                if case is None:
                    break
                on = month + datetime.timedelta(days=rng.randint(0, (end - month).days))
                writer.audit(kind="closure" if closure else "case", case=case.pk, team=team, practitioner=case.worker,
                             on=on)  # fmt: skip
    open_now = [case for case in cases if case.closed_on is None]
    for case in rng.sample(open_now, min(IN_PROGRESS, len(open_now))):
        writer.audit(kind="case", case=case.pk, team=case.team, practitioner=case.worker, on=today, completed=False)
    writer.calibration(team_managers)
    return writer


def for_copy(rows: list[dict]) -> list[dict]:
    """The rows with their JSON columns as text, for COPY."""
    return [
        {column: json.dumps(value) if column in JSON_COLUMNS else value for column, value in row.items()}
        for row in rows
    ]


def remove_existing() -> None:
    from django.db import connection, transaction

    from casemap.quality.models import AuditAction

    models = table_models()
    # Actions are not generated, but point at the audits.
    tables = ", ".join(
        [AuditAction._meta.db_table, *COUNT_TABLES, *(models[key]._meta.db_table for key in reversed(TABLES))]
    )  # type: ignore[attr-defined]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables}")  # our own models' table names


def generate_audits(*, seed: int = 2026, analyze: bool = True) -> None:
    """Write the audits into the database Django is set up for (its cases and staff already there)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.generate_meetings import copy_table
    from casemap.quality.counts import recount

    models = table_models()
    say("removing the audits already there")
    remove_existing()
    say("writing audits in memory")
    writer = build(seed=seed, today=timezone.localdate())
    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor
        with transaction.atomic():
            for key in TABLES:
                started = time.perf_counter()
                count = copy_table(raw, models[key], for_copy(writer.rows[key]))
                say(f"copied {count:>8,} rows into {models[key]._meta.db_table} ({time.perf_counter() - started:.1f}s)")  # type: ignore[attr-defined]
            started = time.perf_counter()
            recount()  # the counts the services keep as audits are completed
            say(f"counted the completed audits for the results ({time.perf_counter() - started:.1f}s)")
        for table in [*(models[key]._meta.db_table for key in TABLES), *COUNT_TABLES] if analyze else []:  # type: ignore[attr-defined]
            raw.execute(f"VACUUM ANALYZE {table}")
    rows = writer.rows
    completed = sum(1 for row in rows["audit"] if row["status"] == "completed")
    moderated = sum(1 for row in rows["moderation"] if row["completed_at"] is not None)
    say(
        f"{completed:,} completed audits ({len(rows['audit']) - completed} in progress), {len(rows['auditscore']):,} "
        f"scores, {len(rows['moderation']):,} drawn for moderation ({moderated:,} moderated), "
        f"{len(rows['inadequateresponse']):,} inadequate, {len(rows['calibrationattempt'])} calibration attempts"
    )


def main() -> None:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(40))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import dj_database_url

    if "bench" not in dj_database_url.parse(url)["NAME"]:
        raise SystemExit("Refusing to replace the audits of a database whose name does not contain 'bench'")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    generate_audits()


if __name__ == "__main__":
    main()
