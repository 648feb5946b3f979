"""The appreciative inquiry pages as their users use them: the worker records one from the supervision page,
choosing a family from their own cases; the supervisor comments beside it (a stale comment is refused, the typing
kept); the worker nominates it with consent; everyone else gets a 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessLogEntry
from casemap.conftest import World, make_case
from casemap.core.tests.rendered_forms import form_on_page, post_changed, post_rendered, refused_as_stale, rendered_form
from casemap.supervision.models import AppreciativeInquiry
from casemap.supervision.services.inquiry import inquiry_comment
from casemap.supervision.services.staff import supervision_profile_set
from casemap.supervision.tests.test_pages import day_fields

TODAY = timezone.localdate()
TYPED = {
    "went_well": "Alkira told me about her worries in her own words.",
    "how_made_it_happen": "I used the Three Houses and let her draw first.",
    "who_helped": "Her teacher found us a quiet room.",
    "family_would_say": "Rose said I listened to the children.",
    "learning": "Slow down; let her lead.",
    "self_scale": "7",
    "closer_to_ten": "Doing it with Darel too.",
}


@pytest.fixture
def supervised(world: World) -> World:
    supervision_profile_set(
        acting_user=world.manager, staff=world.worker, supervisor=world.manager, line_manager=world.service_manager
    )
    return world


def record_through_the_page(client_for, world: World):  # type: ignore[no-untyped-def]
    worker = client_for(world.worker)
    home = worker.get(reverse("supervision:home")).content.decode()
    assert reverse("supervision:inquiries") in home
    listing = worker.get(reverse("supervision:inquiries")).content.decode()
    assert reverse("supervision:inquiry-new") in listing
    return post_changed(
        worker,
        reverse("supervision:inquiry-new"),
        "record-form",
        case=str(world.case.pk),
        **day_fields("held_on", TODAY - datetime.timedelta(days=1)),
        **TYPED,
    )


def test_the_worker_records_one_about_their_own_family(client_for, supervised: World) -> None:  # type: ignore[no-untyped-def]
    world = supervised
    response = record_through_the_page(client_for, world)
    inquiry = AppreciativeInquiry.objects.get()
    assert response.status_code == 302 and response.url == reverse("supervision:inquiry", args=[inquiry.pk])
    assert inquiry.worker == world.worker and inquiry.case == world.case and inquiry.self_scale == 7
    assert inquiry.learning == TYPED["learning"]
    page = client_for(world.worker).get(response.url).content.decode()
    assert TYPED["went_well"] in page and "7 out of 10" in page and world.case.family_name in page
    logged = AccessLogEntry.objects.filter(user=world.worker, record_type="appreciative inquiry", record_id=inquiry.pk)
    assert set(logged.values_list("action", flat=True)) == {"create", "view"}


def test_only_the_workers_own_cases_are_offered(client_for, supervised: World) -> None:  # type: ignore[no-untyped-def]
    world = supervised
    other_case = make_case(acting=world.manager, team=world.team, worker=world.teammate, manager=world.manager,
                           surname="Baker")  # fmt: skip
    form = rendered_form(client_for(world.worker), reverse("supervision:inquiry-new"), "record-form")
    assert str(world.case.pk) in form.options["case"]
    assert str(other_case.pk) not in form.options["case"]
    # A case the page did not offer, sent anyway, is refused in plain words and nothing is saved.
    fields = dict(form.fields)
    fields.update({"case": [str(other_case.pk)], **{k: [v] for k, v in TYPED.items()}})
    fields.update({k: [v] for k, v in day_fields("held_on", TODAY).items()})
    refused = client_for(world.worker).post(reverse("supervision:inquiry-new"), fields)
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert not AppreciativeInquiry.objects.exists()


def test_missing_answers_and_a_future_date_are_refused_in_plain_words(client_for, supervised: World) -> None:  # type: ignore[no-untyped-def]
    world = supervised
    worker = client_for(world.worker)
    url = reverse("supervision:inquiry-new")
    empty = post_changed(worker, url, "record-form").content.decode()
    for message in ("Enter the date of the conversation", "Enter what went well", "Enter how you made it happen",
                    "Enter the most important learning", "Choose a number from 0 to 10"):  # fmt: skip
        assert message in empty
    future = post_changed(worker, url, "record-form", **day_fields("held_on", TODAY + datetime.timedelta(days=3)),
                          **TYPED).content.decode()  # fmt: skip
    assert "The date must be today or in the past" in future
    assert TYPED["went_well"] in future, "what was typed is kept"
    assert not AppreciativeInquiry.objects.exists()


def test_the_supervisor_comments_beside_the_workers_words(client_for, supervised: World) -> None:  # type: ignore[no-untyped-def]
    world = supervised
    record_through_the_page(client_for, world)
    inquiry = AppreciativeInquiry.objects.get()
    manager = client_for(world.manager)
    home = manager.get(reverse("supervision:home")).content.decode()
    assert "Comment: 1 appreciative inquiry from people you supervise" in home
    detail = reverse("supervision:inquiry", args=[inquiry.pk])
    assert "nominate-form" not in manager.get(detail).content.decode(), "only the worker nominates"
    comment_url = reverse("supervision:inquiry-comment", args=[inquiry.pk])
    saved = post_changed(manager, detail, posts_to=comment_url, manager_comments="A lovely piece of direct work.")
    assert saved.status_code == 302
    inquiry.refresh_from_db()
    assert (
        inquiry.manager_comments == "A lovely piece of direct work." and inquiry.manager_commented_by == world.manager
    )
    assert inquiry.went_well == TYPED["went_well"]
    assert "comment-form" not in client_for(world.worker).get(detail).content.decode(), "the worker cannot comment"
    # Two tabs: a comment saved from an older page is refused, the typing kept, and saving again succeeds.
    again = refused_as_stale(
        manager, comment_url, "comment-form",
        lambda: inquiry_comment(acting_user=world.manager, inquiry=inquiry, comments="Changed in another tab."),
        manager_comments="Thank you for this.",
    )  # fmt: skip
    assert post_rendered(manager, comment_url, again).status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.manager_comments == "Thank you for this."


def test_the_worker_nominates_it_only_with_consent(client_for, supervised: World) -> None:  # type: ignore[no-untyped-def]
    world = supervised
    record_through_the_page(client_for, world)
    inquiry = AppreciativeInquiry.objects.get()
    worker = client_for(world.worker)
    detail = reverse("supervision:inquiry", args=[inquiry.pk])
    nominate_url = reverse("supervision:inquiry-nominate", args=[inquiry.pk])
    unticked = post_changed(worker, detail, posts_to=nominate_url)
    assert unticked.status_code == 200
    assert "Tick to say you agree to it being shared" in unticked.content.decode()
    form_on_page(unticked, posts_to=nominate_url)
    inquiry.refresh_from_db()
    assert inquiry.nominated_at is None
    ticked = post_changed(worker, detail, posts_to=nominate_url, consented="on")
    assert ticked.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.nominated_at is not None and inquiry.worker_consented
    assert "Nominated by" in worker.get(detail).content.decode()


@pytest.mark.parametrize("name", ["teammate", "other_worker", "practice_lead", "service_manager", "chair"])
def test_nobody_else_finds_it(client_for, supervised: World, name: str) -> None:  # type: ignore[no-untyped-def]
    record_through_the_page(client_for, supervised)
    inquiry = AppreciativeInquiry.objects.get()
    user = getattr(supervised, name)
    client = client_for(user)
    for url in ("supervision:inquiry", "supervision:inquiry-comment", "supervision:inquiry-nominate"):
        assert client.get(reverse(url, args=[inquiry.pk])).status_code == 404
    posted = client.post(reverse("supervision:inquiry-comment", args=[inquiry.pk]), {"manager_comments": "x",
                                                                                    "version": "1"})  # fmt: skip
    assert posted.status_code == 404
    inquiry.refresh_from_db()
    assert inquiry.manager_comments == ""
    assert TYPED["went_well"] not in client.get(reverse("supervision:inquiries")).content.decode()
    assert AccessLogEntry.objects.filter(user=user, action="denied").exists()


@pytest.mark.parametrize("name", ["data_officer", "administrator"])
def test_read_only_roles_are_not_offered_the_form(client_for, world: World, name: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(getattr(world, name))
    assert client.get(reverse("supervision:inquiry-new")).status_code == 404
    assert client.post(reverse("supervision:inquiry-new"), {"went_well": "x"}).status_code == 404
    assert not AppreciativeInquiry.objects.exists()
