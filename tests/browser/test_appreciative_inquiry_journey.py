"""An appreciative inquiry in the browser, from the worker's record to the supervisor's comments.

Sally opens Supervision from the menu, records an appreciative inquiry about the Cooper family (a missing answer
first, refused in plain words with her typing kept), and nominates it to the good-practice library with her
consent. Dana, her supervisor, finds it waiting on her supervision page and adds her comments beside Sally's
words. Each page is checked with axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.supervision.models import AppreciativeInquiry
from casemap.supervision.services.staff import supervision_profile_set
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WENT_WELL = "Alkira told me about her worries in her own words."


def test_an_appreciative_inquiry_from_the_workers_record_to_the_supervisors_comments(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit
) -> None:
    supervision_profile_set(
        acting_user=world.manager, staff=world.worker, supervisor=world.manager, line_manager=world.manager
    )
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    worker = new_page()
    worker.goto("/")
    sign_in(worker, world.worker)
    worker.get_by_role("navigation", name="Menu").get_by_role("link", name="Supervision").click()
    worker.get_by_role("link", name="Appreciative inquiries").click()
    check(axe_audit, worker, "Appreciative inquiries")
    worker.get_by_role("link", name="Record an appreciative inquiry").click()
    date = worker.get_by_role("group", name="Date of the conversation")
    date.get_by_label("Day").fill(str(yesterday.day))
    date.get_by_label("Month").fill(str(yesterday.month))
    date.get_by_label("Year").fill(str(yesterday.year))
    worker.get_by_label("Which family is it about? (optional)").select_option(label=world.case.family_name)
    worker.get_by_label("What went well, or made you proud?").fill(WENT_WELL)
    worker.get_by_role("button", name="Save the appreciative inquiry").click()
    expect(worker.locator(".govuk-error-summary")).to_contain_text("Enter how you made it happen")
    expect(worker.get_by_label("What went well, or made you proud?")).to_have_value(WENT_WELL)
    check(axe_audit, worker, "Record an appreciative inquiry (with errors)")
    worker.get_by_label("How did you make it happen?").fill("I used the Three Houses and let her draw first.")
    worker.get_by_label("What is the most important learning?").fill("Slow down; let her lead.")
    worker.get_by_role("radio", name="7").check()
    worker.get_by_label("What would move the score closer to 10? (optional)").fill("Doing it with Darel too.")
    worker.get_by_role("button", name="Save the appreciative inquiry").click()
    expect(worker.get_by_role("alert")).to_contain_text("Appreciative inquiry recorded")
    expect(worker.locator("#self-scale")).to_have_text("7 out of 10")
    check(axe_audit, worker, "Appreciative inquiry")
    worker.get_by_label("I agree to this being shared").check()
    worker.get_by_role("button", name="Nominate it").click()
    expect(worker.locator("#nominated")).to_contain_text("Nominated by")

    manager = new_page()
    manager.goto("/")
    sign_in(manager, world.manager)
    manager.get_by_role("navigation", name="Menu").get_by_role("link", name="Supervision").click()
    manager.get_by_role("link", name="Comment: 1 appreciative inquiry").click()
    manager.get_by_role("link", name=f"{world.worker}").click()
    expect(manager.get_by_text(WENT_WELL)).to_be_visible()
    manager.get_by_label("Your comments").fill("A lovely piece of direct work: share it at the team meeting.")
    manager.get_by_role("button", name="Save your comments").click()
    expect(manager.locator("#comments + .govuk-inset-text")).to_contain_text("A lovely piece of direct work")
    check(axe_audit, manager, "Appreciative inquiry with comments")

    inquiry = AppreciativeInquiry.objects.get()
    assert inquiry.went_well == WENT_WELL and inquiry.self_scale == 7 and inquiry.case == world.case
    assert inquiry.nominated_at is not None and inquiry.manager_commented_by == world.manager
    axe_audit.assert_clean()
