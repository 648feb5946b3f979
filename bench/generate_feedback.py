"""Families' and staff feedback for the synthetic authority: a step after bench/generate_supervision.py.

    .venv/bin/python bench/generate_feedback.py   # on its own: replaces the feedback of a casemap_bench

Writes, with PostgreSQL COPY, the rows the feedback services would have written over the last year
(casemap/feedback/services.py), answering the default surveys the migrations install, so the results page and the
respondent's form can be measured at size:

* parents' responses, anonymous (survey version, service, team and month only): about one for every 8 cases, from a
  parent on a case open at some time in the last year;
* children's responses, about one for every 20 children, from children of 5 or more on such a case: under 13 the
  children's survey (named: person, case and the day it was given), 13 and over the young people's (confidential);
* the staff survey, anonymous, from about half the practitioners and team managers;
* an answer for each question answered: yes, partly or no (mostly yes), 0-10 (mostly 6-9), and some words, about
  half of them checked by a practice lead as fit to show;
* for answers given on the respondent's own link: who was asked and when, the invitation of a named or confidential
  survey, and the used link; some children asked who never answered;
* a safety task for each child who said they did not feel safe: done, but for the last fortnight's;
* the counts of responses and answers the results read, made from them (casemap/feedback/counts.py : recount).

Not written, as for the rest of the generated authority: access-log entries, and the hour-long record of tries.
"""

import datetime
import hashlib
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
CASES_PER_PARENT_RESPONSE = 8
CHILDREN_PER_CHILD_RESPONSE = 20
YOUNGEST_RESPONDENT = 5
YOUNG_PERSON_FROM = 13
OPEN_TASK_DAYS = 14  # a safety task from the last fortnight is still open
TABLES = ["invitation_sent", "invitation", "link_use", "response", "answer", "safety_task"]
COUNT_TABLES = ["feedback_responsecount", "feedback_answercount"]
UNNUMBERED = {"link_use"}  # a used link is keyed by its token's digest alone
# By audience: how the answers arrived (link, with the worker, on paper).
CHANNELS = {
    "parent": (["link", "paper", "with_worker"], [50, 30, 20]),
    "child": (["link", "with_worker", "paper"], [50, 40, 10]),
    "young_person": (["link", "with_worker", "paper"], [65, 30, 5]),
    "staff": (["link"], [1]),
}
AGREEMENT = (["yes", "partly", "no"], [6, 3, 1])
SAFE_AGREEMENT = (["yes", "partly", "no"], [85, 12, 3])  # a question whose "no" starts a safety task
SCALE_WEIGHTS = [1, 1, 1, 2, 2, 3, 4, 5, 6, 4, 3]
ANSWERED = {"agree": 0.95, "scale": 0.85, "text": 0.3}
TEXT_CHECKS = (["shown", "withheld", ""], [50, 15, 35])
WORDS = {
    "parent": [
        "The social worker explained what the worries were in words I understood.",
        "I wish meetings were not always in the morning when I work.",
        "Our family plan was written the way we talk, which helped.",
        "It took too long for anyone to call me back.",
        "The scaling question helped me see we were getting somewhere.",
        "I did not know who to ring when our worker was away.",
    ],
    "child": [
        "I liked drawing my three houses.",
        "My worker listened to me.",
        "I wanted to see my worker more.",
        "I did not like the big meeting.",
    ],
    "young_person": [
        "Nobody told me when my worker changed.",
        "They actually listened to what I wanted.",
        "Stop asking me the same questions every visit.",
        "Helped me sort college out.",
    ],
    "staff": [
        "More time with families and less on the computer.",
        "Group supervision with the mapping was really useful.",
        "Refresher training for the whole team.",
    ],
}
WHAT_WAS_DONE = "Visited the child the next day, at school; they talked about home and a safety plan was agreed."


def say(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {message}", flush=True)


@dataclass
class SurveyFacts:
    pk: int
    version: int
    privacy: str
    questions: list[tuple[int, str, list[str]]]  # (pk, kind, alert answers) in the order asked


@dataclass
class CaseFacts:
    pk: int
    team: int
    worker: int  # who asked for or entered the answers
    manager: int | None
    opened_on: datetime.date
    closed_on: datetime.date | None
    children: list[tuple[int, datetime.date | None]] = field(default_factory=list)  # (person, date of birth)
    adults: list[int] = field(default_factory=list)


@dataclass
class FeedbackWriter:
    seed: int
    today: datetime.date
    surveys: dict[str, SurveyFacts]  # by audience
    team_services: dict[int, str]
    checker: int | None  # a practice lead who reads people's words
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.ids = dict.fromkeys(TABLES, 1)
        self.first_day = self.today - datetime.timedelta(days=HISTORY_DAYS - 1)

    def _row(self, key: str, **values: object) -> dict:
        if key not in UNNUMBERED:
            values["id"] = self.ids[key]
            self.ids[key] += 1
        self.rows[key].append(values)
        return values

    def _moment(self, day: datetime.date, hour: int) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, self.rng.randint(0, 59)), tzinfo=datetime.UTC)

    def _digest(self) -> str:
        return hashlib.sha256(self.rng.randbytes(16)).hexdigest()

    def given_on(self, case: CaseFacts) -> tuple[datetime.date, bool] | None:
        """A day in the last year while the case was open, or just after it closed; and whether at closure."""
        start = max(case.opened_on, self.first_day)
        end = min(case.closed_on or self.today, self.today)
        if start > end:
            return None
        if case.closed_on and self.rng.random() < 0.5:
            return min(case.closed_on + datetime.timedelta(days=self.rng.randint(0, 14)), self.today), True
        return start + datetime.timedelta(days=self.rng.randint(0, (end - start).days)), False

    def _invite(self, survey: SurveyFacts, person: int, case: CaseFacts, on: datetime.date, event: str) -> str:
        """What invitation_create writes: who was asked, and for a survey that is not anonymous the invitation."""
        sent = max(on - datetime.timedelta(days=self.rng.randint(0, 10)), min(case.opened_on, on))
        self._row("invitation_sent", person_id=person, survey_id=survey.pk, sent_on=sent, sent_by_id=case.worker,
                  event=event)  # fmt: skip
        digest = self._digest()
        if survey.privacy != "anonymous":
            self._row("invitation", version_id=survey.version, token_digest=digest, person_id=person, case_id=case.pk,
                      team_id=case.team, created_by_id=case.worker, created_at=self._moment(sent, 10))  # fmt: skip
        return digest

    def _answers(self, response: dict, survey: SurveyFacts, audience: str) -> bool:
        """An answer per question answered, as _save_answers writes them; True if one is an alert answer."""
        rng = self.rng
        chosen: list[tuple[int, str, str]] = []
        for pk, kind, alert in survey.questions:
            if rng.random() >= ANSWERED[kind]:
                continue
            if kind == "agree":
                choices, weights = SAFE_AGREEMENT if alert else AGREEMENT
                chosen.append((pk, kind, rng.choices(choices, weights)[0]))
            elif kind == "scale":
                chosen.append((pk, kind, str(rng.choices(range(11), SCALE_WEIGHTS)[0])))
            else:
                chosen.append((pk, kind, rng.choice(WORDS[audience])))
        if not chosen:  # the form refuses a response with nothing answered
            pk, kind, _ = next(question for question in survey.questions if question[1] == "agree")
            chosen.append((pk, kind, "yes"))
        alerts = {pk: alert for pk, _, alert in survey.questions}
        for pk, kind, value in chosen:
            check = rng.choices(*TEXT_CHECKS)[0] if kind == "text" and self.checker else ""
            self._row("answer", response_id=response["id"], question_id=pk,
                      agreement=value if kind == "agree" else "", scale=int(value) if kind == "scale" else None,
                      text=value if kind == "text" else "", text_check=check,
                      text_checked_by_id=self.checker if check else None)  # fmt: skip
        return any(value in alerts[pk] for pk, _, value in chosen)

    def respond(self, audience: str, *, team: int, on: datetime.date, channel: str, case: CaseFacts | None = None,
                person: int | None = None) -> dict:  # fmt: skip
        """A response and its answers, as _new_response keeps it: nothing about who answered an anonymous survey."""
        survey = self.surveys[audience]
        named = survey.privacy != "anonymous"
        response = self._row(
            "response", version_id=survey.version, service=self.team_services[team], team_id=team,
            month=on.replace(day=1), channel=channel, person_id=person if named else None,
            case_id=case.pk if named and case else None, given_on=on if named else None,
            entered_by_id=case.worker if named and case and channel != "link" else None,
        )  # fmt: skip
        alerted = self._answers(response, survey, audience)
        if alerted and response["case_id"] and response["person_id"] and case is not None:
            created = self._moment(on, 16)
            done = on < self.today - datetime.timedelta(days=OPEN_TASK_DAYS)
            by = case.manager or case.worker
            self._row("safety_task", case_id=case.pk, person_id=person, team_id=case.team, response_id=response["id"],
                      created_at=created, done_by_id=by if done else None,
                      done_at=created + datetime.timedelta(days=self.rng.randint(1, 3)) if done else None,
                      what_was_done=WHAT_WAS_DONE if done else "")  # fmt: skip
        return response

    def _used(self, digest: str) -> None:
        self._row("link_use", token_digest=digest, attempts=1, used=True)

    def parent(self, case: CaseFacts, adult: int) -> None:
        when = self.given_on(case)
        if when is None:
            return
        on, at_closure = when
        channel = self.rng.choices(*CHANNELS["parent"])[0]
        if channel == "link":
            self._used(
                self._invite(self.surveys["parent"], adult, case, on, f"closure:{case.pk}" if at_closure else "")
            )
        self.respond("parent", team=case.team, on=on, channel=channel, case=case, person=adult)

    def child(self, case: CaseFacts, child: int, born: datetime.date | None, *, answers: bool = True) -> None:
        when = self.given_on(case)
        if when is None:
            return
        on, at_closure = when
        age = (on - born).days // 365 if born else YOUNG_PERSON_FROM
        audience = "child" if age < YOUNG_PERSON_FROM else "young_person"
        channel = self.rng.choices(*CHANNELS[audience])[0] if answers else "link"
        if channel == "link":
            digest = self._invite(self.surveys[audience], child, case, on, f"closure:{case.pk}" if at_closure else "")
            if not answers:
                return
            self._used(digest)
        self.respond(audience, team=case.team, on=on, channel=channel, case=case, person=child)

    def staff(self, team: int) -> None:
        # staff_link_create keeps nothing; the answer uses the link.
        self._used(self._digest())
        on = self.first_day + datetime.timedelta(days=self.rng.randint(0, HISTORY_DAYS - 1))
        self.respond("staff", team=team, on=on, channel="link")


def table_models() -> dict[str, object]:
    from casemap.feedback.models import Answer, Invitation, InvitationSent, LinkUse, Response, SafetyTask

    return {
        "invitation_sent": InvitationSent,
        "invitation": Invitation,
        "link_use": LinkUse,
        "response": Response,
        "answer": Answer,
        "safety_task": SafetyTask,
    }


def read_surveys() -> dict[str, SurveyFacts]:
    """The current published version of each default survey, by audience."""
    from casemap.feedback.models import Question, Survey

    found: dict[str, SurveyFacts] = {}
    for survey in Survey.objects.filter(is_active=True).order_by("pk"):
        version = survey.versions.filter(published_at__isnull=False).order_by("-number").first()
        if version is None or survey.audience in found:
            continue
        questions = [
            (pk, kind, list(alert or []))
            for pk, kind, alert in Question.objects.filter(version=version)
            .order_by("position")
            .values_list("pk", "kind", "alert_answers")
        ]
        found[survey.audience] = SurveyFacts(survey.pk, version.pk, survey.privacy, questions)
    missing = {"parent", "child", "young_person", "staff"} - set(found)
    if missing:
        raise SystemExit(f"No published survey for {sorted(missing)}: run the feedback migrations")
    return found


def read_cases(today: datetime.date) -> list[CaseFacts]:
    """Cases open at some time in the last year, with their members and who worked them."""
    from django.db.models import Q

    from casemap.accounts.models import Team
    from casemap.cases.models import Allocation, Case, CaseMember

    managers = dict(Team.objects.values_list("pk", "manager_id"))
    since = today - datetime.timedelta(days=HISTORY_DAYS - 1)
    rows = (
        Case.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=since), opened_on__lte=today)
        .order_by("pk")
        .values_list("pk", "team_id", "allocated_worker_id", "opened_on", "closed_on")
    )
    cases = {pk: (team, worker, opened, closed) for pk, team, worker, opened, closed in rows}
    # A closed case has no allocated worker: its last one asked.
    last_worker: dict[int, int] = {}
    for case_id, worker in (
        Allocation.objects.filter(case_id__in=list(cases), worker__isnull=False)
        .order_by("started_at", "pk")
        .values_list("case_id", "worker_id")
    ):
        last_worker[case_id] = worker
    facts: dict[int, CaseFacts] = {}
    for pk, (team, worker, opened, closed) in cases.items():
        asked_by = worker or last_worker.get(pk) or managers.get(team)
        if asked_by:
            facts[pk] = CaseFacts(pk, team, asked_by, managers.get(team), opened, closed)
    for case_id, person, is_child, born in (
        CaseMember.objects.filter(case_id__in=list(facts))
        .order_by("case_id", "person_id")
        .values_list("case_id", "person_id", "person__is_child", "person__date_of_birth")
    ):
        if is_child:
            facts[case_id].children.append((person, born))
        else:
            facts[case_id].adults.append(person)
    return list(facts.values())


def read_checker() -> int | None:
    from casemap.accounts.models import Role, User

    checkers = User.objects.filter(role__in=[Role.PRACTICE_LEAD, Role.DATA_OFFICER], is_active=True)
    return checkers.order_by("-role", "pk").values_list("pk", flat=True).first()


def build(
    *,
    seed: int,
    today: datetime.date,
    cases_per_parent: int = CASES_PER_PARENT_RESPONSE,
    children_per_child: int = CHILDREN_PER_CHILD_RESPONSE,
) -> FeedbackWriter:
    """Every row, in memory, for the cases, children and staff in the database Django is set up for. A tiny
    authority may ask for more answers per case and child than the benchmark's shares."""
    from casemap.accounts.models import Role, Team, User
    from casemap.cases.models import Case
    from casemap.people.models import Person

    writer = FeedbackWriter(seed=seed, today=today, surveys=read_surveys(),
                            team_services=dict(Team.objects.values_list("pk", "service")),
                            checker=read_checker())  # fmt: skip
    rng = writer.rng
    cases = read_cases(today)
    # Sizes by the whole authority, drawn from whoever could have answered in the year.
    # One case per parent (their latest), so nobody is asked twice within the 90 days.
    latest = {adult: case for case in cases for adult in case.adults}
    parents = sorted(((case, adult) for adult, case in latest.items()), key=lambda pair: (pair[0].pk, pair[1]))
    wanted = min(len(parents), max(1, Case.objects.count() // cases_per_parent))
    for case, adult in sorted(rng.sample(parents, wanted), key=lambda pair: (pair[0].pk, pair[1])):
        writer.parent(case, adult)
    old_enough = today - datetime.timedelta(days=365 * YOUNGEST_RESPONDENT)
    seen: set[int] = set()
    children = []
    for case in cases:
        for person, born in case.children:
            if person not in seen and (born is None or born <= old_enough):
                seen.add(person)
                children.append((case, person, born))
    wanted = min(len(children), max(1, Person.objects.filter(is_child=True).count() // children_per_child))
    chosen = set(rng.sample(range(len(children)), wanted))
    for index, (case, person, born) in enumerate(children):
        if index in chosen:
            writer.child(case, person, born)
        elif rng.random() < wanted / max(1, len(children)):  # asked, never answered
            writer.child(case, person, born, answers=False)
    staff = list(
        User.objects.filter(is_active=True, role__in=[Role.PRACTITIONER, Role.TEAM_MANAGER], team__isnull=False)
        .order_by("pk")
        .values_list("team_id", flat=True)
    )
    for team in rng.sample(staff, (len(staff) + 1) // 2):
        writer.staff(team)
    return writer


def remove_existing() -> None:
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE feedback_safetytask, feedback_answercount, feedback_responsecount, feedback_answer, "
            "feedback_response, feedback_invitation, feedback_invitationsent, feedback_linkuse, "
            "feedback_submissionattempt"
        )


def copy_into(cursor, model, rows: list[dict]) -> int:
    """COPY dict rows into the model's table; a table keyed by something else than a numbered id has no sequence to
    move on."""
    from bench.generate_authority import copy_rows
    from bench.generate_meetings import copy_table

    if model._meta.pk.column == "id" or not rows:
        return copy_table(cursor, model, rows)
    return copy_rows(cursor, model, list(rows[0]), (tuple(row.values()) for row in rows))


def generate_feedback(*, seed: int = 2026, analyze: bool = True) -> None:
    """Write the feedback into the database Django is set up for (its cases, children and staff already there)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from casemap.feedback.counts import recount

    models = table_models()
    say("removing the feedback already there")
    remove_existing()
    say("writing feedback in memory")
    writer = build(seed=seed, today=timezone.localdate())
    with connection.cursor() as django_cursor:
        raw = django_cursor.cursor
        with transaction.atomic():
            for key in TABLES:
                started = time.perf_counter()
                count = copy_into(raw, models[key], writer.rows[key])
                say(f"copied {count:>8,} rows into {models[key]._meta.db_table} ({time.perf_counter() - started:.1f}s)")
            started = time.perf_counter()
            recount()  # the counts the services keep as answers are given
            say(f"counted the responses and answers for the results ({time.perf_counter() - started:.1f}s)")
        for table in [*(models[key]._meta.db_table for key in TABLES), *COUNT_TABLES] if analyze else []:
            raw.execute(f"VACUUM ANALYZE {table}")
    rows = writer.rows
    by_audience: dict[str, int] = defaultdict(int)
    audiences = {survey.version: audience for audience, survey in writer.surveys.items()}
    for row in rows["response"]:
        by_audience[audiences[row["version_id"]]] += 1
    open_tasks = sum(1 for row in rows["safety_task"] if row["done_at"] is None)
    say(
        f"{len(rows['response']):,} responses ({', '.join(f'{n:,} {a}' for a, n in sorted(by_audience.items()))}), "
        f"{len(rows['answer']):,} answers, {len(rows['invitation_sent']):,} asked, "
        f"{len(rows['safety_task']):,} safety tasks ({open_tasks} open)"
    )


def main() -> None:
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_hex(40))
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
    import dj_database_url

    if "bench" not in dj_database_url.parse(url)["NAME"]:
        raise SystemExit("Refusing to replace the feedback of a database whose name does not contain 'bench'")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    generate_feedback()


if __name__ == "__main__":
    main()
