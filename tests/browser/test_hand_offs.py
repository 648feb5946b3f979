"""A hand-off in the browser: the worker asks for sign-off of her map; the manager signs in, goes from her landing
page to what waits for her, opens the map, signs it off with her reasons; the worker reads them on the map."""

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.handoffs.models import SignOffOutcome, SignOffRequest
from casemap.mapping.models import MapStatus
from tests.browser.seed_map import record_seed_map
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "I have added Darel's words to the danger statements."
REASONS = "The danger statements say who is worried and what could happen, in words Merinda and Eddy used."


def test_a_worker_asks_for_sign_off_and_reads_the_managers_reasons(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit
) -> None:
    map_ = record_seed_map(world, sign_off=False)

    worker = new_page()
    sign_in(worker, world.worker)
    worker.goto(f"/maps/{map_.pk}/")
    worker.get_by_label("Note to your manager (optional)").fill(NOTE)
    check(axe_audit, worker, "Draft map, with the worker's ask for sign-off")
    worker.get_by_role("button", name="Ask for sign-off").click()
    expect(worker.get_by_role("alert")).to_contain_text("Sign-off asked for")
    status = worker.locator("#sign-off")
    expect(status).to_contain_text(f"Sign-off asked for by {world.worker} on")
    expect(status).to_contain_text(NOTE)
    expect(worker.get_by_role("button", name="Ask for sign-off")).to_have_count(0)

    manager = new_page()
    sign_in(manager, world.manager)  # lands on My caseload
    expect(manager.get_by_role("heading", level=1)).to_have_text("My caseload")
    manager.get_by_role("link", name="1 thing waits for you").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Waiting for you")
    check(axe_audit, manager, "Waiting for you")
    waiting = manager.get_by_role("table", name="1 thing waits for you")
    expect(waiting).to_contain_text(NOTE)
    waiting.get_by_role("link", name="Sign-off of Signs of Safety map 1").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Map 1 Draft")
    manager.get_by_role("link", name="Sign off or return the map").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Sign off or return Signs of Safety map 1")
    expect(manager.locator("main")).to_contain_text(NOTE)
    manager.get_by_label("Your reasons").fill(REASONS)
    check(axe_audit, manager, "Sign off or return a map")
    manager.get_by_role("button", name="Sign off the map").click()
    expect(manager.get_by_role("alert")).to_contain_text("Signs of Safety map 1 signed off")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Map 1 Signed off")
    manager.get_by_role("link", name="My caseload").click()
    expect(manager.get_by_role("link", name="Nothing is waiting for you")).to_be_visible()

    worker.reload()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Map 1 Signed off")
    expect(worker.locator("#sign-off")).to_contain_text(f"Signed off by {world.manager} on")
    expect(worker.locator("#sign-off")).to_contain_text(REASONS)
    check(axe_audit, worker, "Signed-off map, with the manager's reasons")
    map_.refresh_from_db()
    assert map_.status == MapStatus.SIGNED_OFF
    decision = SignOffRequest.objects.get()
    assert (decision.outcome, decision.reasons, decision.requested_by) == (
        SignOffOutcome.SIGNED_OFF,
        REASONS,
        world.worker,
    )
    axe_audit.assert_clean()
