"""The other browser tests bypass the CSP to inject axe-core: here the browser enforces it, as a user's would."""

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from tests.browser.support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_and_their_scripts_work_under_the_strict_csp(world: World, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(enforce_csp=True)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    response = page.goto("/sign-in/")
    assert response is not None
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    sign_in(page, world.worker)

    page.goto(f"/cases/{world.case.pk}/notes/new/")
    # The nonced inline script and the GOV.UK Frontend module both ran.
    expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    page.get_by_role("button", name="Save case note").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()  # GOV.UK Frontend's error summary behaviour

    page.goto(f"/people/{world.child.pk}/timeline/")
    expect(page.get_by_role("heading", level=2, name="Timeline")).to_be_visible()
    assert not problems, "Console errors or CSP violations:\n" + "\n".join(problems)
