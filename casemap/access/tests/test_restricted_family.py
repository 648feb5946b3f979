"""A restricted person stays hidden through their family, and a person on two teams' cases shows each team only
its own work.

Every page reached from a person, HTML and PDF, is listed once in `PERSON_PAGES` and `CASE_PAGES`. Each scenario
names the pages a persona must not open (404) and the words that must never appear in any page they can open.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from casemap.access.models import RestrictedAccessGrant
from casemap.access.policy import can_change_person, visible_cases, visible_people
from casemap.access.services import restricted_access_grant, restricted_access_revoke
from casemap.accounts.models import User
from casemap.cases.models import Case, CaseMember, NoteKind, ReferralDecision
from casemap.cases.services import case_note_add, referral_decide, referral_receive
from casemap.conftest import World
from casemap.mapping.models import Map
from casemap.mapping.services import map_start
from casemap.people.codes import Ethnicity, Sex
from casemap.people.models import Person, RelationshipType
from casemap.people.services import person_restrict, person_update, relationship_add
from casemap.people.views import RECORD_SECTIONS
from casemap.safety.models import SafetyPlan
from casemap.safety.services.plans import plan_start
from casemap.voice.models import ChildDrawing, ChildVoiceRecord, VoiceTool
from casemap.voice.services import EntryInput, drawing_add_from_pad, voice_record_create
from casemap.voice.tests.drawings import pad_drawing, worries
from casemap.voice.tests.sessions import details
from casemap.words.models import WordsAndPicturesBooklet
from casemap.words.services import booklet_create, page_add

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

# The family's names, changed from the shared fixture's so that no example in a form's hint can match them.
CHILD, SIBLING, MOTHER = "Ngaire", "Tarquin", "Oriel"
# Words that belong to one case only: each must never reach someone who may not see that case. (No apostrophes:
# a page escapes them, and the check would pass for the wrong reason.)
FAMILY_NOTE = "The kitchen window was boarded up after the fight"
FAMILY_BOOKLET = "The day the kitchen window broke"
SECOND_CASE_NOTE = "Home visit at the flat on Moor Lane with his grandmother"
OTHER_TEAM_NOTE = "Early help visit about school attendance at Hillcrest"
OTHER_TEAM_REFERRAL = "Hillcrest school reported missed lessons every Monday"
FAMILY_REFERRAL = "Police called to a fight at home."  # make_case's referral


# --- Every page reached from a person: add a new page here and every scenario checks it. ---


def section_page(key: str) -> Callable[[Person], str]:
    return lambda person: reverse("people:section", args=[person.pk, key])


PERSON_PAGES: dict[str, Callable[[Person], str]] = {
    "record": lambda person: reverse("people:detail", args=[person.pk]),
    **{f"section {key}": section_page(key) for key, _label in RECORD_SECTIONS},
    "print": lambda person: reverse("people:print", args=[person.pk]),
    "edit": lambda person: reverse("people:edit", args=[person.pk]),
    "family add": lambda person: reverse("people:family-add", args=[person.pk]),
    "access log": lambda person: reverse("people:access-log", args=[person.pk]),
    "family tree": lambda person: reverse("safety:family-tree", args=[person.pk]),
    "voice": lambda person: reverse("voice:child", args=[person.pk]),
    "voice new": lambda person: reverse("voice:new", args=[person.pk]),
    "words": lambda person: reverse("words:child", args=[person.pk]),
    "words explanation new": lambda person: reverse("words:explanation-new", args=[person.pk]),
}


@dataclass
class CaseRecords:
    """A case and one of each record on it that a person's pages link to."""

    case: Case
    map: Map
    plan: SafetyPlan
    booklet: WordsAndPicturesBooklet
    voice_record: ChildVoiceRecord
    drawing: ChildDrawing


CASE_PAGES: dict[str, Callable[[CaseRecords], str]] = {
    "case": lambda r: reverse("cases:detail", args=[r.case.pk]),
    "network and ecomap": lambda r: reverse("safety:network", args=[r.case.pk]),
    "plans": lambda r: reverse("safety:plans", args=[r.case.pk]),
    "plan": lambda r: reverse("safety:plan", args=[r.plan.pk]),
    "plan print": lambda r: reverse("safety:plan-print", args=[r.plan.pk]),
    "plan PDF": lambda r: reverse("safety:plan-pdf", args=[r.plan.pk]),
    "safety trajectory": lambda r: reverse("safety:trajectory", args=[r.case.pk]),
    "map": lambda r: reverse("mapping:map", args=[r.map.pk]),
    "map print": lambda r: reverse("mapping:print", args=[r.map.pk]),
    "map PDF": lambda r: reverse("mapping:pdf", args=[r.map.pk]),
    "map compare": lambda r: reverse("mapping:compare", args=[r.case.pk]),
    "map trajectory": lambda r: reverse("mapping:trajectory", args=[r.case.pk]),
    "booklets": lambda r: reverse("words:case", args=[r.case.pk]),
    "booklet": lambda r: reverse("words:booklet", args=[r.booklet.pk]),
    "booklet versions": lambda r: reverse("words:history", args=[r.booklet.pk]),
    "booklet print": lambda r: reverse("words:print", args=[r.booklet.pk]),
    "booklet PDF": lambda r: reverse("words:pdf", args=[r.booklet.pk]),
    "voice session": lambda r: reverse("voice:record", args=[r.voice_record.pk]),
    "drawing": lambda r: reverse("voice:drawing-file", args=[r.drawing.pk]),
}


def pages(people: dict[str, Person], cases: dict[str, CaseRecords]) -> dict[str, str]:
    """Every page of these people and cases, named "<whose> / <page>"."""
    urls = {f"{who} / {name}": page(person) for who, person in people.items() for name, page in PERSON_PAGES.items()}
    urls |= {
        f"{which} / {name}": page(records) for which, records in cases.items() for name, page in CASE_PAGES.items()
    }
    return urls


def page_text(response: HttpResponse) -> str:
    """What a person would read: the HTML, or the text of every page of a PDF."""
    if response.get("Content-Type", "").startswith("application/pdf"):
        reader = PdfReader(io.BytesIO(response.content))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    if response.get("Content-Type", "").startswith("image/"):
        return ""
    return response.content.decode()


# --- Building the families, through the real services. ---


def case_records(*, case: Case, child: Person, by: User, words: str) -> CaseRecords:
    tool = VoiceTool.objects.get(key="three-houses")
    session = voice_record_create(
        acting_user=by,
        child=child,
        case=case,
        tool=tool,
        details=details(),
        entries=[EntryInput(part_key=str(tool.parts[0]["key"]), label="", words=words)],
    )
    booklet = booklet_create(acting_user=by, case=case, children=[child], title=words)
    page_add(acting_user=by, booklet=booklet, expected_version=None, heading="What happened", text=words)
    return CaseRecords(
        case=case,
        map=map_start(acting_user=by, case=case, setting="home_visit", held_on=TODAY),
        plan=plan_start(acting_user=by, case=case, kind="family"),
        booklet=booklet,
        voice_record=session,
        drawing=drawing_add_from_pad(acting_user=by, record=session, details=worries(), data_url=pad_drawing()),
    )


def note(*, by: User, case: Case, children: list[Person], text: str) -> None:
    case_note_add(
        acting_user=by,
        case=case,
        children=children,
        kind=NoteKind.HOME_VISIT,
        occurred_on=TODAY,
        text=text,
        child_seen=True,
    )


def family_records(world: World) -> CaseRecords:
    """The child and her brother, and their mother; the family case has a note and one of each record."""
    for person, first_name in ((world.child, CHILD), (world.sibling, SIBLING), (world.mother, MOTHER)):
        person_update(acting_user=world.worker, person=person, expected_version=person.version, first_name=first_name)
        person.refresh_from_db()
    relationship_add(
        acting_user=world.worker, person=world.child, relative=world.sibling, kind=RelationshipType.SIBLING
    )
    relationship_add(
        acting_user=world.worker, person=world.sibling, relative=world.mother, kind=RelationshipType.MOTHER
    )
    note(by=world.worker, case=world.case, children=[world.child, world.sibling], text=FAMILY_NOTE)
    return case_records(case=world.case, child=world.child, by=world.worker, words=FAMILY_BOOKLET)


def second_case(world: World, *, team_worker: User, manager: User, adults: list[Person], referral: str) -> Case:
    """The brother on another case too, held by `team_worker`'s team."""
    team = team_worker.team
    assert team is not None
    received = TODAY - datetime.timedelta(days=10)
    case = referral_receive(
        acting_user=team_worker,
        children=[world.sibling],
        adults=adults,
        team=team,
        received_on=received,
        source="2A",
        what_was_reported=referral,
        family_name="Kinship placement",
    )
    return referral_decide(
        acting_user=manager,
        case=case,
        decision=ReferralDecision.ASSESSMENT,
        decided_on=received,
        reasons="Needs an assessment",
    )


def restrict(world: World, person: Person) -> None:
    """A service manager restricts the record; the allocated worker's kept grant is then taken away too, so
    nobody in the team but the service manager holds one."""
    person.refresh_from_db()
    person_restrict(acting_user=world.service_manager, person=person, reason="A relative works in the team")
    grant = RestrictedAccessGrant.objects.get(person=person, user=world.worker)
    restricted_access_revoke(acting_user=world.service_manager, grant=grant)


@dataclass
class Scenario:
    """Who must not see what: readers get 404 on `hidden_pages` and never read any of `secrets` anywhere."""

    urls: dict[str, str]
    hidden_pages: set[str]
    secrets: list[str]
    sees: dict[str, str] = field(default_factory=dict)  # a page every reader may open, and a word on it


PERSONAS: dict[str, Callable[[World], User]] = {
    "worker": lambda world: world.worker,
    "teammate": lambda world: world.teammate,
    "manager": lambda world: world.manager,
    "other_worker": lambda world: world.other_worker,
    "other_manager": lambda world: world.other_team.manager,  # type: ignore[union-attr,return-value]
}
SAME_TEAM = ["worker", "teammate", "manager"]
OTHER_TEAM = ["other_worker", "other_manager"]


def restricted_sibling(world: World) -> Scenario:
    """The child is restricted, with no grant in the team. Her brother and mother are also on a second case of
    the team, so the team still sees them: their pages must not name her or show the family case's work."""
    family = family_records(world)
    other = second_case(
        world, team_worker=world.worker, manager=world.manager, adults=[world.mother], referral="Kinship check"
    )
    note(by=world.worker, case=other, children=[world.sibling], text=SECOND_CASE_NOTE)
    others = case_records(case=other, child=world.sibling, by=world.worker, words="The new room at the flat")
    restrict(world, world.child)
    people = {"child": world.child, "sibling": world.sibling, "mother": world.mother}
    urls = pages(people, {"family case": family, "second case": others})
    hidden = {name for name in urls if name.startswith(("child / ", "family case / "))}
    secrets = [CHILD, FAMILY_NOTE, FAMILY_BOOKLET, FAMILY_REFERRAL]
    sees = {
        "sibling / section timeline": SECOND_CASE_NOTE,
        "mother / section family": f"{SIBLING} Cooper",
        "second case / booklet PDF": "The new room at the flat",
    }
    return Scenario(urls, hidden, secrets, sees)


def restricted_parent(world: World) -> Scenario:
    """The mother is restricted, with no grant in the team. The brother is also on a second case of the team: his
    pages must not name his mother or sister, or show the family case's work."""
    family = family_records(world)
    other = second_case(world, team_worker=world.worker, manager=world.manager, adults=[], referral="Kinship check")
    note(by=world.worker, case=other, children=[world.sibling], text=SECOND_CASE_NOTE)
    others = case_records(case=other, child=world.sibling, by=world.worker, words="The new room at the flat")
    restrict(world, world.mother)
    people = {"child": world.child, "sibling": world.sibling, "mother": world.mother}
    urls = pages(people, {"family case": family, "second case": others})
    hidden = {name for name in urls if name.startswith(("child / ", "mother / ", "family case / "))}
    secrets = [MOTHER, CHILD, FAMILY_NOTE, FAMILY_BOOKLET, FAMILY_REFERRAL]
    return Scenario(urls, hidden, secrets, {"sibling / section timeline": SECOND_CASE_NOTE})


def two_teams(world: World) -> dict[str, str]:
    """The brother is on the family case (this team) and on a case of the early help team, with a note on each."""
    family = family_records(world)
    other = second_case(
        world,
        team_worker=world.other_worker,
        manager=world.other_team.manager,  # type: ignore[arg-type]
        adults=[],
        referral=OTHER_TEAM_REFERRAL,
    )
    note(by=world.other_worker, case=other, children=[world.sibling], text=OTHER_TEAM_NOTE)
    others = case_records(case=other, child=world.sibling, by=world.other_worker, words="At school with friends")
    people = {"child": world.child, "sibling": world.sibling, "mother": world.mother}
    return pages(people, {"family case": family, "other team's case": others})


def two_teams_seen_by_this_team(world: World) -> Scenario:
    urls = two_teams(world)
    hidden = {name for name in urls if name.startswith("other team's case / ")}
    secrets = [OTHER_TEAM_NOTE, OTHER_TEAM_REFERRAL, "At school with friends"]
    return Scenario(urls, hidden, secrets, {"sibling / section timeline": FAMILY_NOTE})


def two_teams_seen_by_the_other_team(world: World) -> Scenario:
    urls = two_teams(world)
    hidden = {name for name in urls if name.startswith(("child / ", "mother / ", "family case / "))}
    secrets = [FAMILY_NOTE, FAMILY_REFERRAL, FAMILY_BOOKLET, CHILD, MOTHER]
    sees = {"sibling / section timeline": OTHER_TEAM_NOTE, "other team's case / booklet PDF": "At school with friends"}
    return Scenario(urls, hidden, secrets, sees)


SCENARIOS: dict[str, Callable[[World], Scenario]] = {
    "restricted sibling": restricted_sibling,
    "restricted parent": restricted_parent,
    "two teams, this team": two_teams_seen_by_this_team,
    "two teams, the other team": two_teams_seen_by_the_other_team,
}
# Who reads each scenario. Each test walks every page: building a family per page would take minutes.
READERS = [
    ("restricted sibling", SAME_TEAM),
    ("restricted parent", SAME_TEAM),
    ("two teams, this team", SAME_TEAM),
    ("two teams, the other team", OTHER_TEAM),
]


@pytest.mark.parametrize(("scenario_name", "persona"), [(name, p) for name, personas in READERS for p in personas])
def test_no_page_shows_what_its_reader_may_not_see(world: World, client_for, scenario_name: str, persona: str) -> None:
    scenario = SCENARIOS[scenario_name](world)
    client = client_for(PERSONAS[persona](world))
    for page, url in scenario.urls.items():
        response = client.get(url)
        if page in scenario.hidden_pages:
            assert response.status_code == 404, page
        assert response.status_code in {200, 302, 404}, (page, response.status_code)
        text = page_text(response)
        for secret in scenario.secrets:
            assert secret not in text, (page, secret)
    # The pages left open still show what the reader may see, so the checks above are not passing on empty pages.
    for page, word in scenario.sees.items():
        response = client.get(scenario.urls[page])
        assert response.status_code == 200, page
        assert word in page_text(response), page


# --- Grants: a grant opens the granted child's own record, not the family's. ---


def test_a_grant_for_the_restricted_child_opens_her_record_and_not_her_family(world: World, client_for) -> None:
    """A teammate given a grant for the child alone: her own pages open, and none of them shows her brother,
    her mother or the family case's work; their pages stay closed."""
    family_records(world)
    restrict(world, world.child)
    restricted_access_grant(
        acting_user=world.service_manager, person=world.child, user=world.teammate, reason="Answering a school query"
    )
    client = client_for(world.teammate)
    urls = pages({"child": world.child, "sibling": world.sibling, "mother": world.mother}, {})
    for page, url in urls.items():
        response = client.get(url)
        if not page.startswith("child / "):
            assert response.status_code == 404, page
        assert response.status_code in {200, 302, 404}, (page, response.status_code)
        text = page_text(response)
        for secret in [SIBLING, MOTHER, FAMILY_NOTE, FAMILY_BOOKLET, FAMILY_REFERRAL]:
            assert secret not in text, (page, secret)
    assert CHILD in page_text(client.get(urls["child / record"]))


def test_the_grantee_sees_the_child_and_nothing_else_of_the_case(world: World, client_for) -> None:
    family_records(world)
    restrict(world, world.child)
    restricted_access_grant(
        acting_user=world.service_manager, person=world.child, user=world.teammate, reason="Answering a school query"
    )
    assert client_for(world.teammate).get(reverse("people:detail", args=[world.child.pk])).status_code == 200
    assert set(visible_people(world.teammate).filter(pk__in=[world.sibling.pk, world.mother.pk])) == set()
    assert not visible_cases(world.teammate).filter(pk=world.case.pk).exists()


def test_the_allocated_worker_kept_on_by_the_restriction_keeps_the_case(world: World, client_for) -> None:
    """The named tie (allocated worker, or a manager in the line) and a grant for every restricted person on
    the case open it, and the family on it; team membership and a grant do not (the test above)."""
    family_records(world)
    world.child.refresh_from_db()
    person_restrict(acting_user=world.service_manager, person=world.child, reason="A relative works in the team")
    client = client_for(world.worker)
    assert client.get(reverse("cases:detail", args=[world.case.pk])).status_code == 200
    assert client.get(reverse("people:detail", args=[world.sibling.pk])).status_code == 200
    timeline = client.get(reverse("people:section", args=[world.child.pk, "timeline"])).content.decode()
    assert FAMILY_NOTE in timeline
    assert client_for(world.manager).get(reverse("people:detail", args=[world.sibling.pk])).status_code == 404


# --- Writes: nothing reaches a restricted case through the family. ---


def case_posts(world: World) -> dict[str, str]:
    case, sibling = world.case.pk, world.sibling.pk
    return {
        "edit": reverse("people:edit", args=[sibling]),
        "family add": reverse("people:family-add", args=[sibling]),
        "mother's family add": reverse("people:family-add", args=[world.mother.pk]),
        "voice new": reverse("voice:new", args=[sibling]) + "?tool=three-houses",
        "words explanation new": reverse("words:explanation-new", args=[sibling]),
        "note": reverse("cases:note-new", args=[case]),
        "professional": reverse("cases:professional-new", args=[case]),
        "network member": reverse("safety:member-add", args=[case]),
        "plan": reverse("safety:plan-new", args=[case]),
        "map": reverse("mapping:new", args=[case]),
        "booklet": reverse("words:new", args=[case]),
    }


WRITE_DATA = {
    "first_name": "Kai",
    "last_name": "Cooper",
    "kind": "aunt_uncle",
    "sex": Sex.UNKNOWN,
    "ethnicity": Ethnicity.NOBT,
    "not_a_duplicate": "on",
    "text": "A note",
    "name": "Someone",
    "title": "A booklet",
    "kind_of_plan": "family",
    "version": "1",
}


@pytest.mark.parametrize(
    "post",
    [
        "edit",
        "family add",
        "mother's family add",
        "voice new",
        "words explanation new",
        "note",
        "professional",
        "network member",
        "plan",
        "map",
        "booklet",
    ],
)
@pytest.mark.parametrize("persona", SAME_TEAM)
def test_the_team_cannot_write_to_the_restricted_family(world: World, client_for, persona: str, post: str) -> None:
    restrict(world, world.child)
    before = (CaseMember.objects.count(), Person.objects.count(), world.sibling.version)
    response = client_for(PERSONAS[persona](world)).post(case_posts(world)[post], WRITE_DATA)
    assert response.status_code == 404
    world.sibling.refresh_from_db()
    assert (CaseMember.objects.count(), Person.objects.count(), world.sibling.version) == before
    assert not can_change_person(PERSONAS[persona](world), world.sibling)


def test_adding_a_relative_through_someone_seen_on_another_case_leaves_the_restricted_case_alone(
    world: World, client_for
) -> None:
    other = second_case(
        world, team_worker=world.worker, manager=world.manager, adults=[world.mother], referral="Kinship check"
    )
    restrict(world, world.child)
    response = client_for(world.teammate).post(reverse("people:family-add", args=[world.mother.pk]), WRITE_DATA)
    assert response.status_code == 302
    kai = Person.objects.get(first_name="Kai")
    assert set(CaseMember.objects.filter(person=kai).values_list("case_id", flat=True)) == {other.pk}
