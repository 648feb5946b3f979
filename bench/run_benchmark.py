"""Load benchmark: gunicorn with production settings against the synthetic authority.

    .venv/bin/python bench/generate_authority.py     # once: make bench-generate
    .venv/bin/python bench/run_benchmark.py          # make bench
    .venv/bin/python bench/run_benchmark.py --rounds 1 --duration 20   # a quick look
    make bench-quick     # one short round against the small authority (casemap_bench_small), made if missing

The users it signs in as (PRACTITIONERS, MANAGERS) are in both the large authority and the small one
(bench/generate_authority.py --children 1000, in its own database), with the same kind of caseload, so the same
pages can be compared at both sizes: point DATABASE_URL at the database to measure.

It collects static files, starts gunicorn on 127.0.0.1 with bench.settings (production with
only the HTTPS-only cookie and redirect settings relaxed for loopback http), and waits until it
answers. Then, for each round, N simulated users (threads, each with its own keep-alive
connection and cookies) sign in through /sign-in/ with the CSRF token, read their caseload to
learn which children they may see, and repeatedly ask for: their caseload (/cases/, or
/cases/team/ for a manager), a child's record (/people/<id>/), its timeline
(/people/<id>/timeline/) and a search (POST /people/search/ with a name and the CSRF token).
Practitioners also open their large Signs of Safety maps (a draft with 100 items and 50 scaling
judgements, and a signed-off one that renders from its snapshot: bench/generate_maps.py makes them) and
autosave one item of their own draft (POST /maps/<id>/item/<item id>/ with X-Casemap-Autosave: 1, the
version carried forward from each answer); managers open their team's large maps. Practitioners open what is
due on their cases (/meetings/), team managers what is due in their team (/meetings/?for=team), and those who may
see it the team's large conference (/meetings/<id>/, 20 invitees and 3 children: bench/generate_meetings.py).
Everyone also opens the supervision page's overdue lists (/supervision/: bench/generate_supervision.py), and now and
then answers a feedback survey as a family member would: a browser with no account opens a fresh link of its own
(/feedback/link/<token>/, then /feedback/answer/) and sends the form as the page renders it. Managers open the
feedback results for the parents' survey, for every team and for one (bench/generate_feedback.py makes a year of
answers to count), and the audit results of the case audit, for every team and for one, and the practice panel
counted by team (bench/generate_audits.py makes a year of audits).
A round ends after --duration seconds or --max-requests requests. Traffic goes to 127.0.0.1 only.

After the rounds gunicorn is stopped and a single-threaded pass runs in this process with
django.test.Client and CaptureQueriesContext against the same database, to count the SQL
queries each page makes (for a small and a very large record, so a count that grows with the
data shows; a statement sent more than once is printed under its page), and to time the access-log append on its
own and under contention.

Results: a table on stdout and bench/results/<time>.json.
"""

import argparse
import datetime
import http.client
import itertools
import json
import math
import os
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/casemap_bench"
HOST = "127.0.0.1"
# Practitioners first, then managers; demo personas, then generated staff (sw### / tm###).
PRACTITIONERS = ["sally", "tom", "jo", "priya", "marcus", "sw050", "sw200", "sw310"]
MANAGERS = ["dana", "ayo", "grace"]
PAGE_WEIGHTS = {"caseload": 25, "person": 25, "timeline": 25, "search": 25}
# Managers also look at their team's caseload now and then: reported on its own, as it is not one of the
# pages the target names and its size grows with the team (up to 500 rows for a service manager).
MANAGER_PAGE_WEIGHTS = {"caseload": 20, "team caseload": 5, "person": 25, "timeline": 25, "search": 25}
TARGET_P95_MS = 150.0
# Signs of Safety maps: "a map with 100 items and 50 judgements renders with p95 < 100 ms and a fixed number of
# queries; a draft save answers in p95 < 50 ms". Mixed into the same users' work, reported on their own.
MAP_DRAFT = "map (draft, 100 items/50 scales)"
MAP_SIGNED = "map (signed)"
DRAFT_SAVE = "draft save"
MAP_PAGE_WEIGHTS = {MAP_DRAFT: 10, MAP_SIGNED: 10, DRAFT_SAVE: 20}
MANAGER_MAP_PAGE_WEIGHTS = {MAP_DRAFT: 5, MAP_SIGNED: 5}
MAP_TARGETS_MS = {MAP_DRAFT: 100.0, MAP_SIGNED: 100.0, DRAFT_SAVE: 50.0}
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')
# Meetings: "at 100,000 children the team's due/overdue list and the conference page stay under 150 ms p95 with a
# fixed number of queries". Practitioners open their own due list and the large conference (20 invitees, 3 children:
# bench/generate_meetings.py) if they may see it; team managers their team's due list and the conference if it is
# their team's. A service manager's list (every team in their line on one page) is reported on its own, and left out
# of the load unless --service-due-weight is given: one takes seconds of CPU (the in-process pass times it).
DUE_MINE = "due list (mine)"
DUE_TEAM = "due list (team)"
DUE_SERVICE = "due list (service manager)"
CONFERENCE = "conference page"
MEETING_PAGE_WEIGHTS = {"due list": 15, CONFERENCE: 20}
MEETING_TARGETS_MS = {DUE_TEAM: 150.0, CONFERENCE: 150.0}
# Supervision: "the overdue lists measured at 100,000 children under 150 ms p95 with fixed queries". Everyone opens
# /supervision/: a worker's own actions and whether they are overdue, a team manager's team, a service manager's line
# (bench/generate_supervision.py makes the profiles and a year of sessions).
SUPERVISION = "supervision overdue lists"
SUPERVISION_WEIGHT = 10
SUPERVISION_TARGETS_MS = {SUPERVISION: 150.0}

# Feedback: "the respondent's public form answers in p95 < 100 ms; the staff results page at 100,000 children under
# 150 ms p95 with a fixed number of queries". Every user now and then answers a survey as a family member would, with
# a browser of its own and a link made for it beforehand (the form, then the send); managers open the results for the
# parents' survey, for every team and for one (bench/generate_feedback.py makes the year of answers they count).
FEEDBACK_FORM = "feedback form"
FEEDBACK_SEND = "feedback form send"
FEEDBACK_RESULTS = "feedback results (all teams)"
FEEDBACK_RESULTS_TEAM = "feedback results (one team)"
FEEDBACK_FORM_WEIGHT = 10
FEEDBACK_RESULTS_WEIGHT = 10  # each: every team, one team
FEEDBACK_TARGETS_MS = {
    FEEDBACK_FORM: 100.0,
    FEEDBACK_SEND: 100.0,
    FEEDBACK_RESULTS: 150.0,
    FEEDBACK_RESULTS_TEAM: 150.0,
}
# Audit results: "the team results page at 100,000 children under 150 ms p95 with a fixed number of queries".
# Managers open the results of the Signs of Safety case audit for every team and for one, and the practice panel
# counted by team (bench/generate_audits.py makes the year of audits they count).
AUDIT_RESULTS = "audit results (all teams)"
AUDIT_RESULTS_TEAM = "audit results (one team)"
PRACTICE_BY_TEAM = "practice by team"
AUDIT_RESULTS_WEIGHT = 10  # each: every team, one team, the practice by team
AUDIT_TARGETS_MS = {AUDIT_RESULTS: 150.0, AUDIT_RESULTS_TEAM: 150.0, PRACTICE_BY_TEAM: 150.0}
PARENTS_SURVEY = "What parents think of our help"
CHILDREN_SURVEY = "What children think of our help"
RESPONDENT_WORDS = [
    "Our worker explained things in words we understood.",
    "It took too long for anyone to call me back.",
    "I liked drawing my three houses.",
]

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHILD_LINK = re.compile(r'href="/people/(\d+)/">([^<]+)</a>')


class PageError(Exception):
    pass


class Browser:
    """One user's keep-alive connection and cookies: enough of a browser for these pages."""

    def __init__(self, port: int, user_agent: str, address: str = "") -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.user_agent = user_agent
        # A family member's own address, as the reverse proxy would pass it on (server_environment trusts it).
        self.address = address
        self.connection = http.client.HTTPConnection(HOST, port, timeout=60)

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None, extra: dict[str, str] | None = None
    ) -> tuple[int, str, str]:
        headers = {"User-Agent": self.user_agent, "Host": f"{HOST}:{self.port}", "Accept": "text/html", **(extra or {})}
        if self.address:
            headers["X-Forwarded-For"] = self.address
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.connection.close()
                self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if "max-age=0" in value.lower() or "expires=thu, 01 jan 1970" in value.lower():
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = cookie_value
        return response.status, response.getheader("Location") or "", text

    def close(self) -> None:
        self.connection.close()


class LinkPool:
    """Fresh single-use feedback links, made before the load (feedback_links), shared by every simulated user."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = list(reversed(tokens))
        self.lock = threading.Lock()

    def take(self) -> str | None:
        with self.lock:
            return self.tokens.pop() if self.tokens else None


FORM_TAG = re.compile(r'<form\b[^>]*id="feedback-form".*?</form>', re.DOTALL)
INPUT_TAG = re.compile(r"<input\b[^>]*>")
TEXTAREA_NAME = re.compile(r'<textarea\b[^>]*\bname="([^"]+)"')
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')


def answers_as_rendered(page: str, rng: random.Random) -> dict[str, str] | None:
    """The answer form's fields as the page renders them, filled in as a respondent might: most questions answered,
    mostly "yes" and 6 to 9, now and then some words. None if the page has no answer form."""
    found = FORM_TAG.search(page)
    if not found:
        return None
    choices: dict[str, list[str]] = {}
    form: dict[str, str] = {}
    for tag in INPUT_TAG.findall(found.group(0)):
        attributes = dict(ATTRIBUTE.findall(tag))
        if attributes.get("type") == "radio" and attributes.get("name"):
            choices.setdefault(attributes["name"], []).append(attributes.get("value", ""))
        elif attributes.get("name") == "csrfmiddlewaretoken":
            form["csrfmiddlewaretoken"] = attributes.get("value", "")
    if "csrfmiddlewaretoken" not in form or not choices:
        return None
    for name, values in choices.items():
        if rng.random() < 0.05:
            continue
        if set(values) == {"yes", "partly", "no"}:
            form[name] = rng.choices(["yes", "partly", "no"], [6, 3, 1])[0]
        else:
            form[name] = rng.choices(values, [5 if v.isdigit() and 6 <= int(v) <= 9 else 1 for v in values])[0]
    for name in TEXTAREA_NAME.findall(found.group(0)):
        form[name] = rng.choice(RESPONDENT_WORDS) if rng.random() < 0.3 else ""
    if not any(value for key, value in form.items() if key != "csrfmiddlewaretoken"):
        name = next(iter(choices))
        form[name] = choices[name][0]
    return form


def respondent_address(rng: random.Random) -> str:
    return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


@dataclass
class Sample:
    page: str
    ms: float
    status: int
    at: float


@dataclass
class SimulatedUser:
    username: str
    manager: bool
    port: int
    password: str
    run_for: float  # seconds of measured load, after the warm-up
    max_requests: int
    think: float
    seed: int
    ready: threading.Barrier
    measure_from: list[float]
    team_caseload_weight: int
    maps: dict | None = None  # from map_targets(): this user's large maps and the item they autosave
    meetings: dict | None = None  # from meeting_targets(): this user's due list and the conference they may open
    due_weights: dict[str, int] = field(default_factory=dict)  # --team-due-weight, --service-due-weight
    supervision: bool = False  # the authority has supervision records (bench/generate_supervision.py)
    feedback: dict | None = None  # from feedback_targets(): the results this user opens
    links: LinkPool | None = None  # links to answer, as a family member
    feedback_weights: dict[str, int] = field(default_factory=dict)  # --feedback-form-weight, --feedback-results-weight
    audit: dict | None = None  # from audit_targets(): the audit results this user opens
    audit_weight: int = AUDIT_RESULTS_WEIGHT  # --audit-results-weight
    samples: list[Sample] = field(default_factory=list)
    conflicts: int = 0  # draft saves refused with 409
    links_short: int = 0  # forms not answered because the pool of links ran out
    errors: list[str] = field(default_factory=list)
    children: list[tuple[int, str]] = field(default_factory=list)

    def timed(
        self,
        browser: Browser,
        page: str,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        extra: dict[str, str] | None = None,
        expect: int = 200,
    ):
        started = time.perf_counter()
        status, location, text = browser.request(method, path, form, extra)
        elapsed = (time.perf_counter() - started) * 1000
        self.samples.append(Sample(page, elapsed, status, time.perf_counter()))
        if status != expect and page != "sign-in":
            self.errors.append(f"{self.username} {method} {path} -> {status} {location}")
        return status, location, text

    def answer_feedback(self, rng: random.Random) -> None:
        """A family member opens their link in a browser with no account, and sends the form as it is rendered."""
        token = self.links.take() if self.links else None
        if token is None:
            self.links_short += 1
            return
        respondent = Browser(self.port, "casemap-bench/respondent", respondent_address(rng))
        try:
            # The form: the link puts its token in the session and redirects, then the page with the questions.
            started = time.perf_counter()
            arrived, location, _ = respondent.request("GET", f"/feedback/link/{token}/")
            status, _, page = respondent.request("GET", location or "/feedback/answer/")
            elapsed = (time.perf_counter() - started) * 1000
            self.samples.append(Sample(FEEDBACK_FORM, elapsed, status, time.perf_counter()))
            form = answers_as_rendered(page, rng) if (arrived, status) == (303, 200) else None
            if form is None:
                self.errors.append(f"{self.username} feedback link -> {arrived} {location}, answer page -> {status}")
                return
            self.timed(respondent, FEEDBACK_SEND, "POST", "/feedback/answer/", form, expect=303)
        finally:
            respondent.close()

    def item_version(self, browser: Browser, maps: dict) -> int:
        """The map version the item's edit page holds, as a browser opening it would (not timed)."""
        _, _, page = browser.request("GET", f"/maps/{maps['draft']}/item/{maps['item']['id']}/")
        found = VERSION_INPUT.search(page)
        if not found:
            raise PageError(f"no version on the edit page of item {maps['item']['id']}")
        return int(found.group(1))

    def run(self) -> None:
        rng = random.Random(self.seed)
        browser = Browser(self.port, f"casemap-bench/{self.username}")
        try:
            _, _, page = browser.request("GET", "/sign-in/")
            token = CSRF_INPUT.search(page)
            if not token:
                raise PageError("no CSRF token on the sign-in page")
            status, _, _ = self.timed(
                browser,
                "sign-in",
                "POST",
                "/sign-in/",
                {"csrfmiddlewaretoken": token.group(1), "username": self.username, "password": self.password},
            )
            if status != 302:
                raise PageError(f"sign-in as {self.username} failed with {status}")
            # What the user may see: their caseload, or for a manager their team's.
            _, _, page = self.timed(
                browser,
                "team caseload" if self.manager else "caseload",
                "GET",
                "/cases/team/" if self.manager else "/cases/",
            )
            self.children = [(int(pk), name) for pk, name in CHILD_LINK.findall(page)]
            if not self.children:
                raise PageError(f"{self.username} has no children in their caseload")
            _, _, page = browser.request("GET", "/people/search/")
            token = CSRF_INPUT.search(page)
            if not token:
                raise PageError("no CSRF token on the search page")
            csrf = token.group(1)
            maps = self.maps or {}
            item = maps.get("item")
            version = self.item_version(browser, maps) if item else 0
            saves = itertools.count(1)
            # Everyone signs in first (Argon2 is deliberately slow); the load starts together.
            self.ready.wait(timeout=120)
            mix = (
                dict(MANAGER_PAGE_WEIGHTS, **{"team caseload": self.team_caseload_weight})
                if self.manager
                else dict(PAGE_WEIGHTS)
            )
            if maps.get("draft"):
                mix.update(MANAGER_MAP_PAGE_WEIGHTS if self.manager or not item else MAP_PAGE_WEIGHTS)
            meetings = self.meetings or {}
            if meetings:
                mix[meetings["due_label"]] = self.due_weights.get(
                    meetings["due_label"], MEETING_PAGE_WEIGHTS["due list"]
                )
                if meetings.get("conference"):
                    mix[CONFERENCE] = MEETING_PAGE_WEIGHTS[CONFERENCE]
            if self.supervision:
                mix[SUPERVISION] = SUPERVISION_WEIGHT
            feedback = self.feedback or {}
            if self.links:
                mix[FEEDBACK_FORM] = self.feedback_weights.get(FEEDBACK_FORM, FEEDBACK_FORM_WEIGHT)
            if feedback.get("results"):
                for page in (FEEDBACK_RESULTS, FEEDBACK_RESULTS_TEAM):
                    mix[page] = self.feedback_weights.get(page, FEEDBACK_RESULTS_WEIGHT)
            audit = self.audit or {}
            if audit:
                for page in (AUDIT_RESULTS, AUDIT_RESULTS_TEAM, PRACTICE_BY_TEAM):
                    mix[page] = self.audit_weight
            pages, weights = list(mix), list(mix.values())
            count = 0
            while time.perf_counter() < self.measure_from[0] + self.run_for and count < self.max_requests:
                kind = rng.choices(pages, weights=weights)[0]
                child, name = rng.choice(self.children)
                if kind == "caseload":
                    self.timed(browser, kind, "GET", "/cases/")
                elif kind == "team caseload":
                    self.timed(browser, kind, "GET", "/cases/team/")
                elif kind == "person":
                    self.timed(browser, kind, "GET", f"/people/{child}/")
                elif kind == "timeline":
                    self.timed(browser, kind, "GET", f"/people/{child}/timeline/")
                elif kind == MAP_DRAFT:
                    self.timed(browser, kind, "GET", f"/maps/{maps['draft']}/")
                elif kind == MAP_SIGNED:
                    self.timed(browser, kind, "GET", f"/maps/{maps['signed']}/")
                elif kind in {DUE_MINE, DUE_TEAM, DUE_SERVICE}:
                    self.timed(browser, kind, "GET", meetings["due_path"])
                elif kind == CONFERENCE:
                    self.timed(browser, kind, "GET", f"/meetings/{meetings['conference']}/")
                elif kind == SUPERVISION:
                    self.timed(browser, kind, "GET", "/supervision/")
                elif kind == FEEDBACK_FORM:
                    self.answer_feedback(rng)
                elif kind == FEEDBACK_RESULTS:
                    self.timed(browser, kind, "GET", feedback["results"])
                elif kind == FEEDBACK_RESULTS_TEAM:
                    self.timed(browser, kind, "GET", feedback["results_team"])
                elif kind == AUDIT_RESULTS:
                    self.timed(browser, kind, "GET", audit["results"])
                elif kind == AUDIT_RESULTS_TEAM:
                    self.timed(browser, kind, "GET", audit["results_team"])
                elif kind == PRACTICE_BY_TEAM:
                    self.timed(browser, kind, "GET", audit["practice"])
                elif kind == DRAFT_SAVE:
                    # What the browser's autosave sends: the whole item form, as the worker types.
                    form = dict(item["form"], csrfmiddlewaretoken=csrf, version=str(version))
                    form["text"] = f"{item['form']['text']} Typed {next(saves)}."
                    status, _, text = self.timed(
                        browser,
                        kind,
                        "POST",
                        f"/maps/{maps['draft']}/item/{item['id']}/",
                        form,
                        {"X-Casemap-Autosave": "1", "Accept": "application/json"},
                    )
                    if status == 200 and json.loads(text).get("saved"):
                        version = json.loads(text)["version"]
                    else:
                        if status == 409:
                            self.conflicts += 1
                        version = self.item_version(browser, maps)
                else:
                    first, _, last = name.strip().partition(" ")
                    term = rng.choice([last, last, last[:3], f"{first} {last}"])
                    status, _, text = self.timed(
                        browser, kind, "POST", "/people/search/", {"csrfmiddlewaretoken": csrf, "name": term}
                    )
                    if status == 200 and "found</h2>" not in text:
                        self.errors.append(f"{self.username} search {term!r}: no results heading")
                count += 1
                if self.think:
                    time.sleep(rng.uniform(0, 2 * self.think))
        except Exception as error:  # a failed user is reported, not fatal to the round
            self.errors.append(f"{self.username}: {error!r}")
            if not self.ready.broken and self.ready.n_waiting < self.ready.parties:
                self.ready.abort()
        finally:
            browser.close()


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least `share` of the values at or below it (the
    19th of 20 for the 95th)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = math.ceil(round(share * len(ordered), 9))
    return ordered[max(0, min(len(ordered) - 1, rank - 1))]


# The transaction around a page's writes is the replay's own (below), so its statements are not replayed.
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class _UndoReplay(Exception):
    """Raised to roll back the replayed writes."""


def replayed_sql_ms(queries: object, repeats: int = 3) -> float | None:
    """A page's own statements, as the driver sent them, run again straight on the database connection and
    fetched: the median of `repeats` replays, in ms. The page's time over this is what Python costs.

    Writes (the access log, the session, a respondent's answers) are the page's SQL too: they are replayed inside
    a transaction that is then rolled back, each in a savepoint so that one refused the second time (a row that
    may exist once) leaves the rest to run; its time counts, as the work was done. The page's COMMIT cannot be
    replayed (its rows would be written twice), so the time the driver took for it on the page is added: it is the
    database making the writes durable, not Python (`commit_ms`)."""
    from django.db import DatabaseError, connection, transaction

    statements = [
        query["sql"]
        for query in queries.captured_queries  # type: ignore[attr-defined]
        if not query["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL)
    ]
    if not statements:
        return None
    totals = []
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for _ in range(repeats):
                total = 0.0
                for sql in statements:
                    savepoint = transaction.savepoint()
                    started = time.perf_counter()
                    try:
                        cursor.execute(sql)
                        if cursor.description is not None:
                            cursor.fetchall()
                    except DatabaseError:
                        total += time.perf_counter() - started
                        transaction.savepoint_rollback(savepoint)
                        continue
                    total += time.perf_counter() - started
                    transaction.savepoint_commit(savepoint)
                totals.append(total * 1000)
            raise _UndoReplay
    except _UndoReplay:
        pass
    return statistics.median(totals) + commit_ms(queries)


def commit_ms(queries: object) -> float:
    """The time of the page's own COMMITs as the driver timed them (to the millisecond, as Django records it)."""
    return 1000 * sum(
        float(query["time"])
        for query in queries.captured_queries  # type: ignore[attr-defined]
        if query["sql"].lstrip().upper().startswith("COMMIT")
    )


def summarise(samples: list[Sample], seconds: float) -> dict[str, dict[str, float]]:
    by_page: dict[str, list[float]] = defaultdict(list)
    for sample in samples:
        by_page[sample.page].append(sample.ms)
    summary = {page: _stats(values) for page, values in by_page.items()}
    # "all pages": the four pages the target names. Throughput counts every request but the sign-ins.
    summary["all pages"] = _stats([s.ms for s in samples if s.page in PAGE_WEIGHTS])
    served = sum(1 for s in samples if s.page != "sign-in")
    summary["all pages"]["rps"] = served / seconds if seconds else float("nan")
    return summary


def _stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {"count": 0, "p50": float("nan"), "p95": float("nan"), "p99": float("nan"), "max": float("nan")}
    return {
        "count": len(values),
        "p50": statistics.median(values),
        "p95": percentile(values, 0.95),
        "p99": percentile(values, 0.99),
        "max": max(values),
    }


def server_environment(args: argparse.Namespace) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "SECRET_KEY": secrets.token_hex(40),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": args.database_url,
        "CASEMAP_DEMO_MODE": "true",
        "DB_CONN_MAX_AGE": "60",
        # Families answer from their own addresses, which production learns from its reverse proxy's header: here each
        # simulated respondent sends one of its own, so the per-address limit on tries counts them apart.
        "CASEMAP_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        "CASEMAP_TRUSTED_PROXY_COUNT": "1",
        "PYTHONPATH": str(ROOT),
    }


def prepare(env: dict[str, str]) -> None:
    """The database's tables as the code expects them (a benchmark database made before a new migration is given
    it), and the hashed static files the production settings serve: the server and the in-process pass need both."""
    # Fixed commands from this virtualenv: no outside input reaches them.
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)


def start_server(args: argparse.Namespace, env: dict[str, str]) -> subprocess.Popen:
    python = Path(sys.executable)
    gunicorn = python.parent / "gunicorn"
    command = [
        str(gunicorn),
        "config.wsgi:application",
        "--bind",
        f"{HOST}:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "30",
        "--access-logfile",
        "-" if args.access_log else "/dev/null",
        "--error-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    print(f"starting: {' '.join(command[1:])}", flush=True)
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            connection = http.client.HTTPConnection(HOST, args.port, timeout=2)
            connection.request("GET", "/sign-in/")
            if connection.getresponse().status == 200:
                connection.close()
                return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("gunicorn did not answer within 60 seconds")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def simulated_people(count: int) -> list[tuple[str, bool]]:
    """About a third managers (who read their team's caseload), the rest practitioners."""
    managers = min(len(MANAGERS), max(1, round(count * 0.3))) if count > 1 else 0
    practitioners = PRACTITIONERS + [f"sw{index:03d}" for index in range(101, 101 + max(0, count - len(PRACTITIONERS)))]
    return [(name, False) for name in practitioners[: count - managers]] + [
        (name, True) for name in MANAGERS[:managers]
    ]


def item_form_as_shown(item, user) -> dict[str, str]:
    """The fields of a map item's form as its page fills them in, without the version and the CSRF token. Who
    said it and who disagrees show as a person chosen from those known on the case, or "Someone else" and a
    name, as the page offers them."""
    from casemap.cases.known_people import known_people
    from casemap.core.people_choice import KnownPersonWidget

    chooser = KnownPersonWidget()
    chooser.people = known_people(case=item.map.case, user=user)
    said_by, said_by_other = chooser.decompress(item.said_by)
    disputed_by, disputed_by_other = chooser.decompress(item.disputed_by)
    noted = item.noted_on
    return {
        "category": item.category,
        "text": item.text.split(" Typed ")[0],
        "said_by_choice": said_by,
        "said_by_other": said_by_other,
        "noted_on_0": str(noted.day) if noted else "",
        "noted_on_1": str(noted.month) if noted else "",
        "noted_on_2": str(noted.year) if noted else "",
        "evidence": item.evidence,
        "disputed_by_choice": disputed_by,
        "disputed_by_other": disputed_by_other,
    }


def map_targets(usernames: list[str]) -> dict[str, dict]:
    """Each practitioner's large draft and signed maps (bench/generate_maps.py) and the item they autosave;
    for a manager, the large maps of a practitioner in a team they manage. Nothing for a user without."""
    from django.db.models import Count, Q

    from casemap.accounts.models import User
    from casemap.mapping.models import Map, MapItem, MapStatus

    large = Map.objects.annotate(n=Count("items")).filter(n__gte=100).order_by("pk")
    targets: dict[str, dict] = {}
    for user in User.objects.filter(username__in=usernames):
        if user.role == "practitioner":
            mine = large.filter(author=user, case__allocated_worker=user)
        else:
            managed = Q(case__team__manager=user) | Q(case__team__service_manager=user)
            mine = large.filter(managed)
        draft = mine.filter(status=MapStatus.DRAFT).first()
        if draft is None:
            continue
        signed = mine.filter(case=draft.case, status=MapStatus.SIGNED_OFF).first()
        target = {"draft": draft.pk, "signed": signed.pk if signed else draft.pk, "case": draft.case_id}
        if user.role == "practitioner":
            item = MapItem.objects.filter(map=draft).order_by("category", "position", "pk").first()
            target["item"] = {"id": item.pk, "form": item_form_as_shown(item, user)}
        targets[user.username] = target
    return targets


def large_conference() -> int | None:
    """The benchmark team's large conference (bench/generate_meetings.py): the arranged conference with the most
    invitees."""
    from django.db.models import Count

    from casemap.meetings.models import CONFERENCE_KINDS, Meeting, MeetingStatus

    found = (
        Meeting.objects.filter(kind__in=CONFERENCE_KINDS, status=MeetingStatus.ARRANGED, archived_at__isnull=True)
        .annotate(n=Count("invitees"))
        .order_by("-n", "pk")
        .values_list("pk", "n")
        .first()
    )
    return found[0] if found and found[1] >= 15 else None


def meeting_targets(usernames: list[str]) -> dict[str, dict]:
    """Each user's due list (their own for a practitioner, their team's for a manager) and the large conference if
    they may see it. Nothing when the authority has no meetings (an older generated database)."""
    from casemap.access.policy import visible_case
    from casemap.accounts.models import Role, User
    from casemap.meetings.models import Meeting

    conference = large_conference()
    if conference is None:
        return {}
    targets: dict[str, dict] = {}
    for user in User.objects.filter(username__in=usernames):
        if user.role == Role.PRACTITIONER:
            due = {"due_path": "/meetings/", "due_label": DUE_MINE}
        elif user.role == Role.TEAM_MANAGER:
            due = {"due_path": "/meetings/?for=team", "due_label": DUE_TEAM}
        elif user.role == Role.SERVICE_MANAGER:
            due = {"due_path": "/meetings/?for=team", "due_label": DUE_SERVICE}
        else:
            continue
        sees = Meeting.objects.filter(pk=conference).filter(visible_case(user, "case_id")).exists()
        targets[user.username] = dict(due, conference=conference if sees else None)
    return targets


def run_round(args: argparse.Namespace, number: int, password: str) -> dict:
    chosen = simulated_people(args.users)
    measure_from = [0.0]

    def start_load() -> None:  # runs once, when every user has signed in
        measure_from[0] = time.perf_counter() + args.warmup

    ready = threading.Barrier(len(chosen), action=start_load)
    users = [
        SimulatedUser(
            name,
            manager,
            args.port,
            password,
            args.duration,
            args.max_requests // len(chosen),
            args.think,
            args.seed * 1000 + number * 100 + index,
            ready,
            measure_from,
            args.team_caseload_weight,
            args.map_targets.get(name),
            args.meeting_targets.get(name),
            {DUE_TEAM: args.team_due_weight, DUE_SERVICE: args.service_due_weight},
            args.supervision,
            args.feedback_targets.get(name),
            args.feedback_links,
            {
                FEEDBACK_FORM: args.feedback_form_weight,
                FEEDBACK_RESULTS: args.feedback_results_weight,
                FEEDBACK_RESULTS_TEAM: args.feedback_results_weight,
            },
            args.audit_targets.get(name),
            args.audit_results_weight,
        )
        for index, (name, manager) in enumerate(chosen)
    ]
    load_before = os.getloadavg()[0]
    threads = [threading.Thread(target=user.run, name=user.username) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Only what was sent after the warm-up counts (and the sign-ins, reported on their own).
    samples = [
        sample
        for user in users
        for sample in user.samples
        if sample.page == "sign-in" or sample.at - sample.ms / 1000 >= measure_from[0]
    ]
    measured = [s for s in samples if s.page != "sign-in"]
    span = (max(s.at for s in measured) - measure_from[0]) if measured else 0
    errors = [error for user in users for error in user.errors]
    summary = summarise(samples, span)
    return {
        "round": number,
        "users": [name for name, _ in chosen],
        "seconds": span,
        "summary": summary,
        "errors": errors,
        "draft_save_conflicts": sum(user.conflicts for user in users),
        "feedback_links_short": sum(user.links_short for user in users),
        "load_average_before": load_before,
        "load_average_after": os.getloadavg()[0],
    }


# --------------------------------------------------------------------------------------------
# In-process pass: queries per page, and the cost of the access-log append


def in_process_pass(args: argparse.Namespace, password: str) -> dict:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from casemap.accounts.models import User
    from casemap.cases.models import Case, ChronologyEntry

    sally = User.objects.get(username="sally")
    sally_children = list(
        ChronologyEntry.objects.filter(
            person__case_memberships__case__allocated_worker=sally,
            person__case_memberships__case__closed_on__isnull=True,
            person__is_child=True,
        )
        .values("person_id")
        .annotate(n=Count("id", distinct=True))
        .order_by("-n", "person_id")
    )
    big, small = sally_children[0], sally_children[-1]
    surname = (
        Case.objects.filter(allocated_worker=sally, closed_on__isnull=True)
        .order_by("pk")
        .values_list("memberships__person__last_name", flat=True)
        .first()
    )
    checks = [
        ("sally", "sign-in", "POST", "/sign-in/", None),
        ("sally", "caseload (20 cases)", "GET", "/cases/", None),
        ("sally", f"person, {small['n']} entries", "GET", f"/people/{small['person_id']}/", None),
        ("sally", f"person, {big['n']} entries", "GET", f"/people/{big['person_id']}/", None),
        ("sally", f"timeline, {small['n']} entries", "GET", f"/people/{small['person_id']}/timeline/", None),
        ("sally", f"timeline, {big['n']} entries", "GET", f"/people/{big['person_id']}/timeline/", None),
        (
            "sally",
            f"timeline, {big['n']} entries, page 20",
            "GET",
            f"/people/{big['person_id']}/timeline/?page=20",
            None,
        ),
        ("sally", f"search {surname.lower()!r}", "POST", "/people/search/", {"name": surname.lower()}),
        ("sally", f"search {surname[:3].lower()!r}", "POST", "/people/search/", {"name": surname[:3].lower()}),
        ("dana", "team caseload (1 team)", "GET", "/cases/team/", None),
        ("dana", "caseload (none allocated)", "GET", "/cases/", None),
        ("grace", "team caseload (service manager)", "GET", "/cases/team/", None),
        ("grace", "search 'smith'", "POST", "/people/search/", {"name": "smith"}),
    ]
    clients: dict[str, Client] = {}
    results = []
    for username, label, method, path, form in checks:
        client = clients.get(username)
        if label == "sign-in" or client is None:
            client = clients[username] = Client()
            if label != "sign-in":
                response = client.post("/sign-in/", {"username": username, "password": password})
                assert response.status_code == 302, response.status_code
        data = {"username": username, "password": password} if label == "sign-in" else form
        timings = []
        for attempt in range(args.query_repeats):
            if label == "sign-in" and attempt:
                client = clients[username] = Client()
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.post(path, data) if method == "POST" else client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            expected = 302 if label == "sign-in" else 200
            if response.status_code != expected:
                raise SystemExit(f"{username} {path}: {response.status_code}")
        results.append(
            {
                "user": username,
                "page": label,
                "path": path,
                "queries": len(queries),
                "ms_median": statistics.median(timings),
                "sql_ms": replayed_sql_ms(queries) if label != "sign-in" else None,
                "commit_ms": commit_ms(queries),
                "sql": [query["sql"] for query in queries.captured_queries] if args.show_queries else None,
                "repeated": repeated_statements(queries),
            }
        )
        if args.show_queries:
            print(f"\n--- {username} {label}: {len(queries)} queries")
            for query in queries.captured_queries:
                print(f"  [{query['time']}s] {query['sql'][:400]}")

    # PostgreSQL's JIT compiler starts above an estimated cost of 100,000, which a search for a common
    # surname can reach: time the searches again with it off for this session, for comparison.
    for username, label, _method, path, form in checks:
        if not label.startswith("search"):
            continue
        client = clients[username]
        with connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        timings = []
        for _ in range(args.query_repeats):
            started = time.perf_counter()
            response = client.post(path, form)
            timings.append((time.perf_counter() - started) * 1000)
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")
        results.append(
            {
                "user": username,
                "page": f"{label}, JIT off",
                "path": path,
                "queries": None,
                "ms_median": statistics.median(timings),
                "sql": None,
            }
        )

    results += map_pass(args, clients)
    results += meetings_pass(args, clients, password)
    results += supervision_pass(args, clients, password)
    results += feedback_pass(args, clients, password)
    results += audit_pass(args, clients, password)
    access_log = access_log_cost(args)
    return {"pages": results, "access_log": access_log}


def map_pass(args: argparse.Namespace, clients: dict) -> list[dict]:
    """Queries and in-process time of the map pages and the draft save, for a small and a 100-item map."""
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from casemap.accounts.models import User
    from casemap.mapping.models import Map, MapItem, MapStatus

    large = args.map_targets.get("sally")
    if not large:
        print("No large maps for sally: run bench/generate_maps.py (make bench-generate does)")
        return []
    mine = Map.objects.filter(author__username="sally", case__allocated_worker__username="sally").annotate(
        items_n=Count("items", distinct=True),
        scales_n=Count("judgements", distinct=True),
        children_n=Count("children", distinct=True),
    )
    # Viewing or saving a map logs one access-log row per child it is about: compare maps about as many children.
    children = mine.get(pk=large["draft"]).children_n
    small = mine.filter(items_n__lt=100, children_n=children).order_by("pk")
    small_draft = small.filter(status=MapStatus.DRAFT).first()
    small_signed = small.filter(status=MapStatus.SIGNED_OFF).first()
    if small_draft is None or small_signed is None:
        raise SystemExit(f"sally has no small draft and signed maps about {children} child(ren) to compare with")
    sizes = {m.pk: (m.items_n, m.scales_n) for m in mine}
    maps = [
        ("sally", MAP_DRAFT, small_draft.pk),
        ("sally", MAP_DRAFT, large["draft"]),
        ("sally", MAP_SIGNED, small_signed.pk),
        ("sally", MAP_SIGNED, large["signed"]),
        ("dana", MAP_DRAFT, large["draft"]),
        ("dana", MAP_SIGNED, large["signed"]),
    ]
    results = []

    def record(username: str, label: str, path: str, queries, timings: list[float]) -> None:
        results.append(
            {
                "user": username,
                "page": label,
                "path": path,
                "queries": len(queries),
                "ms_median": statistics.median(timings),
                "sql_ms": replayed_sql_ms(queries) if label != "sign-in" else None,
                "commit_ms": commit_ms(queries),
                "sql": [query["sql"] for query in queries.captured_queries] if args.show_queries else None,
                "repeated": repeated_statements(queries),
            }
        )
        if args.show_queries:
            print(f"\n--- {username} {label}: {len(queries)} queries")
            for query in queries.captured_queries:
                print(f"  [{query['time']}s] {query['sql'][:400]}")

    for username, kind, map_id in maps:
        items, scales = (
            sizes.get(map_id)
            or Map.objects.filter(pk=map_id)
            .annotate(i=Count("items", distinct=True), j=Count("judgements", distinct=True))
            .values_list("i", "j")
            .get()
        )
        label = f"{kind.split(',')[0].rstrip(')')}, {items} items/{scales} scales)"
        path = f"/maps/{map_id}/"
        timings = []
        for _ in range(args.query_repeats):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = clients[username].get(path)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{username} {path}: {response.status_code}")
        record(username, label, path, queries, timings)

    # The item the load test saves names nobody as who said it; a save naming someone chosen from the people known
    # on the case reads them to check the choice, so it is measured too.
    saves = [
        (small_draft.pk, f"map of {sizes[small_draft.pk][0]} items", {}),
        (large["draft"], f"map of {sizes[large['draft']][0]} items", {}),
        (large["draft"], "naming who said it from the list", {"said_by_choice": "you", "said_by_other": ""}),
    ]
    for map_id, what, chosen in saves:
        item = MapItem.objects.filter(map_id=map_id).order_by("category", "position", "pk").first()
        shown = dict(item_form_as_shown(item, User.objects.get(username="sally")), **chosen)
        path = f"/maps/{map_id}/item/{item.pk}/"
        timings = []
        for number in range(args.query_repeats):
            form = dict(shown, version=Map.objects.get(pk=map_id).version, text=f"{shown['text']} Typed {number}.")
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = clients["sally"].post(path, form, headers={"X-Casemap-Autosave": "1"})
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200 or not response.json().get("saved"):
                raise SystemExit(f"sally {path}: {response.status_code} {response.content[:300]!r}")
        record("sally", f"{DRAFT_SAVE}, {what}", path, queries, timings)
        if chosen:  # leave the item as the load test finds it
            MapItem.objects.filter(pk=item.pk).update(said_by=item.said_by)
    return results


def repeated_statements(queries) -> list[tuple[str, int]]:
    """Statements a page sent more than once, word for word: a count that grows with the data shows here."""
    counted = Counter(query["sql"] for query in queries.captured_queries)
    control = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")
    return [(sql, times) for sql, times in counted.most_common() if times > 1 and not sql.startswith(control)]


def meetings_pass(args: argparse.Namespace, clients: dict, password: str) -> list[dict]:
    """Queries and in-process time of the due lists (a worker's, a team's, a service manager's, a chair's) and the
    conference page, each for a small and a large one, so a count that grows with the data shows."""
    from django.db.models import Count

    from casemap.access.policy import managed_cases, visible_cases
    from casemap.accounts.models import Role, User
    from casemap.meetings.models import CONFERENCE_KINDS, Meeting, MeetingStatus
    from casemap.meetings.selectors import chaired_meetings, due_lists

    large_id = large_conference()
    if large_id is None:
        print("No large conference: run bench/generate_meetings.py (make bench-generate does)")
        return []
    large = Meeting.objects.select_related("case").get(pk=large_id)
    team = large.case.team_id

    def size(lists) -> str:
        items = len(lists.overdue) + len(lists.due_soon) + len(lists.later)
        return f"{items} due, {len(lists.overdue)} overdue, {len(lists.held_late)} held late"

    def fewest_and_most(users, cases_of) -> list[tuple[str, str]]:
        sized = []
        for user in users:
            lists = due_lists(cases_of(user))
            sized.append(
                (len(lists.overdue) + len(lists.due_soon) + len(lists.later) + len(lists.held_late), user, lists)
            )
        sized.sort(key=lambda entry: (entry[0], entry[1].username))
        chosen = [sized[0], sized[-1]] if len(sized) > 1 else sized
        return [(user.username, size(lists)) for _, user, lists in chosen]

    practitioners = User.objects.filter(team_id=team, role=Role.PRACTITIONER, is_active=True).order_by("username")
    # Team managers of teams with a little statutory work, none, and a lot: front door, early help, child protection.
    managers = User.objects.filter(role=Role.TEAM_MANAGER, username__in=["dana", "ayo", "ruth"]).order_by("username")
    checks: list[tuple[str, str, str]] = []
    for username, what in fewest_and_most(
        practitioners, lambda user: visible_cases(user).filter(allocated_worker=user)
    ):
        checks.append((username, f"{DUE_MINE}, {what}", "/meetings/"))
    for username, what in fewest_and_most(managers, managed_cases):
        checks.append((username, f"{DUE_TEAM}, {what}", "/meetings/?for=team"))
    service_managers = User.objects.filter(role=Role.SERVICE_MANAGER, is_active=True).order_by("username")
    for username, what in fewest_and_most(service_managers, managed_cases):
        checks.append((username, f"{DUE_SERVICE}, {what}", "/meetings/?for=team"))
    # The load test's own users, if they are not already here: sally's list, grace's.
    for username, cases_of, label, path in (
        ("sally", lambda user: visible_cases(user).filter(allocated_worker=user), DUE_MINE, "/meetings/"),
        ("grace", managed_cases, DUE_SERVICE, "/meetings/?for=team"),
    ):
        user = User.objects.filter(username=username).first()
        if user and not any(check[0] == username and check[1].startswith(label) for check in checks):
            checks.append((username, f"{label}, {size(due_lists(cases_of(user)))}", path))
    chairs = sorted(
        User.objects.filter(role=Role.CONFERENCE_CHAIR, is_active=True),
        key=lambda user: (len(chaired_meetings(user)), user.username),
    )
    for chair in dict.fromkeys([chairs[0], chairs[-1]] if chairs else []):
        checks.append(
            (chair.username, f"due list (chair), {len(chaired_meetings(chair))} conferences", "/meetings/?for=chair")
        )

    # Conferences in the team, arranged: the large one, a small one about as many children, a small one about one.
    conferences = (
        Meeting.objects.filter(case__team_id=team, kind__in=CONFERENCE_KINDS, status=MeetingStatus.ARRANGED)
        .annotate(people=Count("invitees", distinct=True), n_children=Count("meeting_children", distinct=True))
        .order_by("people", "pk")
    )
    sizes = {meeting.pk: (meeting.people, meeting.n_children) for meeting in conferences}
    compared = [
        next((m.pk for m in conferences if m.n_children == 1), None),
        next((m.pk for m in conferences if m.n_children == sizes[large_id][1] and m.pk != large_id), None),
        large_id,
    ]
    for username in ("sally", "dana"):
        for meeting_id in dict.fromkeys(pk for pk in compared if pk):
            people, children = sizes[meeting_id]
            checks.append(
                (username, f"{CONFERENCE}, {people} invitees, {children} children", f"/meetings/{meeting_id}/")
            )

    return time_pages(args, clients, password, checks)


def time_pages(args: argparse.Namespace, clients: dict, password: str, checks: list[tuple[str, str, str]]) -> list:
    """Each (user, label, path) in-process: its queries and the median of --query-repeats requests."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    results = []
    for username, label, path in checks:
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            response = client.post("/sign-in/", {"username": username, "password": password})
            if response.status_code != 302:
                raise SystemExit(f"{username} could not sign in: {response.status_code}")
        timings = []
        for _ in range(args.query_repeats):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{username} {path}: {response.status_code}")
        results.append(
            {
                "user": username,
                "page": label,
                "path": path,
                "queries": len(queries),
                "ms_median": statistics.median(timings),
                "ms_p95": percentile(timings, 0.95),
                "sql_ms": replayed_sql_ms(queries),
                "commit_ms": commit_ms(queries),
                "sql": [query["sql"] for query in queries.captured_queries] if args.show_queries else None,
                "repeated": repeated_statements(queries),
            }
        )
        if args.show_queries:
            print(f"\n--- {username} {label}: {len(queries)} queries")
            for query in queries.captured_queries:
                print(f"  [{query['time']}s] {query['sql'][:400]}")
    return results


def supervision_available() -> bool:
    from django.db.utils import ProgrammingError

    from casemap.supervision.models import Supervision

    try:
        return Supervision.objects.exists()
    except ProgrammingError:  # an authority generated before the supervision tables existed
        return False


def supervision_pass(args: argparse.Namespace, clients: dict, password: str) -> list[dict]:
    """Queries and in-process time of the supervision page's overdue lists: a worker's, the team managers with the
    smallest and the largest team, and the service managers with the fewest and the most staff in their line."""
    from django.db.models import Count, Q

    from casemap.accounts.models import Role, User

    if not args.supervision:
        print("No supervision records: run bench/generate_supervision.py (make bench-generate does)")
        return []
    checks: list[tuple[str, str, str]] = [("sally", f"{SUPERVISION} (practitioner)", "/supervision/")]
    active = Q(managed_teams__members__is_active=True)
    managers = User.objects.filter(role=Role.TEAM_MANAGER, is_active=True).annotate(
        staff=Count("managed_teams__members", filter=active)
    )
    ordered = list(managers.filter(staff__gt=0).order_by("staff", "username"))
    for manager in dict.fromkeys(ordered[:1] + ordered[-1:]):
        checks.append((manager.username, f"{SUPERVISION} (team manager, {manager.staff} staff)", "/supervision/"))
    in_line = Q(service_managed_teams__members__is_active=True)
    service = User.objects.filter(role=Role.SERVICE_MANAGER, is_active=True).annotate(
        staff=Count("service_managed_teams__members", filter=in_line)
    )
    ordered = list(service.filter(staff__gt=0).order_by("staff", "username"))
    for manager in dict.fromkeys(ordered[:1] + ordered[-1:]):
        checks.append((manager.username, f"{SUPERVISION} (service manager, {manager.staff} staff)", "/supervision/"))
    return time_pages(args, clients, password, checks)


def feedback_available() -> bool:
    from django.db.utils import ProgrammingError

    from casemap.feedback.models import Response, Survey

    try:
        return (
            Response.objects.exists() and Survey.objects.filter(name__in=[PARENTS_SURVEY, CHILDREN_SURVEY]).count() == 2
        )
    except ProgrammingError:  # an authority generated before the feedback tables existed
        return False


def feedback_targets(usernames: list[str]) -> dict[str, dict]:
    """The results each manager opens: the parents' survey for every team, and for one team: a team manager's own, a
    service manager's team with the most answers."""
    from django.db.models import Count

    from casemap.accounts.models import Role, Team, User
    from casemap.feedback.models import Response, Survey

    parents = Survey.objects.get(name=PARENTS_SURVEY)
    path = f"/feedback/results/?survey={parents.pk}"
    targets: dict[str, dict] = {}
    for user in User.objects.filter(username__in=usernames, role__in=[Role.TEAM_MANAGER, Role.SERVICE_MANAGER]):
        teams = (
            Team.objects.filter(manager=user) if user.role == Role.TEAM_MANAGER else user.service_managed_teams.all()
        )
        team = (
            Response.objects.filter(version__survey=parents, team__in=teams)
            .values("team_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "team_id")
            .values_list("team_id", flat=True)
            .first()
        )
        if team is not None:
            targets[user.username] = {"results": path, "results_team": f"{path}&team={team}"}
    return targets


def links_wanted(args: argparse.Namespace) -> int:
    """Links enough for every form the rounds could ask for: each user's requests at their pace, with the form's
    weight against the four main pages' alone (more than the whole mix gives, so the pool does not run dry)."""
    per_user = (args.duration + args.warmup) / max(args.think, 0.1)
    share = args.feedback_form_weight / (args.feedback_form_weight + sum(PAGE_WEIGHTS.values()))
    return min(args.max_requests, math.ceil(args.users * args.rounds * per_user * share * 1.5) + 20)


FEEDBACK_TABLES = ["response", "invitation", "submissionattempt", "safetytask"]
# A used link is kept by its digest alone, with no numbered key: those of the links made here are removed by digest.
LINKS_MADE: list[str] = []


def feedback_links(count: int, surveys: tuple[str, ...] = (PARENTS_SURVEY, CHILDREN_SURVEY)) -> list[str]:
    """Fresh single-use links, taking the surveys in turn, as invitation_create makes them: the parents' survey is
    anonymous, so its link is kept nowhere; a child's has its invitation, for a child of 5 to 12 on an open case.
    Made without the 90-day rule, which repeated runs would soon exhaust."""
    from django.utils import timezone

    from casemap.cases.models import CaseMember
    from casemap.feedback.links import new_token, token_digest
    from casemap.feedback.models import Invitation, Survey
    from casemap.feedback.services import current_version

    versions = [current_version(Survey.objects.get(name=name)) for name in surveys]
    today = timezone.localdate()
    children = list(
        CaseMember.objects.filter(
            case__closed_on__isnull=True,
            case__allocated_worker__isnull=False,
            person__is_child=True,
            person__date_of_birth__lte=today - datetime.timedelta(days=5 * 365),
            person__date_of_birth__gt=today - datetime.timedelta(days=13 * 365),
        )
        .order_by("pk")
        .values_list("case_id", "case__team_id", "case__allocated_worker_id", "person_id")[: max(1, count)]
    )
    tokens, invitations = [], []
    for index in range(count):
        version = versions[index % len(versions)]
        case, team, worker, child = children[index % len(children)]
        token = new_token(version_id=version.pk, team_id=team)
        if not version.survey.is_anonymous:
            invitations.append(Invitation(version=version, token_digest=token_digest(token), person_id=child,
                                          case_id=case, team_id=team, created_by_id=worker))  # fmt: skip
        tokens.append(token)
    Invitation.objects.bulk_create(invitations, batch_size=500)
    LINKS_MADE.extend(token_digest(token) for token in tokens)
    return tokens


def feedback_marks() -> dict[str, int]:
    """The last row of each table the respondents write, before the benchmark adds any."""
    from django.db import connection

    with connection.cursor() as cursor:
        marks = {}
        for table in FEEDBACK_TABLES:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM feedback_{table}")  # noqa: S608 - our own table names
            marks[table] = cursor.fetchone()[0]
    return marks


def feedback_cleanup(marks: dict[str, int]) -> None:
    """Remove what the benchmark's respondents wrote, so the next run counts the same year of answers."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM feedback_safetytask WHERE response_id > %s", [marks["response"]])
        cursor.execute("DELETE FROM feedback_answer WHERE response_id > %s", [marks["response"]])
        for table in FEEDBACK_TABLES:
            cursor.execute(f"DELETE FROM feedback_{table} WHERE id > %s", [marks[table]])  # noqa: S608
        cursor.execute("DELETE FROM feedback_linkuse WHERE token_digest = ANY(%s)", [LINKS_MADE])


def feedback_pass(args: argparse.Namespace, clients: dict, password: str) -> list[dict]:
    """Queries and in-process time of the respondent's form and its send (a child's named survey and the parents'
    anonymous one, each from a browser with no account and a link of its own), and of the results page for the
    parents' survey and for the much smaller staff survey, for every team and for one."""
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from casemap.accounts.models import User
    from casemap.feedback.models import Response, Survey

    if not args.feedback:
        print("No feedback responses: run bench/generate_feedback.py (make bench-generate does)")
        return []
    rng = random.Random(args.seed)
    results = []

    def record(label: str, path: str, queries, timings: list[float]) -> None:
        results.append(
            {
                "user": "family",
                "page": label,
                "path": path,
                "queries": len(queries),
                "ms_median": statistics.median(timings),
                "ms_p95": percentile(timings, 0.95),
                "sql_ms": replayed_sql_ms(queries),
                "commit_ms": commit_ms(queries),
                "sql": [query["sql"] for query in queries.captured_queries] if args.show_queries else None,
                "repeated": repeated_statements(queries),
            }
        )
        if args.show_queries:
            print(f"\n--- family {label}: {len(queries)} queries")
            for query in queries.captured_queries:
                print(f"  [{query['time']}s] {query['sql'][:400]}")

    # One client for every respondent, its cookies cleared for each: a new client would load the middleware (and
    # WhiteNoise's list of static files) on its first request, which a server does once per worker.
    respondent = Client(enforce_csrf_checks=True)
    respondent.get("/feedback/answer/")
    for survey, what in ((PARENTS_SURVEY, "parents' survey, anonymous"), (CHILDREN_SURVEY, "child's survey, named")):
        form_timings, send_timings = [], []
        for token in feedback_links(args.query_repeats, (survey,)):
            respondent.cookies.clear()
            address = {"X-Forwarded-For": respondent_address(rng)}
            with CaptureQueriesContext(connection) as form_queries:
                started = time.perf_counter()
                arrived = respondent.get(f"/feedback/link/{token}/", headers=address)
                page = respondent.get(arrived.get("Location", "/feedback/answer/"), headers=address)
                form_timings.append((time.perf_counter() - started) * 1000)
            form = answers_as_rendered(page.content.decode(), rng)
            if arrived.status_code != 303 or page.status_code != 200 or form is None:
                raise SystemExit(f"feedback link: {arrived.status_code}, answer page: {page.status_code}")
            with CaptureQueriesContext(connection) as send_queries:
                started = time.perf_counter()
                sent = respondent.post("/feedback/answer/", form, headers=address)
                send_timings.append((time.perf_counter() - started) * 1000)
            if sent.status_code != 303:
                raise SystemExit(f"feedback answer: {sent.status_code} {sent.content[:300]!r}")
        record(f"{FEEDBACK_FORM}, {what}", "/feedback/link/<token>/ + /feedback/answer/", form_queries, form_timings)
        record(f"{FEEDBACK_SEND}, {what}", "/feedback/answer/", send_queries, send_timings)

    checks: list[tuple[str, str, str]] = []
    for name, what in ((PARENTS_SURVEY, "parents' survey"), ("Staff survey: working the Signs of Safety way", "staff")):
        survey = Survey.objects.get(name=name)
        path = f"/feedback/results/?survey={survey.pk}"
        answered = Response.objects.filter(version__survey=survey)
        checks.append(("grace", f"{FEEDBACK_RESULTS}, {what}, {answered.count():,} responses", path))
        if name != PARENTS_SURVEY:
            continue
        for username in ("grace", "dana"):
            user = User.objects.get(username=username)
            teams = user.managed_teams.all() if username == "dana" else user.service_managed_teams.all()
            team, n = (
                answered.filter(team__in=teams)
                .values("team_id")
                .annotate(n=Count("pk"))
                .order_by("-n", "team_id")
                .values_list("team_id", "n")
                .first()
            )
            if username == "dana":
                checks.append(("dana", f"{FEEDBACK_RESULTS}, {what} (team manager)", path))
            checks.append((username, f"{FEEDBACK_RESULTS_TEAM}, {what}, {n:,} responses", f"{path}&team={team}"))
    return results + time_pages(args, clients, password, checks)


def audit_available() -> bool:
    from django.db.utils import ProgrammingError

    from casemap.quality.models import Audit, AuditStatus

    try:
        return Audit.objects.filter(status=AuditStatus.COMPLETED).exists()
    except ProgrammingError:  # an authority generated before the audit tables existed
        return False


def audit_targets(usernames: list[str]) -> dict[str, dict]:
    """The audit results each manager opens: the case audit for every team and for one team (a team manager's own, a
    service manager's team with the most completed audits), and the practice by team."""
    from django.db.models import Count

    from casemap.accounts.models import Role, Team, User
    from casemap.quality.default_tools import SIGNS_OF_SAFETY_CASE_AUDIT
    from casemap.quality.models import Audit, AuditStatus, AuditTool

    tool = AuditTool.objects.get(name=SIGNS_OF_SAFETY_CASE_AUDIT)
    path = f"/audit/results/?tool={tool.pk}"
    targets: dict[str, dict] = {}
    for user in User.objects.filter(username__in=usernames, role__in=[Role.TEAM_MANAGER, Role.SERVICE_MANAGER]):
        teams = (
            Team.objects.filter(manager=user) if user.role == Role.TEAM_MANAGER else user.service_managed_teams.all()
        )
        team = (
            Audit.objects.filter(tool_version__tool=tool, status=AuditStatus.COMPLETED, team__in=teams)
            .values("team_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "team_id")
            .values_list("team_id", flat=True)
            .first()
        )
        if team is not None:
            targets[user.username] = {
                "results": path,
                "results_team": f"{path}&team={team}",
                "practice": "/audit/results/practice/",
            }
    return targets


def audit_pass(args: argparse.Namespace, clients: dict, password: str) -> list[dict]:
    """Queries and in-process time of the audit results (the case audit for every team, as a service manager and a
    team manager; for the team with the most audits; the closure audit) and of the practice panel by team."""
    from django.db.models import Count

    from casemap.accounts.models import User
    from casemap.quality.default_tools import CLOSURE_AUDIT, SIGNS_OF_SAFETY_CASE_AUDIT
    from casemap.quality.models import Audit, AuditStatus, AuditTool

    if not args.audit:
        print("No completed audits: run bench/generate_audits.py (make bench-generate does)")
        return []
    checks: list[tuple[str, str, str]] = []
    for name, what in ((SIGNS_OF_SAFETY_CASE_AUDIT, "case audit"), (CLOSURE_AUDIT, "closure audit")):
        tool = AuditTool.objects.get(name=name)
        path = f"/audit/results/?tool={tool.pk}"
        completed = Audit.objects.filter(tool_version__tool=tool, status=AuditStatus.COMPLETED)
        checks.append(("grace", f"{AUDIT_RESULTS}, {what}, {completed.count():,} audits", path))
        if name != SIGNS_OF_SAFETY_CASE_AUDIT:
            continue
        checks.append(("dana", f"{AUDIT_RESULTS}, {what} (team manager)", path))
        for username in ("grace", "dana"):
            user = User.objects.get(username=username)
            teams = user.managed_teams.all() if username == "dana" else user.service_managed_teams.all()
            found = (
                completed.filter(team__in=teams)
                .values("team_id")
                .annotate(n=Count("pk"))
                .order_by("-n", "team_id")
                .values_list("team_id", "n")
                .first()
            )
            if found:
                checks.append(
                    (username, f"{AUDIT_RESULTS_TEAM}, {what}, {found[1]:,} audits", f"{path}&team={found[0]}")
                )
    checks.append(("grace", f"{PRACTICE_BY_TEAM} (service manager)", "/audit/results/practice/"))
    checks.append(("dana", f"{PRACTICE_BY_TEAM} (team manager)", "/audit/results/practice/"))
    return time_pages(args, clients, password, checks)


def access_log_cost(args: argparse.Namespace) -> dict:
    from django.db import connection

    from casemap.access.models import AccessAction
    from casemap.access.services import access_log_append
    from casemap.accounts.models import User

    user = User.objects.get(username="sally")
    single = []
    for _ in range(200):
        started = time.perf_counter()
        access_log_append(user=user, action=AccessAction.VIEW, record_type="benchmark", detail="single")
        single.append((time.perf_counter() - started) * 1000)

    contended: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        mine = []
        for _ in range(50):
            started = time.perf_counter()
            access_log_append(user=user, action=AccessAction.VIEW, record_type="benchmark", detail="contended")
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            contended.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(args.users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return {
        "single_p50_ms": statistics.median(single),
        "single_p95_ms": percentile(single, 0.95),
        "contended_threads": args.users,
        "contended_p50_ms": statistics.median(contended),
        "contended_p95_ms": percentile(contended, 0.95),
        "contended_appends_per_second": len(contended) / seconds,
    }


def data_size(args: argparse.Namespace) -> dict[str, int]:
    import psycopg

    queries = {
        "children": "SELECT count(*) FROM people_person WHERE is_child",
        "people": "SELECT count(*) FROM people_person",
        "relationships": "SELECT count(*) FROM people_relationship",
        "cases": "SELECT count(*) FROM cases_case",
        "open cases": "SELECT count(*) FROM cases_case WHERE closed_on IS NULL",
        "case members": "SELECT count(*) FROM cases_casemember",
        "referrals": "SELECT count(*) FROM cases_referral",
        "episodes": "SELECT count(*) FROM cases_episode",
        "allocations": "SELECT count(*) FROM cases_allocation",
        "case notes": "SELECT count(*) FROM cases_casenote",
        "chronology entries": "SELECT count(*) FROM cases_chronologyentry",
        "access log entries": "SELECT count(*) FROM access_accesslogentry",
        "maps": "SELECT count(*) FROM mapping_map",
        "signed-off maps": "SELECT count(*) FROM mapping_map WHERE status <> 'draft'",
        "cases with maps": "SELECT count(DISTINCT case_id) FROM mapping_map",
        "map items": "SELECT count(*) FROM mapping_mapitem",
        "scaling judgements": "SELECT count(*) FROM mapping_scalingjudgement",
        "assessments": "SELECT count(*) FROM cases_assessment",
        "section 47 enquiries": "SELECT count(*) FROM cases_section47enquiry",
        "child protection plans (open)": "SELECT count(*) FROM cases_childprotectionplan WHERE ended_on IS NULL",
        "child in need plans (open)": "SELECT count(*) FROM cases_childinneedplan WHERE ended_on IS NULL",
        "meetings": "SELECT count(*) FROM meetings_meeting",
        "invitees": "SELECT count(*) FROM meetings_invitee",
        "teams": "SELECT count(*) FROM accounts_team",
        "users": "SELECT count(*) FROM accounts_user",
        "practitioners": "SELECT count(*) FROM accounts_user WHERE role = 'practitioner'",
    }
    with psycopg.connect(args.database_url) as connection:
        return {name: connection.execute(sql).fetchone()[0] for name, sql in queries.items()}


def print_tables(report: dict) -> None:
    rounds = report["rounds"]
    pages = ["caseload", "person", "timeline", "search", "all pages", *MAP_TARGETS_MS, DUE_MINE, DUE_TEAM, CONFERENCE]
    pages += [SUPERVISION, *FEEDBACK_TARGETS_MS, *AUDIT_TARGETS_MS]
    pages += [DUE_SERVICE, "team caseload", "sign-in"]
    targets = {
        **MAP_TARGETS_MS,
        **MEETING_TARGETS_MS,
        **SUPERVISION_TARGETS_MS,
        **FEEDBACK_TARGETS_MS,
        **AUDIT_TARGETS_MS,
    }
    print(
        f"\n{report['config']['users']} concurrent users, {len(rounds)} rounds of {report['config']['duration']}s, "
        f"think time {report['config']['think']}s, gunicorn {report['config']['workers']} workers x "
        f"{report['config']['threads']} threads"
    )
    print("\nPer round (ms):")
    for result in rounds:
        line = ", ".join(
            f"{page} p50 {result['summary'][page]['p50']:.0f} p95 {result['summary'][page]['p95']:.0f}"
            for page in pages
            if page in result["summary"]
        )
        print(
            f"  round {result['round']}: {result['summary']['all pages']['rps']:.1f} req/s; {line}; "
            f"errors {len(result['errors'])}; draft saves refused (409) {result.get('draft_save_conflicts', 0)}; "
            f"feedback forms left out for want of a link {result.get('feedback_links_short', 0)}"
        )
    print("\nMedian across rounds:")
    print("| Page | Requests per round | p50 ms | p95 ms | p99 ms | max ms | p95 target | Queries |")
    print("|---|---:|---:|---:|---:|---:|---|---:|")
    for page in pages:
        row = report["medians"].get(page)
        if not row:
            continue
        target = targets.get(page, TARGET_P95_MS)
        verdict = (
            "" if page in {"sign-in", "team caseload", DUE_SERVICE} else ("met" if row["p95"] < target else "MISSED")
        )
        verdict += f" (< {target:.0f})" if page in targets else ""
        print(
            f"| {page} | {row['count']:.0f} | {row['p50']:.0f} | {row['p95']:.0f} | {row['p99']:.0f} | "
            f"{row['max']:.0f} | {verdict} | {report['query_summary'].get(page, '')} |"
        )
    print(f"\nThroughput: {report['medians']['all pages']['rps']:.1f} requests/second (median of rounds)")
    print(f"Draft saves refused (409), per round: {[r.get('draft_save_conflicts', 0) for r in rounds]}")
    if report.get("in_process", {}).get("access_log"):
        print("\nQueries per page (single-threaded, in-process; ms is the median of the repeats):")
        print_query_rows(report["in_process"]["pages"])
        log = report["in_process"]["access_log"]
        print(
            f"\nAccess-log append: alone p50 {log['single_p50_ms']:.2f} ms, p95 {log['single_p95_ms']:.2f} ms; "
            f"{log['contended_threads']} threads at once p50 {log['contended_p50_ms']:.2f} ms, "
            f"p95 {log['contended_p95_ms']:.2f} ms, {log['contended_appends_per_second']:.0f} appends/s"
        )


def print_query_rows(rows: list[dict]) -> None:
    for row in rows:
        queries = "" if row["queries"] is None else f"{row['queries']:3d} queries"
        p95 = f"  p95 {row['ms_p95']:6.1f} ms" if row.get("ms_p95") is not None else ""
        sql = ""
        if row.get("sql_ms"):
            commit = f" (commit {row['commit_ms']:.0f})" if row.get("commit_ms") else ""
            sql = f"  SQL alone {row['sql_ms']:5.1f} ms{commit}, page x{row['ms_median'] / row['sql_ms']:.1f}"
        print(f"  {row['user']:6} {row['page']:52} {queries:>11}  {row['ms_median']:6.1f} ms{p95}{sql}")
        for sql, times in row.get("repeated") or []:
            print(f"         the same statement {times} times: {sql[:150]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=60, help="measured seconds per round")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load before measuring, each round")
    parser.add_argument("--max-requests", type=int, default=20_000, help="per round, across all users")
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="mean pause between a user's requests in seconds, drawn uniformly from 0 to twice this "
        "(0: the next request as soon as the last one returns)",
    )
    parser.add_argument(
        "--team-caseload-weight",
        type=int,
        default=MANAGER_PAGE_WEIGHTS["team caseload"],
        help="how often managers open their team's caseload, against 25 for each other page (0: never)",
    )
    parser.add_argument("--pause", type=float, default=5, help="seconds between rounds")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--query-repeats", type=int, default=5)
    parser.add_argument("--show-queries", action="store_true")
    parser.add_argument("--access-log", action="store_true", help="print gunicorn's request lines")
    parser.add_argument("--skip-load", action="store_true", help="only the in-process query pass")
    parser.add_argument("--skip-query-pass", action="store_true", help="only the load, not the in-process pass")
    parser.add_argument(
        "--team-due-weight",
        type=int,
        default=MEETING_PAGE_WEIGHTS["due list"],
        help="how often a team manager opens their team's due list, against 25 for each other page (0: never)",
    )
    parser.add_argument(
        "--service-due-weight",
        type=int,
        default=0,
        help="how often a service manager opens the due list of every team in their line, against 25 for each other "
        "page (0, the default: never; one such page costs seconds)",
    )
    parser.add_argument(
        "--skip-meetings",
        action="store_true",
        help="leave the due lists and the conference page out of the load (to compare the other pages without them)",
    )
    parser.add_argument(
        "--feedback-form-weight",
        type=int,
        default=FEEDBACK_FORM_WEIGHT,
        help="how often each user answers a feedback survey as a family member, against 25 for each other page",
    )
    parser.add_argument(
        "--audit-results-weight",
        type=int,
        default=AUDIT_RESULTS_WEIGHT,
        help="how often managers open the audit results for every team, for one team, and the practice by team, "
        "each against 25 for each other page",
    )
    parser.add_argument(
        "--feedback-results-weight",
        type=int,
        default=FEEDBACK_RESULTS_WEIGHT,
        help="how often managers open the feedback results for every team, and as often for one team, against 25 "
        "for each other page",
    )
    args = parser.parse_args()
    args.database_url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if urllib.parse.urlparse(args.database_url).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("The benchmark only runs against a database on this machine")

    # Settings for this process (the in-process pass) are the server's, plus the test client's host name.
    os.environ.update(server_environment(args))
    server_env = dict(os.environ)
    os.environ["ALLOWED_HOSTS"] = f"{HOST},testserver"
    import django

    django.setup()
    from casemap.accounts.demo import DEMO_PASSWORD
    from casemap.accounts.models import User

    chosen = [name for name, _ in simulated_people(args.users)]
    absent = sorted(set(chosen) - set(User.objects.filter(username__in=chosen).values_list("username", flat=True)))
    if absent and not args.skip_load:
        raise SystemExit(
            f"No user {', '.join(absent)} in this authority: a small one (make bench-generate-small) has only the "
            f"benchmark's {len(PRACTITIONERS)} practitioners and {len(MANAGERS)} managers, so --users "
            f"{len(PRACTITIONERS) + len(MANAGERS)} at most"
        )
    args.map_targets = map_targets(PRACTITIONERS + MANAGERS + [name for name, _ in simulated_people(args.users)])
    if not args.map_targets:
        print("No large maps found: the map pages are left out (run make bench-generate)", flush=True)
    everyone = PRACTITIONERS + MANAGERS + [name for name, _ in simulated_people(args.users)]
    args.meeting_targets = {} if args.skip_meetings else meeting_targets(everyone)
    if not args.meeting_targets and not args.skip_meetings:
        print("No large conference found: the meeting pages are left out (run make bench-generate)", flush=True)
    args.supervision = supervision_available()
    args.feedback = feedback_available()
    if not args.feedback:
        print("No feedback responses found: the feedback pages are left out (run make bench-generate)", flush=True)
    args.feedback_targets = feedback_targets(everyone) if args.feedback else {}
    marks = feedback_marks() if args.feedback else None
    args.audit = audit_available()
    if not args.audit:
        print("No completed audits found: the audit results are left out (run make bench-generate)", flush=True)
    args.audit_targets = audit_targets(everyone) if args.audit else {}
    args.feedback_links = LinkPool(feedback_links(links_wanted(args))) if args.feedback and not args.skip_load else None
    report: dict = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "config": {
            key: value
            for key, value in vars(args).items()
            if key
            not in {
                "database_url",
                "map_targets",
                "meeting_targets",
                "feedback_targets",
                "feedback_links",
                "audit_targets",
            }
        },
        "map_targets": args.map_targets,
        "meeting_targets": args.meeting_targets,
        "feedback_targets": args.feedback_targets,
        "audit_targets": args.audit_targets,
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        },
        "data": data_size(args),
        "rounds": [],
    }
    print("data:", ", ".join(f"{name} {count:,}" for name, count in report["data"].items()), flush=True)
    prepare(server_env)
    if not args.skip_load:
        # Stopping the benchmark (Ctrl-C or kill) still stops gunicorn: see the finally below.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        server = None
        try:
            server = start_server(args, server_env)
            for number in range(1, args.rounds + 1):
                result = run_round(args, number, DEMO_PASSWORD)
                report["rounds"].append(result)
                all_pages = result["summary"]["all pages"]
                print(
                    f"round {number}: {all_pages['count']} requests, {all_pages['rps']:.1f}/s, "
                    f"p50 {all_pages['p50']:.0f} ms, p95 {all_pages['p95']:.0f} ms, errors {len(result['errors'])}, "
                    f"load average {result['load_average_before']:.1f} -> {result['load_average_after']:.1f}",
                    flush=True,
                )
                for error in result["errors"][:5]:
                    print("   ", error)
                if number < args.rounds:
                    time.sleep(args.pause)
        finally:
            if server is not None:
                stop_server(server)
        medians: dict[str, dict[str, float]] = {}
        for page in report["rounds"][0]["summary"]:
            stats = [r["summary"][page] for r in report["rounds"] if page in r["summary"]]
            medians[page] = {key: statistics.median(s[key] for s in stats) for key in stats[0]}
        report["medians"] = medians

    try:
        report["in_process"] = (
            {"pages": [], "access_log": None} if args.skip_query_pass else in_process_pass(args, DEMO_PASSWORD)
        )
    except Exception as error:  # keep the load figures: report the failure with them
        print(f"The single-threaded pass failed: {error!r}", flush=True)
        report["in_process"] = {"pages": [], "access_log": None, "error": repr(error)}
    finally:
        if marks is not None:
            feedback_cleanup(marks)
    pages = {row["page"]: row["queries"] for row in report["in_process"]["pages"] if row["queries"] is not None}

    def counts(prefix: str) -> str:
        found = sorted({count for page, count in pages.items() if page.startswith(prefix)})
        return " / ".join(str(count) for count in found)

    report["query_summary"] = {
        "caseload": counts("caseload"),
        "person": counts("person"),
        "timeline": counts("timeline"),
        "search": counts("search"),
        "team caseload": counts("team caseload"),
        "sign-in": counts("sign-in"),
        MAP_DRAFT: counts("map (draft"),
        MAP_SIGNED: counts("map (signed"),
        DRAFT_SAVE: counts(DRAFT_SAVE),
        DUE_MINE: counts(DUE_MINE),
        DUE_TEAM: counts(DUE_TEAM),
        DUE_SERVICE: counts(DUE_SERVICE),
        CONFERENCE: counts(CONFERENCE),
        FEEDBACK_FORM: counts(f"{FEEDBACK_FORM},"),
        FEEDBACK_SEND: counts(f"{FEEDBACK_SEND},"),
        FEEDBACK_RESULTS: counts(FEEDBACK_RESULTS),
        FEEDBACK_RESULTS_TEAM: counts(FEEDBACK_RESULTS_TEAM),
        AUDIT_RESULTS: counts(AUDIT_RESULTS),
        AUDIT_RESULTS_TEAM: counts(AUDIT_RESULTS_TEAM),
        PRACTICE_BY_TEAM: counts(PRACTICE_BY_TEAM),
    }
    if report["rounds"]:
        print_tables(report)
    else:
        print_query_rows(report["in_process"]["pages"])
        print(report["in_process"]["access_log"])
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    out = results / f"{datetime.datetime.now():%Y%m%d-%H%M%S}.json"  # noqa: DTZ005 - a local file name
    out.write_text(json.dumps(report, indent=2, default=str))
    print(f"\nFull results: {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
