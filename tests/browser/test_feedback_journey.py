"""Family feedback in the browser, from the worker's card to the team acting on a child's answer.

Sally opens the Cooper family's case, asks Alkira for feedback and gets the card with its link and QR code.
Alkira opens the link on a phone 320 pixels wide, where nothing scrolls sideways, and answers with the faces,
saying she does not feel safe at home. Sally makes a card for Merinda, whose parents' survey is anonymous; she
opens it in a browser with JavaScript off, sends it empty first (refused in plain words), then answers. Tom, in
the same team, finds Alkira's answer on his caseload and records what was done; Dana reads the results. Each page
is checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.feedback.models import Question, Response, SafetyTask, Survey, SurveyVersion
from casemap.feedback.question_bank import install_default_surveys
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 320, "height": 640}


def make_card(page, world: World, survey_name: str, person_name: str) -> str:  # type: ignore[no-untyped-def]
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My caseload").click()
    page.get_by_role("link", name=world.case.family_name).first.click()
    page.get_by_role("link", name="The family's feedback").click()
    page.get_by_role("link", name="Ask for feedback").click()
    page.get_by_role("radio", name=re.compile(survey_name)).check()
    page.get_by_label("Who is it for?").select_option(label=person_name)
    page.get_by_role("button", name="Make the feedback card").click()
    expect(page.get_by_role("heading", name=f"The feedback card for {person_name}")).to_be_visible()
    return page.locator("#feedback-link").inner_text().strip()


def check_without_javascript(axe_audit: AxeAudit, page, new_page, base_url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """axe-core needs JavaScript, so it reads a copy of the page the browser without it was served, scripts
    removed, in a second page."""
    served = re.sub(r"<script\b.*?</script>", "", page.content(), flags=re.S)
    auditor = new_page()
    auditor.set_content(served.replace("<head>", f'<head><base href="{base_url}/">', 1))
    check(axe_audit, auditor, name)


def test_a_family_gives_feedback_and_the_team_acts_on_a_childs_answer(  # type: ignore[no-untyped-def]
    world: World, new_page, new_context, live_server, axe_audit: AxeAudit
) -> None:
    install_default_surveys(Survey, SurveyVersion, Question)  # migration data, gone after an earlier test's flush
    sally = new_page()
    sally.goto("/")
    sign_in(sally, world.worker)
    link = make_card(sally, world, "What children think", world.child.full_name)
    expect(sally.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    check(axe_audit, sally, "The feedback card")

    phone = new_context(viewport=PHONE, bypass_csp=True, has_touch=True, is_mobile=True).new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Tell us what you think")).to_be_visible()
    assert "/link/" not in phone.url, "the token has left the address"
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    expect(phone.get_by_text(world.case.family_name)).to_have_count(0)
    check(axe_audit, phone, "The children's survey at 320px")
    listened = phone.get_by_role("group", name="Did we listen to you?")
    listened.get_by_role("radio", name="Yes").check()
    phone.get_by_role("group", name="Do you feel safe at home now?").get_by_role("radio", name="No").check()
    phone.get_by_label("Is there anything else you want to tell us?").fill("Mum and dad shout at night")
    phone.get_by_role("button", name="Send my answers").click()
    expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(phone.get_by_text("asked the team who work with your family")).to_be_visible()
    check(axe_audit, phone, "Thank you, at 320px")

    sally.goto("/")
    link = make_card(sally, world, "What parents think", world.mother.full_name)
    parent = new_page(javascript=False)
    parent.goto(link)
    expect(parent.get_by_text("Your answers are anonymous")).to_be_visible()
    parent.get_by_role("button", name="Send my answers").click()
    expect(parent.locator(".govuk-error-summary")).to_contain_text("Answer at least one question")
    assert parent.evaluate("() => document.body.className") == "govuk-template__body", "no script ran"
    check_without_javascript(axe_audit, parent, new_page, live_server.url, "The parents' survey, no JavaScript")
    parent.get_by_role("group", name="I was treated with respect").get_by_role("radio", name="Partly").check()
    parent.get_by_role("group", name="How helpful was our work?").get_by_role("radio", name="7").check()
    parent.get_by_role("button", name="Send my answers").click()
    expect(parent.get_by_text("nobody has been told")).to_be_visible()

    tom = new_page()
    tom.goto("/")
    sign_in(tom, world.teammate)
    expect(tom.get_by_text("said in feedback that they may not feel safe")).to_be_visible()
    check(axe_audit, tom, "My caseload with a child's safety answer")
    tom.get_by_role("link", name=world.child.full_name).click()
    tom.get_by_label("What was done?").fill("I saw Alkira at school the same afternoon with her teacher.")
    tom.get_by_role("button", name="Mark as done").click()
    expect(tom.get_by_role("alert")).to_contain_text("Marked done")
    check(axe_audit, tom, "The family's feedback")

    dana = new_page()
    dana.goto("/")
    sign_in(dana, world.manager)
    dana.get_by_role("navigation", name="Menu").get_by_role("link", name="Feedback").click()
    dana.get_by_label("Survey").select_option(label="What parents think of our help")
    dana.get_by_role("button", name="Show results").click()
    expect(dana.get_by_text("Responses: c")).to_be_visible()
    check(axe_audit, dana, "Feedback results")

    named, anonymous = Response.objects.order_by("pk")
    assert named.person == world.child and anonymous.person is None and anonymous.case is None
    task = SafetyTask.objects.get()
    assert task.done_by == world.teammate
    axe_audit.assert_clean()
