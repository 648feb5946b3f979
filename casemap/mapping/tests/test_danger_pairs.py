"""The danger statement and safety goal form: structured questions, a composed statement, plain-language hints."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_changed
from casemap.mapping.models import DangerStatement, Map
from casemap.mapping.services import danger_pair_save, map_start

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()

SEED_DANGER_STATEMENT = (
    "Sally from CPS is concerned that Eddy and Merinda will hit the children when they misbehave and cause bruises "
    "or worse."
)


def answers(map_: Map, **changes: str) -> dict[str, object]:
    data: dict[str, object] = {
        "version": map_.version,
        "who_is_worried": "Sally from Child Protection Services",
        "behaviour": "Merinda and Eddy will have fights where they scream, shout and throw things",
        "what_happened": "on Tuesday night when Alkira cut her foot on a glass Merinda threw",
        "short_term_impact": "will be really upset and frightened and maybe even get hurt",
        "long_term_impact": "",
        "parents_will": "Merinda and Eddy will sort out disagreements calmly, away from the children",
        "child_will_experience": "feel safe and calm at home",
        "professionals_will_see": "Sally and the safety network will see calm visits",
        "sustained_for": "6 months",
        "statement": "",
        "goal_statement": "",
        "family_view": "",
        "family_version": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def map_(world: World) -> Map:
    return map_start(acting_user=world.worker, case=world.case, setting="meeting", held_on=TODAY)


def test_compose_fills_the_statements_from_the_answers_without_saving(world: World, client_for, map_: Map) -> None:
    response = client_for(world.worker).post(
        reverse("mapping:pair-new", args=[map_.pk]), {**answers(map_), "compose": "1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sally from Child Protection Services is worried that Merinda and Eddy will have fights" in page
    assert "This will carry on for 6 months." in page
    assert not DangerStatement.objects.exists()


def test_saving_records_the_pair_and_the_map_shows_both_columns(world: World, client_for, map_: Map) -> None:
    client = client_for(world.worker)
    response = client.post(reverse("mapping:pair-new", args=[map_.pk]), answers(map_, statement=SEED_DANGER_STATEMENT))
    assert response.status_code == 302
    statement = DangerStatement.objects.get()
    assert statement.statement == SEED_DANGER_STATEMENT
    assert statement.goal.statement.startswith("Merinda and Eddy will sort out disagreements calmly")
    page = client.get(reverse("mapping:map", args=[map_.pk])).content.decode()
    assert SEED_DANGER_STATEMENT in page
    assert "Merinda and Eddy will sort out disagreements calmly" in page


def test_seed_statement_gets_no_suggestions(world: World, client_for, map_: Map) -> None:
    response = client_for(world.worker).post(
        reverse("mapping:coach", args=[map_.pk]),
        answers(
            map_,
            statement=SEED_DANGER_STATEMENT,
            goal_statement=(
                "Merinda and Eddy will sort out disagreements calmly, away from Darel, Alkira and Jirra. The children "
                "will feel safe at home and Sally will see this for 6 months."
            ),
        ),
    )
    page = response.content.decode()
    assert "No suggestions" in page
    assert "Reading age of the statement" in page


def test_jargon_and_a_negative_goal_get_hints_but_still_save(world: World, client_for, map_: Map) -> None:
    client = client_for(world.worker)
    jargon = answers(map_, statement="Concerns re DV and non-engagement.", goal_statement="Parents will not argue.")
    hints = client.post(reverse("mapping:coach", args=[map_.pk]), jargon).content.decode()
    assert "DV" in hints
    assert "Suggestions for plain words" in hints
    assert "will not" in hints
    saved = client.post(reverse("mapping:pair-new", args=[map_.pk]), jargon)
    assert saved.status_code == 302
    assert DangerStatement.objects.get().statement == "Concerns re DV and non-engagement."


def test_missing_answers_are_explained_and_kept(world: World, client_for, map_: Map) -> None:
    response = client_for(world.worker).post(
        reverse("mapping:pair-new", args=[map_.pk]), answers(map_, who_is_worried="", sustained_for="")
    )
    page = response.content.decode()
    assert "Choose who is worried, or enter who they are" in page
    assert "Enter for how long" in page
    assert "Merinda and Eddy will have fights where they scream" in page
    assert not DangerStatement.objects.exists()


def test_other_team_cannot_reach_the_form_or_the_coach(world: World, client_for, map_: Map) -> None:
    client = client_for(world.other_worker)
    assert client.get(reverse("mapping:pair-new", args=[map_.pk])).status_code == 404
    assert client.post(reverse("mapping:coach", args=[map_.pk]), answers(map_)).status_code == 404


def test_editing_a_pair_autosaves_and_a_stale_autosave_is_refused(world: World, client_for, map_: Map) -> None:
    client = client_for(world.worker)
    client.post(reverse("mapping:pair-new", args=[map_.pk]), answers(map_, statement=SEED_DANGER_STATEMENT))
    statement = DangerStatement.objects.get()
    map_.refresh_from_db()
    url = reverse("mapping:pair-edit", args=[map_.pk, statement.pk])
    assert "data-casemap-autosave" in client.get(url).content.decode()
    saved = client.post(
        url,
        answers(map_, statement="Sally is worried that Eddy will hit Darel and hurt him."),
        headers={"X-Casemap-Autosave": "1"},
    )
    assert saved.json() == {"version": map_.version + 1, "saved": True}
    stale = client.post(url, answers(map_, statement="An older wording"), headers={"X-Casemap-Autosave": "1"})
    assert stale.status_code == 409
    statement.refresh_from_db()
    assert statement.statement == "Sally is worried that Eddy will hit Darel and hurt him."


def test_the_fourth_pair_gets_the_too_many_pairs_hint_as_the_worker_types(world: World, client_for, map_: Map) -> None:
    client = client_for(world.worker)
    for _ in range(3):
        map_.refresh_from_db()
        client.post(reverse("mapping:pair-new", args=[map_.pk]), answers(map_, statement=SEED_DANGER_STATEMENT))
    map_.refresh_from_db()
    typing_a_new_one = client.post(reverse("mapping:coach", args=[map_.pk]), answers(map_, statement="Sally is"))
    assert "This map has 4 danger statements with safety goals" in typing_a_new_one.content.decode()
    editing_one = DangerStatement.objects.first()
    assert editing_one is not None
    editing = client.post(
        reverse("mapping:coach", args=[map_.pk]),
        {**answers(map_, statement=SEED_DANGER_STATEMENT), "editing_pair": editing_one.pk},
    )
    assert "No suggestions" in editing.content.decode()


def test_saved_statements_show_their_suggestions_on_the_draft_map(world: World, client_for, map_: Map) -> None:
    client = client_for(world.worker)
    client.post(
        reverse("mapping:pair-new", args=[map_.pk]),
        answers(map_, statement="Concerns re DV.", goal_statement="Parents will not argue."),
    )
    page = client.get(reverse("mapping:map", args=[map_.pk])).content.decode()
    assert "suggestions for plain words" in page
    assert "DV" in page.split("suggestions for plain words")[1]


FAMILY_STATEMENT = "Mum and Dad shout and throw things when they argue, and Darel and Alkira get scared and hide."
FAMILY_GOAL = "Mum and Dad will talk things through calmly, and Darel and Alkira will feel safe at home."


def test_statements_in_the_familys_words_alone_are_enough(world: World, client_for, map_: Map) -> None:
    saved = post_changed(
        client_for(world.worker),
        reverse("mapping:pair-new", args=[map_.pk]),
        "pair-form",
        statement=FAMILY_STATEMENT,
        goal_statement=FAMILY_GOAL,
    )
    assert saved.status_code == 302
    statement = DangerStatement.objects.get()
    assert (statement.statement, statement.goal.statement) == (FAMILY_STATEMENT, FAMILY_GOAL)
    assert (statement.who_is_worried, statement.behaviour, statement.goal.sustained_for) == ("", "", "")


def test_an_empty_statement_with_nothing_to_write_it_from_is_refused_plainly(
    world: World, client_for, map_: Map
) -> None:
    refused = post_changed(
        client_for(world.worker), reverse("mapping:pair-new", args=[map_.pk]), "pair-form", goal_statement=FAMILY_GOAL
    )
    page = refused.content.decode()
    assert "Enter the statement in words the family will understand, or answer the questions above" in page
    assert "Enter the goal" not in page
    assert FAMILY_GOAL in page
    assert not DangerStatement.objects.exists()


def test_writing_the_statements_from_no_answers_says_what_to_do(world: World, client_for, map_: Map) -> None:
    shown = post_changed(
        client_for(world.worker), reverse("mapping:pair-new", args=[map_.pk]), "pair-form", press="compose"
    )
    assert "Answer at least one of the questions to write the statements from" in shown.content.decode()
    assert not DangerStatement.objects.exists()


def test_writing_the_statements_from_some_answers_gives_sentences_to_edit(world: World, client_for, map_: Map) -> None:
    shown = post_changed(
        client_for(world.worker),
        reverse("mapping:pair-new", args=[map_.pk]),
        "pair-form",
        press="compose",
        short_term_impact="could get hurt!!",
        sustained_for="for 6 months.",
    )
    page = shown.content.decode()
    assert "We are worried that" in page and "could get hurt." in page
    assert "This will carry on for 6 months." in page
    assert "None" not in page.split('id="family-words"')[1].split("</form>")[0]
    assert not DangerStatement.objects.exists()


def test_the_service_refuses_an_empty_statement_or_goal_in_plain_words(world: World, map_: Map) -> None:
    for statement, goal, message in (
        ("  ", FAMILY_GOAL, "Enter the statement"),
        (FAMILY_STATEMENT, "", "Enter the goal"),
    ):
        with pytest.raises(ValidationError, match=message):
            danger_pair_save(
                acting_user=world.worker,
                map_=map_,
                expected_version=None,
                statement_fields={"statement": statement},
                goal_fields={"statement": goal},
            )
    assert not DangerStatement.objects.exists()
