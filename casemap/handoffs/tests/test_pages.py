"""The hand-off pages as the personas use them, every form posted as its page renders it: the worker asks from
the record's page, the manager finds it from their landing page, decides with reasons, and the worker reads them."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from casemap.access.models import AccessLogEntry
from casemap.conftest import REFUSED, World
from casemap.core.forms import OUT_OF_DATE_MESSAGE, SHORT_TEXT
from casemap.core.tests.rendered_forms import RenderedForm, post_changed, rendered_form
from casemap.handoffs.forms import NO_DECISION_MESSAGE
from casemap.handoffs.models import SignOffOutcome, SignOffRequest
from casemap.handoffs.services import sign_off_ask
from casemap.handoffs.tests.records import draft_map
from casemap.mapping.models import Map, MapStatus
from casemap.mapping.services import item_save
from casemap.safety.tests.plan_data import draft_plan
from casemap.words.tests.booklets import booklet

pytestmark = pytest.mark.django_db
MANAGERS = ["manager", "service_manager"]


def map_url(map_: Map) -> str:
    return reverse("mapping:map", args=[map_.pk])


def ask(client: Client, page: str, ask_url: str, note: str = "") -> Any:
    return post_changed(client, page, posts_to=ask_url, **{"ask-note": note})


def test_the_worker_asks_the_manager_finds_it_and_signs_it_off_with_reasons(world: World, client_for) -> None:
    map_ = draft_map(world)
    worker = client_for(world.worker)
    response = ask(worker, map_url(map_), reverse("mapping:ask-sign-off", args=[map_.pk]), "Look at the scores first")
    assert response.status_code == 302 and response["Location"].endswith("#sign-off")
    page = worker.get(map_url(map_)).content.decode()
    assert f"Sign-off asked for by {world.worker} on" in page and "Look at the scores first" in page
    assert 'id="ask-for-sign-off"' not in page  # asked once, until it is decided

    manager = client_for(world.manager)
    landing = manager.get(reverse("home"), follow=True).content.decode()
    assert "1 thing waits for you" in landing and reverse("handoffs:queue") in landing
    queue = manager.get(reverse("handoffs:queue")).content.decode()
    assert "Sign-off of Signs of Safety map 1" in queue and map_url(map_) in queue
    assert "Look at the scores first" in queue
    decide_url = reverse("mapping:sign-off", args=[map_.pk])
    assert decide_url in manager.get(map_url(map_)).content.decode()
    decided = post_changed(
        manager, decide_url, "sign-off-decision", "sign_off", reasons="The danger statement is in Eddy's words."
    )
    assert decided.status_code == 302
    map_.refresh_from_db()
    assert map_.status == MapStatus.SIGNED_OFF

    page = worker.get(map_url(map_)).content.decode()
    assert f"Signed off by {world.manager} on" in page and "The danger statement is in Eddy&#x27;s words." in page
    assert "0 things" not in manager.get(reverse("cases:my-caseload")).content.decode()
    assert "Nothing is waiting for you" in manager.get(reverse("cases:my-caseload")).content.decode()


def test_a_returned_map_stays_a_draft_the_worker_changes_and_asks_about_again(world: World, client_for) -> None:
    map_ = draft_map(world)
    worker, manager = client_for(world.worker), client_for(world.manager)
    ask(worker, map_url(map_), reverse("mapping:ask-sign-off", args=[map_.pk]))
    decide_url = reverse("mapping:sign-off", args=[map_.pk])
    refused = post_changed(manager, decide_url, "sign-off-decision", "return_to_worker")
    assert refused.status_code == 400
    assert "Say what needs to change before it can be signed off" in refused.content.decode()
    returned = post_changed(
        manager, decide_url, "sign-off-decision", "return_to_worker", reasons="Add what Alkira said."
    )
    assert returned.status_code == 302
    page = worker.get(map_url(map_)).content.decode()
    assert f"Returned by {world.manager} on" in page and "Add what Alkira said." in page
    assert reverse("mapping:item-add", args=[map_.pk, "harm"]) in page  # still a draft to change
    assert 'id="ask-for-sign-off"' in page
    ask(worker, map_url(map_), reverse("mapping:ask-sign-off", args=[map_.pk]), "Added")
    history = worker.get(map_url(map_)).content.decode()
    assert "Earlier requests and decisions (1)" in history and "Add what Alkira said." in history


def test_a_plan_and_a_booklet_are_asked_for_and_decided_from_their_pages(world: World, client_for) -> None:
    plan, made = draft_plan(world), booklet(world)
    worker, manager = client_for(world.worker), client_for(world.service_manager)
    plan_page, booklet_page = reverse("safety:plan", args=[plan.pk]), reverse("words:booklet", args=[made.pk])
    assert ask(worker, plan_page, reverse("safety:plan-ask-sign-off", args=[plan.pk])).status_code == 302
    assert (
        ask(worker, booklet_page, reverse("words:ask-sign-off", args=[made.pk]), "For the children").status_code == 302
    )
    queue = manager.get(reverse("handoffs:queue")).content.decode()
    assert "Sign-off of Family safety plan 1" in queue
    assert "Sign-off of Words and Pictures: Alkira and Darel&#x27;s story, version 1" in queue
    post_changed(
        manager,
        reverse("safety:plan-sign-off", args=[plan.pk]),
        "sign-off-decision",
        "sign_off",
        reasons="The network agreed it.",
    )
    post_changed(
        manager,
        reverse("words:sign-off", args=[made.pk]),
        "sign-off-decision",
        "sign_off",
        reasons="Words Alkira will understand.",
    )
    assert "The network agreed it." in worker.get(plan_page).content.decode()
    assert "Words Alkira will understand." in worker.get(booklet_page).content.decode()
    assert "Nothing is waiting for you." in manager.get(reverse("handoffs:queue")).content.decode()
    assert set(SignOffRequest.objects.values_list("outcome", flat=True)) == {SignOffOutcome.SIGNED_OFF}


def test_the_landing_page_and_the_menu_offer_the_list_to_managers_only(world: World, client_for) -> None:
    sign_off_ask(acting_user=world.worker, record=draft_map(world), expected_version=None)
    for persona in MANAGERS:
        page = client_for(getattr(world, persona)).get(reverse("cases:my-caseload")).content.decode()
        assert 'id="waiting-for-you"' in page and "1 thing waits for you" in page
        assert f'href="{reverse("handoffs:queue")}"' in page
    for persona in ["worker", "teammate", "practice_lead", "data_officer"]:
        client = client_for(getattr(world, persona))
        page = client.get(reverse("cases:my-caseload")).content.decode()
        assert 'id="waiting-for-you"' not in page and reverse("handoffs:queue") not in page
        assert client.get(reverse("handoffs:queue")).status_code == 404


def test_the_list_is_logged(world: World, client_for) -> None:
    sign_off_ask(acting_user=world.worker, record=draft_map(world), expected_version=None)
    client_for(world.manager).get(reverse("handoffs:queue"))
    entry = AccessLogEntry.objects.filter(user=world.manager, record_type="waiting_for_you").get()
    assert entry.detail == "1 waiting"


@pytest.mark.parametrize("persona", REFUSED)
def test_anyone_who_may_not_see_the_case_gets_not_found_and_nothing_changes(
    world: World, client_for, persona: str
) -> None:
    map_, plan, made = draft_map(world), draft_plan(world), booklet(world)
    client = client_for(getattr(world, persona))
    urls = [
        (reverse("mapping:ask-sign-off", args=[map_.pk]), map_.version),
        (reverse("mapping:sign-off", args=[map_.pk]), map_.version),
        (reverse("safety:plan-ask-sign-off", args=[plan.pk]), plan.version),
        (reverse("safety:plan-sign-off", args=[plan.pk]), plan.version),
        (reverse("words:ask-sign-off", args=[made.pk]), made.version),
        (reverse("words:sign-off", args=[made.pk]), made.version),
    ]
    for url, version in urls:
        assert client.get(url).status_code == 404, url
        posted = {"version": version, "ask-version": version, "sign_off": "yes", "reasons": "x"}
        assert client.post(url, posted).status_code == 404, url
    assert not SignOffRequest.objects.exists()
    assert not AccessLogEntry.objects.filter(user=getattr(world, persona)).exclude(action="denied").exists()


def test_a_worker_cannot_decide_even_by_posting(world: World, client_for) -> None:
    map_ = draft_map(world)
    sign_off_ask(acting_user=world.worker, record=map_, expected_version=None)
    map_.refresh_from_db()
    url = reverse("mapping:sign-off", args=[map_.pk])
    for persona in ["worker", "teammate"]:
        client = client_for(getattr(world, persona))
        assert client.get(url).status_code == 404
        assert client.post(url, {"version": map_.version, "sign_off": "yes"}).status_code == 404
    assert "Sign off or return the map" not in client_for(world.worker).get(map_url(map_)).content.decode()
    assert SignOffRequest.objects.get().is_waiting


def test_the_decision_page_logs_the_view_and_shows_what_the_worker_asked(world: World, client_for) -> None:
    map_ = draft_map(world)
    sign_off_ask(acting_user=world.worker, record=map_, expected_version=None, note="Scores are in")
    page = client_for(world.manager).get(reverse("mapping:sign-off", args=[map_.pk])).content.decode()
    assert "Sign off or return Signs of Safety map 1" in page and "Scores are in" in page
    logged = AccessLogEntry.objects.filter(user=world.manager, action="view", record_type="map", record_id=map_.pk)
    assert {entry.person_id for entry in logged} == {world.child.pk, world.sibling.pk}


def test_a_stale_decision_keeps_the_reasons_and_succeeds_once_checked(world: World, client_for) -> None:
    map_ = draft_map(world)
    manager = client_for(world.manager)
    url = reverse("mapping:sign-off", args=[map_.pk])
    form = rendered_form(manager, url, "sign-off-decision")
    item_save(acting_user=world.worker, map_=map_, expected_version=None, category="harm", text="A late worry")
    posted = form.fields | {"reasons": ["Read it all"], "sign_off": ["yes"]}
    stale = manager.post(url, posted)
    assert stale.status_code == 400
    page = stale.content.decode()
    assert "changed this record" in page and "Read it all" in page
    assert manager.post(url, decision_fields(page) | {"sign_off": ["yes"]}).status_code == 302
    map_.refresh_from_db()
    assert map_.status == MapStatus.SIGNED_OFF


def decision_fields(page: str) -> dict[str, list[str]]:
    """The decision form as the refused page shows it again: the reasons kept and the version carried."""
    form = RenderedForm(form_id="sign-off-decision")
    form.feed(page)
    return form.fields


@pytest.mark.parametrize("version", ["abc", "", None, "-1"])
def test_a_bad_version_changes_nothing_and_says_the_page_was_out_of_date(
    world: World, client_for, version: str | None
) -> None:
    map_ = draft_map(world)
    posted = {} if version is None else {"version": version, "ask-version": version}
    for client, url, button in [
        (client_for(world.worker), reverse("mapping:ask-sign-off", args=[map_.pk]), {}),
        (client_for(world.manager), reverse("mapping:sign-off", args=[map_.pk]), {"sign_off": "yes"}),
    ]:
        response = client.post(url, posted | button)
        assert response.status_code == 400, url
        assert OUT_OF_DATE_MESSAGE in response.content.decode(), url
    assert not SignOffRequest.objects.exists()
    map_.refresh_from_db()
    assert map_.status == MapStatus.DRAFT


def test_a_decision_with_no_button_or_too_long_a_note_is_refused_in_plain_words(world: World, client_for) -> None:
    map_ = draft_map(world)
    manager = client_for(world.manager)
    url = reverse("mapping:sign-off", args=[map_.pk])
    form = rendered_form(manager, url, "sign-off-decision")
    response = manager.post(url, form.fields)
    assert response.status_code == 400 and NO_DECISION_MESSAGE in response.content.decode()
    worker = client_for(world.worker)
    too_long = ask(worker, map_url(map_), reverse("mapping:ask-sign-off", args=[map_.pk]), "x" * (SHORT_TEXT + 1))
    assert too_long.status_code == 400
    assert "2,000 characters or fewer" in too_long.content.decode()
    assert "x" * (SHORT_TEXT + 1) in too_long.content.decode()  # what was typed is kept
    assert not SignOffRequest.objects.exists()
