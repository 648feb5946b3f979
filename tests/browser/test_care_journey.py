"""A child comes into care and moves placement, in the browser, from the landing page.

The allocated worker opens the family's case, starts a period of care for Alkira (accommodated under section 20,
with foster carers), then records a move to a children's home when the carers ask for the placement to end, and
finds both episodes in the care history's table and timeline. Each page is checked with axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from casemap.cases.care_models import CareEpisode, CarePeriod
from casemap.conftest import World
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, group: str, day: datetime.date) -> None:  # type: ignore[no-untyped-def]
    date = page.get_by_role("group", name=group)
    date.get_by_label("Day").fill(str(day.day))
    date.get_by_label("Month").fill(str(day.month))
    date.get_by_label("Year").fill(str(day.year))


def test_a_worker_starts_a_period_of_care_and_records_a_placement_move(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit
) -> None:
    today = datetime.date.today()
    came_into_care = today - datetime.timedelta(days=20)
    moved = today - datetime.timedelta(days=3)

    worker = new_page()
    worker.goto("/")
    sign_in(worker, world.worker)
    worker.get_by_role("link", name="Cooper family", exact=True).first.click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Cooper family")
    expect(worker.get_by_role("heading", name="Care", exact=True)).to_be_visible()
    check(axe_audit, worker, "Case page before care")

    worker.get_by_role("link", name="Start a period of care").click()
    worker.get_by_role("button", name="Start the period of care").click()
    expect(worker.get_by_role("alert").first).to_contain_text("Choose the child")
    check(axe_audit, worker, "Start a period of care, with errors")
    worker.get_by_role("group", name="Which child?").get_by_role("radio", name="Alkira Cooper").check()
    fill_date(worker, "Date the child came into care", came_into_care)
    worker.get_by_role("radio", name="Family in acute stress").check()
    worker.get_by_label("Legal status").select_option("V2")
    worker.get_by_label("Type of placement").select_option("U6")
    worker.get_by_label("Who provides the placement (optional)").select_option("PR1")
    worker.get_by_label("Postcode of the placement (optional)").fill("ls6 2qt")
    worker.get_by_label("Postcode of the child's home before care (optional)").fill("LS1 4AP")
    check(axe_audit, worker, "Start a period of care")
    worker.get_by_role("button", name="Start the period of care").click()
    expect(worker.get_by_role("alert")).to_contain_text("Period of care started")
    period = CarePeriod.objects.get(child=world.child)
    assert period.episodes.get().placement_postcode == "LS6 2QT"

    worker.get_by_role("link", name="Record a change of placement or legal status").click()
    expect(worker.get_by_label("Type of placement")).to_have_value("U6")
    fill_date(worker, "Date of the change", moved)
    worker.get_by_role("radio", name="Change of placement and carers only").check()
    worker.get_by_label("Type of placement").select_option("K2")
    worker.get_by_label("Who provides the placement (optional)").select_option("PR4")
    worker.get_by_label("Ofsted unique reference number (optional)").fill("SC123456")
    worker.get_by_label("Postcode of the placement (optional)").fill("WF1 2DS")
    worker.get_by_label("Why did the placement change?").select_option("CREQB")
    check(axe_audit, worker, "Record a change of placement or legal status")
    worker.get_by_role("button", name="Save the change").click()
    expect(worker.get_by_role("alert")).to_contain_text("Change recorded")

    history = worker.locator("section", has=worker.get_by_role("heading", name="Care history of Alkira Cooper"))
    rows = history.get_by_role("table").first.get_by_role("row")
    expect(rows).to_have_count(3)  # the header and two episodes
    expect(rows.nth(1)).to_contain_text("Foster placement with another foster carer")
    expect(rows.nth(1)).to_contain_text("the carer asked for it to end because of the child's behaviour")
    expect(rows.nth(2)).to_contain_text("Children's home (K2)")
    expect(rows.nth(2)).to_contain_text("Now")
    expect(history.locator(".moj-timeline__title").first).to_have_text(
        "Change of placement and carers only: Accommodated under section 20 (single period of accommodation), "
        "Children's home"
    )
    check(axe_audit, worker, "Case page with the care history")
    first, second = CareEpisode.objects.filter(period=period).order_by("started_on")
    assert (first.ended_on, second.started_on) == (moved, moved)
    axe_audit.assert_clean()
