"""The seed family's Signs of Safety map, recorded through the pages as the worker and the manager would.

The worker's pages run under the app's strict CSP, so the plain-language coach (htmx) is checked as users get it."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.mapping.models import Map, MapStatus
from tests.browser.seed_map import (
    ANSWERS,
    COMPLICATING,
    DANGER_STATEMENTS,
    HARM,
    NEXT_STEP,
    SAFETY,
    SAFETY_GOALS,
    SCORES,
    STRENGTH,
    TODAY,
    ensure_variants,
    record_seed_map,
)
from tests.browser.support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_STRENGTH = "Merinda and Eddy went to Rose's house to calm down after an argument on Sunday"
FIELD_LABELS = {
    "who_is_worried": "Anyone else who is worried (optional)",
    "behaviour": "About what behaviour, or what is not being done, by whom?",
    "what_happened": "What has already happened? (optional)",
    "short_term_impact": "What could happen to the children soon if nothing changes?",
    "long_term_impact": "And in the long run? (optional)",
    "parents_will": "What will the parents or carers be doing?",
    "child_will_experience": "What will the children experience?",
    "professionals_will_see": "What will professionals see? (optional)",
    "sustained_for": "For how long must this carry on?",
}
STATEMENT_BOX = "The statement, in words the family will understand"
GOAL_BOX = "The goal, in words the family will understand"


@pytest.fixture(autouse=True)
def _variants(world: World) -> None:
    ensure_variants()


def fill_date(group, day: datetime.date) -> None:  # type: ignore[no-untyped-def]
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def open_details(page, summary: str):  # type: ignore[no-untyped-def]
    """Open a GOV.UK details component by its summary, as a user would, and return it."""
    details = page.locator("details").filter(has=page.locator("summary", has_text=summary))
    details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    return details


def choose_who(scope, label: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Choose a person on the record ("Sally Worker (you)"), or choose Someone else and type their name."""
    choose = scope.get_by_label(label, exact=True)
    known = choose.locator("option").filter(has_text=re.compile(rf"^{re.escape(name)}( \(|$)"))
    if known.count():
        choose.select_option(label=known.first.inner_text())
        return
    choose.select_option(label="Someone else")
    scope.locator(f"#{choose.get_attribute('id').removesuffix('_0')}_1").fill(name)


def add_item(page, category: str, text: str, said_by: str = "") -> None:  # type: ignore[no-untyped-def]
    details = open_details(page, f"Add to {category.lower()}")
    details.get_by_label("What was said or seen").fill(text)
    if said_by:
        choose_who(details, "Who said or saw it (optional)", said_by)
    details.get_by_role("button", name="Add", exact=True).click()
    section = page.locator("section").filter(has=page.get_by_role("heading", level=3, name=category, exact=True))
    expect(section.get_by_role("listitem").filter(has_text=text)).to_be_visible()


def add_score(page, scale: str, rater: str, role: str, score: int, reason: str) -> None:  # type: ignore[no-untyped-def]
    details = open_details(page, "Add a score")
    details.get_by_label("Which scale?").select_option(label=scale)
    choose_who(details, "Who is scaling?", rater)
    details.get_by_label("Their role").select_option(label=role)
    details.get_by_role("group", name="Score").get_by_role("radio", name=str(score), exact=True).check()
    details.get_by_label("Why this score?").fill(reason)
    details.get_by_label("What would one point higher look like? (optional)").fill("Calm talk at the next visit")
    details.get_by_role("button", name="Add the score").click()
    table = page.locator("#scaling table").filter(has=page.locator("caption", has_text=re.compile(f"^{scale}$")))
    row = table.get_by_role("row").filter(has_text=reason)
    expect(row.get_by_role("cell").nth(1)).to_have_text(str(score))


def answer_questions(page, answers: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    for name, label in FIELD_LABELS.items():
        if answers.get(name):
            page.get_by_label(label, exact=True).fill(answers[name])


def expect_coach(page, text: str) -> None:  # type: ignore[no-untyped-def]
    """The coach panel updates through htmx after a pause in typing: wait for what it should say. It holds hints
    only, never a whole page swapped in (a redirect answered with a page would put one there)."""
    coach = page.locator("#coach-hints")
    expect(coach).to_contain_text(text)
    expect(coach.locator("header, footer, h1")).to_have_count(0)


def test_worker_records_the_seed_familys_map_and_the_manager_signs_it_off(world: World, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page(enforce_csp=True)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    # What the page fetched, to show with any console error: which response brought it.
    fetched: list[str] = []
    page.on("response", lambda r: fetched.append(f"{r.request.method} {r.url} {r.status} ({r.request.resource_type})"))
    sign_in(page, world.worker)

    # Start a map from the case page.
    page.goto(f"/cases/{world.case.pk}/")
    expect(page.get_by_text("No maps yet.")).to_be_visible()
    page.get_by_role("link", name="Start a map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a map")
    page.get_by_role("radio", name="Home visit").check()
    fill_date(page.get_by_role("group", name="Date"), TODAY)
    page.get_by_role("button", name="Start the map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map 1 Draft")
    map_ = Map.objects.get(case=world.case)
    expect(page).to_have_url(re.compile(rf"/maps/{map_.pk}/$"))

    # The three columns: what has happened, what is working well, what complicates things.
    add_item(page, "Harm", HARM, said_by="Police and Merinda")
    add_item(page, "Existing strengths", STRENGTH, said_by="Sally")
    add_item(page, "Existing safety", SAFETY, said_by="Rose")
    add_item(page, "Complicating factors", COMPLICATING)

    # Danger statement 1: answer the structured questions and let the form write the statements.
    page.get_by_role("link", name="Add a danger statement and safety goal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Danger statement and safety goal")
    expect_coach(page, "No suggestions")
    answer_questions(page, ANSWERS[0])
    page.get_by_role("button", name="Write the statements for me").click()
    statement = page.get_by_label(STATEMENT_BOX)
    expect(statement).to_have_value(
        re.compile(
            r"^Sally from Child Protection Services is worried that Merinda \(mum\) and Eddy \(dad\) will have fights "
            r".*, like on Tuesday night when Alkira cut her foot badly .*, and (Alkira and Darel|Darel and Alkira) "
            r"will be really upset and frightened and maybe even get hurt\. In the long run, they could end up in a "
            r"really bad car accident and die\.$"
        )
    )
    goal = page.get_by_label(GOAL_BOX)
    expect(goal).to_have_value(re.compile(r"^Merinda and Eddy will sort out disagreements calmly.*6 months\.$"))
    composed_goal = goal.input_value()
    # Jargon gets a hint as the worker types; the seed's own words get none.
    statement.fill("Concerns re DV")
    expect_coach(page, "Suggestions for plain words")
    expect(page.locator("#coach-hints")).to_contain_text("“DV” is jargon")
    # htmx swaps the hints inside a live region that stays put, so a screen reader hears the new hints.
    expect(page.locator('[aria-live="polite"] > #coach-hints')).to_have_count(1)
    statement.fill(DANGER_STATEMENTS[0])
    expect_coach(page, "No suggestions")
    expect_coach(page, "Reading age of the statement")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Danger statement and safety goal saved")

    # Danger statements 2 and 3: the seed's statements pasted in, each with a goal written positively.
    for index in (1, 2):
        page.get_by_role("link", name="Add a danger statement and safety goal").click()
        answer_questions(page, ANSWERS[index])
        page.get_by_label(GOAL_BOX).fill("Concerns re DV. Parents will not argue.")
        expect_coach(page, "Suggestions for plain words")
        page.get_by_label(STATEMENT_BOX).fill(DANGER_STATEMENTS[index])
        page.get_by_label(GOAL_BOX).fill(SAFETY_GOALS[index])
        expect_coach(page, "No suggestions")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.get_by_role("alert")).to_contain_text("Danger statement and safety goal saved")

    danger = page.locator("#danger_statements")
    goals = page.locator("#safety_goals")
    for number, text in enumerate(DANGER_STATEMENTS, start=1):
        expect(danger).to_contain_text(f"{number}. {text}")
    for number, text in enumerate([composed_goal, *SAFETY_GOALS[1:]], start=1):
        expect(goals).to_contain_text(f"{number}. {text}")

    # Scales: the parents, the worker and a network member, overall and for each danger statement.
    for scale, rater, role, score, reason in SCORES:
        add_score(page, scale, rater, role, score, reason)

    details = open_details(page, "Add a next step")
    details.get_by_label("What needs to happen?").fill(NEXT_STEP)
    choose_who(details, "Who will do it?", "Sally Worker")
    fill_date(details.get_by_role("group", name="By when?"), TODAY + datetime.timedelta(days=7))
    details.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#next_steps")).to_contain_text(NEXT_STEP)
    expect(page.get_by_role("button", name="Sign off the map")).to_have_count(0)  # only a manager signs off
    assert not problems, (
        "Console errors or CSP violations:\n" + "\n".join(problems) + "\nFetched:\n" + "\n".join(fetched)
    )

    # The manager signs it off; the map is then frozen.
    manager = new_page()
    sign_in(manager, world.manager)
    manager.goto(f"/maps/{map_.pk}/")
    expect(manager.locator("#next_steps")).to_contain_text(NEXT_STEP)
    manager.get_by_role("link", name="Sign off or return the map").click()
    manager.get_by_role("button", name="Sign off the map").click()
    expect(manager.get_by_role("alert")).to_contain_text("Signs of Safety map 1 signed off")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Map 1 Signed off")
    map_.refresh_from_db()
    assert map_.status == MapStatus.SIGNED_OFF
    assert [pair["danger_statement"] for pair in map_.snapshot["pairs"]] == DANGER_STATEMENTS
    assert len(map_.snapshot["overall_judgements"]) == 4

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map 1 Signed off")
    expect(page.locator("summary", has_text="Add to")).to_have_count(0)
    expect(page.get_by_role("button", name="Start a re-map")).to_be_visible()


def test_remap_is_signed_off_compared_and_shown_over_time(world: World, new_page) -> None:  # type: ignore[no-untyped-def]
    first = record_seed_map(world)
    page = new_page()
    sign_in(page, world.worker)
    page.goto(f"/cases/{world.case.pk}/")
    maps = page.get_by_role("table", name="Maps")
    expect(maps.get_by_role("row").nth(1)).to_contain_text(f"Signed off by {world.manager}")
    maps.get_by_role("link", name="Map 1").click()

    page.get_by_role("radio", name="Family or network meeting").check()
    fill_date(page.get_by_role("group", name="Date"), TODAY)
    page.get_by_role("button", name="Start a re-map").click()
    expect(page.get_by_role("alert")).to_contain_text("Re-mapping started from map 1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Map 2 Draft")
    # Everything on map 1 is carried over, except the scores: everyone scales again.
    expect(page.locator("#danger_statements")).to_contain_text(DANGER_STATEMENTS[1])
    expect(page.locator("#harm")).to_contain_text(HARM)
    expect(page.get_by_text("No one has scaled yet.")).to_be_visible()

    add_item(page, "Existing strengths", NEW_STRENGTH, said_by="Rose")
    add_score(page, "Overall", "Merinda", "Parent or carer", 7, "We sorted out Sunday's argument calmly")
    second = Map.objects.get(case=world.case, number=2)

    manager = new_page()
    sign_in(manager, world.manager)
    manager.goto(f"/maps/{second.pk}/")
    manager.get_by_role("link", name="Sign off or return the map").click()
    manager.get_by_role("button", name="Sign off the map").click()
    expect(manager.get_by_role("alert")).to_contain_text("Signs of Safety map 2 signed off")
    first.refresh_from_db()
    assert first.status == MapStatus.SUPERSEDED

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map 2 Signed off")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == f"map-{world.case.pk}-2-v{second.version + 1}.pdf"
    page.get_by_role("link", name="Print for the family").click()
    expect(page.locator("main")).to_contain_text(f"Signed off by {world.manager}")
    expect(page.locator("main")).to_contain_text(NEW_STRENGTH)
    page.go_back()
    page.get_by_role("link", name="Compare with map 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Map 1 and map 2 compared")
    changes = page.get_by_role("table", name="What was added and removed")
    strengths = changes.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Existing strengths"))
    expect(strengths.get_by_role("cell").nth(0)).to_have_text(NEW_STRENGTH)
    expect(strengths.get_by_role("cell").nth(1)).to_have_text("None")
    expect(changes.get_by_role("row").filter(has_text="Danger statements").get_by_role("cell").nth(0)).to_have_text(
        "None"
    )
    rescored = page.get_by_role("table", name="Scores that changed")
    merinda = rescored.get_by_role("row").filter(has_text="Overall").filter(has_text="Merinda")
    expect(merinda.get_by_role("cell")).to_have_text(["Overall", "Merinda", "5", "7"])

    page.goto(f"/maps/{second.pk}/")
    page.get_by_role("link", name="Scores over time").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scores over time")
    expect(page.get_by_role("img", name="Overall scores by role over time")).to_be_visible()
    scores = page.get_by_role("table", name="Scores")
    expect(scores.get_by_role("row").filter(has_text="Merinda")).to_have_count(2)
    expect(scores.get_by_role("row").filter(has_text="Merinda").nth(1).get_by_role("cell")).to_have_text(
        ["Parent or carer", "Merinda", "2", TODAY.strftime("%-d %b %Y"), "7"]
    )
