"""Bad input on a map: a version that is missing or not a number changes nothing and says the page was out of
date, and words too long to keep are refused in plain words, on the page and in an autosave."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.conftest import World
from casemap.core.forms import LONG_TEXT, OUT_OF_DATE_MESSAGE
from casemap.mapping.models import DangerStatement, Map, MapItem, MapStatus, ScalingJudgement
from casemap.mapping.services import danger_pair_save, item_save, judgement_add, map_start

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
TOO_LONG = "Merinda threw a glass." * 910  # 20,020 characters


def draft_with_everything(world: World) -> Map:
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    item_save(acting_user=world.worker, map_=map_, expected_version=None, category="harm", text="Cut foot")
    statement = danger_pair_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        statement_fields={
            "who_is_worried": "Sally",
            "behaviour": "Fights",
            "short_term_impact": "Hurt",
            "statement": "Sally is worried.",
        },
        goal_fields={
            "parents_will": "Talk calmly",
            "child_will_experience": "Calm",
            "sustained_for": "6 months",
            "statement": "Calm at home.",
        },
    )
    judgement_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        rater_name="Sally",
        rater_role="worker",
        score=3,
        reason="Still fighting",
        danger_statement=statement,
    )
    map_.refresh_from_db()
    return map_


@pytest.mark.parametrize("version", ["abc", "", None, "-1", "1e3", "99999999999999999999"])
def test_buttons_with_a_bad_version_change_nothing_and_say_the_page_was_out_of_date(
    world: World, client_for, version: str | None
) -> None:
    map_ = draft_with_everything(world)
    worker = client_for(world.worker)
    posted = {} if version is None else {"version": version}
    pressed = [
        (worker, reverse("mapping:item-remove", args=[map_.pk, MapItem.objects.get().pk])),
        (worker, reverse("mapping:pair-remove", args=[map_.pk, DangerStatement.objects.get().pk])),
        (worker, reverse("mapping:judgement-remove", args=[map_.pk, ScalingJudgement.objects.get().pk])),
    ]
    for client, url in pressed:
        response = client.post(url, posted, follow=True)
        assert response.status_code == 200, url
        assert OUT_OF_DATE_MESSAGE in response.content.decode(), url
    map_.refresh_from_db()
    assert map_.status == MapStatus.DRAFT
    assert (MapItem.objects.count(), DangerStatement.objects.count(), ScalingJudgement.objects.count()) == (1, 1, 1)


def test_words_too_long_are_refused_and_kept_on_the_map(world: World, client_for) -> None:
    map_ = draft_with_everything(world)
    response = client_for(world.worker).post(
        reverse("mapping:item-add", args=[map_.pk, "harm"]),
        {"harm-version": map_.version, "harm-category": "harm", "harm-text": TOO_LONG},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Your answer must be {LONG_TEXT:,} characters or fewer. It has {len(TOO_LONG):,}." in page
    assert TOO_LONG in page
    assert list(MapItem.objects.values_list("text", flat=True)) == ["Cut foot"]


def test_an_autosave_too_long_is_refused_with_the_same_message(world: World, client_for) -> None:
    map_ = draft_with_everything(world)
    item = MapItem.objects.get()
    response = client_for(world.worker).post(
        reverse("mapping:item-edit", args=[map_.pk, item.pk]),
        {"version": map_.version, "category": "harm", "text": TOO_LONG, "evidence": "x" * (LONG_TEXT + 1)},
        headers={"X-Casemap-Autosave": "1"},
    )
    assert response.status_code == 409
    assert response.json() == {
        "saved": False,
        "errors": [
            f"Your answer must be {LONG_TEXT:,} characters or fewer. It has {len(TOO_LONG):,}.",
            f"Evidence must be {LONG_TEXT:,} characters or fewer. It has 20,001.",
        ],
    }
    item.refresh_from_db()
    assert item.text == "Cut foot"
