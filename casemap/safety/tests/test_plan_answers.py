"""A safety plan shows the danger statements and safety goals it answers: those of the case's latest signed-off
map, or its draft said to be a draft, read from the map each time it is shown and never copied into the plan."""

import pytest
from django.urls import reverse

from casemap.access.models import AccessLogEntry
from casemap.conftest import World
from casemap.mapping.models import Map
from casemap.mapping.services import danger_pair_save, map_remap, map_sign_off, map_start
from casemap.safety.models import SafetyPlan
from casemap.safety.services.plans import plan_sign_off
from casemap.safety.tests.plan_data import TODAY, draft_plan

pytestmark = pytest.mark.django_db
FIGHTS = "Sally is worried that Merinda and Eddy will fight and the children will be hurt."
CALM = "Merinda and Eddy will sort out problems calmly, and the children will feel safe at home."
HITTING = "Sally is worried that Eddy will hit the children when they misbehave."


def map_with_a_pair(world: World, statement: str = FIGHTS) -> Map:
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    danger_pair_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        statement_fields={"statement": statement},
        goal_fields={"statement": CALM, "sustained_for": "6 months"},
    )
    map_.refresh_from_db()
    return map_


@pytest.fixture
def teammate_client(world: World, client_for):  # type: ignore[no-untyped-def]
    return client_for(world.teammate)


def page_of(client, plan: SafetyPlan) -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("safety:plan", args=[plan.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_plan_with_no_map_says_there_is_nothing_to_answer_yet(world: World, teammate_client) -> None:
    page = page_of(teammate_client, draft_plan(world))
    assert "What the plan answers" in page
    assert "There are no danger statements and safety goals on this family's maps yet." in page


def test_a_draft_map_is_shown_and_said_to_be_a_draft(world: World, teammate_client) -> None:
    map_ = map_with_a_pair(world)
    page = page_of(teammate_client, draft_plan(world))
    assert FIGHTS in page and CALM in page and "Kept for: 6 months" in page
    assert "Danger statement 1" in page and "Safety goal 1" in page
    assert f'map {map_.number}</a>. <strong class="govuk-tag govuk-tag--yellow">Draft</strong>' in page
    assert "This map has not been signed off yet" in page


def test_the_signed_map_is_shown_rather_than_a_draft_after_it(world: World, teammate_client) -> None:
    signed = map_sign_off(acting_user=world.manager, map_=map_with_a_pair(world), expected_version=None)
    remap = map_remap(acting_user=world.worker, map_=signed, held_on=TODAY, setting="home_visit")
    danger_pair_save(
        acting_user=world.worker,
        map_=remap,
        expected_version=None,
        statement_fields={"statement": HITTING},
        goal_fields={"statement": "Eddy will use calm words."},
    )
    page = page_of(teammate_client, draft_plan(world))
    assert FIGHTS in page and HITTING not in page
    assert f"{TODAY:%-d %B %Y}" in page and "signed off on" in page
    assert reverse("mapping:map", args=[signed.pk]) in page


def test_the_words_are_read_from_the_map_each_time_not_kept_with_the_plan(world: World, teammate_client) -> None:
    first = map_sign_off(acting_user=world.manager, map_=map_with_a_pair(world), expected_version=None)
    plan = plan_sign_off(acting_user=world.manager, plan=draft_plan(world), expected_version=None)
    assert FIGHTS not in str(plan.snapshot)
    remap = map_remap(acting_user=world.worker, map_=first, held_on=TODAY, setting="home_visit")
    pair = remap.danger_statements.get()
    danger_pair_save(
        acting_user=world.worker,
        map_=remap,
        expected_version=None,
        statement_fields={"statement": HITTING},
        goal_fields={"statement": CALM},
        danger_statement=pair,
    )
    map_sign_off(acting_user=world.manager, map_=remap, expected_version=None)
    page = page_of(teammate_client, plan)
    assert HITTING in page and FIGHTS not in page


def test_showing_the_maps_words_is_a_view_of_the_map_for_each_child(world: World, teammate_client) -> None:
    map_ = map_with_a_pair(world)
    page_of(teammate_client, draft_plan(world))
    seen = AccessLogEntry.objects.filter(user=world.teammate, action="view", record_type="map", record_id=str(map_.pk))
    assert {entry.person for entry in seen} == {world.child, world.sibling}
