"""A new page can start from the words of the case's latest map (signed off, or the draft after it, said to be a
draft): its danger statements and safety goals, the worries and what is working well, for the worker to rewrite in
the children's words."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_rendered, rendered_form
from casemap.mapping.models import Map
from casemap.mapping.services import danger_pair_save, item_save, map_remap, map_sign_off, map_start
from casemap.words.selectors import map_words_to_start_from
from casemap.words.tests.booklets import TODAY, booklet

pytestmark = pytest.mark.django_db

DANGER = "Sally and Kerri are worried that when Merinda and Eddy fight they throw things and Alkira gets hurt."
GOAL = "Merinda and Eddy will sort out disagreements calmly, so the children are safe at home."


def mapped(world: World) -> Map:
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    for category, text in [
        ("harm", "Alkira cut her foot on a broken glass"),
        ("complicating_factor", "Eddy drinks at weekends"),
        ("existing_strength", "Merinda walks the children to school"),
        ("existing_safety", "Rose has the children when the fights start"),
        ("grey_area", "Who threw the glass"),
    ]:
        item_save(acting_user=world.worker, map_=map_, expected_version=None, category=category, text=text)
    danger_pair_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        statement_fields={
            "who_is_worried": "Sally",
            "behaviour": "Fights",
            "short_term_impact": "Hurt",
            "statement": DANGER,
        },
        goal_fields={
            "parents_will": "Talk",
            "child_will_experience": "Calm",
            "sustained_for": "6 months",
            "statement": GOAL,
        },
    )
    return map_


def test_the_latest_map_offers_its_statements_goals_worries_and_what_is_working_well(world: World) -> None:
    mapped(world)
    offered = map_words_to_start_from(user=world.worker, case=world.case)
    assert offered is not None and offered.is_draft and offered.described == "map 1, a draft not yet signed off"
    assert [(w.key, w.label, w.heading) for w in offered.words] == [
        ("danger-1", "Danger statement 1", "What are we worried about?"),
        ("goal-1", "Safety goal 1", "What needs to happen"),
        ("worries", "The worries", "What people are worried about"),
        ("working-well", "What is working well", "What is going well"),
    ]
    chosen = {w.key: w.text for w in offered.words}
    assert (chosen["danger-1"], chosen["goal-1"]) == (DANGER, GOAL)
    assert chosen["worries"] == "Alkira cut her foot on a broken glass\nEddy drinks at weekends"
    assert chosen["working-well"] == (
        "Merinda walks the children to school\nRose has the children when the fights start"
    )
    assert "Who threw the glass" not in " ".join(chosen.values())  # grey areas are the worker's to explain


def test_a_signed_map_says_when_it_was_signed_and_a_re_map_after_it_is_offered_as_a_draft(world: World) -> None:
    signed = map_sign_off(acting_user=world.manager, map_=mapped(world), expected_version=None)
    offered = map_words_to_start_from(user=world.worker, case=world.case)
    assert offered is not None and not offered.is_draft
    assert offered.described == f"map 1, signed off on {timezone.localdate():%-d %B %Y}"
    remap = map_remap(acting_user=world.worker, map_=signed, held_on=TODAY, setting="home_visit")
    item_save(acting_user=world.worker, map_=remap, expected_version=None, category="harm", text="A new worry")
    latest = map_words_to_start_from(user=world.worker, case=world.case)
    assert latest is not None and latest.is_draft and latest.number == 2
    worries = latest.chosen("worries")
    assert worries is not None and "A new worry" in worries.text


def test_no_map_no_offer_and_someone_who_cannot_see_the_case_is_offered_nothing(world: World) -> None:
    assert map_words_to_start_from(user=world.worker, case=world.case) is None
    mapped(world)
    assert map_words_to_start_from(user=world.other_worker, case=world.case) is None


def test_the_worker_starts_a_page_from_a_danger_statement_and_rewrites_it(world: World, client_for) -> None:
    mapped(world)
    made = booklet(world, pages=0)
    client = client_for(world.worker)
    url = reverse("words:page-new", args=[made.pk])
    offer = client.get(url).content.decode()
    assert "Start from the words on the map" in offer and "From map 1, a draft not yet signed off." in offer
    assert DANGER in offer and GOAL in offer
    assert '<a class="govuk-link" href="?from=danger-1#page-form">Start the page from danger statement 1</a>' in offer
    logged = AccessLogEntry.objects.filter(user=world.worker, record_type="map", action=AccessAction.VIEW)
    assert {entry.person_id for entry in logged} == {world.child.pk, world.sibling.pk}

    started = rendered_form(client, url + "?from=danger-1", "page-form")
    assert started.fields["heading"] == ["What are we worried about?"] and started.fields["text"] == [DANGER]
    page = client.get(url + "?from=danger-1").content.decode()
    assert "The words below come from map 1, a draft not yet signed off (danger statement 1)." in page
    rewritten = "Sally and Kerri worry that when Mum and Dad fight, things get thrown and Alkira gets hurt."
    saved = post_rendered(client, url, started, text=rewritten)
    assert saved.status_code == 302
    assert [(p.heading, p.text) for p in made.pages.all()] == [("What are we worried about?", rewritten)]


def test_an_unknown_choice_or_a_change_to_a_page_starts_from_nothing(world: World, client_for) -> None:
    mapped(world)
    made = booklet(world, pages=1)
    client = client_for(world.worker)
    unknown = rendered_form(client, reverse("words:page-new", args=[made.pk]) + "?from=goal-9", "page-form")
    assert unknown.fields["text"] == [""]
    first = made.pages.get()
    change = client.get(reverse("words:page-edit", args=[made.pk, first.pk]) + "?from=danger-1").content.decode()
    assert "Start from the words on the map" not in change and first.text in change
