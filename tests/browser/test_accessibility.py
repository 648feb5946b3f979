"""axe-core (WCAG 2.0, 2.1 and 2.2 A and AA rules) on every main page, in a real signed-in browser."""

import pytest
from playwright.sync_api import expect

from casemap.conftest import World, add_note
from tests.browser.support import AxeAudit, enter_code, give_authenticator, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BROKEN_ERROR_LINKS = """() => [...document.querySelectorAll('.govuk-error-summary__list a')]
  .filter(link => {
    const id = decodeURIComponent(link.hash.slice(1));
    return !id || !document.getElementById(id);
  })
  .map(link => `${link.textContent.trim()} -> ${link.getAttribute('href')}`)"""


def assert_error_links_reach_their_fields(page) -> None:  # type: ignore[no-untyped-def]
    """Each link in the error summary must lead to the field (for radios and checkboxes, the first option)."""
    assert page.locator(".govuk-error-summary__list a").count() > 0
    broken = page.evaluate(BROKEN_ERROR_LINKS)
    assert not broken, f"Error summary links that go nowhere on {page.url}: {broken}"


def test_worker_pages_have_no_axe_violations(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    add_note(world)  # so the case page has a note card and the timeline a note
    device = give_authenticator(world.worker)
    page = new_page()

    page.goto("/sign-in/")
    axe_audit.check(page, "Sign in")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_audit.check(page, "Sign in, with errors")
    assert_error_links_reach_their_fields(page)

    page.get_by_label("Username").fill(world.worker.username)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/**")
    axe_audit.check(page, "Two-factor code")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_audit.check(page, "Two-factor code, with errors")
    enter_code(page, device)
    page.wait_for_url("**/cases/")

    axe_audit.check(page, "My caseload")
    child = world.child.pk
    for section, heading in [
        ("summary", "Details"),
        ("family", None),
        ("episodes", None),
        ("timeline", "Timeline"),
    ]:
        page.goto(f"/people/{child}/{section}/")
        if heading:
            expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
        axe_audit.check(page, f"Child record: {section}")

    page.goto(f"/cases/{world.case.pk}/")
    axe_audit.check(page, "Case")
    page.get_by_role("link", name="Add a case note").click()
    axe_audit.check(page, "Add a case note")
    page.get_by_role("button", name="Save case note").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_audit.check(page, "Add a case note, with errors")
    assert_error_links_reach_their_fields(page)
    page.locator(".govuk-error-summary__list a", has_text="Choose the type of note").click()
    expect(page.get_by_role("radio", name="Home visit")).to_be_focused()
    page.locator(".govuk-error-summary__list a", has_text="Enter the date it happened").click()
    expect(page.get_by_role("group", name="Date").get_by_label("Day")).to_be_focused()

    page.goto("/people/search/")
    page.get_by_label("Name").fill("Cooper")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", level=2, name="3 people found")).to_be_visible()
    axe_audit.check(page, "Find a person, with results")

    page.goto("/cases/referrals/new/")
    axe_audit.check(page, "New referral")
    page.get_by_role("button", name="Record the referral").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    axe_audit.check(page, "New referral, with errors")
    assert_error_links_reach_their_fields(page)

    page.goto(f"/people/{child}/no-such-section/")
    axe_audit.check(page, "Page not found")

    axe_audit.assert_clean()


def test_manager_pages_have_no_axe_violations(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, world.manager)
    page.goto("/cases/team/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Team caseload")
    axe_audit.check(page, "Team caseload")
    page.goto(f"/cases/{world.case.pk}/")
    axe_audit.check(page, "Case, as the manager (allocation and closure forms)")
    axe_audit.assert_clean()


def test_two_factor_set_up_page_has_no_axe_violations(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(world.teammate.username)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/two-factor/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    axe_audit.check(page, "Two-factor set-up")
    axe_audit.assert_clean()
