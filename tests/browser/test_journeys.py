"""End-to-end journeys in a real browser, signed in with a password and a TOTP code."""

import base64
import datetime
import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from casemap.conftest import World
from tests.browser.support import enter_code, enter_password, give_authenticator, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE_TEXT = "Visited after school. Alkira showed me the garden and said she feels safe with her mum."


def fill_case_note(page, *, text: str = NOTE_TEXT) -> None:  # type: ignore[no-untyped-def]
    today = datetime.date.today()
    page.get_by_role("radio", name="Home visit").check()
    date = page.get_by_role("group", name="Date")
    date.get_by_label("Day").fill(str(today.day))
    date.get_by_label("Month").fill(str(today.month))
    date.get_by_label("Year").fill(str(today.year))
    page.get_by_role("group", name="Which children is this about?").get_by_role(
        "checkbox", name="Alkira Cooper"
    ).check()
    page.get_by_role("checkbox", name="The child was seen", exact=True).check()
    page.get_by_role("group", name="Who was there (optional)").get_by_role("checkbox", name="Merinda Cooper").check()
    page.get_by_label("Anyone else who was there (optional)").fill("Alkira's aunt")
    page.get_by_label("Note", exact=True).fill(text)


def test_worker_adds_a_case_note_and_sees_it_on_the_childs_timeline(world: World, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, world.worker)

    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    caseload = page.locator("#caseload")
    expect(caseload.get_by_role("link", name="Cooper family")).to_be_visible()

    caseload.get_by_role("link", name="Alkira Cooper").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alkira Cooper")
    expect(
        page.get_by_role("navigation", name="Record sections").get_by_role("link", name="Summary")
    ).to_have_attribute("aria-current", "page")

    page.get_by_role("link", name="Cooper family case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cooper family")
    page.get_by_role("link", name="Add a case note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a case note")

    fill_case_note(page)
    page.get_by_role("button", name="Save case note").click()

    expect(page).to_have_url(re.compile(rf"/cases/{world.case.pk}/$"))
    expect(page.get_by_role("alert")).to_contain_text("Case note saved")
    expect(page.get_by_text(NOTE_TEXT)).to_be_visible()

    page.get_by_role("link", name="Alkira Cooper").click()
    page.get_by_role("navigation", name="Record sections").get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", level=2, name="Timeline")).to_be_visible()
    first = page.locator(".moj-timeline__item").first
    expect(first.get_by_role("heading", level=3)).to_contain_text("Home visit")
    expect(first).to_contain_text(NOTE_TEXT)
    expect(first).to_contain_text(f"by {world.worker.get_full_name()}")


def test_case_note_can_be_added_without_javascript(world: World, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(javascript=False)
    sign_in(page, world.worker)
    page.goto(f"/cases/{world.case.pk}/notes/new/")

    page.get_by_role("button", name="Save case note").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the type of note")
    expect(summary).to_contain_text("Enter the note")

    fill_case_note(page, text="Phone call with school, recorded without JavaScript.")
    page.get_by_role("button", name="Save case note").click()
    expect(page).to_have_url(re.compile(rf"/cases/{world.case.pk}/$"))
    expect(page.get_by_text("Phone call with school, recorded without JavaScript.")).to_be_visible()

    page.goto(f"/people/{world.child.pk}/timeline/")
    expect(page.locator(".moj-timeline__item").first).to_contain_text("recorded without JavaScript")


def test_first_sign_in_sets_up_two_factor(world: World, new_page) -> None:  # type: ignore[no-untyped-def]
    user = world.teammate
    assert not TOTPDevice.objects.filter(user=user).exists()
    page = new_page()
    enter_password(page, user)

    page.wait_for_url("**/two-factor/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_role("img", name="QR code to add Casemap to your authenticator app")).to_be_visible()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    expect(page.locator("code")).to_have_text(base64.b32encode(device.bin_key).decode())

    # A wrong but well-formed code would start django-otp's throttling; a malformed one is refused by the form.
    page.get_by_label("Security code").fill("12345")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("alert")).to_contain_text("The security code must be 6 digits")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")

    enter_code(page, device)
    page.wait_for_url("**/cases/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    device.refresh_from_db()
    assert device.confirmed


def test_signed_in_user_cannot_get_past_two_factor_without_a_code(world: World, new_page) -> None:  # type: ignore[no-untyped-def]
    give_authenticator(world.worker)
    page = new_page()
    enter_password(page, world.worker)
    page.wait_for_url("**/two-factor/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    page.goto(f"/people/{world.child.pk}/")
    expect(page).to_have_url(re.compile(r"/two-factor/\?next="))


def test_worker_in_another_team_gets_page_not_found_for_the_child(world: World, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, world.other_worker)
    response = page.goto(f"/people/{world.child.pk}/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text("Alkira")
    for section in ("family", "timeline"):
        response = page.goto(f"/people/{world.child.pk}/{section}/")
        assert response is not None and response.status == 404
    response = page.goto(f"/cases/{world.case.pk}/")
    assert response is not None and response.status == 404
