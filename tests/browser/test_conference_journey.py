"""A child protection conference in the browser, from the strategy discussion to the minutes sent.

The worker records the strategy discussion from the case page, arranges the initial conference with its chair,
invites the family and the agencies already on the record, and records who came. The chair finds the conference in
her list, records it in the Signs of Safety structure (the conference map, the child's view, a score given in
private and revealed), records it as held and signs a plan for each child. The worker drafts the decision letter
and prepares Merinda's copy; her manager, the second person, checks and releases it. Each page is checked with
axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from casemap.cases.models import ChildProtectionPlan, Section47Enquiry
from casemap.cases.services import case_professional_add
from casemap.conftest import World
from casemap.meetings.models import Distribution, Meeting, MeetingStatus
from tests.browser.seed_map import ensure_variants
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASONS = "Alkira told her teacher her dad hit her mum on Tuesday night, and she cut her foot on broken glass."
CHILDS_VIEW = "Alkira drew her house of worries with broken glass in it. Darel wants the shouting to stop."


def last_weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


def fill_date(page, group: str, day: datetime.date) -> None:  # type: ignore[no-untyped-def]
    date = page.get_by_role("group", name=group)
    date.get_by_label("Day").fill(str(day.day))
    date.get_by_label("Month").fill(str(day.month))
    date.get_by_label("Year").fill(str(day.year))


def test_a_conference_from_the_strategy_discussion_to_the_decision_letter_sent(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit
) -> None:
    ensure_variants()  # migration data, gone after an earlier browser test's flush: the conference map needs them
    for name, agency, role in (
        ("PC Amir Jones", "Northbridge Police", "Domestic abuse officer"),
        ("Jane Hill", "Riverside Health Centre", "Health visitor"),
    ):
        case_professional_add(acting_user=world.worker, case=world.case, name=name, agency_name=agency, role=role)
    today = datetime.date.today()
    conference_day = last_weekday(today)
    discussed_on = conference_day - datetime.timedelta(days=7)

    worker = new_page()
    worker.goto("/")
    sign_in(worker, world.worker)
    worker.get_by_role("link", name="Cooper family", exact=True).first.click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Cooper family")
    worker.get_by_role("link", name="Record a strategy discussion").click()
    group = worker.get_by_role("group", name="Which children was it about?")
    group.get_by_role("checkbox", name="Alkira Cooper").check()
    group.get_by_role("checkbox", name="Darel Cooper").check()
    fill_date(worker, "Date of the discussion", discussed_on)
    took_part = worker.get_by_role("group", name="Who took part")
    took_part.get_by_role("checkbox", name="PC Amir Jones").check()
    took_part.get_by_role("checkbox", name="Jane Hill").check()
    worker.get_by_role("radio", name="Start a section 47 enquiry").check()
    worker.get_by_label("Why").fill(REASONS)
    check(axe_audit, worker, "Record a strategy discussion")
    worker.get_by_role("button", name="Save the discussion").click()
    expect(worker.get_by_role("alert")).to_contain_text("Strategy discussion saved")
    assert Section47Enquiry.objects.filter(case=world.case).count() == 2

    worker.get_by_role("link", name="Arrange a meeting").click()
    worker.get_by_role("radio", name="Initial child protection conference").check()
    group = worker.get_by_role("group", name="Which children is it about?")
    group.get_by_role("checkbox", name="Alkira Cooper").check()
    group.get_by_role("checkbox", name="Darel Cooper").check()
    fill_date(worker, "Date", conference_day)
    worker.get_by_label("Start time").fill("10:00")
    worker.get_by_label("End time (optional)").fill("12pm")
    worker.get_by_label("Where").fill("Conference room 1, Civic Centre")
    worker.get_by_label("Who will chair it? (conferences)").select_option(label=f"{world.chair} (Conference chair)")
    check(axe_audit, worker, "Arrange a meeting")
    worker.get_by_role("button", name="Arrange the meeting").click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Initial child protection conference")
    meeting = Meeting.objects.get(case=world.case)
    expect(worker.locator("#quorum")).to_contain_text("Not quorate")

    for who in ("Merinda Cooper", "PC Amir Jones (Northbridge Police)", "Jane Hill (Riverside Health Centre)"):
        worker.get_by_label("Who do you want to invite?").select_option(label=who)
        if who == "Merinda Cooper":
            worker.get_by_label("If they are family: how are they involved?").select_option(label="Parent or carer")
        worker.get_by_role("button", name="Invite", exact=True).click()
        expect(worker.get_by_role("alert")).to_contain_text("invited")
    check(axe_audit, worker, "A conference's page, before it meets")
    for name in ("Sally Worker", "Merinda Cooper", "PC Amir Jones", "Jane Hill", str(world.chair)):
        worker.get_by_role("link", name=f"Record attendance for {name}").click()
        worker.get_by_role("radio", name="Present").check()
        worker.get_by_label("Time they arrived (optional)").fill("10:00")
        if name == "Merinda Cooper":
            check(axe_audit, worker, "Attendance of a parent")
        worker.get_by_role("button", name="Save attendance").click()
        expect(worker.get_by_role("alert")).to_contain_text(f"Attendance saved for {name}")
    expect(worker.locator("#quorum")).to_contain_text("Quorate")

    chair = new_page()
    chair.goto("/")
    sign_in(chair, world.chair)
    chair.goto("/meetings/")
    expect(chair.get_by_role("heading", level=1)).to_have_text("What is due")
    check(axe_audit, chair, "What is due: the conferences a chair chairs")
    chair.get_by_role("table", name="Conferences you chair").get_by_role(
        "link", name="Initial child protection conference"
    ).click()
    chair.get_by_role("button", name="Start the conference map").click()
    expect(chair.get_by_role("alert")).to_contain_text("map")
    chair.goto(f"/meetings/{meeting.pk}/")
    chair.get_by_role("link", name="Record the child's view").click()
    chair.get_by_label("The child's view").fill(CHILDS_VIEW)
    chair.get_by_role("button", name="Save the child's view").click()
    chair.get_by_role("link", name="Give a score in private").click()
    chair.get_by_label("Who is giving the score?").select_option(label="Merinda Cooper (Parent or carer)")
    chair.get_by_label("Which scale?").select_option(label="Overall")
    chair.get_by_role("group", name="Score").get_by_role("radio", name="6", exact=True).check()
    chair.get_by_label("Why this score?").fill("Since Tuesday we have stopped the fights in front of the children.")
    check(axe_audit, chair, "Give a score in private")
    chair.get_by_role("button", name="Give the score").click()
    expect(chair.locator("main")).not_to_contain_text("Since Tuesday we have stopped")
    chair.get_by_role("button", name="Reveal the scores").click()
    chair.goto(f"/meetings/{meeting.pk}/conference/")
    expect(chair.locator("main")).to_contain_text("Since Tuesday we have stopped")
    chair.goto(f"/meetings/{meeting.pk}/")
    chair.get_by_role("link", name="Record that it took place").click()
    chair.get_by_role("radio", name="It was held").check()
    chair.get_by_role("button", name="Save").click()
    expect(chair.get_by_role("alert")).to_contain_text("Recorded as held")

    for child in ("Alkira Cooper", "Darel Cooper"):
        chair.get_by_role("link", name=f"Open the decision for {child}").click()
        chair.get_by_role("group", name="Is the child suffering, or likely to suffer, significant harm?").get_by_role(
            "radio", name="Yes"
        ).check()
        chair.get_by_role("group", name="Does the child need a child protection plan?").get_by_role(
            "radio", name="Yes"
        ).check()
        chair.get_by_role("radio", name="Emotional abuse").check()
        chair.get_by_label("Reasons for the decision").fill(f"{child} has seen dangerous fights at home.")
        chair.get_by_label("Lead social worker").select_option(label=str(world.worker))
        chair.get_by_role("group", name="Core group (with a plan)").get_by_role("checkbox").first.check()
        if child == "Alkira Cooper":
            check(axe_audit, chair, "A child's conference decision")
        chair.get_by_role("button", name="Save the decision").click()
        chair.get_by_role("button", name="Sign the decision").click()
        expect(chair.get_by_role("alert")).to_contain_text("signed")
        chair.goto(f"/meetings/{meeting.pk}/")
    plans = ChildProtectionPlan.objects.filter(case=world.case)
    assert {plan.started_on for plan in plans} == {conference_day} and plans.count() == 2
    check(axe_audit, chair, "A conference's page, held, with its record")

    worker.goto(f"/meetings/{meeting.pk}/")
    worker.get_by_role("link", name="Draft the decision letter").click()
    worker.get_by_role("button", name="Draft it").click()
    expect(worker.get_by_role("alert")).to_contain_text("Decision letter, version 1, drafted")
    check(axe_audit, worker, "A decision letter's version, with each recipient's copy")
    worker.goto(f"/meetings/{meeting.pk}/")
    worker.get_by_role("link", name="Prepare a copy of the decision letter").click()
    worker.get_by_label("Who is this copy for?").select_option(label="Merinda Cooper (Parent or carer)")
    worker.get_by_role("radio", name="By hand").check()
    check(axe_audit, worker, "Prepare a copy")
    worker.get_by_role("button", name="Prepare the copy").click()
    expect(worker.locator("main")).to_contain_text("Merinda Cooper")

    manager = new_page()
    manager.goto("/")
    sign_in(manager, world.manager)
    manager.goto(f"/meetings/{meeting.pk}/")
    manager.get_by_role("link", name="Check and release Merinda Cooper's copy").click()
    check(axe_audit, manager, "Check and release a copy")
    manager.get_by_role("button", name="Release the copy").click()
    expect(manager.get_by_role("alert")).to_contain_text("Released to Merinda Cooper")
    sent = Distribution.objects.get(recipient__person=world.mother)
    assert sent.released_by == world.manager and sent.released_at is not None
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    axe_audit.assert_clean()
