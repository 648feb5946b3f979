"""The practice fidelity panel: what each element shows, how recency is judged, who sees it, what it costs."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemap.cases.services import case_close
from casemap.conftest import World
from casemap.mapping.models import Map, MapStatus
from casemap.mapping.services import danger_pair_save, map_sign_off, map_start
from casemap.quality.selectors import RECENT_DAYS, ElementState, child_practice_fidelity
from casemap.safety.models import SafetyPlan, SafetyPlanKind
from casemap.safety.services import network_member_add
from casemap.safety.services.plans import plan_sign_off, plan_start, rule_save
from casemap.voice.tests.sessions import record
from casemap.words.services import GivenDetails, booklet_create, explanation_record_create, given_record, page_add

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def states(world: World, user=None) -> dict[str, tuple[ElementState, str]]:  # type: ignore[no-untyped-def]
    fidelity = child_practice_fidelity(user=user or world.worker, child=world.child)
    return {element.name: (element.state, element.detail) for element in fidelity.elements}


def a_map(world: World) -> Map:
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    danger_pair_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        statement_fields={
            "who_is_worried": "Sally",
            "behaviour": "fights",
            "short_term_impact": "hurt",
            "statement": "Sally is worried that Merinda and Eddy will fight and the children will get hurt.",
        },
        goal_fields={
            "parents_will": "sort out problems calmly",
            "child_will_experience": "feel safe",
            "sustained_for": "6 months",
            "statement": "Merinda and Eddy will sort out problems calmly.",
        },
    )
    return map_


def test_a_child_with_nothing_recorded_shows_every_element_missing(world: World) -> None:
    shown = states(world)
    assert shown["Map"][0] == ElementState.NOT_RECORDED
    assert shown["Danger statements and safety goals"][0] == ElementState.NOT_RECORDED
    assert shown["Child's voice"][0] == ElementState.NOT_RECORDED
    assert shown["Safety network"][0] == ElementState.NOT_RECORDED


def test_a_draft_map_then_a_signed_one(world: World) -> None:
    map_ = a_map(world)
    assert states(world)["Map"] == (ElementState.DRAFT, f"Map {map_.number}, not signed off yet")
    map_sign_off(acting_user=world.manager, map_=map_, expected_version=None)
    shown = states(world)
    assert shown["Map"][0] == ElementState.IN_PLACE
    assert "signed off by" in shown["Map"][1]
    assert shown["Danger statements and safety goals"] == (
        ElementState.IN_PLACE,
        "1 danger statement, each with its safety goal",
    )


def test_an_old_signed_map_needs_review(world: World) -> None:
    map_ = a_map(world)
    map_sign_off(acting_user=world.manager, map_=map_, expected_version=None)
    # Midday on the day, so the local date is that day on either side of a change of clocks.
    long_ago = timezone.make_aware(
        datetime.datetime.combine(TODAY - datetime.timedelta(days=RECENT_DAYS + 1), datetime.time(12))
    )
    Map.objects.filter(pk=map_.pk).update(signed_off_at=long_ago)
    assert states(world)["Map"][0] == ElementState.NEEDS_REVIEW


def test_a_superseded_map_does_not_count(world: World) -> None:
    map_ = a_map(world)
    Map.objects.filter(pk=map_.pk).update(status=MapStatus.SUPERSEDED)
    assert states(world)["Map"][0] == ElementState.NOT_RECORDED


def test_voice_work_shows_the_latest_tool_and_goes_stale(world: World) -> None:
    record(world, used_on=TODAY - datetime.timedelta(days=RECENT_DAYS + 10))
    assert states(world)["Child's voice"] == (ElementState.NEEDS_REVIEW, "Last: Three Houses (1 session in all)")
    record(world, tool="fairy", used_on=TODAY)
    state, detail = states(world)["Child's voice"]
    assert state == ElementState.IN_PLACE
    assert detail.endswith("(2 sessions in all)")


def test_a_network_member_with_no_way_to_reach_them_needs_review(world: World) -> None:
    network_member_add(acting_user=world.worker, case=world.case, name="Rose", relationship_kind="friend", phone="1")
    assert states(world)["Safety network"] == (ElementState.IN_PLACE, "1 active member")
    network_member_add(acting_user=world.worker, case=world.case, name="Pat", relationship_kind="friend")
    assert states(world)["Safety network"] == (
        ElementState.NEEDS_REVIEW,
        "2 active members, 1 with no way to contact them",
    )


def test_a_child_with_no_open_case_has_no_elements(world: World) -> None:
    case_close(acting_user=world.manager, case=world.case, closed_on=TODAY, closure_reason="RC1", expected_version=None)
    fidelity = child_practice_fidelity(user=world.worker, child=world.child)
    assert not fidelity.has_open_case
    assert fidelity.elements == []


def test_someone_who_cannot_see_the_case_sees_nothing_of_it(world: World) -> None:
    a_map(world)
    assert not child_practice_fidelity(user=world.other_worker, child=world.child).has_open_case


def test_the_panel_is_on_the_child_record_with_links(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    map_ = a_map(world)
    page = client_for(world.worker).get(reverse("people:detail", args=[world.child.pk]))
    html = page.content.decode()
    assert "Signs of Safety practice" in html
    assert reverse("mapping:map", args=[map_.pk]) in html
    assert "Not recorded" in html


def test_the_panel_costs_the_same_queries_however_much_is_recorded(world: World) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            child_practice_fidelity(user=world.worker, child=world.child)
        return len(queries)

    a_map(world)
    record(world)
    a_plan(world, review_on=TODAY)
    before = count()
    for number in range(5):
        a_map(world)
        record(world, tool="fairy")
        network_member_add(
            acting_user=world.worker, case=world.case, name=f"Friend {number}", relationship_kind="friend"
        )
    assert count() == before


def a_plan(world: World, *, review_on: datetime.date | None) -> SafetyPlan:
    plan = plan_start(acting_user=world.worker, case=world.case, kind=SafetyPlanKind.FAMILY, review_on=review_on)
    rose = network_member_add(
        acting_user=world.worker, case=world.case, name="Rose", relationship_kind="friend", phone="01632 960101"
    )
    rule_save(
        acting_user=world.worker,
        plan=plan,
        expected_version=None,
        wording="When we start to argue, Eddy goes for a walk.",
        responsible_member=rose,
        checker_member=rose,
    )
    return plan


def test_a_safety_plan_from_draft_to_signed_to_overdue_review(world: World) -> None:
    plan = a_plan(world, review_on=TODAY + datetime.timedelta(days=60))
    assert states(world)["Safety plan"][0] == ElementState.DRAFT
    plan_sign_off(acting_user=world.manager, plan=plan, expected_version=None, warnings_confirmed=True)
    state, detail = states(world)["Safety plan"]
    assert state == ElementState.IN_PLACE
    assert detail.startswith("Family safety plan, version 1, signed off, review by")
    SafetyPlan.objects.filter(pk=plan.pk).update(review_on=TODAY - datetime.timedelta(days=1))
    assert states(world)["Safety plan"][0] == ElementState.NEEDS_REVIEW


def test_a_child_on_a_plan_with_no_explanation_is_flagged_until_one_is_recorded(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    fidelity = child_practice_fidelity(user=world.worker, child=world.child)
    assert fidelity.needs_explanation
    assert states(world)["Words and Pictures"][0] == ElementState.NOT_RECORDED
    page = client_for(world.worker).get(reverse("people:detail", args=[world.child.pk]))
    assert "is on a plan and has no explanation recorded" in page.content.decode()

    booklet = booklet_create(acting_user=world.worker, case=world.case, children=[world.child], title="Our story")
    assert states(world)["Words and Pictures"] == (
        ElementState.DRAFT,
        "Booklet draft, not given to the child yet",
    )
    assert child_practice_fidelity(user=world.worker, child=world.child).needs_explanation

    page_add(acting_user=world.worker, booklet=booklet, expected_version=None, heading="", text="Sally helps families.")
    given_record(
        acting_user=world.worker,
        booklet=booklet,
        expected_version=None,
        child=world.child,
        details=GivenDetails(given_on=TODAY, explained_by="Sally", child_kept_copy=True, parent_present=world.mother),
    )
    fidelity = child_practice_fidelity(user=world.worker, child=world.child)
    assert not fidelity.needs_explanation
    assert states(world)["Words and Pictures"] == (ElementState.IN_PLACE, "Booklet given to the child")
    page = client_for(world.worker).get(reverse("people:detail", args=[world.child.pk]))
    assert "is on a plan and has no explanation recorded" not in page.content.decode()


def test_an_explanation_without_a_booklet_counts(world: World) -> None:
    explanation_record_create(
        acting_user=world.worker,
        child=world.child,
        case=world.case,
        explained_on=TODAY,
        how="Talked it through with Alkira and her mum, using drawings.",
        explained_by="Sally",
    )
    assert states(world)["Words and Pictures"] == (ElementState.IN_PLACE, "How it was explained is recorded")
    assert not child_practice_fidelity(user=world.worker, child=world.child).needs_explanation


def test_the_case_page_shows_each_childs_words_and_pictures(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    page = client_for(world.worker).get(reverse("cases:detail", args=[world.case.pk]))
    html = page.content.decode()
    assert '<h2 class="govuk-heading-m" id="words">Words and Pictures</h2>' in html
    assert reverse("words:child", args=[world.child.pk]) in html
    assert reverse("words:new", args=[world.case.pk]) in html
