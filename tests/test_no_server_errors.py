"""Bad input never answers 500: every route in the URLconf is posted arbitrary values by a user who may use it.

The family is seeded once for the module through the real services (a signed map and its re-mapped draft, a
signed safety plan and its new draft, the network, the trajectory, a voice session with a drawing, a booklet, a
case note, a restricted record with its grants). Each route is posted the fields of every form that posts to it
(read from the pages' HTML), filled with text, numbers, nothing, very long text, other scripts and NUL bytes, and
a version that may be anything. Each post is rolled back, so every example starts from the same family.

A new route is fuzzed without anyone adding it here; one whose URL needs an object this module does not know
fails `test_every_route_is_posted_to_or_excluded` until it is added to URL_ARGS or excluded with a reason.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casemap.accounts.models import User
from casemap.cases.tests.care_seeded import seed_care_for_routes
from casemap.conftest import World, add_note, make_case, make_world
from casemap.feedback.tests.seeded import seed_feedback_for_routes
from casemap.library.tests.seeded import LIBRARY_CHECKER_ROUTES, seed_library_for_routes
from casemap.mapping.models import DangerStatement, MapItem, NextStep
from casemap.mapping.services import judgement_add, map_remap
from casemap.people.services import person_restrict
from casemap.quality.tests.sampling_seeded import SAMPLING_ROUTES, seed_sampling_for_routes
from casemap.quality.tests.seeded import QUALITY_MANAGER_ROUTES, QUALITY_PRACTICE_LEAD_ROUTES, seed_quality_for_routes
from casemap.safety.models import SafetyPlanRule, TrajectoryStep
from casemap.safety.services import network_member_deactivate
from casemap.safety.services.plans import plan_new_version, plan_sign_off, plan_update_details
from casemap.safety.services.trajectory import trajectory_step_add
from casemap.safety.tests.plan_data import draft_plan
from casemap.supervision.tests.seeded import SUPERVISOR_ROUTES, seed_supervision_for_routes
from casemap.voice.tests.drawings import drawn
from casemap.voice.tests.sessions import record
from casemap.words.tests.booklets import booklet
from tests.browser.seed_map import record_seed_map

TODAY = timezone.localdate()

# Routes not posted to, each with the reason. Django's admin (a namespace) is Django's own forms.
EXCLUDED = {
    "accounts:sign-out": "ends the session every other post here signs in with; it reads nothing posted",
    # A data officer's post exports the whole census and runs the DfE's rules on it: bad input to these pages is
    # posted in casemap/returns/tests/test_pages.py.
    "returns:index": "each post is a full census export and validation, too slow to fuzz; see returns' tests",
    "returns:import": "takes no posts (returns' tests check the 405); its URL needs an import",
    "returns:import-after-dry-run": "needs a dry run's kept file; returns' tests post its form as the page renders it",
    "returns:job": "takes no posts (returns' tests check the 405); its URL needs a job started by a data officer",
    "returns:ssda903-export": "a data officer's post exports the SSDA903 return; bad input is posted in "
    "test_ssda903_pages.py",
    "returns:import-new": "a data officer's upload imports a census; bad files are posted in test_import_pages.py",
    "returns:ssda903-import": "a data officer's upload imports an SSDA903 return; bad files and years are posted in "
    "test_ssda903_import_pages.py",
    "returns:annex-a": "a data officer's post exports Annex A to a file; bad input is posted in test_annex_a_pages.py",
    "returns:export": "takes no posts (returns' tests check the 405); its URL needs a stored export",
    "returns:download": "takes no posts (returns' tests check the 405); its URL needs a stored export",
}
EXCLUDED_NAMESPACES = {"admin": "Django's own admin site, for staff: its forms and their checks are Django's"}

# Who posts: the allocated worker, unless only a manager may use the route.
MANAGER_ROUTES = {
    "cases:team-caseload",
    "people:access-log",
    "cases:decide",
    "cases:allocate",
    "cases:close",
    "mapping:sign-off",
    "safety:plan-sign-off",
    "words:sign-off",
    "handoffs:queue",
    "cases:assessment-authorise",
    "meetings:breaches",
    "meetings:breach",
    "meetings:report-clear",
    "meetings:distribution-release",
    *SUPERVISOR_ROUTES,
    *QUALITY_MANAGER_ROUTES,
}
SERVICE_MANAGER_ROUTES = {"access:restrict", "access:grants", "access:revoke"}
PRACTICE_LEAD_ROUTES = {
    "feedback:texts",
    "feedback:text-check",
    "feedback:staff-links",
    "feedback:change-new",
    "feedback:surveys",
    "feedback:survey-new-version",
    *QUALITY_PRACTICE_LEAD_ROUTES,
    "quality:results",
    "quality:results-practice",
    "quality:results-agreement",
    "quality:results-calibration",
    *SAMPLING_ROUTES,
    *LIBRARY_CHECKER_ROUTES,
}

# Routes that answer 404 to their permitted user even with the seeded objects, and why.
NOT_FOUND_IS_RIGHT = {
    "words:picture": "the seeded booklet's pages have no picture",
}

# The coach beside a form is posted that form's fields as the user types.
COACHED = {
    "mapping:coach": "mapping:pair-new",
    "safety:plan-coach": "safety:plan-section-add",
    "words:coach": "words:page-new",
}

# How much of each route is tried: a route that reads posted fields gets more examples than one that does not.
EXAMPLES_WITH_FIELDS = 12
EXAMPLES_WITHOUT_FIELDS = 2


@dataclass
class Seeded:
    world: World
    objects: dict[str, int | str]  # URL argument name -> the seeded object's id (or key)
    per_route: dict[tuple[str, str], int | str]  # (route, argument) -> a different object for that route
    clients: dict[str, Client] = field(default_factory=dict)
    fields: dict[str, dict[str, set[str]]] = field(default_factory=dict)  # route -> field name -> values seen

    def url(self, name: str, pattern: str) -> str:
        return reverse(
            name, kwargs={arg: self.per_route.get((name, arg), self.objects[arg]) for arg in url_args(pattern)}
        )

    def client(self, name: str) -> Client:
        if name in MANAGER_ROUTES:
            return self.clients["manager"]
        if name in SERVICE_MANAGER_ROUTES:
            return self.clients["service_manager"]
        if name in PRACTICE_LEAD_ROUTES:
            return self.clients["practice_lead"]
        return self.clients["worker"]


# ---- the routes -----------------------------------------------------------------------------------------------


def _walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern)


def all_routes() -> dict[str, str]:
    """Every named route of the URLconf, with its pattern (the last pattern wins where a name is used twice)."""
    return dict(_walk(get_resolver().url_patterns))


def url_args(pattern: str) -> list[str]:
    """The argument names in a path pattern, like `map_id` in `maps/<int:map_id>/`."""
    names = []
    for part in pattern.split("<")[1:]:
        inside = part.split(">", 1)[0]
        names.append(inside.split(":")[-1])
    return names


def _excluded(name: str) -> bool:
    return name in EXCLUDED or name.split(":", 1)[0] in EXCLUDED_NAMESPACES


ROUTES = {name: pattern for name, pattern in sorted(all_routes().items()) if not _excluded(name)}


# ---- the family, seeded once --------------------------------------------------------------------------------------


def _signed_in(user: User) -> Client:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    session = client.session
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _seed() -> Seeded:
    world = make_world()
    worker, manager = world.worker, world.manager
    signed_map = record_seed_map(world)
    draft_map = map_remap(acting_user=worker, map_=signed_map, held_on=TODAY, setting="home_visit")
    judgement = judgement_add(
        acting_user=worker,
        map_=draft_map,
        expected_version=None,
        rater_name="Sally",
        rater_role="worker",
        score=3,
        reason="The fights have not stopped yet",
    )
    signed_plan = draft_plan(world)
    signed_plan = plan_sign_off(acting_user=manager, plan=signed_plan, expected_version=None, warnings_confirmed=True)
    plan = plan_new_version(acting_user=worker, plan=signed_plan)
    plan = plan_update_details(
        acting_user=worker, plan=plan, expected_version=None, kind=plan.kind, review_on=TODAY + datetime.timedelta(28)
    )
    members = list(plan.case.network_members.order_by("pk"))
    left = network_member_deactivate(
        acting_user=worker, member=members[-1], expected_version=None, inactive_since=TODAY, reason="Moved away"
    )
    step = trajectory_step_add(
        acting_user=worker, case=world.case, expected_version=None, description="Family meeting", target_on=TODAY
    )
    add_note(world)
    session = record(world)
    drawing = drawn(world, session)
    words = booklet(world)
    meetings = _seed_meetings(world)
    supervision_objects, supervision_routes = seed_supervision_for_routes(world)
    care_objects = seed_care_for_routes(world)
    feedback_objects = seed_feedback_for_routes(world)
    # Sampling first: the audits completed below would leave its draw nothing to draw from.
    sampling_objects, sampling_routes = seed_sampling_for_routes(world)
    quality_objects, quality_routes = seed_quality_for_routes(world)
    library_objects, library_routes = seed_library_for_routes(world, signed_map=signed_map, signed_plan=signed_plan)
    # A second family's record, restricted, for the restricted-record pages.
    other = make_case(acting=worker, team=world.team, worker=worker, manager=manager, surname="Hughes")
    restricted, unrestricted = (m.person for m in other.memberships.select_related("person").order_by("pk")[:2])
    grants = person_restrict(acting_user=world.service_manager, person=restricted, reason="A parent works here")
    return Seeded(
        world=world,
        objects={
            "case_id": world.case.pk,
            "person_id": world.child.pk,
            "section": "family",
            "map_id": draft_map.pk,
            "category": "harm",
            "item_id": MapItem.objects.filter(map=draft_map).first().pk,  # type: ignore[union-attr]
            "statement_id": DangerStatement.objects.filter(map=draft_map).first().pk,  # type: ignore[union-attr]
            "judgement_id": judgement.pk,
            "step_id": NextStep.objects.filter(map=draft_map).first().pk,  # type: ignore[union-attr]
            "plan_id": plan.pk,
            "section_key": "rules",
            "row_id": SafetyPlanRule.objects.filter(plan=plan).first().pk,  # type: ignore[union-attr]
            "member_id": members[0].pk,
            "note_id": world.case.notes.get().pk,
            "record_id": session.pk,
            "drawing_id": drawing.pk,
            "booklet_id": words.pk,
            "page_id": words.pages.first().pk,  # type: ignore[union-attr]
            "grant_id": grants[0].pk,
            **meetings.objects,
            **supervision_objects,
            **care_objects,
            **feedback_objects,
            **quality_objects,
            **sampling_objects,
            **library_objects,
        },
        per_route={
            ("mapping:remap", "map_id"): signed_map.pk,
            ("safety:plan-monitoring", "plan_id"): signed_plan.pk,
            ("safety:plan-new-version", "plan_id"): signed_plan.pk,
            ("safety:member-reactivate", "member_id"): left.pk,
            ("safety:trajectory-step-done", "step_id"): TrajectoryStep.objects.get(pk=step.pk).pk,
            ("access:restrict", "person_id"): unrestricted.pk,
            ("access:grants", "person_id"): restricted.pk,
            ("access:revoke", "person_id"): restricted.pk,
            **meetings.per_route,
            **supervision_routes,
            **quality_routes,
            **sampling_routes,
            **library_routes,
        },
    )


@dataclass
class _SeededMeetings:
    objects: dict[str, int | str]
    per_route: dict[tuple[str, str], int | str]


# Routes about an arranged meeting (changed, attended, ended): posted about an open core group; every other meeting
# route is posted about the held initial conference, with its record, documents and a copy sent.
OPEN_MEETING_ROUTES = [
    "meetings:change",
    "meetings:cancel",
    "meetings:invitee-new",
    "meetings:attendance",
    "meetings:end",
    "meetings:calendar",
]


def _seed_meetings(world: World) -> _SeededMeetings:
    """The statutory records and meetings: a strategy discussion's enquiries, an assessment and a child in need plan;
    an initial conference held with its map, a report kept from the family, scores revealed and signed decisions
    (which open the plans), its decision letter with one copy prepared and one sent in error; and the first core
    group, arranged."""
    from casemap.cases.services.statutory import assessment_start, cin_plan_start, strategy_discussion_record
    from casemap.meetings.models import Attendance, DistributionChannel, DocumentKind, InviteeRole, MeetingKind
    from casemap.meetings.services.arranging import attendance_record, invitee_add, meeting_arrange, meeting_conclude
    from casemap.meetings.services.conference import (
        ReportAnswers,
        agency_report_add,
        childs_view_record,
        conference_map_start,
        decision_save,
        decision_sign,
        scores_reveal,
        sealed_score_give,
    )
    from casemap.meetings.services.distribution import (
        distribution_prepare,
        distribution_release,
        distribution_sent_in_error,
        document_draft,
    )
    from casemap.meetings.tests.conftest import at, next_weekday, professional

    worker, manager, chair = world.worker, world.manager, world.chair
    children = [world.child, world.sibling]
    discussed = strategy_discussion_record(
        acting_user=worker,
        case=world.case,
        children=children,
        held_on=TODAY - datetime.timedelta(days=12),
        took_part="Sally, PC Jones",
        decision="section_47",
        reasons="Alkira was hurt",
    )
    enquiry = discussed.enquiries.order_by("pk").first()
    assessment = assessment_start(
        acting_user=worker, case=world.case, child=world.child, started_on=TODAY - datetime.timedelta(days=12)
    )
    day = TODAY - datetime.timedelta(days=2)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    conference = meeting_arrange(
        acting_user=worker,
        case=world.case,
        kind=MeetingKind.INITIAL_CONFERENCE,
        children=children,
        starts_at=at(day),
        ends_at=None,
        venue="Room 2",
        chair=chair,
    )
    for name, agency in (("PC Jones", "County Police"), ("Dr Rao", "Riverside Surgery")):
        world.case.professionals.add(professional(name, agency, agency))
    for prof in world.case.professionals.all():
        invitee_add(acting_user=worker, meeting=conference, expected_version=None, professional=prof)
    mother = invitee_add(
        acting_user=worker, meeting=conference, expected_version=None, person=world.mother, role=InviteeRole.PARENT
    )
    for invitee in conference.invitees.all():
        attendance_record(acting_user=worker, invitee=invitee, expected_version=None, attendance=Attendance.PRESENT)
    police = conference.invitees.get(agency_type="police")
    report = agency_report_add(
        acting_user=worker,
        meeting=conference,
        author=police,
        answers=ReportAnswers(
            worries="Three call-outs",
            working_well="Both parents talked to us",
            needs_to_happen="No more fights",
            score=3,
            score_reason="A child was hurt",
            share_restriction="police",
            restriction_reason="Investigation open",
        ),
    )
    conference_map_start(acting_user=worker, meeting=conference, expected_version=None)
    childs_view_record(acting_user=worker, meeting=conference, expected_version=None, childs_view="Alkira is scared")
    sealed_score_give(
        acting_user=worker, meeting=conference, invitee=mother, danger_statement=None, score=5, reason="Calmer now"
    )
    scores_reveal(acting_user=chair, meeting=conference, expected_version=None)
    meeting_conclude(acting_user=chair, meeting=conference, expected_version=None, held_on=day)
    for child in children:
        decision_save(
            acting_user=chair,
            meeting=conference,
            child=child,
            expected_version=0,
            significant_harm=True,
            needs_plan=True,
            category="EMO",
            reasons="Fights at home",
            lead_worker=worker,
            core_group="Merinda, Sally",
        )
        decision_sign(acting_user=chair, meeting=conference, child=child, expected_version=None)
    letter = document_draft(acting_user=worker, meeting=conference, kind=DocumentKind.DECISION_LETTER)
    waiting = distribution_prepare(
        acting_user=worker, document=letter, recipient=mother, channel=DistributionChannel.BY_HAND
    )
    sent = distribution_prepare(
        acting_user=worker, document=letter, recipient=police, channel=DistributionChannel.BY_HAND
    )
    sent = distribution_release(acting_user=manager, distribution=sent, expected_version=None)
    breach = distribution_sent_in_error(acting_user=worker, distribution=sent, what_happened="Wrong officer")
    waiting = distribution_prepare(
        acting_user=worker, document=letter, recipient=mother, channel=DistributionChannel.BY_HAND
    )
    core_group = meeting_arrange(
        acting_user=worker,
        case=world.case,
        kind=MeetingKind.CORE_GROUP,
        children=children,
        starts_at=at(next_weekday(TODAY + datetime.timedelta(days=3))),
        ends_at=None,
        venue="Children's centre",
    )
    # A review conference, arranged, with its map started: scores are still being given and decisions changed.
    review = meeting_arrange(
        acting_user=worker,
        case=world.case,
        kind=MeetingKind.REVIEW_CONFERENCE,
        children=children,
        starts_at=at(next_weekday(TODAY + datetime.timedelta(days=20))),
        ends_at=None,
        venue="Room 2",
        chair=chair,
    )
    conference_map_start(acting_user=worker, meeting=review, expected_version=None)
    decision_save(
        acting_user=chair,
        meeting=review,
        child=world.child,
        expected_version=0,
        significant_harm=True,
        needs_plan=True,
        category="EMO",
        category_still_relevant=True,
        reasons="Still worried",
        lead_worker=worker,
        core_group="Merinda, Sally",
    )
    cin_plan = cin_plan_start(
        acting_user=worker, case=world.case, child=world.child, started_on=TODAY - datetime.timedelta(days=1)
    )
    open_invitee = core_group.invitees.order_by("pk").first()
    assert open_invitee is not None
    per_route: dict[tuple[str, str], int | str] = {
        ("cases:cin-plan-end", "plan_id"): cin_plan.pk,
        ("cases:plans-elsewhere", "plan_id"): world.child.protection_plans.get().pk,
    }
    for name in OPEN_MEETING_ROUTES:
        per_route[(name, "meeting_id")] = core_group.pk
    per_route[("meetings:attendance", "invitee_id")] = open_invitee.pk
    for name in ("meetings:conference-score-new", "meetings:conference-decision", "meetings:conference-decision-sign"):
        per_route[(name, "meeting_id")] = review.pk
    per_route[("meetings:distribution-sent-in-error", "distribution_id")] = sent.pk
    return _SeededMeetings(
        objects={
            "assessment_id": assessment.pk,
            "enquiry_id": enquiry.pk,
            "meeting_id": conference.pk,
            "invitee_id": mother.pk,
            "report_id": report.pk,
            "child_id": world.child.pk,
            "kind": DocumentKind.FULL_RECORD,
            "document_id": letter.pk,
            "distribution_id": waiting.pk,
            "breach_id": breach.pk,
        },
        per_route=per_route,
    )


class _Forms(HTMLParser):
    """The posting forms of a page: where each posts, and the names and offered values of its fields."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.forms: list[tuple[str, dict[str, set[str]]]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            if found.get("method", "get").lower() == "post":
                self.forms.append((urljoin(self.page, found.get("action") or self.page), {}))
            return
        if not self.forms or tag not in {"input", "textarea", "select", "option", "button"}:
            return
        fields = self.forms[-1][1]
        if tag == "option":
            if self._select is not None:
                fields[self._select].add(found.get("value", ""))
            return
        name = found.get("name")
        if tag == "select":
            self._select = name
        if not name:
            return
        values = fields.setdefault(name, set())
        if "value" in found:
            values.add(found["value"])
        if tag == "textarea":
            self._textarea = name

    _select: str | None = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms and data.strip():
            self.forms[-1][1][self._textarea].add(data[:200])


def _harvest(seeded: Seeded, client: Client, url: str) -> None:
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return
    parser = _Forms(url)
    parser.feed(response.content.decode())
    for action, fields in parser.forms:
        try:
            name = resolve(urlsplit(action).path).view_name
        except Resolver404:
            continue
        known = seeded.fields.setdefault(name, {})
        for field_name, values in fields.items():
            known.setdefault(field_name, set()).update(values)


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[Seeded]:
    """The family for the whole module, in one transaction rolled back at the end; each test nests in it."""
    with django_db_blocker.unblock(), transaction.atomic():
        seeded = _seed()
        world = seeded.world
        seeded.clients = {
            "worker": _signed_in(world.worker),
            "manager": _signed_in(world.manager),
            "service_manager": _signed_in(world.service_manager),
            "practice_lead": _signed_in(world.practice_lead),
        }
        # Read every page's forms, as the user who posts to each route, to learn the fields each route is sent.
        for name, pattern in ROUTES.items():
            if all(arg in seeded.objects for arg in url_args(pattern)) and not name.endswith("pdf"):
                _harvest(seeded, seeded.client(name), seeded.url(name, pattern))
        # Forms shown on other pages, or only to a manager.
        manager, worker = seeded.clients["manager"], seeded.clients["worker"]
        _harvest(seeded, manager, reverse("cases:detail", args=[world.case.pk]))
        _harvest(seeded, manager, reverse("mapping:map", args=[seeded.objects["map_id"]]))
        _harvest(seeded, worker, reverse("mapping:map", args=[seeded.per_route["mapping:remap", "map_id"]]))
        _harvest(seeded, worker, reverse("safety:plan", args=[seeded.per_route["safety:plan-monitoring", "plan_id"]]))
        _harvest(seeded, worker, reverse("voice:new", args=[world.child.pk]) + "?tool=three-houses")
        # The coaches are sent, as someone types, the form they sit beside.
        for coach, form in COACHED.items():
            seeded.fields[coach] = seeded.fields.get(form, {})
        yield seeded
        transaction.set_rollback(True)


# ---- what is posted ------------------------------------------------------------------------------------------------

LONG = 25_000  # past the longest free text a form takes
awkward_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=40),
    st.sampled_from(
        ["", " ", "\x00", "a\x00b", "0", "-1", "1.5", "1e9", "NaN", "\u0663", "\uff12", "null", "[]", "{}"]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["x" * LONG, "é" * 300, "\x00" * 50, "\U0001f600" * 2_000, "\r\n" * 100]),
)
any_version = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=0, max_value=40).map(str),
    awkward_text,
)


def _value(offered: set[str]) -> st.SearchStrategy[Any]:
    one = st.one_of(st.sampled_from(sorted(offered)), awkward_text) if offered else awkward_text
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


def _bodies(fields: dict[str, set[str]]) -> st.SearchStrategy[dict[str, Any]]:
    optional = {name: _value(values) for name, values in fields.items()}
    optional.setdefault("version", any_version)
    return st.fixed_dictionaries({}, optional=optional)


def _post(client: Client, url: str, body: dict[str, Any], autosave: bool) -> int:
    """Post and put everything back: each example starts from the seeded family."""
    headers = {"X-Casemap-Autosave": "1"} if autosave else {}
    with transaction.atomic():
        status = client.post(url, body, headers=headers).status_code
        transaction.set_rollback(True)
    return status


# ---- the tests -----------------------------------------------------------------------------------------------------


def test_every_route_is_posted_to_or_excluded() -> None:
    """A route is fuzzed unless excluded with a reason, and its URL can be built from the seeded family."""
    routes = all_routes()
    assert set(EXCLUDED) <= set(routes), "an excluded route is no longer in the URLconf"
    assert all(reason.strip() for reason in [*EXCLUDED.values(), *EXCLUDED_NAMESPACES.values()])
    known = {
        "case_id", "person_id", "section", "map_id", "category", "item_id", "statement_id", "judgement_id",
        "step_id", "plan_id", "section_key", "row_id", "member_id", "note_id", "record_id", "drawing_id",
        "period_id", "missing_id", "status_id", "adoption_id",
        "booklet_id", "page_id", "grant_id", "assessment_id", "enquiry_id", "meeting_id", "invitee_id", "report_id",
        "child_id", "kind", "document_id", "distribution_id", "breach_id", "supervision_id", "action_id",
        "group_id", "inquiry_id", "survey_id", "response_id", "task_id", "token", "answer_id", "due_id",
        "audit_id", "tool_id", "version_id", "exercise_id", "programme_id", "draw_id", "sampled_case_id",
        "nomination_id", "example_id",
    }  # fmt: skip
    unknown = {name: url_args(pattern) for name, pattern in ROUTES.items() if not set(url_args(pattern)) <= known}
    assert not unknown, f"add these routes' URL arguments to the seeded objects, or exclude them: {unknown}"
    assert set(ROUTES) == {name for name in routes if not _excluded(name)}
    assert "mapping:sign-off" in ROUTES and "safety:member-reactivate" in ROUTES


@pytest.mark.parametrize("name", list(ROUTES))
def test_no_server_error(name: str, seeded: Seeded, db: None) -> None:
    url = seeded.url(name, ROUTES[name])
    client = seeded.client(name)
    first = _post(client, url, {}, autosave=False)
    assert first < 500, f"an empty post to {url} answered {first}"
    if first == 404:
        assert name in NOT_FOUND_IS_RIGHT, f"{name}: the seeded objects do not reach the view ({url} is 404)"
    if first == 405:
        return  # the route does not take posts: nothing posted is read
    fields = seeded.fields.get(name, {})
    examples = EXAMPLES_WITH_FIELDS if fields else EXAMPLES_WITHOUT_FIELDS

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(body=_bodies(fields), autosave=st.booleans())
    def posting(body: dict[str, Any], autosave: bool) -> None:
        status = _post(client, url, body, autosave)
        assert status < 500, f"{name} answered {status} to {body!r}"

    posting()
