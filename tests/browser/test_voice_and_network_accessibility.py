"""axe-core (WCAG 2.0, 2.1 and 2.2 A and AA) on the child's voice and safety network pages, and reflow at 320px."""

import datetime
import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.mapping.models import Map
from casemap.people.models import RelationshipType
from casemap.people.services import person_create, relationship_add
from casemap.safety.models import SafetyNetworkMember
from casemap.safety.services import network_member_add
from casemap.voice.models import ChildVoiceRecord, VoiceTool
from casemap.voice.services import EntryInput, SessionDetails, voice_record_create
from tests.browser.seed_map import TODAY, record_seed_map
from tests.browser.support import AxeAudit, check, check_reflow, sign_in
from tests.browser.test_accessibility import assert_error_links_reach_their_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

_TOOLS_MIGRATION = importlib.import_module("casemap.voice.migrations.0002_voice_tools")


def ensure_tools() -> None:
    """The tools are migration data: a transactional test's flush removes them, so put them back."""
    if not VoiceTool.objects.filter(key="three-houses").exists():
        _TOOLS_MIGRATION.add_tools(apps, None)


def record_three_houses(world: World) -> ChildVoiceRecord:
    """Alkira's Three Houses, as the worker types it in after the session."""
    ensure_tools()
    tool = VoiceTool.objects.get(key="three-houses")
    return voice_record_create(
        acting_user=world.worker,
        child=world.child,
        case=world.case,
        tool=tool,
        details=SessionDetails(
            used_on=TODAY - datetime.timedelta(days=2),
            parental_consent="given",
            parental_consent_by="Merinda (mum)",
            present="Rose",
            read_back=True,
            share_consent="yes",
        ),
        entries=[
            EntryInput(part_key="worries", label="Scary house", words="Mum and dad yelling and throwing things."),
            EntryInput(part_key="good-things", label="", words="My cat Biscuit and going to Rose's house."),
            EntryInput(part_key="dreams", label="", words="Nobody throws things and we go to the beach."),
        ],
    )


def build_family_and_network(world: World) -> list[SafetyNetworkMember]:
    """Eddy (dad) and a grandmother on the record, and a network of family, friend and a name with no contact."""
    worker = world.worker
    father = person_create(
        acting_user=worker, first_name="Eddy", last_name="Cooper", sex="M", date_of_birth=datetime.date(1988, 3, 2)
    )
    nan = person_create(
        acting_user=worker, first_name="Rose", last_name="Walker", sex="F", date_of_birth=datetime.date(1960, 8, 9)
    )
    relationship_add(acting_user=worker, person=world.child, relative=father, kind=RelationshipType.FATHER)
    relationship_add(acting_user=worker, person=world.sibling, relative=father, kind=RelationshipType.FATHER)
    relationship_add(acting_user=worker, person=world.sibling, relative=world.mother, kind=RelationshipType.MOTHER)
    relationship_add(acting_user=worker, person=world.mother, relative=father, kind=RelationshipType.PARTNER)
    relationship_add(acting_user=worker, person=world.mother, relative=nan, kind=RelationshipType.MOTHER)
    relationship_add(acting_user=worker, person=world.child, relative=world.sibling, kind=RelationshipType.SIBLING)
    return [
        network_member_add(
            acting_user=worker,
            case=world.case,
            person=nan,
            relationship_kind=RelationshipType.GRANDPARENT,
            phone="01632 960101",
            roles=["mentor", "responds_to_worries"],
            told_danger_statements_on=TODAY - datetime.timedelta(days=7),
            agreed_to_plan_on=TODAY - datetime.timedelta(days=3),
        ),
        network_member_add(
            acting_user=worker,
            case=world.case,
            name="Kerri Lomax",
            relationship_kind=RelationshipType.FRIEND,
            email="kerri@example.org",
            roles=["supervises_family_time", "gives_feedback"],
        ),
        network_member_add(
            acting_user=worker,
            case=world.case,
            name="Pat from the football club",
            relationship_kind=RelationshipType.OTHER,
            relationship_text="Darel's football coach",
        ),
    ]


def test_voice_pages_have_no_axe_violations(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    ensure_tools()
    page = new_page()
    sign_in(page, world.worker)

    page.goto(f"/voice/children/{world.child.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alkira's voice")
    check(axe_audit, page, "Child's voice, with no records")

    page.get_by_role("link", name="Record a session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a session with Alkira")
    check(axe_audit, page, "Choose a tool")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Choose a tool, with errors")
    assert_error_links_reach_their_fields(page)

    page.get_by_label("Three Houses").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Three Houses with Alkira")
    check(axe_audit, page, "Three Houses form")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Three Houses form, with errors")
    assert_error_links_reach_their_fields(page)

    page.goto(f"/voice/children/{world.child.pk}/new/?tool=safety-house")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety House with Alkira")
    check(axe_audit, page, "Safety House form, with the path scale")

    record = record_three_houses(world)
    draft = record_seed_map(world, sign_off=False)
    page.goto(f"/voice/children/{world.child.pk}/")
    expect(page.get_by_role("link", name=f"Three Houses, {record.used_on:%-d %B %Y}")).to_be_visible()
    check(axe_audit, page, "Child's voice, with a record")

    page.goto(f"/voice/records/{record.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Three Houses")
    check(axe_audit, page, "A voice record")

    page.get_by_role("link", name="Change", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the session")
    check(axe_audit, page, "Change a voice record")
    for textarea in page.locator("main textarea").all():
        textarea.fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Change a voice record, with errors")
    assert_error_links_reach_their_fields(page)

    page.goto(f"/voice/records/{record.pk}/add-to-map/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add Alkira's words to a map")
    check(axe_audit, page, "Add the child's words to a map")
    page.get_by_role("button", name="Add to the map").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Add the child's words to a map, with errors")
    assert_error_links_reach_their_fields(page)

    page.goto(f"/voice/records/{record.pk}/archive/")
    check(axe_audit, page, "Archive a voice record")
    assert Map.objects.filter(pk=draft.pk).exists()
    axe_audit.assert_clean()


def test_network_and_family_tree_pages_have_no_axe_violations(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, world.worker)

    page.goto(f"/safety/cases/{world.case.pk}/network/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety network")
    check(axe_audit, page, "Safety network, empty")

    members = build_family_and_network(world)
    page.goto(f"/safety/cases/{world.case.pk}/network/")
    expect(page.get_by_role("table", name="Members").get_by_role("row")).to_have_count(len(members) + 1)
    check(axe_audit, page, "Safety network, with the ecomap and table")

    page.get_by_role("link", name="Add someone to the network").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add someone to the safety network")
    check(axe_audit, page, "Add a network member")
    page.get_by_role("button", name="Add to the network").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Add a network member, with errors")
    assert_error_links_reach_their_fields(page)

    page.goto(f"/safety/members/{members[1].pk}/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Kerri Lomax's details")
    check(axe_audit, page, "Change a network member")
    page.get_by_label("Name", exact=True).fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Change a network member, with errors")
    assert_error_links_reach_their_fields(page)

    page.goto(f"/safety/members/{members[2].pk}/deactivate/")
    check(axe_audit, page, "Make a network member inactive")

    page.goto(f"/safety/people/{world.child.pk}/family-tree/")
    expect(page.get_by_role("img", name=f"Family tree of {world.child.full_name}")).to_be_visible()
    check(axe_audit, page, "Family tree, with the genogram")
    axe_audit.assert_clean()


def test_record_summary_and_case_show_the_voice_and_network_panels(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    record_three_houses(world)
    build_family_and_network(world)
    page = new_page()
    sign_in(page, world.worker)

    page.goto(f"/people/{world.child.pk}/")
    expect(page.get_by_role("heading", name="Alkira's voice")).to_be_visible()
    expect(page.get_by_role("link", name="Alkira's family tree")).to_be_visible()
    check(axe_audit, page, "Child record summary, with the voice and network panels")

    page.goto(f"/cases/{world.case.pk}/")
    expect(page.get_by_role("link", name="See the safety network and picture")).to_be_visible()
    check(axe_audit, page, "Case, with the voice and network panels")
    axe_audit.assert_clean()


def test_voice_and_network_pages_reflow_at_320px(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    width = 320
    record = record_three_houses(world)
    record_seed_map(world, sign_off=False)
    members = build_family_and_network(world)
    page = new_page()
    sign_in(page, world.worker)
    page.set_viewport_size({"width": width, "height": 800})
    check_reflow(
        axe_audit,
        page,
        width,
        [
            (f"/voice/children/{world.child.pk}/", None),
            (f"/voice/children/{world.child.pk}/new/", None),
            (f"/voice/children/{world.child.pk}/new/", "Continue"),
            (f"/voice/children/{world.child.pk}/new/?tool=three-houses", None),
            (f"/voice/children/{world.child.pk}/new/?tool=three-houses", "Save"),
            (f"/voice/children/{world.child.pk}/new/?tool=safety-house", None),
            (f"/voice/records/{record.pk}/", None),
            (f"/voice/records/{record.pk}/change/", None),
            (f"/voice/records/{record.pk}/add-to-map/", None),
            (f"/voice/records/{record.pk}/add-to-map/", "Add to the map"),
            (f"/safety/cases/{world.case.pk}/network/", None),
            (f"/safety/cases/{world.case.pk}/network/add/", None),
            (f"/safety/cases/{world.case.pk}/network/add/", "Add to the network"),
            (f"/safety/members/{members[0].pk}/change/", None),
            (f"/safety/people/{world.child.pk}/family-tree/", None),
            (f"/people/{world.child.pk}/", None),
            (f"/cases/{world.case.pk}/", None),
        ],
    )

    # The pictures shrink to the screen rather than spilling out of it.
    for path in [f"/safety/cases/{world.case.pk}/network/", f"/safety/people/{world.child.pk}/family-tree/"]:
        page.goto(path)
        picture = page.locator("main svg[role=img]").first
        box = picture.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (path, box)
