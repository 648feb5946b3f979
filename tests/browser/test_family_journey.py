"""A new family of five, from one referral to a signed map and safety plan, recorded through the pages.

The worker records one referral naming three children, adds their parents once, and relates them to every child
by ticking; the manager decides and allocates from what waits for her; the worker maps with the family, choosing
people already on the record rather than typing them again, and asks for sign-off; the manager signs off from her
queue with her reasons; then the same for the family's safety plan. Every value typed is counted, and no fact may
be typed twice."""

import datetime
import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from casemap.cases.models import Case
from casemap.conftest import World
from casemap.handoffs.models import SignOffOutcome, SignOffRequest
from casemap.mapping.models import Map, MapStatus
from casemap.people.models import Person, Relationship, RelationshipType
from casemap.safety.models import PlanStatus, SafetyPlan
from tests.browser.seed_map import ensure_variants
from tests.browser.support import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date.today()
SURNAME = "Harper"
CHILDREN = [("Tamsin", 10, "Female"), ("Leo", 7, "Male"), ("Mia", 4, "Female")]
PARENTS = [("Jade", RelationshipType.MOTHER, "Mother", "Female"), ("Ryan", RelationshipType.FATHER, "Father", "Male")]
ADDRESS = ("14 Mill Lane", "Northbridge", "NB1 4QT")
REPORTED = "School saw bruises on Leo's arm; he said dad grabbed him when mum and dad were shouting."
DECISION_REASONS = "Leo was hurt when his parents argued: we need to know how safe the three children are at home"
HARM = "Leo had four bruises on his upper arm on Monday, where Ryan grabbed him during an argument"
STRENGTH = "Jade walks the children to school every day and the school says they are always on time"
DANGER = (
    "The school and the social worker are worried that when Jade and Ryan argue, Ryan will grab or hit the "
    "children, and Tamsin, Leo and Mia will be hurt and frightened, like Leo was on Monday."
)
GOAL = (
    "Jade and Ryan will argue away from the children and nobody will grab or hit them. The children will feel safe "
    "at home, and the school will see no new marks for six months."
)
SCORE_REASON = "We have already stopped arguing in front of the kids"
NEXT_STEP = "Meet Jade and Ryan to agree who the children can go to when an argument starts"
RULE = "When Ryan gets angry he goes for a walk straight away, and comes back when he is calm."
MAP_REASONS = "The danger statement and goal are in Jade and Ryan's own words, and both parents scaled."
PLAN_REASONS = "The rule answers the danger statement, and both parents made it themselves."


class Typist:
    """Types into the pages as a person would, and keeps count of what was typed, so the journey can show that
    nothing about the family was typed twice."""

    def __init__(self) -> None:
        self.typed: list[tuple[str, str]] = []

    def fill(self, field, value: str, fact: str) -> None:  # type: ignore[no-untyped-def]
        field.fill(value)
        self.typed.append((fact, value))

    def date(self, group, day: datetime.date, fact: str) -> None:  # type: ignore[no-untyped-def]
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))
        self.typed.append((fact, day.isoformat()))

    def typed_twice(self) -> list[str]:
        """Facts typed more than once, and values typed for more than one fact (a name typed again elsewhere)."""
        facts = Counter(fact for fact, _ in self.typed)
        values = Counter(value.strip().lower() for _, value in self.typed)
        return [f"fact {fact!r} typed {n} times" for fact, n in facts.items() if n > 1] + [
            f"{value!r} typed {n} times" for value, n in values.items() if n > 1
        ]


def open_details(page, summary: str):  # type: ignore[no-untyped-def]
    details = page.locator("details").filter(has=page.locator("summary", has_text=summary))
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    expect(details).to_have_attribute("open", "")
    return details


def choose(field, label_starts: str) -> None:  # type: ignore[no-untyped-def]
    """Choose the option that names someone already on the record."""
    option = field.locator("option").filter(has_text=re.compile(rf"^{re.escape(label_starts)}"))
    field.select_option(label=option.first.inner_text())


def go_to_waiting(page, link: str) -> None:  # type: ignore[no-untyped-def]
    """From the landing page, through what waits for the manager, to the named item."""
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    page.get_by_role("link", name=re.compile(r"^\d+ things? waits? for you$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Waiting for you")
    page.get_by_role("link", name=re.compile(rf"^{re.escape(link)}")).first.click()


def test_a_family_of_five_from_one_referral_to_a_signed_map_and_plan(world: World, new_page) -> None:  # type: ignore[no-untyped-def]
    ensure_variants()
    typist = Typist()
    worker_name = world.worker.get_full_name()
    worker = new_page()
    sign_in(worker, world.worker)

    # One referral names all three children; the surname goes down the rows and the address is asked once.
    worker.get_by_role("link", name="New referral").click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("New referral")
    typist.date(worker.get_by_role("group", name="Date the referral was received"), TODAY, "referral received")
    worker.get_by_label("Who made the referral").select_option(index=1)
    typist.fill(worker.get_by_label("What was reported"), REPORTED, "what was reported")
    for number, (first, age, sex) in enumerate(CHILDREN, start=1):
        child = worker.locator(f"#child-{number}")
        typist.fill(child.get_by_label("First name"), first, f"child {number} first name")
        if number == 1:
            typist.fill(child.get_by_label("Last name"), SURNAME, "family surname")
        else:
            expect(child.get_by_label("Last name")).to_have_value(SURNAME)
        born = TODAY.replace(year=TODAY.year - age) - datetime.timedelta(days=30 * number)
        typist.date(child.get_by_role("group", name="Date of birth", exact=True), born, f"child {number} date of birth")
        child.get_by_role("radio", name=sex, exact=True).check()
        if number < len(CHILDREN):
            worker.get_by_role("button", name="Add another child").click()
            expect(worker.locator(f"#child-{number + 1}")).to_be_visible()
    for label, value in zip(
        ("Address line 1 (optional)", "Town or city (optional)", "Postcode (optional)"), ADDRESS, strict=True
    ):
        typist.fill(worker.get_by_label(label, exact=True), value, f"address: {label}")
    worker.get_by_role("button", name="Record the referral").click()
    expect(worker.get_by_role("heading", level=1)).to_contain_text(SURNAME)
    case = Case.objects.get(memberships__person__first_name="Tamsin")
    children = {p.first_name: p for p in Person.objects.filter(last_name=SURNAME, is_child=True)}
    assert sorted(children) == ["Leo", "Mia", "Tamsin"]
    assert {p.postcode for p in children.values()} == {ADDRESS[2]}

    # The parents are added once, from the eldest child's record, and are the parents of all three.
    for first, _kind, relationship, sex in PARENTS:
        worker.goto(f"/cases/{case.pk}/")
        worker.get_by_role("link", name=f"Tamsin {SURNAME}").click()
        worker.get_by_role("link", name="Family and network").click()
        worker.get_by_role("link", name="Add a family member or friend").click()
        worker.get_by_label("Relationship to the child").select_option(label=relationship)
        typist.fill(worker.get_by_label("First name"), first, f"{relationship} first name")
        expect(worker.get_by_label("Last name")).to_have_value(SURNAME)
        expect(worker.get_by_label("Postcode (optional)")).to_have_value(ADDRESS[2])
        worker.get_by_role("radio", name=sex, exact=True).check()
        worker.get_by_label("Lives with the child").check()
        worker.get_by_label("Has parental responsibility").check()
        also = worker.get_by_role("group", name="The same relationship to these children too")
        expect(also.get_by_label(f"Leo {SURNAME}")).to_be_checked()
        expect(also.get_by_label(f"Mia {SURNAME}")).to_be_checked()
        worker.get_by_role("button", name="Add to the family").click()
        expect(worker.get_by_role("alert")).to_be_visible()
    jade = Person.objects.get(first_name="Jade", last_name=SURNAME)
    for child in children.values():
        kinds = set(Relationship.objects.filter(person=child, archived_at__isnull=True).values_list("kind", flat=True))
        assert {RelationshipType.MOTHER, RelationshipType.FATHER} <= kinds, child.first_name
    assert jade.postcode == ADDRESS[2]

    # The manager decides and allocates from what waits for her.
    manager = new_page()
    sign_in(manager, world.manager)
    go_to_waiting(manager, "Referral awaiting a decision")
    expect(manager.get_by_role("heading", level=1)).to_contain_text(SURNAME)
    manager.get_by_role("radio", name="Assessment").check()
    expect(manager.get_by_role("group", name="Date of decision").get_by_label("Year")).to_have_value(str(TODAY.year))
    typist.fill(manager.get_by_label("Why"), DECISION_REASONS, "decision reasons")
    manager.get_by_role("button", name="Record decision").click()
    expect(manager.get_by_role("alert")).to_be_visible()
    expect(manager.get_by_text(f"moved to child in need for an assessment. Why: {DECISION_REASONS}")).to_be_visible()
    go_to_waiting(manager, "Unallocated case")
    choose(manager.get_by_label("Allocated worker"), worker_name)
    manager.get_by_role("button", name="Save allocation").click()
    expect(manager.get_by_role("alert")).to_contain_text("Allocation saved")
    expect(manager.locator(".govuk-summary-list").first).to_contain_text(f"Allocated worker{worker_name}")
    case.refresh_from_db()
    assert case.allocated_worker == world.worker

    # The worker maps with the family, choosing the people on the record.
    worker.goto("/")
    worker.get_by_role("link", name=case.family_name).click()
    worker.get_by_role("link", name="Start a map").click()
    worker.get_by_role("radio", name="Home visit").check()
    expect(worker.get_by_role("group", name="Date", exact=True).get_by_label("Day")).to_have_value(str(TODAY.day))
    worker.get_by_role("button", name="Start the map").click()
    expect(worker.get_by_role("heading", level=1)).to_have_text("Map 1 Draft")
    map_ = Map.objects.get(case=case)
    for parent in ("Jade", "Ryan"):
        details = open_details(worker, "Add someone who took part")
        choose(details.get_by_label("Who took part?", exact=True), f"{parent} {SURNAME}")
        details.get_by_label("Their part in the mapping").select_option(label="Parent or carer")
        details.get_by_role("button", name=re.compile("^Add")).click()
        expect(worker.locator("main")).to_contain_text(f"{parent} {SURNAME}")
    for category, text, said_by in (("Harm", HARM, f"Leo {SURNAME}"), ("Existing strengths", STRENGTH, worker_name)):
        details = open_details(worker, f"Add to {category.lower()}")
        typist.fill(details.get_by_label("What was said or seen"), text, f"map: {category}")
        choose(details.get_by_label("Who said or saw it (optional)", exact=True), said_by)
        details.get_by_role("button", name="Add", exact=True).click()
        expect(worker.locator("main")).to_contain_text(text)
    # The danger statement and goal in the family's agreed words alone: the questions are a help, not a gate.
    worker.get_by_role("link", name="Add a danger statement and safety goal").click()
    typist.fill(worker.get_by_label("The statement, in words the family will understand"), DANGER, "danger statement")
    typist.fill(worker.get_by_label("The goal, in words the family will understand"), GOAL, "safety goal")
    worker.get_by_role("button", name="Save", exact=True).click()
    expect(worker.get_by_role("alert")).to_contain_text("Danger statement and safety goal saved")
    for parent, score in (("Jade", 5), ("Ryan", 6)):
        details = open_details(worker, "Add a score")
        choose(details.get_by_label("Who is scaling?", exact=True), f"{parent} {SURNAME}")
        details.get_by_label("Their role").select_option(label="Parent or carer")
        details.get_by_role("group", name="Score").get_by_role("radio", name=str(score), exact=True).check()
        typist.fill(details.get_by_label("Why this score?"), f"{SCORE_REASON} ({parent})", f"{parent}'s reason")
        details.get_by_role("button", name="Add the score").click()
        expect(worker.locator("#scaling")).to_contain_text(f"{SCORE_REASON} ({parent})")
    details = open_details(worker, "Add a next step")
    typist.fill(details.get_by_label("What needs to happen?"), NEXT_STEP, "next step")
    choose(details.get_by_label("Who will do it?", exact=True), worker_name)
    typist.date(details.get_by_role("group", name="By when?"), TODAY + datetime.timedelta(days=7), "next step due")
    details.get_by_role("button", name="Add", exact=True).click()
    expect(worker.locator("#next_steps")).to_contain_text(NEXT_STEP)
    worker.get_by_role("button", name="Ask for sign-off").click()
    expect(worker.locator("#sign-off")).to_contain_text(f"Sign-off asked for by {world.worker} on")

    # The manager signs the map off from her queue, with her reasons.
    go_to_waiting(manager, "Sign-off of Signs of Safety map 1")
    manager.get_by_role("link", name="Sign off or return the map").click()
    typist.fill(manager.get_by_label("Your reasons"), MAP_REASONS, "reasons for the map's sign-off")
    manager.get_by_role("button", name="Sign off the map").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Map 1 Signed off")
    map_.refresh_from_db()
    assert map_.status == MapStatus.SIGNED_OFF

    # The family's safety plan shows the map's words it answers; its rule names the parents, chosen.
    worker.goto(f"/cases/{case.pk}/")
    worker.get_by_role("link", name="See the safety plans and monitoring log").click()
    worker.get_by_role("link", name="Start a safety plan").click()
    worker.get_by_label("Family safety plan").check()
    worker.get_by_role("button", name="Start the plan").click()
    expect(worker.get_by_role("heading", level=1)).to_contain_text("Safety plan 1")
    expect(worker.locator("main")).to_contain_text(DANGER)
    expect(worker.locator("main")).to_contain_text(GOAL)
    open_details(worker, "Add a rule")
    typist.fill(worker.get_by_label("The rule, in the family's words"), RULE, "rule")
    makes_sure = worker.get_by_role("group", name="Who makes sure it happens")
    makes_sure.get_by_label(re.compile(rf"^Ryan {SURNAME}")).check()
    checks = worker.get_by_role("group", name="Who checks it is happening")
    checks.get_by_label(re.compile(rf"^Jade {SURNAME}")).check()
    worker.get_by_role("button", name="Add the rule").click()
    expect(worker.get_by_text(RULE)).to_be_visible()
    open_details(worker, "Change the kind, review date and children's version")
    typist.date(worker.locator("#details, main").first, TODAY + datetime.timedelta(days=42), "plan review date")
    worker.get_by_role("button", name="Save the details").click()
    expect(worker.locator("#plan-problems")).to_have_count(0)
    worker.get_by_role("button", name="Ask for sign-off").click()
    expect(worker.locator(".casemap-sign-off-status")).to_contain_text(f"Sign-off asked for by {world.worker} on")

    go_to_waiting(manager, "Sign-off of")
    manager.get_by_role("link", name="Sign off or return the safety plan").click()
    typist.fill(manager.get_by_label("Your reasons"), PLAN_REASONS, "reasons for the plan's sign-off")
    expect(manager.locator("main")).to_contain_text("The plan does not say who to call.")
    manager.get_by_label("I have read the warnings and the plan can be signed off with them").check()
    manager.get_by_role("button", name="Sign off the safety plan").click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("Signed off")
    plan = SafetyPlan.objects.get(case=case)
    assert plan.status == PlanStatus.SIGNED_OFF
    assert [(r["responsible"], r["checker"]) for r in plan.snapshot["rules"]] == [
        (f"Ryan {SURNAME}", f"Jade {SURNAME}")
    ]
    decisions = SignOffRequest.objects.filter(case=case).order_by("pk")
    assert [(d.outcome, d.reasons) for d in decisions] == [
        (SignOffOutcome.SIGNED_OFF, MAP_REASONS),
        (SignOffOutcome.SIGNED_OFF, PLAN_REASONS),
    ]

    # The case page shows every child on the signed plan; nothing is left waiting for the manager.
    worker.goto(f"/cases/{case.pk}/")
    explained = worker.get_by_role("table", name="Whether the worries and the plan have been explained to each child")
    for first in children:
        row = explained.get_by_role("row").filter(has=worker.get_by_role("rowheader", name=first, exact=True))
        expect(row.get_by_role("cell")).to_have_text("No explanation recorded")  # on the plan, not yet explained
    manager.goto("/")
    expect(manager.get_by_role("link", name="Nothing is waiting for you")).to_be_visible()

    assert not typist.typed_twice(), typist.typed_twice()
    print(f"Fields typed for a family of five, referral to signed plan: {len(typist.typed)}")
    assert len(typist.typed) <= 30
