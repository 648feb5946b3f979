"""Who took part, who said or saw it, who disagrees, who is scaling, who will do it and who is worried: chosen
from the people already on the case's record, or typed once as someone else, and kept as names as before."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.conftest import World
from casemap.core.people_choice import SOMEONE_ELSE
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.mapping.models import DangerStatement, Map, MapItem
from casemap.mapping.services import danger_pair_save, item_save, map_start

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
THREE_HOUSES = "Alkira, 7, in her Three Houses on 3 Nov"


@pytest.fixture
def map_(world: World) -> Map:
    return map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)


def map_page(map_: Map) -> str:
    return reverse("mapping:map", args=[map_.pk])


def test_every_form_that_asks_who_offers_the_worker_first_then_the_family(world: World, client_for, map_: Map) -> None:
    client = client_for(world.worker)
    for posts_to, field in (
        (reverse("mapping:participant-add", args=[map_.pk]), "participant-name_choice"),
        (reverse("mapping:item-add", args=[map_.pk, "harm"]), "harm-said_by_choice"),
        (reverse("mapping:item-add", args=[map_.pk, "harm"]), "harm-disputed_by_choice"),
        (reverse("mapping:judgement-add", args=[map_.pk]), "score-rater_name_choice"),
        (reverse("mapping:next-step-add", args=[map_.pk]), "step-owner_name_choice"),
    ):
        offered = rendered_form(client, map_page(map_), posts_to=posts_to).options[field]
        assert offered[:2] == ["", "you"], field
        assert {f"person-{world.mother.pk}", f"person-{world.child.pk}", SOMEONE_ELSE} <= set(offered), field
    page = client.get(map_page(map_)).content.decode()
    assert f"{world.mother.full_name} (mother)" in page


def test_who_said_it_is_chosen_or_typed_and_kept_as_a_name(world: World, client_for, map_: Map) -> None:
    client = client_for(world.worker)
    added = post_changed(
        client,
        map_page(map_),
        posts_to=reverse("mapping:item-add", args=[map_.pk, "harm"]),
        **{
            "harm-text": "Alkira cut her foot on a glass",
            "harm-said_by_choice": f"person-{world.mother.pk}",
            "harm-disputed_by_choice": SOMEONE_ELSE,
            "harm-disputed_by_other": "Eddy (dad)",
        },
    )
    assert added.status_code == 302
    item = MapItem.objects.get()
    assert (item.said_by, item.disputed_by) == (world.mother.full_name, "Eddy (dad)")
    page = client.get(map_page(map_)).content.decode()
    assert f"Said or seen by: {world.mother.full_name}" in page
    assert "Disputed by Eddy (dad)" in page


def test_someone_else_without_a_name_is_refused_in_plain_words(world: World, client_for, map_: Map) -> None:
    refused = post_changed(
        client_for(world.worker),
        map_page(map_),
        posts_to=reverse("mapping:item-add", args=[map_.pk, "harm"]),
        **{"harm-text": "Alkira cut her foot on a glass", "harm-said_by_choice": SOMEONE_ELSE},
    )
    assert refused.status_code == 400
    assert "Enter the name of the person, or choose them from the list" in refused.content.decode()
    assert not MapItem.objects.exists()


def test_an_older_item_keeps_its_words_when_saved_again(world: World, client_for, map_: Map) -> None:
    item = item_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        category="harm",
        text="Yelling",
        said_by=THREE_HOUSES,
    )
    client = client_for(world.worker)
    url = reverse("mapping:item-edit", args=[map_.pk, item.pk])
    form = rendered_form(client, url, "item-form")
    assert (form.fields["said_by_choice"], form.fields["said_by_other"]) == ([SOMEONE_ELSE], [THREE_HOUSES])
    saved = post_changed(client, url, "item-form", text="Mum and dad yelling")
    assert saved.status_code == 302
    item.refresh_from_db()
    assert (item.text, item.said_by) == ("Mum and dad yelling", THREE_HOUSES)


def test_a_participant_chosen_from_the_family_is_linked_to_their_record(world: World, client_for, map_: Map) -> None:
    post_changed(
        client_for(world.worker),
        map_page(map_),
        posts_to=reverse("mapping:participant-add", args=[map_.pk]),
        **{"participant-name_choice": f"person-{world.mother.pk}", "participant-role": "parent"},
    )
    participant = map_.participants.get()
    assert (participant.name, participant.role, participant.person) == (world.mother.full_name, "parent", world.mother)


def test_a_next_step_the_worker_takes_on_is_listed_as_theirs(world: World, client_for, map_: Map) -> None:
    client = client_for(world.worker)
    yesterday = TODAY - datetime.timedelta(days=1)
    for choice, action in (("you", "Ring the school"), (f"person-{world.mother.pk}", "Book the GP")):
        post_changed(
            client,
            map_page(map_),
            posts_to=reverse("mapping:next-step-add", args=[map_.pk]),
            **{
                "step-action": action,
                "step-owner_name_choice": choice,
                "step-due_on_day": str(yesterday.day),
                "step-due_on_month": str(yesterday.month),
                "step-due_on_year": str(yesterday.year),
            },
        )
    steps = {step.action: step for step in map_.next_steps.all()}
    assert (steps["Ring the school"].owner_name, steps["Ring the school"].owner_user) == ("Sally Worker", world.worker)
    assert (steps["Book the GP"].owner_name, steps["Book the GP"].owner_user) == (world.mother.full_name, None)
    caseload = client.get(reverse("cases:my-caseload")).content.decode()
    assert "Ring the school" in caseload
    assert "Book the GP" not in caseload


def pair_answers(world: World, **changes: str | list[str]) -> dict[str, str | list[str]]:
    answers: dict[str, str | list[str]] = {
        "who_is_worried_people": [f"person-{world.mother.pk}"],
        "who_is_worried": "Sally from Child Protection Services",
        "behaviour": "Merinda and Eddy will have fights where they scream and throw things",
        "short_term_impact": "will be frightened and maybe get hurt",
        "parents_will": "Merinda and Eddy will sort out disagreements calmly",
        "child_will_experience": "feel safe at home",
        "sustained_for": "6 months",
    }
    answers.update(changes)
    return answers


def test_several_people_can_be_worried_ticked_and_typed(world: World, client_for, map_: Map) -> None:
    client = client_for(world.worker)
    url = reverse("mapping:pair-new", args=[map_.pk])
    assert post_changed(client, url, "pair-form", **pair_answers(world)).status_code == 302
    statement = DangerStatement.objects.get()
    assert statement.who_is_worried == f"{world.mother.full_name} and Sally from Child Protection Services"
    assert statement.statement.startswith(
        f"{world.mother.full_name} and Sally from Child Protection Services are worried that"
    )


def test_a_saved_list_of_people_on_the_record_shows_as_ticks(world: World, client_for, map_: Map) -> None:
    client = client_for(world.worker)
    url = reverse("mapping:pair-new", args=[map_.pk])
    ticked = [f"person-{world.mother.pk}", "you"]
    post_changed(client, url, "pair-form", **pair_answers(world, who_is_worried_people=ticked, who_is_worried=""))
    statement = DangerStatement.objects.get()
    assert statement.who_is_worried == f"Sally Worker and {world.mother.full_name}"
    edit = rendered_form(client, reverse("mapping:pair-edit", args=[map_.pk, statement.pk]), "pair-form")
    assert sorted(edit.fields["who_is_worried_people"]) == sorted(ticked)
    assert edit.fields["who_is_worried"] == [""]


def test_a_saved_answer_naming_others_is_kept_word_for_word(world: World, client_for, map_: Map) -> None:
    worried = "Sally from CPS, Rose, Darel, Kerri and Pat"
    statement = danger_pair_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        statement_fields={
            "who_is_worried": worried,
            "behaviour": "b",
            "short_term_impact": "s",
            "statement": "Sally is worried.",
        },
        goal_fields={"parents_will": "p", "child_will_experience": "c", "sustained_for": "6 months", "statement": "g"},
    )
    client = client_for(world.worker)
    url = reverse("mapping:pair-edit", args=[map_.pk, statement.pk])
    form = rendered_form(client, url, "pair-form")
    assert (form.fields.get("who_is_worried_people", []), form.fields["who_is_worried"]) == ([], [worried])
    assert post_changed(client, url, "pair-form", family_view="We only argue sometimes").status_code == 302
    statement.refresh_from_db()
    assert (statement.who_is_worried, statement.family_view) == (worried, "We only argue sometimes")


def test_nobody_worried_is_refused_in_plain_words(world: World, client_for, map_: Map) -> None:
    refused = post_changed(
        client_for(world.worker),
        reverse("mapping:pair-new", args=[map_.pk]),
        "pair-form",
        **pair_answers(world, who_is_worried_people=[], who_is_worried=""),
    )
    assert "Choose who is worried, or enter who they are" in refused.content.decode()
    assert not DangerStatement.objects.exists()
