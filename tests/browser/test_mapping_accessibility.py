"""axe-core (WCAG 2.0, 2.1 and 2.2 A and AA) on the Signs of Safety map pages, and reflow at 320px."""

import re

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.mapping.models import Map
from casemap.mapping.services import item_save, judgement_add, map_remap, map_sign_off
from tests.browser.seed_map import TODAY, ensure_variants, record_seed_map
from tests.browser.support import AxeAudit, check, sign_in
from tests.browser.test_accessibility import assert_error_links_reach_their_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_STRENGTH = "Merinda and Eddy went to Rose's house to calm down after an argument on Sunday"


def seed_remap(world: World) -> tuple[Map, Map]:
    """Map 1 signed off, and map 2 a draft re-map with a new strength and Merinda scaling again."""
    first = record_seed_map(world)
    second = map_remap(acting_user=world.worker, map_=first, held_on=TODAY, setting="meeting")
    item_save(
        acting_user=world.worker,
        map_=second,
        expected_version=None,
        category="existing_strength",
        text=NEW_STRENGTH,
        said_by="Rose",
    )
    judgement_add(
        acting_user=world.worker,
        map_=second,
        expected_version=None,
        rater_name="Merinda",
        rater_role="parent",
        score=7,
        reason="We sorted out Sunday's argument calmly",
    )
    return first, second


def open_every_details(page) -> None:  # type: ignore[no-untyped-def]
    closed = page.locator("details:not([open]) > summary")
    assert closed.count() > 0
    for _ in range(closed.count()):
        closed.first.click()
    expect(page.locator("details:not([open])")).to_have_count(0)


def test_map_pages_have_no_axe_violations(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    ensure_variants()
    page = new_page()
    sign_in(page, world.worker)

    page.goto(f"/maps/cases/{world.case.pk}/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a map")
    check(axe_audit, page, "Start a map")
    page.get_by_role("button", name="Start the map").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Start a map, with errors")
    assert_error_links_reach_their_fields(page)

    first, second = seed_remap(world)
    page.goto(f"/cases/{world.case.pk}/")
    expect(page.get_by_role("table", name="Maps").get_by_role("row")).to_have_count(3)
    check(axe_audit, page, "Case, with its maps")

    page.goto(f"/maps/{second.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Map 2 Draft")
    check(axe_audit, page, "Draft map, details closed")
    open_every_details(page)
    check(axe_audit, page, "Draft map, details open")
    page.locator("details", has_text="Add a score").get_by_role("button", name="Add the score").click()
    expect(page.locator("#scaling .govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Map 2"))
    check(axe_audit, page, "Draft map, score form with errors")
    assert_error_links_reach_their_fields(page)

    page.goto(f"/maps/{second.pk}/")
    page.locator("#harm").get_by_role("link", name="Change").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change what was recorded")
    check(axe_audit, page, "Change an item")
    page.get_by_label("What was said or seen").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Change an item, with errors")
    assert_error_links_reach_their_fields(page)

    page.goto(f"/maps/{second.pk}/pairs/new/")
    check(axe_audit, page, "Danger statement form")
    page.get_by_label("The statement, in words the family will understand").fill("Concerns re DV and neglect")
    page.get_by_label("The goal, in words the family will understand").fill("Parents will not argue.")
    expect(page.locator("#coach-hints")).to_contain_text("“DV” is jargon", timeout=5_000)
    check(axe_audit, page, "Danger statement form, with coach hints")
    # The statements may be in the family's words alone; with no statement and no answers to write it from, the
    # save is refused.
    page.get_by_label("The statement, in words the family will understand").fill("")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Danger statement form, with errors and hints")
    assert_error_links_reach_their_fields(page)

    page.goto(f"/maps/{second.pk}/print/")
    check(axe_audit, page, "Map printed for the family (draft)")

    map_sign_off(acting_user=world.manager, map_=second, expected_version=None)
    page.goto(f"/maps/{second.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Map 2 Signed off")
    check(axe_audit, page, "Signed-off map, with the re-map form")
    page.goto(f"/maps/{first.pk}/")
    check(axe_audit, page, "Superseded map")
    page.goto(f"/maps/{second.pk}/print/")
    check(axe_audit, page, "Map printed for the family (signed off)")

    page.goto(f"/maps/cases/{world.case.pk}/compare/")
    check(axe_audit, page, "Compare maps: choose")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map 1 and map 2 compared")
    check(axe_audit, page, "Compare maps")

    page.goto(f"/maps/cases/{world.case.pk}/trajectory/")
    expect(page.get_by_role("img", name="Overall scores by role over time")).to_be_visible()
    check(axe_audit, page, "Scores over time")
    axe_audit.assert_clean()


def test_manager_sees_the_sign_off_form_without_axe_violations(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    draft = record_seed_map(world, sign_off=False)
    page = new_page()
    sign_in(page, world.manager)
    page.goto(f"/maps/{draft.pk}/")
    check(axe_audit, page, "Draft map, as the manager")
    page.get_by_role("link", name="Sign off or return the map").click()
    expect(page.get_by_role("button", name="Sign off the map")).to_be_visible()
    check(axe_audit, page, "Sign off or return a map")
    page.get_by_role("button", name="Return it to the worker").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what needs to change")
    check(axe_audit, page, "Sign off or return a map, with errors")
    assert_error_links_reach_their_fields(page)
    axe_audit.assert_clean()


def test_map_pages_reflow_at_320px(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    width = 320
    first, draft = seed_remap(world)
    page = new_page()
    sign_in(page, world.worker)
    page.set_viewport_size({"width": width, "height": 800})
    too_wide = []
    for path, open_details in [
        (f"/maps/{draft.pk}/", False),
        (f"/maps/{draft.pk}/", True),
        (f"/maps/{draft.pk}/pairs/new/", False),
        (f"/maps/{first.pk}/", False),
        (f"/cases/{world.case.pk}/", False),
        (f"/maps/cases/{world.case.pk}/compare/?older={first.pk}&newer={draft.pk}", False),
        (f"/maps/cases/{world.case.pk}/trajectory/", False),
    ]:
        page.goto(path)
        if open_details:
            open_every_details(page)
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide.append(f"{path}{' (details open)' if open_details else ''}: {scroll_width}px wide")
        check(axe_audit, page, f"{path} at {width}px")
    assert not too_wide, f"Pages scroll sideways at {width}px (WCAG 1.4.10 Reflow):\n" + "\n".join(too_wide)
    axe_audit.assert_clean()

    # The three columns stack, one under the other, in reading order.
    page.goto(f"/maps/{draft.pk}/")
    columns = page.locator(".casemap-map-columns > div")
    boxes = [columns.nth(index).bounding_box() for index in range(3)]
    assert all(box is not None for box in boxes)
    assert [box["x"] for box in boxes] == [boxes[0]["x"]] * 3, boxes  # type: ignore[index]
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"], boxes  # type: ignore[index]
