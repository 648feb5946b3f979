"""The good-practice library in the browser, from a nomination to a reader in another team.

Tom, the Child protection team's practice champion, opens the Cooper family's signed map and nominates it (a
missing reason first, refused in plain words with his typing kept). Sally, whose map it is, finds it waiting on her
caseload, reads the anonymised copy and agrees. Liam, the practice lead, finds it to check under Good practice,
changes the title and publishes it. Priya, a practitioner in the Early help team who cannot see the family, reads
it in the library, filtered to mapping, with no name of the family or of Sally on it. Each page is checked with
axe-core."""

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.library.models import Nomination, NominationStatus
from casemap.library.tests.examples import library_world
from tests.browser.seed_map import record_seed_map
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHY = "The danger statements are in words the parents agreed to, and every scale has its reason."
TITLE = "Mapping fights at home with both parents"


def test_a_map_from_nomination_to_a_reader_in_another_team(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit
) -> None:
    library_world(world)
    map_ = record_seed_map(world)

    champion = new_page()
    champion.goto("/")
    sign_in(champion, world.teammate)
    champion.goto(f"/maps/{map_.pk}/")
    champion.get_by_role("link", name="Nominate to the good-practice library").click()
    check(axe_audit, champion, "Nominate to the good-practice library")
    champion.get_by_role("radio", name="Mapping").check()
    champion.get_by_label("Tags (optional)").fill("domestic abuse")
    champion.get_by_role("button", name="Nominate it").click()
    expect(champion.locator(".govuk-error-summary")).to_contain_text("Enter why this is good practice")
    expect(champion.get_by_label("Tags (optional)")).to_have_value("domestic abuse")
    check(axe_audit, champion, "Nominate to the good-practice library (with errors)")
    champion.get_by_label("Why is this good practice?").fill(WHY)
    champion.get_by_role("button", name="Nominate it").click()
    expect(champion.get_by_role("alert")).to_contain_text("Nominated")
    expect(champion.locator("#status")).to_contain_text("Waiting for the worker's agreement")
    check(axe_audit, champion, "Nomination waiting for the worker")

    worker = new_page()
    worker.goto("/")
    sign_in(worker, world.worker)
    worker.get_by_role("link", name="Good-practice library: 1 nomination of your work waits for your agreement").click()
    worker.get_by_role("link", name="Signs of Safety map from a home visit").click()
    expect(worker.locator("#draft ~ h2", has_text="Danger statement 1")).to_be_visible()
    expect(worker.locator("main")).not_to_contain_text("Merinda")
    check(axe_audit, worker, "Nomination waiting for your agreement")
    worker.get_by_role("radio", name="Yes, I agree").check()
    worker.get_by_role("button", name="Send your answer").click()
    expect(worker.get_by_role("alert")).to_contain_text("you agreed")
    expect(worker.locator("#status")).to_contain_text("Waiting for a second person to check")

    checker = new_page()
    checker.goto("/")
    sign_in(checker, world.practice_lead)
    checker.get_by_role("navigation", name="Menu").get_by_role("link", name="Good practice").click()
    check(axe_audit, checker, "Good-practice library (before publishing)")
    checker.get_by_role("link", name="Nominations: 1 draft to check").click()
    check(axe_audit, checker, "Nominations")
    checker.get_by_role("link", name="Signs of Safety map from a home visit").click()
    checker.get_by_role("link", name="Change the words").click()
    check(axe_audit, checker, "Change the words")
    checker.get_by_label("Title").fill(TITLE)
    checker.get_by_role("button", name="Save the changes").click()
    expect(checker.get_by_role("alert")).to_contain_text("Your changes to the draft are saved")
    check(axe_audit, checker, "Nomination to check")
    checker.get_by_role("button", name="Publish it").click()
    expect(checker.get_by_role("alert")).to_contain_text("Published")
    expect(checker.get_by_role("heading", level=1)).to_have_text(TITLE)

    reader = new_page()
    reader.goto("/")
    sign_in(reader, world.other_worker)
    reader.get_by_role("navigation", name="Menu").get_by_role("link", name="Good practice").click()
    reader.get_by_label("Signs of Safety tool").select_option(label="Mapping")
    reader.get_by_role("button", name="Show examples").click()
    check(axe_audit, reader, "Good-practice library, mapping")
    reader.get_by_role("link", name=TITLE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(reader.locator("#why")).to_contain_text(WHY)
    main = reader.locator("main")
    for name in ("Merinda", "Alkira", "Darel", "Cooper", "Sally", "Morgan", world.case.family_name):
        expect(main).not_to_contain_text(name)
    check(axe_audit, reader, "A published example")

    nomination = Nomination.objects.get()
    assert nomination.status == NominationStatus.PUBLISHED and nomination.checked_by == world.practice_lead
    assert nomination.example.title == TITLE
    axe_audit.assert_clean()
