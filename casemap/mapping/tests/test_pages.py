"""Map pages with the personas: who may see, change and sign off, and what the worker sees."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.conftest import REFUSED, SEES, World
from casemap.core.people_choice import SOMEONE_ELSE
from casemap.core.tests.rendered_forms import post_changed
from casemap.mapping.models import Map, MapItem, MapStatus
from casemap.mapping.services import judgement_add, map_sign_off, map_start, next_step_add

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def draft(world: World) -> Map:
    return map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)


def test_worker_starts_a_map_from_the_case(world: World, client_for) -> None:
    client = client_for(world.worker)
    case_page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert reverse("mapping:new", args=[world.case.pk]) in case_page
    response = client.post(
        reverse("mapping:new", args=[world.case.pk]),
        {
            "setting": "home_visit",
            "held_on_day": TODAY.day,
            "held_on_month": TODAY.month,
            "held_on_year": TODAY.year,
        },
    )
    map_ = Map.objects.get()
    assert response["Location"] == reverse("mapping:map", args=[map_.pk])
    page = client.get(response["Location"]).content.decode()
    for heading in (
        "What are we worried about?",
        "What&#x27;s working well?",
        "What needs to happen?",
        "Danger statements",
        "Existing safety",
        "Where are we on a scale of 0 to 10?",
    ):
        assert heading in page


@pytest.mark.parametrize("persona", SEES)
def test_the_case_team_and_line_see_the_map(world: World, client_for, persona: str) -> None:
    map_ = draft(world)
    assert client_for(getattr(world, persona)).get(reverse("mapping:map", args=[map_.pk])).status_code == 200


@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_else_gets_not_found(world: World, client_for, persona: str) -> None:
    map_ = draft(world)
    client = client_for(getattr(world, persona))
    assert client.get(reverse("mapping:map", args=[map_.pk])).status_code == 404
    added = client.post(
        reverse("mapping:item-add", args=[map_.pk, "harm"]),
        {"harm-version": map_.version, "harm-category": "harm", "harm-text": "x"},
    )
    assert added.status_code == 404
    assert client.get(reverse("mapping:trajectory", args=[world.case.pk])).status_code == 404
    assert not MapItem.objects.exists()


def test_adding_an_item_and_a_stale_add_keeps_the_text(world: World, client_for) -> None:
    map_ = draft(world)
    url = reverse("mapping:item-add", args=[map_.pk, "existing_safety"])
    loaded = map_.version
    client_for(world.worker).post(
        url,
        {
            "existing_safety-version": loaded,
            "existing_safety-category": "existing_safety",
            "existing_safety-text": "Rose took the children home during the fight",
        },
    )
    stale = client_for(world.teammate).post(
        url,
        {
            "existing_safety-version": loaded,
            "existing_safety-category": "existing_safety",
            "existing_safety-text": "Kerri stays over at weekends",
        },
    )
    page = stale.content.decode()
    assert stale.status_code == 400
    assert "Your changes have not been saved" in page
    assert "Kerri stays over at weekends" in page
    assert list(MapItem.objects.values_list("text", flat=True)) == ["Rose took the children home during the fight"]


def test_autosave_answers_with_the_new_version(world: World, client_for) -> None:
    map_ = draft(world)
    client = client_for(world.worker)
    client.post(
        reverse("mapping:item-add", args=[map_.pk, "harm"]),
        {"harm-version": map_.version, "harm-category": "harm", "harm-text": "First words"},
    )
    item = MapItem.objects.get()
    map_.refresh_from_db()
    response = client.post(
        reverse("mapping:item-edit", args=[map_.pk, item.pk]),
        {"version": map_.version, "category": "harm", "text": "First words, then more"},
        headers={"X-Casemap-Autosave": "1"},
    )
    assert response.json() == {"version": map_.version + 1, "saved": True}
    stale = client.post(
        reverse("mapping:item-edit", args=[map_.pk, item.pk]),
        {"version": map_.version, "category": "harm", "text": "From an old tab"},
        headers={"X-Casemap-Autosave": "1"},
    )
    assert stale.status_code == 409
    assert "not been saved" in stale.json()["errors"][0]
    item.refresh_from_db()
    assert item.text == "First words, then more"


def test_only_a_manager_signs_off_and_then_nothing_can_be_added(world: World, client_for) -> None:
    map_ = draft(world)
    client_for(world.worker).post(
        reverse("mapping:item-add", args=[map_.pk, "harm"]),
        {"harm-version": map_.version, "harm-category": "harm", "harm-text": "Cut foot"},
    )
    map_.refresh_from_db()
    sign_off_url = reverse("mapping:sign-off", args=[map_.pk])
    assert client_for(world.worker).get(sign_off_url).status_code == 404
    assert client_for(world.worker).post(sign_off_url, {"version": map_.version, "sign_off": "yes"}).status_code == 404
    manager = client_for(world.manager)
    assert "Sign off or return the map" in manager.get(reverse("mapping:map", args=[map_.pk])).content.decode()
    assert post_changed(manager, sign_off_url, "sign-off-decision", "sign_off").status_code == 302
    map_.refresh_from_db()
    assert map_.status == MapStatus.SIGNED_OFF
    page = client_for(world.worker).get(reverse("mapping:map", args=[map_.pk])).content.decode()
    assert "Signed off" in page
    assert reverse("mapping:item-add", args=[map_.pk, "harm"]) not in page
    refused = client_for(world.worker).post(
        reverse("mapping:item-add", args=[map_.pk, "harm"]),
        {"harm-version": map_.version, "harm-category": "harm", "harm-text": "x"},
    )
    assert refused.status_code == 404
    assert MapItem.objects.count() == 1


def test_remap_compare_and_trajectory(world: World, client_for) -> None:
    first = draft(world)
    client = client_for(world.worker)
    client.post(
        reverse("mapping:item-add", args=[first.pk, "harm"]),
        {"harm-version": first.version, "harm-category": "harm", "harm-text": "Cut foot"},
    )
    judgement_add(
        acting_user=world.worker,
        map_=first,
        expected_version=None,
        rater_name="Merinda",
        rater_role="parent",
        score=4,
        reason="Still fighting",
    )
    map_sign_off(acting_user=world.manager, map_=first, expected_version=None)
    response = client.post(
        reverse("mapping:remap", args=[first.pk]),
        {
            "remap-setting": "meeting",
            "remap-held_on_day": TODAY.day,
            "remap-held_on_month": TODAY.month,
            "remap-held_on_year": TODAY.year,
        },
    )
    second = Map.objects.get(number=2)
    assert response["Location"] == reverse("mapping:map", args=[second.pk])
    scored = post_changed(
        client,
        reverse("mapping:map", args=[second.pk]),
        posts_to=reverse("mapping:judgement-add", args=[second.pk]),
        **{
            "score-scale": "overall",
            "score-rater_name_choice": SOMEONE_ELSE,
            "score-rater_name_other": "Merinda",
            "score-rater_role": "parent",
            "score-score": "7",
            "score-reason": "Calm for a month",
        },
    )
    assert scored.status_code == 302
    map_sign_off(acting_user=world.manager, map_=second, expected_version=None)
    compare = client.get(reverse("mapping:compare", args=[world.case.pk]), {"older": first.pk, "newer": second.pk})
    page = compare.content.decode()
    assert "Scores that changed" in page
    assert "Side by side" in page
    assert page.count("Cut foot") >= 2  # in both maps' columns
    assert ">4<" in page and ">7<" in page
    trajectory = client.get(reverse("mapping:trajectory", args=[world.case.pk])).content.decode()
    assert "<svg" in trajectory
    assert "Merinda (parent or carer)" in trajectory
    assert trajectory.count("<circle") == 2


def test_bad_score_is_explained_and_what_was_typed_is_kept(world: World, client_for) -> None:
    map_ = draft(world)
    response = post_changed(
        client_for(world.worker),
        reverse("mapping:map", args=[map_.pk]),
        posts_to=reverse("mapping:judgement-add", args=[map_.pk]),
        **{
            "score-rater_name_choice": SOMEONE_ELSE,
            "score-rater_name_other": "Eddy",
            "score-rater_role": "parent",
            "score-reason": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Enter the reason for the score" in page
    assert "Choose a score from 0 to 10" in page
    assert 'value="Eddy"' in page
    assert not map_.judgements.exists()


def test_overdue_next_steps_appear_on_the_workers_home_page(world: World, client_for) -> None:
    map_ = draft(world)
    next_step_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        action="Ring the school",
        owner_name="Sally",
        owner_user=world.worker,
        due_on=TODAY - datetime.timedelta(days=2),
    )
    next_step_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        action="Visit next week",
        owner_name="Sally",
        owner_user=world.worker,
        due_on=TODAY + datetime.timedelta(days=5),
    )
    client = client_for(world.worker)
    page = client.get(reverse("cases:my-caseload")).content.decode()
    assert "You have 1 overdue next step" in page
    assert "Ring the school" in page
    assert "Visit next week" not in page
    step = map_.next_steps.get(action="Ring the school")
    done = post_changed(
        client, reverse("cases:my-caseload"), posts_to=reverse("mapping:next-step-done", args=[map_.pk, step.pk])
    )
    assert done["Location"] == reverse("cases:my-caseload")
    assert "Ring the school" not in client.get(reverse("cases:my-caseload")).content.decode()
    assert "overdue next step" not in client_for(world.teammate).get(reverse("cases:my-caseload")).content.decode()


def test_map_prints_and_downloads_as_a_pdf_with_its_version_and_sign_off(world: World, client_for) -> None:
    map_ = draft(world)
    client_for(world.worker).post(
        reverse("mapping:item-add", args=[map_.pk, "harm"]),
        {"harm-version": map_.version, "harm-category": "harm", "harm-text": "Cut foot"},
    )
    judgement_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        rater_name="Merinda",
        rater_role="parent",
        score=4,
        reason="Still fighting",
    )
    signed = map_sign_off(acting_user=world.manager, map_=map_, expected_version=None)
    client = client_for(world.worker)
    printed = client.get(reverse("mapping:print", args=[map_.pk])).content.decode()
    assert f"Map 1, version {signed.version}, signed off by {world.manager}" in printed
    assert "Cut foot" in printed
    assert "map-document.css" in printed  # a stylesheet the page's CSP allows, not inline style
    response = client.get(reverse("mapping:pdf", args=[map_.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    assert response.content.rstrip().endswith(b"%%EOF")  # its pages, font and footer: test_document.py
    from casemap.access.models import AccessLogEntry

    assert AccessLogEntry.objects.filter(record_type="map", action="export", user=world.worker).exists()
    assert client_for(world.other_worker).get(reverse("mapping:pdf", args=[map_.pk])).status_code == 404


def test_words_typed_into_a_map_survive_the_idle_time_out(world: World, client_for) -> None:
    from urllib.parse import parse_qs, urlparse

    from django.conf import settings

    from casemap.accounts.middleware import LAST_ACTIVITY_KEY

    map_ = draft(world)
    client = client_for(world.worker)
    client.get(reverse("mapping:map", args=[map_.pk]))
    session = client.session
    session[LAST_ACTIVITY_KEY] = session[LAST_ACTIVITY_KEY] - settings.IDLE_TIMEOUT_SECONDS - 1
    session.save()
    timed_out = client.post(
        reverse("mapping:item-add", args=[map_.pk, "existing_strength"]),
        {
            "existing_strength-version": map_.version,
            "existing_strength-category": "existing_strength",
            "existing_strength-text": "Eddy walks the children to school every morning",
        },
    )
    assert "kept=1" in timed_out["Location"]
    assert not MapItem.objects.exists()
    next_url = parse_qs(urlparse(timed_out["Location"]).query)["next"][0]
    restored = client_for(world.worker).get(next_url).content.decode()
    assert "Eddy walks the children to school every morning" in restored
    assert "What you typed is shown below" in restored


def test_viewing_a_map_shows_on_each_childs_who_has_looked_page(world: World, client_for) -> None:
    map_ = draft(world)
    client_for(world.teammate).get(reverse("mapping:map", args=[map_.pk]))
    from casemap.access.models import AccessLogEntry

    viewed = AccessLogEntry.objects.filter(record_type="map", action="view", user=world.teammate)
    assert {entry.person for entry in viewed} == {world.child, world.sibling}
    page = client_for(world.manager).get(reverse("people:access-log", args=[world.sibling.pk])).content.decode()
    assert "map" in page


def test_the_maps_details_can_be_changed_on_a_draft(world: World, client_for) -> None:
    map_ = draft(world)
    client = client_for(world.worker)
    page = client.get(reverse("mapping:map", args=[map_.pk])).content.decode()
    assert "Change where, when and who the map is about" in page
    yesterday = TODAY - datetime.timedelta(days=1)
    response = client.post(
        reverse("mapping:details", args=[map_.pk]),
        {
            "details-version": map_.version,
            "details-setting": "supervision",
            "details-held_on_day": yesterday.day,
            "details-held_on_month": yesterday.month,
            "details-held_on_year": yesterday.year,
            "details-children": [world.child.pk],
        },
    )
    assert response.status_code == 302
    map_.refresh_from_db()
    assert (map_.setting, map_.held_on, list(map_.children.all())) == ("supervision", yesterday, [world.child])
    refused = client.post(
        reverse("mapping:details", args=[map_.pk]),
        {
            "details-version": map_.version,
            "details-setting": "supervision",
            "details-children": [],
        },
    )
    assert refused.status_code == 400
    assert "Choose which children the map is about" in refused.content.decode()


def test_remap_problems_are_shown_on_the_form_and_a_second_draft_is_not_offered(world: World, client_for) -> None:
    map_ = draft(world)
    client_for(world.worker).post(
        reverse("mapping:item-add", args=[map_.pk, "harm"]),
        {"harm-version": map_.version, "harm-category": "harm", "harm-text": "Cut foot"},
    )
    map_sign_off(acting_user=world.manager, map_=map_, expected_version=None)
    client = client_for(world.worker)
    bad = client.post(reverse("mapping:remap", args=[map_.pk]), {"remap-setting": "meeting"})
    assert bad.status_code == 400
    assert "Enter the date of the mapping" in bad.content.decode()
    client.post(
        reverse("mapping:remap", args=[map_.pk]),
        {
            "remap-setting": "meeting",
            "remap-held_on_day": TODAY.day,
            "remap-held_on_month": TODAY.month,
            "remap-held_on_year": TODAY.year,
        },
    )
    page = client.get(reverse("mapping:map", args=[map_.pk])).content.decode()
    assert "Start a re-map" not in page
    assert "carry on with map 2" in page


def test_removing_a_score_needs_the_version_the_page_showed(world: World, client_for) -> None:
    map_ = draft(world)
    first = judgement_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        rater_name="Eddy",
        rater_role="parent",
        score=5,
        reason="Trying",
    )
    second = judgement_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        rater_name="Rose",
        rater_role="network",
        score=4,
        reason="Still shouting",
    )
    map_.refresh_from_db()
    client = client_for(world.worker)
    stale = client.post(
        reverse("mapping:judgement-remove", args=[map_.pk, first.pk]), {"version": map_.version - 1}, follow=True
    )
    assert "Your changes have not been saved" in stale.content.decode()
    client.post(reverse("mapping:judgement-remove", args=[map_.pk, first.pk]), {"version": map_.version})
    assert list(map_.judgements.values_list("pk", flat=True)) == [second.pk]
    assert (
        client_for(world.other_worker)
        .post(reverse("mapping:judgement-remove", args=[map_.pk, second.pk]), {"version": map_.version + 1})
        .status_code
        == 404
    )


def test_blank_forms_kept_between_views_carry_the_current_version_and_names(world: World, client_for) -> None:
    from casemap.people.services import person_update

    map_ = draft(world)
    client = client_for(world.worker)
    client.get(reverse("mapping:map", args=[map_.pk]))
    client.post(
        reverse("mapping:item-add", args=[map_.pk, "harm"]),
        {"harm-version": map_.version, "harm-category": "harm", "harm-text": "Cut foot"},
    )
    map_.refresh_from_db()
    page = client.get(reverse("mapping:map", args=[map_.pk])).content.decode()
    assert f'name="harm-version" value="{map_.version}"' in page
    assert f'name="score-version" value="{map_.version}"' in page
    assert "987654321" not in page
    person_update(
        acting_user=world.worker, person=world.sibling, expected_version=world.sibling.version, first_name="Darrel"
    )
    renamed = client.get(reverse("mapping:map", args=[map_.pk])).content.decode()
    assert "Darrel Cooper</label>" in renamed  # the children offered on the details form, by their names now
