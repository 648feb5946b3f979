"""The seed family's safety plan, built in the browser with their network (Rose, Kerri and Pat) beside the danger
statements and goals of their signed map: rules with who makes sure and who checks, a warning sign, who to call, a
bottom line and a review date; signed off by the manager; printed and downloaded for the family. axe-core on every
plan page, and reflow at 320px."""

import datetime
import io

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.safety.models import PlanStatus, SafetyNetworkMember, SafetyPlan
from casemap.safety.services import network_member_add
from casemap.safety.services.plans import plan_new_version, plan_sign_off
from casemap.safety.tests.plan_data import draft_plan
from tests.browser.seed_map import DANGER_STATEMENTS, TODAY, record_seed_map
from tests.browser.support import AxeAudit, check, check_reflow, sign_in
from tests.browser.test_accessibility import assert_error_links_reach_their_fields

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


RULES = [
    ("When Merinda and Eddy start to argue, one of them goes for a walk to cool down.", "", "Merinda and Eddy", "Rose"),
    ("Kerri drives the children to school and back every weekday.", "Kerri", "", "Pat"),
]
WARNING_SIGN = "Voices get loud, or someone slams a door."
WHAT_TO_DO = "One parent goes for a walk. Darel takes his sisters to their room."
BOTTOM_LINE = "The children are never in the car with a parent who has just had a fight."


def seed_network(world: World) -> list[SafetyNetworkMember]:
    return [
        network_member_add(acting_user=world.worker, case=world.case, name="Rose", phone="01632 960101"),
        network_member_add(acting_user=world.worker, case=world.case, name="Kerri", phone="01632 960202"),
        network_member_add(acting_user=world.worker, case=world.case, name="Pat", address="14 Moor View, Northbridge"),
    ]


def open_details(page, summary: str) -> None:  # type: ignore[no-untyped-def]
    details = page.locator("details", has=page.get_by_text(summary, exact=True))
    if details.get_attribute("open") is None:
        page.get_by_text(summary, exact=True).click()


def test_a_safety_plan_built_signed_off_and_printed_for_the_seed_family(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit
) -> None:
    seed_network(world)
    record_seed_map(world)  # the signed map whose danger statements and goals the plan answers
    page = new_page()
    sign_in(page, world.worker)

    page.goto(f"/cases/{world.case.pk}/")
    page.get_by_role("link", name="See the safety plans and monitoring log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Safety plans")
    check(axe_audit, page, "Safety plans, none yet")

    page.get_by_role("link", name="Start a safety plan").click()
    page.get_by_role("button", name="Start the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the kind of safety plan")
    check(axe_audit, page, "Start a safety plan, with errors")
    assert_error_links_reach_their_fields(page)
    page.get_by_label("Family safety plan").check()
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Safety plan 1")
    expect(page.locator("#danger-pairs")).to_contain_text(DANGER_STATEMENTS[1])
    check(axe_audit, page, "Draft safety plan, empty")

    # A rule with nothing typed: the error is in plain words and links to the box.
    open_details(page, "Add a rule")
    page.get_by_role("button", name="Add the rule").click()
    expect(page.locator(".govuk-error-summary").first).to_contain_text("Enter the rule in the family's words")
    check(axe_audit, page, "Draft safety plan, a rule with errors")
    assert_error_links_reach_their_fields(page)

    # The coach answers as the worker types (htmx), and never stops the save.
    page.get_by_label("The rule, in the family's words").fill("Mum and dad stop the non-engagement.")
    expect(page.locator("#coach-rules")).to_contain_text("“non-engagement” is jargon")
    check(axe_audit, page, "Draft safety plan, the coach's hints while typing")

    # Who makes sure and who checks are ticked from the people on the record, or written in.
    for wording, member, name, checker in RULES:
        open_details(page, "Add a rule")
        page.get_by_label("The rule, in the family's words").fill(wording)
        if member:
            page.get_by_role("group", name="Who makes sure it happens").get_by_label(
                f"{member} (safety network)"
            ).check()
        else:
            page.get_by_label("Anyone else who makes sure it happens (optional)").fill(name)
        page.get_by_role("group", name="Who checks it is happening").get_by_label(f"{checker} (safety network)").check()
        page.get_by_role("button", name="Add the rule").click()
        expect(page.get_by_text(wording)).to_be_visible()
    expect(page.get_by_text("Makes sure it happens: Kerri. Checks: Pat.")).to_be_visible()

    open_details(page, "Add a trigger")
    page.get_by_label("Trigger or warning sign").fill(WARNING_SIGN)
    page.get_by_label("What everyone will do when they see it").fill(WHAT_TO_DO)
    page.get_by_role("button", name="Add the trigger").click()
    expect(page.get_by_text(WARNING_SIGN)).to_be_visible()

    open_details(page, "Add a person to call")
    page.get_by_label("Who to call").select_option(label="Rose (safety network)")
    page.get_by_label("When to call").fill("Any time the children are frightened.")
    page.get_by_role("button", name="Add the person to call").click()
    expect(page.locator("#contacts + ul")).to_contain_text("Rose, 01632 960101")

    open_details(page, "Add a bottom line")
    page.get_by_label("Bottom line", exact=True).fill(BOTTOM_LINE)
    page.get_by_role("button", name="Add the bottom line").click()
    expect(page.get_by_text(BOTTOM_LINE)).to_be_visible()

    expect(page.locator("#plan-problems")).to_contain_text("The plan has no review date")
    review_on = TODAY + datetime.timedelta(days=42)
    open_details(page, "Change the kind, review date and children's version")
    page.get_by_label("Day").fill(str(review_on.day))
    page.get_by_label("Month").fill(str(review_on.month))
    page.get_by_label("Year").fill(str(review_on.year))
    page.get_by_label("How the children have their own version of the plan (optional)").fill(
        "Darel, Alkira and Jirra each drew a Safety House with Sally."
    )
    page.get_by_role("button", name="Save the details").click()
    expect(page.locator("#details")).to_contain_text(f"{review_on:%-d %B %Y}")
    expect(page.locator("#plan-problems")).to_have_count(0)
    expect(page.get_by_text("Reading age of the plan: about")).to_be_visible()
    check(axe_audit, page, "Draft safety plan, filled in")

    page.get_by_role("link", name="Check the family's copy before sharing it").click()
    expect(page.locator("#reading-age")).to_contain_text("Reading age: about")
    check(axe_audit, page, "The family's copy, checked before sharing")

    # The manager in the team's line signs it off.
    plan = SafetyPlan.objects.get(case=world.case)
    manager = new_page()
    sign_in(manager, world.manager)
    manager.goto(f"/safety/plans/{plan.pk}/")
    manager.get_by_role("link", name="Sign off or return the safety plan").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Sign off or return safety plan 1")
    check(axe_audit, manager, "Sign off a safety plan")
    manager.get_by_role("button", name="Sign off the safety plan").click()
    expect(manager.locator(".govuk-notification-banner, .govuk-tag--green").first).to_be_visible()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("Signed off")
    check(axe_audit, manager, "Signed safety plan")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED_OFF and plan.signed_off_by == world.manager
    rules = plan.snapshot["rules"]
    assert [(r["responsible"], r["checker"]) for r in rules] == [("Merinda and Eddy", "Rose"), ("Kerri", "Pat")]

    # Printed and downloaded for the family.
    page.goto(f"/safety/plans/{plan.pk}/")
    page.get_by_role("link", name="Print the family's copy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our safety plan")
    expect(page.get_by_text(RULES[0][0])).to_be_visible()
    expect(page.locator("main")).to_contain_text(f"Signed off by {world.manager}")
    check(axe_audit, page, "The family's copy, printed")
    page.goto(f"/safety/plans/{plan.pk}/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the family's copy (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"safety-plan-{world.case.pk}-1-v{plan.version}.pdf"
    content = download.path().read_bytes()
    assert content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(content)).pages)
    assert RULES[1][0] in text and BOTTOM_LINE in text

    # The monitoring log carries on against the signed plan.
    open_details(page, "Add a monitoring entry")
    page.get_by_role("button", name="Add to the log").click()
    expect(page.locator(".govuk-error-summary").first).to_contain_text("Choose whether the plan was followed")
    check(axe_audit, page, "Signed safety plan, a monitoring entry with errors")
    assert_error_links_reach_their_fields(page)
    page.get_by_label("Day").fill(str(TODAY.day))
    page.get_by_label("Month").fill(str(TODAY.month))
    page.get_by_label("Year").fill(str(TODAY.year))
    page.get_by_label("Who told you how the plan is going").select_option(label="Rose (safety network)")
    page.get_by_label("Partly").check()
    page.get_by_label("What happened").fill("Eddy went for a walk, but the children heard the shouting first.")
    page.get_by_role("button", name="Add to the log").click()
    expect(page.get_by_role("table", name="Reports on the plan")).to_contain_text("Eddy went for a walk")

    page.get_by_role("link", name="Trajectory: the steps to closing the case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Trajectory")
    check(axe_audit, page, "Trajectory")
    axe_audit.assert_clean()


def test_safety_plan_pages_reflow_at_320px(world: World, new_page, axe_audit: AxeAudit) -> None:  # type: ignore[no-untyped-def]
    width = 320
    signed = plan_sign_off(acting_user=world.manager, plan=draft_plan(world), expected_version=None)
    draft = plan_new_version(acting_user=world.worker, plan=signed)
    page = new_page()
    sign_in(page, world.manager)
    page.set_viewport_size({"width": width, "height": 800})
    rule = draft.rules.first()
    assert rule is not None
    check_reflow(
        axe_audit,
        page,
        width,
        [
            (f"/safety/cases/{world.case.pk}/plans/", None),
            (f"/safety/cases/{world.case.pk}/plans/new/", None),
            (f"/safety/plans/{draft.pk}/", None),
            (f"/safety/plans/{draft.pk}/rules/{rule.pk}/", None),
            (f"/safety/plans/{draft.pk}/sign-off/", None),
            (f"/safety/plans/{draft.pk}/family-copy/", None),
            (f"/safety/plans/{draft.pk}/compare/", None),
            (f"/safety/plans/{signed.pk}/", None),
            (f"/safety/plans/{signed.pk}/print/", None),
            (f"/safety/cases/{world.case.pk}/trajectory/", None),
            (f"/safety/plans/{draft.pk}/rules/{rule.pk}/", "Save changes"),
        ],
        before_submit=lambda page: page.get_by_label("The rule, in the family's words").fill(""),
    )
