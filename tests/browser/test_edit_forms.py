"""Every form that changes an existing record, used as a worker uses it: the page is opened from its link, a visible
field is changed and the save button pressed; the change shows on the page, is in the database, and the record's
version is one up. The version always comes from the form as the page rendered it.

Then the stale save, for a person's details and a safety plan rule: two people open the same form, the second
saves first, and the first is told who changed the record, keeps what they typed, and saves it on a second press."""

import datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from casemap.cases.models import CaseNote
from casemap.conftest import World, add_note
from casemap.core.models import RecordedModel
from casemap.mapping.models import Map, MapItem
from casemap.people.models import Person
from casemap.safety.models import SafetyNetworkMember
from casemap.safety.tests.plan_data import RULE, draft_plan
from casemap.voice.models import ChildDrawing, ChildVoiceRecord
from casemap.voice.tests.drawings import drawn
from casemap.words.models import BookletPage
from casemap.words.services import booklet_create, page_add
from tests.browser.seed_map import HARM, TODAY, record_seed_map
from tests.browser.support import sign_in
from tests.browser.test_voice_and_network_accessibility import record_three_houses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STALE_MESSAGE = "changed this record"
NOT_SAVED = "Your changes have not been saved"


def version_of(record: RecordedModel) -> int:
    record.refresh_from_db()
    return record.version


def open_details(page: Any, summary: str) -> None:
    if page.locator("details", has=page.get_by_text(summary, exact=True)).get_attribute("open") is None:
        page.get_by_text(summary, exact=True).click()


def expect_saved(page: Any) -> None:
    """The save went through: no error summary on the page it landed on."""
    expect(page.locator(".govuk-error-summary")).to_have_count(0)


def test_each_form_that_changes_a_record_saves_from_its_page(world: World, new_page: Any) -> None:
    add_note(world, "Visited at home. Alkira showed me her room.")
    map_ = record_seed_map(world, sign_off=False)
    plan = draft_plan(world)
    member = SafetyNetworkMember.objects.get(case=world.case, name="Kerri")
    booklet = booklet_create(acting_user=world.worker, case=world.case, children=[world.child], title="Alkira's story")
    page_add(
        acting_user=world.worker,
        booklet=booklet,
        expected_version=None,
        heading="Who is worried?",
        text="Sally helps families. Sally is worried about Alkira.",
    )
    session = record_three_houses(world)
    drawing = drawn(world, session, title="My house of worries")
    page = new_page()
    sign_in(page, world.worker)

    # A person's details, from their record.
    mother = world.mother
    before = version_of(mother)
    page.goto(f"/people/{mother.pk}/")
    page.get_by_role("link", name=f"Change details of {mother.full_name}").click()
    page.get_by_label("Phone (optional)").fill("01632 960555")
    page.get_by_role("button", name="Save details").click()
    expect_saved(page)
    expect(page.get_by_text("01632 960555")).to_be_visible()
    assert Person.objects.get(pk=mother.pk).phone == "01632 960555"
    assert version_of(mother) == before + 1

    # A case note, from the case page: its author has the Change link.
    note = CaseNote.objects.get(case=world.case)
    before = version_of(note)
    page.goto(f"/cases/{world.case.pk}/")
    page.get_by_role("link", name=f"Change note of {note.occurred_on:%-d %B %Y}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change case note")
    page.get_by_label("Note", exact=True).fill("Visited at home. Alkira showed me her room and her cat Biscuit.")
    page.get_by_role("button", name="Save case note").click()
    expect_saved(page)
    expect(page.get_by_text("her cat Biscuit")).to_be_visible()
    assert "her cat Biscuit" in CaseNote.objects.get(pk=note.pk).text
    assert version_of(note) == before + 1

    # The map's details: where and when.
    before = version_of(map_)
    page.goto(f"/maps/{map_.pk}/")
    open_details(page, "Change where, when and who the map is about")
    held_on = TODAY - datetime.timedelta(days=3)
    details = page.locator("form", has=page.get_by_role("button", name="Save the details"))
    details.get_by_label("Day").fill(str(held_on.day))
    details.get_by_label("Month").fill(str(held_on.month))
    details.get_by_label("Year").fill(str(held_on.year))
    page.get_by_role("button", name="Save the details").click()
    expect_saved(page)
    expect(page.get_by_text(f"{held_on:%-d %B %Y}")).to_be_visible()
    assert Map.objects.get(pk=map_.pk).held_on == held_on
    assert version_of(map_) == before + 1

    # One item on the map.
    item = MapItem.objects.get(map=map_, text=HARM)
    before = version_of(map_)
    page.get_by_role("link", name="Change “Alkira cut her foot badly on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change what was recorded")
    page.get_by_label("What was said or seen").fill(HARM + ", and needed three stitches")
    page.get_by_role("button", name="Save", exact=True).click()
    expect_saved(page)
    expect(page.get_by_text("needed three stitches")).to_be_visible()
    assert MapItem.objects.get(pk=item.pk).text.endswith("needed three stitches")
    assert version_of(map_) == before + 1

    # A danger statement and its safety goal.
    before = version_of(map_)
    page.get_by_role("link", name="Change danger statement 2").click()
    page.get_by_label("The goal, in words the family will understand").fill(
        "Merinda and Eddy will use calm words and time out. Sally will see this for 6 months."
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect_saved(page)
    expect(page.locator("#safety_goals")).to_contain_text("use calm words and time out. Sally will see")
    assert version_of(map_) == before + 1

    # The safety plan's details, then one of its rules.
    before = version_of(plan)
    page.goto(f"/safety/plans/{plan.pk}/")
    open_details(page, "Change the kind, review date and children's version")
    page.get_by_label("How the children have their own version of the plan (optional)").fill(
        "Darel and Alkira drew a Safety House with Sally."
    )
    page.get_by_role("button", name="Save the details").click()
    expect_saved(page)
    expect(page.locator("#details")).to_contain_text("Darel and Alkira drew a Safety House with Sally.")
    assert version_of(plan) == before + 1
    assert plan.childrens_version == "Darel and Alkira drew a Safety House with Sally."

    before = version_of(plan)
    page.get_by_role("link", name="Change rule 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change a rule")
    page.get_by_label("The rule, in the family's words").fill(RULE + " They come back when they are calm.")
    page.get_by_role("button", name="Save changes").click()
    expect_saved(page)
    expect(page.get_by_text("They come back when they are calm.")).to_be_visible()
    assert plan.rules.get().wording.endswith("They come back when they are calm.")
    assert version_of(plan) == before + 1

    # A safety network member.
    before = version_of(member)
    page.goto(f"/safety/cases/{world.case.pk}/network/")
    page.get_by_role("link", name="Change Kerri").click()
    page.get_by_label("Phone (optional)").fill("01632 960999")
    page.get_by_role("button", name="Save changes").click()
    expect_saved(page)
    expect(page.get_by_text("01632 960999")).to_be_visible()
    assert version_of(member) == before + 1
    assert member.phone == "01632 960999"

    # A Words and Pictures page.
    booklet_page = BookletPage.objects.get(booklet=booklet)
    before = version_of(booklet)
    page.goto(f"/words/{booklet.pk}/")
    page.get_by_role("link", name="Change page 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the page")
    page.get_by_label("The words on the page").fill("Sally helps families. Sally is worried about Alkira and Darel.")
    page.get_by_role("button", name="Save the page").click()
    expect_saved(page)
    expect(page.get_by_text("worried about Alkira and Darel.")).to_be_visible()
    assert BookletPage.objects.get(pk=booklet_page.pk).text.endswith("Alkira and Darel.")
    assert version_of(booklet) == before + 1

    # A Three Houses session, then what is said about one of its drawings.
    before = version_of(session)
    page.goto(f"/voice/records/{session.pk}/")
    page.get_by_role("link", name="Change", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change the session")
    page.get_by_label("Anyone else who was there (optional)").fill("Rose and Pat from school")
    page.get_by_role("button", name="Save", exact=True).click()
    expect_saved(page)
    expect(page.get_by_role("definition").filter(has_text="Pat from school")).to_be_visible()
    assert "Pat from school" in ChildVoiceRecord.objects.get(pk=session.pk).present
    assert version_of(session) == before + 1

    before = version_of(drawing)
    page.goto(f"/voice/records/{session.pk}/")
    page.get_by_role("link", name="Change what is said about My house of worries").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change what is said about the drawing")
    page.get_by_label("What is the drawing of?").fill("My house of worries, with the door shut")
    page.get_by_role("button", name="Save", exact=True).click()
    expect_saved(page)
    expect(page.locator("figcaption strong")).to_have_text("My house of worries, with the door shut")
    assert ChildDrawing.objects.get(pk=drawing.pk).title == "My house of worries, with the door shut"
    assert version_of(drawing) == before + 1


def save_stale_then_again(
    first: Any, second: Any, *, label: str, save: str, second_typing: str, first_typing: str
) -> None:
    """Both pages have the form open; the second saves, then the first: refused with the typing kept; then saved."""
    second.get_by_label(label, exact=True).fill(second_typing)
    second.get_by_role("button", name=save).click()
    expect(second.locator(".govuk-error-summary")).to_have_count(0)
    first.get_by_label(label, exact=True).fill(first_typing)
    first.get_by_role("button", name=save).click()
    summary = first.locator(".govuk-error-summary")
    expect(summary).to_contain_text(STALE_MESSAGE)
    expect(summary).to_contain_text(NOT_SAVED)
    expect(first.get_by_label(label, exact=True)).to_have_value(first_typing)
    first.get_by_role("button", name=save).click()
    expect(first.locator(".govuk-error-summary")).to_have_count(0)


def test_a_stale_save_is_refused_with_the_typing_kept_and_saves_the_second_time(world: World, new_page: Any) -> None:
    plan = draft_plan(world)
    add_note(world)
    worker, teammate = new_page(), new_page()
    sign_in(worker, world.worker)
    sign_in(teammate, world.teammate)

    # Only the author of a case note is offered its Change link.
    teammate.goto(f"/cases/{world.case.pk}/")
    expect(teammate.get_by_role("heading", name="Case notes and visits")).to_be_visible()
    expect(teammate.get_by_role("link", name="Change note of", exact=False)).to_have_count(0)

    # A person's details.
    mother = world.mother
    before = version_of(mother)
    for page in (worker, teammate):
        page.goto(f"/people/{mother.pk}/")
        page.get_by_role("link", name=f"Change details of {mother.full_name}").click()

    save_stale_then_again(
        worker,
        teammate,
        label="Phone (optional)",
        save="Save details",
        second_typing="01632 960111",
        first_typing="01632 960222",
    )
    expect(worker.get_by_text("01632 960222")).to_be_visible()
    assert Person.objects.get(pk=mother.pk).phone == "01632 960222"
    assert version_of(mother) == before + 2

    # A safety plan rule.
    before = version_of(plan)
    for page in (worker, teammate):
        page.goto(f"/safety/plans/{plan.pk}/")
        page.get_by_role("link", name="Change rule 1").click()

    save_stale_then_again(
        worker,
        teammate,
        label="The rule, in the family's words",
        save="Save changes",
        second_typing=RULE + " Rose is told.",
        first_typing=RULE + " They come back when they are calm.",
    )
    expect(worker.get_by_text("They come back when they are calm.")).to_be_visible()
    assert plan.rules.get().wording.endswith("They come back when they are calm.")
    assert version_of(plan) == before + 2
