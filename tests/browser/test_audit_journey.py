"""A practice audit in the browser, from a drawn sample to a moderated audit with its action done.

Liam, a practice lead, sets up a sampling programme from the Audit page, draws a sample with a recorded seed and
allocates the Cooper family's case to Mo, an auditor from outside the team. Mo starts the audit from the Audit page,
sees the record's practice facts beside the criteria, is refused in plain words when his learning names the worker,
scores the work as inadequate, gives Sally an action and completes the audit, which is therefore moderated. Liam
chooses Pat as the moderator; Pat's grades are kept beside Mo's. Sally finds the action on My caseload and marks it
done. Each page is checked with axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from casemap.accounts.models import Role
from casemap.conftest import UserFactory, World
from casemap.quality.default_tools import install_default_tools
from casemap.quality.models import (
    Audit,
    AuditAction,
    AuditCriterion,
    AuditTool,
    AuditToolVersion,
    Moderation,
    SampleDraw,
)
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CRITERIA = [
    "The child's voice",
    "The map: worries, what is working well, what needs to happen",
    "Danger statements and safety goals",
    "Scaling",
    "The safety network",
    "The safety plan",
    "A timely journey",
    "Recording and management oversight",
]


def _menu_audit(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit").click()


def _score_every_criterion(page, score: str, label: str) -> None:  # type: ignore[no-untyped-def]
    for title in CRITERIA:
        page.get_by_role("group", name=f"{label} {title}").get_by_label(score, exact=True).check()


def test_a_drawn_sample_to_a_moderated_audit_with_an_action_done(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit
) -> None:
    # A browser test's database is emptied between tests, the tools a migration installs with it.
    install_default_tools(AuditTool, AuditToolVersion, AuditCriterion)
    auditor = UserFactory(username="mo", first_name="Mo", last_name="Khan", role=Role.PRACTICE_LEAD)
    moderator = UserFactory(username="pat", first_name="Pat", last_name="Owens", role=Role.PRACTICE_LEAD)
    lead = new_page()
    lead.goto("/")
    sign_in(lead, world.practice_lead)
    _menu_audit(lead)
    check(axe_audit, lead, "Practice audit")
    lead.get_by_role("link", name="Set up a sampling programme").click()
    lead.get_by_label("Name of the programme").fill("Monthly peer audit")
    lead.get_by_label("Audit tool").select_option(label="Signs of Safety case audit")
    lead.get_by_label("Number of cases").fill("1")
    lead.get_by_role("checkbox", name="Mo Khan").check()
    lead.get_by_role("button", name="Save the programme").click()
    check(axe_audit, lead, "Sampling programme")
    lead.get_by_label("Seed (optional)").fill("20261130")
    lead.get_by_role("button", name="Draw the sample").click()
    expect(lead.get_by_role("cell", name=world.case.reference, exact=True)).to_be_visible()
    check(axe_audit, lead, "The drawn sample")
    assert SampleDraw.objects.get().seed == 20261130
    lead.get_by_role("link", name=f"Allocate {world.case.reference}").click()
    lead.get_by_role("radio", name="Mo Khan").check()
    lead.get_by_role("button", name="Allocate the case").click()

    mo = new_page()
    mo.goto("/")
    sign_in(mo, auditor)
    _menu_audit(mo)
    mo.get_by_role("button", name=f"Start the audit of case {world.case.reference}").click()
    expect(mo.get_by_role("heading", name="What the record already shows")).to_be_visible()
    check(axe_audit, mo, "The audit form")
    _score_every_criterion(mo, "2", "Your score for")
    mo.get_by_role("group", name="Overall judgement").get_by_label("2", exact=True).check()
    mo.get_by_label("Learning for the service").fill("Sally should map with the family early.")
    mo.get_by_role("button", name="Save the audit").click()
    expect(mo.locator(".govuk-error-summary")).to_contain_text("never names a worker: take out Sally")
    check(axe_audit, mo, "The audit form (with errors)")
    mo.get_by_label("Learning for the service").fill("A map early in the work shows what the family does well.")
    mo.get_by_role("button", name="Save the audit").click()
    expect(mo.get_by_role("alert")).to_contain_text("Audit saved")
    mo.get_by_role("link", name="Add an action").click()
    mo.get_by_label("What needs to happen?").fill("Map with the family and their network")
    mo.get_by_label("Who will do it?").select_option(label="Sally Worker")
    due = datetime.date.today() + datetime.timedelta(days=14)
    group = mo.get_by_role("group", name="By when?")
    group.get_by_label("Day").fill(str(due.day))
    group.get_by_label("Month").fill(str(due.month))
    group.get_by_label("Year").fill(str(due.year))
    mo.get_by_role("button", name="Add the action").click()
    mo.get_by_role("button", name="Complete the audit").click()
    expect(mo.get_by_role("alert")).to_contain_text("chosen for moderation")
    check(axe_audit, mo, "The completed audit")

    _menu_audit(lead)
    lead.get_by_role("link", name=f"Choose a moderator for the audit of case {world.case.reference}").click()
    lead.get_by_label("Who will moderate this audit?").select_option(label="Pat Owens")
    lead.get_by_role("button", name="Choose the moderator").click()

    pat = new_page()
    pat.goto("/")
    sign_in(pat, moderator)
    _menu_audit(pat)
    pat.get_by_role("link", name=f"Moderate the audit of {world.case.family_name}").click()
    check(axe_audit, pat, "Moderation")
    _score_every_criterion(pat, "3", "Your score for")
    pat.get_by_role("group", name="Your overall judgement").get_by_label("3", exact=True).check()
    pat.get_by_role("button", name="Record the moderation").click()
    expect(pat.get_by_role("alert")).to_contain_text("Moderation recorded beside the auditor's grades")
    check(axe_audit, pat, "The moderated audit")

    sally = new_page()
    sally.goto("/")
    sign_in(sally, world.worker)
    sally.get_by_role("navigation", name="Menu").get_by_role("link", name="My caseload").click()
    check(axe_audit, sally, "My caseload with an audit action")
    actions = sally.locator("#audit-actions-for-you")
    expect(actions).to_contain_text("Map with the family and their network")
    actions.get_by_role("link", name="mark as done").click()
    sally.get_by_label("What was done? (optional)").fill("Mapped with Merinda, Eddy and Rose.")
    sally.get_by_role("button", name="Mark as done").click()
    expect(sally.get_by_role("alert")).to_contain_text("Action marked as done")

    # Liam reads what the audits found, then the practice across each team's open cases: tables written in Python,
    # and the practice counted when first asked for today, as the page says.
    _menu_audit(lead)
    lead.get_by_role("link", name="Results by criterion, team and quarter").click()
    expect(lead.get_by_role("table", name="Scores by criterion")).to_be_visible()
    check(axe_audit, lead, "Audit results")
    lead.get_by_role("link", name="Signs of Safety practice across each team's open cases").click()
    expect(lead.locator("#counted-at")).to_contain_text("Counted at")
    expect(lead.get_by_role("table", name="Map: children on open cases by team")).to_contain_text(world.team.name)
    check(axe_audit, lead, "Practice by team")

    audit = Audit.objects.get()
    assert audit.auditor == auditor and audit.is_completed and audit.sampled_case is not None
    assert set(audit.scores.values_list("score", flat=True)) == {2}
    moderation = Moderation.objects.get(audit=audit)
    assert moderation.moderator == moderator and set(moderation.scores.values_list("score", flat=True)) == {3}
    assert AuditAction.objects.get().done_at is not None
    axe_audit.assert_clean()
