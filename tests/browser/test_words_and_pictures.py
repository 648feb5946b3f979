"""Words and Pictures in the browser: a worker builds a booklet of two pages, records a parent's view and that
a child was given it, and opens the print page; a page started from the map's words; axe-core (WCAG 2.0, 2.1 and
2.2 A and AA) on every booklet page, and reflow at 320px."""

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.words.models import BookletStatus, WordsAndPicturesBooklet
from casemap.words.services import booklet_create, page_add
from tests.browser.seed_map import record_seed_map
from tests.browser.support import AxeAudit, check, check_reflow, sign_in
from tests.browser.test_accessibility import assert_error_links_reach_their_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_PAGE = "Sally helps families. Sally is worried about Alkira and Darel."
SECOND_PAGE = "On Tuesday night a glass broke and Alkira cut her foot."


def test_a_worker_builds_agrees_gives_and_prints_a_booklet(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, world.worker)

    page.goto(f"/words/cases/{world.case.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Words and Pictures")
    check(axe_audit, page, "A case's booklets, none yet")
    page.get_by_role("link", name="Start a booklet").click()
    check(axe_audit, page, "Start a booklet")
    page.get_by_role("button", name="Start the booklet").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Start a booklet, with errors")
    assert_error_links_reach_their_fields(page)
    page.get_by_label("Title of the booklet").fill("Alkira and Darel's story")
    page.get_by_role("button", name="Start the booklet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alkira and Darel's story")
    check(axe_audit, page, "A booklet with no pages")

    page.get_by_role("link", name="Add a page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a page")
    check(axe_audit, page, "Add a page")
    page.get_by_label("Heading (optional)").fill("Who is worried?")
    page.get_by_role("button", name="Save the page").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Add a page, with errors")
    assert_error_links_reach_their_fields(page)
    expect(page.get_by_label("Heading (optional)")).to_have_value("Who is worried?")
    page.get_by_label("The words on the page").fill(FIRST_PAGE)
    page.get_by_role("button", name="Save the page").click()
    page.get_by_role("link", name="Add a page").click()
    page.get_by_label("The words on the page").fill(SECOND_PAGE)
    page.get_by_role("button", name="Save the page").click()
    expect(page.get_by_text("Reading age: about")).to_have_count(2)
    page.get_by_role("button", name="Move up page 2").click()
    expect(page.locator(".govuk-summary-card__title").first).to_have_text("Page 1")
    check(axe_audit, page, "A draft booklet with two pages")
    booklet = WordsAndPicturesBooklet.objects.get()
    assert [p.text for p in booklet.pages.all()] == [SECOND_PAGE, FIRST_PAGE]

    page.get_by_role("link", name="Record a parent's view").click()
    check(axe_audit, page, "Record a parent's view")
    page.get_by_label("Does not agree").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Record a parent's view, with errors")
    assert_error_links_reach_their_fields(page)
    page.get_by_label("Merinda Cooper").check()
    page.get_by_label("Agrees", exact=True).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("cell", name="Merinda Cooper")).to_be_visible()
    expect(page.get_by_role("link", name="Add a page")).to_have_count(0)

    page.get_by_role("link", name="Record that it was given to a child").click()
    check(axe_audit, page, "Record that the booklet was given")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Record that the booklet was given, with errors")
    assert_error_links_reach_their_fields(page)
    page.get_by_label("Alkira Cooper", exact=True).check()
    page.get_by_role("group", name="Which parent was there?").get_by_label("Merinda Cooper").check()
    expect(page.get_by_label("Who explained it to the child?")).to_have_value("you")  # the worker, offered first
    page.get_by_label("Yes").check()
    page.get_by_label("What the child said, asked or added (optional)").fill("Alkira drew her cat.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Alkira,")).to_be_visible()
    check(axe_audit, page, "A booklet agreed and given")
    booklet.refresh_from_db()
    assert booklet.status == BookletStatus.GIVEN

    page.get_by_role("link", name="All versions").click()
    check(axe_audit, page, "Versions of a booklet")
    page.goto(f"/words/children/{world.child.pk}/")
    expect(page.get_by_text("Last explained on")).to_be_visible()
    check(axe_audit, page, "A child's booklets")
    page.goto(f"/words/children/{world.sibling.pk}/")
    expect(page.get_by_text("has no explanation recorded")).to_be_visible()
    page.get_by_role("link", name="Record how the explanation was given").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check(axe_audit, page, "Record how the explanation was given, with errors")
    assert_error_links_reach_their_fields(page)

    page.goto(f"/words/{booklet.pk}/print/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alkira and Darel's story")
    expect(page.get_by_text(SECOND_PAGE)).to_be_visible()
    font_size = page.evaluate("() => getComputedStyle(document.querySelector('.booklet-text')).fontSize")
    assert float(font_size.rstrip("px")) >= 24  # 22pt on paper; the screen shows at least 24px
    check(axe_audit, page, "The booklet to print")
    axe_audit.assert_clean()


def test_booklet_pages_reflow_at_320px(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    width = 320
    booklet = booklet_create(acting_user=world.worker, case=world.case, children=[world.child], title="Alkira's story")
    for text in (FIRST_PAGE, SECOND_PAGE):
        page_add(acting_user=world.worker, booklet=booklet, expected_version=None, heading="", text=text)
    first = booklet.pages.first()
    page = new_page()
    sign_in(page, world.worker)
    page.set_viewport_size({"width": width, "height": 800})
    check_reflow(
        axe_audit,
        page,
        width,
        [
            (f"/words/cases/{world.case.pk}/", None),
            (f"/words/cases/{world.case.pk}/new/", None),
            (f"/words/{booklet.pk}/", None),
            (f"/words/{booklet.pk}/pages/{first.pk}/", None),
            (f"/words/{booklet.pk}/pages/new/", "Save the page"),
            (f"/words/{booklet.pk}/parents/new/", "Save"),
            (f"/words/{booklet.pk}/given/new/", "Save"),
            (f"/words/{booklet.pk}/versions/", None),
            (f"/words/{booklet.pk}/new-version/", None),
            (f"/words/children/{world.child.pk}/", None),
            (f"/words/children/{world.child.pk}/explanations/new/", "Save"),
            (f"/words/{booklet.pk}/print/", None),
        ],
    )


def test_a_page_starts_from_the_maps_words(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    record_seed_map(world)
    booklet = booklet_create(acting_user=world.worker, case=world.case, children=[world.child], title="Alkira's story")
    page = new_page()
    sign_in(page, world.worker)
    page.goto(f"/words/{booklet.pk}/pages/new/")
    expect(page.get_by_text("Start from the words on the map")).to_be_visible()
    check(axe_audit, page, "Add a page, offered the map's words")
    page.get_by_role("link", name="Start the page from danger statement 1").click()
    expect(page.get_by_label("Heading (optional)")).to_have_value("What are we worried about?")
    expect(page.get_by_label("The words on the page")).not_to_have_value("")
    expect(page.get_by_text("The words below come from map 1")).to_be_visible()
    check(axe_audit, page, "Add a page, started from a danger statement")
    page.get_by_label("The words on the page").fill(FIRST_PAGE)
    page.get_by_role("button", name="Save the page").click()
    expect(page.get_by_text(FIRST_PAGE)).to_be_visible()
    axe_audit.assert_clean()
