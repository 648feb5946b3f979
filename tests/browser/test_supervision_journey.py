"""Case supervision in the browser, from the team manager's record to the worker's acknowledgement.

Dana opens the Cooper family's case from her caseload, records the case supervision she held with Sally in the
Signs of Safety structure (both children, the three columns, the scale with its anchors, a decision with its
reasons, an action for Sally), and signs it. Sally finds it waiting on her caseload, reads it, and records that she
disagrees, in her own words: kept beside the signed record, never merged into it. Each page is checked with
axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.supervision.models import Supervision, SupervisionStatus
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DISAGREEMENT = "Rose cannot collect the children on Fridays, so the plan is not yet tested on those days."


def fill_date(page, group: str, day: datetime.date) -> None:  # type: ignore[no-untyped-def]
    date = page.get_by_role("group", name=group)
    date.get_by_label("Day").fill(str(day.day))
    date.get_by_label("Month").fill(str(day.month))
    date.get_by_label("Year").fill(str(day.year))


def test_a_case_supervision_from_the_managers_record_to_the_workers_acknowledgement(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit
) -> None:
    today = datetime.date.today()
    manager = new_page()
    manager.goto("/")
    sign_in(manager, world.manager)
    manager.get_by_role("link", name="Team caseload").click()
    manager.get_by_role("link", name="Cooper family", exact=True).first.click()
    manager.get_by_role("link", name="Record case supervision").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Record case supervision")
    # Bad input first: a date in the future is refused in plain words, with what was typed kept.
    fill_date(manager, "Date of the supervision", today + datetime.timedelta(days=1))
    manager.get_by_label("What are we worried about?").fill("Eddy shouted at Merinda in front of the children.")
    manager.get_by_label("Supervisee").select_option(label=f"{world.worker}")
    manager.get_by_role("button", name="Save as a draft").click()
    expect(manager.locator(".govuk-error-summary")).to_contain_text("must be today or in the past")
    expect(manager.get_by_label("What are we worried about?")).to_have_value(
        "Eddy shouted at Merinda in front of the children."
    )
    check(axe_audit, manager, "Record case supervision (with errors)")
    fill_date(manager, "Date of the supervision", today - datetime.timedelta(days=2))
    manager.get_by_label("What's working well?").fill("Grandmother Rose collects the children every day.")
    manager.get_by_label("What needs to happen?").fill("A safety plan the children can explain.")
    manager.get_by_label("Scale (optional)").select_option("4")
    manager.get_by_label("What 0 means").fill("The children will be hurt if they stay at home")
    manager.get_by_label("What 10 means").fill("Everyone knows the children are safe enough to close")
    manager.get_by_label("Why this score?").fill("The network is new and not yet tested.")
    manager.get_by_label("Decisions", exact=True).fill("Continue under the child protection plan.")
    manager.get_by_label("Reasons for the decisions").fill("The danger statements are not answered yet.")
    manager.get_by_label("Action agreed (optional)").fill("Meet Rose to go through the plan")
    manager.get_by_label("Who will do it").select_option(label=f"{world.worker}")
    fill_date(manager, "Action due by", today + datetime.timedelta(days=7))
    check(axe_audit, manager, "Record case supervision")
    manager.get_by_role("button", name="Save as a draft").click()
    expect(manager.get_by_role("alert")).to_contain_text("saved as a draft")
    expect(manager.locator("#status")).to_have_text("Draft")
    expect(manager.locator("#recorded-later")).to_contain_text("Recorded 2 days later")
    check(axe_audit, manager, "Draft case supervision")
    manager.get_by_role("button", name="Sign the supervision").click()
    expect(manager.locator("#status")).to_have_text("Signed by the supervisor")
    expect(manager.get_by_role("link", name="Change the draft")).to_have_count(0)
    check(axe_audit, manager, "Signed case supervision")

    worker = new_page()
    worker.goto("/")
    sign_in(worker, world.worker)
    panel = worker.locator("#supervision-for-you")
    expect(panel).to_contain_text("1 record to acknowledge")
    expect(panel).to_contain_text("Meet Rose to go through the plan")
    check(axe_audit, worker, "Caseload with supervision")
    panel.get_by_role("link", name="Supervision:").click()
    check(axe_audit, worker, "Supervision")
    worker.get_by_role("link", name="Acknowledge: case supervision").click()
    expect(worker.get_by_role("heading", level=2, name="What are we worried about?")).to_be_visible()
    worker.get_by_role("link", name="Acknowledge or disagree").click()
    worker.get_by_role("radio", name="No, I disagree with it").check()
    worker.get_by_role("button", name="Send acknowledgement").click()
    expect(worker.locator(".govuk-error-summary")).to_contain_text("Say what you disagree with")
    check(axe_audit, worker, "Acknowledge (with errors)")
    worker.get_by_label("Your comment (optional if you agree)").fill(DISAGREEMENT)
    worker.get_by_role("button", name="Send acknowledgement").click()
    expect(worker.locator("#acknowledgement")).to_be_visible()
    expect(worker.locator(".govuk-inset-text").first).to_contain_text("disagrees with the record")
    expect(worker.get_by_text(DISAGREEMENT)).to_be_visible()
    check(axe_audit, worker, "Acknowledged case supervision")

    supervision = Supervision.objects.get()
    assert supervision.status == SupervisionStatus.ACKNOWLEDGED
    assert supervision.acknowledgement.comment == DISAGREEMENT and not supervision.acknowledgement.agrees
    assert DISAGREEMENT not in supervision.worries + supervision.decisions
    axe_audit.assert_clean()
