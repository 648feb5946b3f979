"""Every form that changes a booklet, posted exactly as the page rendered it after someone else saved the booklet
meanwhile: the save is refused, what the worker typed stays on the form, and the form shown again saves."""

from collections.abc import Callable

import pytest
from django.urls import reverse

from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_rendered, refused_as_stale, rendered_form
from casemap.words import services
from casemap.words.models import BookletStatus, WordsAndPicturesBooklet
from casemap.words.tests.booklets import booklet

pytestmark = pytest.mark.django_db


def tom_changes_the_first_page(world: World, made: WordsAndPicturesBooklet) -> Callable[[], None]:
    def meanwhile() -> None:
        page = made.pages.first()
        assert page is not None
        services.page_change(
            acting_user=world.teammate, page=page, expected_version=None, heading="", text="Tom's words"
        )

    return meanwhile


def test_adding_a_page(world: World, client_for) -> None:
    made = booklet(world)
    client = client_for(world.worker)
    url = reverse("words:page-new", args=[made.pk])
    again = refused_as_stale(
        client, url, "page-form", tom_changes_the_first_page(world, made), text="Sally will visit every week."
    )
    assert post_rendered(client, url, again).status_code == 302
    assert [p.text for p in made.pages.all()][-1] == "Sally will visit every week."


def test_changing_a_page(world: World, client_for) -> None:
    made = booklet(world)
    second = made.pages.last()
    client = client_for(world.worker)
    url = reverse("words:page-edit", args=[made.pk, second.pk])
    again = refused_as_stale(
        client, url, "page-form", tom_changes_the_first_page(world, made), text="A glass broke at home."
    )
    assert post_rendered(client, url, again).status_code == 302
    second.refresh_from_db()
    assert second.text == "A glass broke at home."
    assert made.pages.first().text == "Tom's words"


def test_removing_a_page(world: World, client_for) -> None:
    made = booklet(world)
    second = made.pages.last()
    client = client_for(world.worker)
    url = reverse("words:page-remove", args=[made.pk, second.pk])
    again = refused_as_stale(client, url, "words-form", tom_changes_the_first_page(world, made))
    assert post_rendered(client, url, again).status_code == 302
    assert [p.text for p in made.pages.all()] == ["Tom's words"]


def test_moving_a_page(world: World, client_for) -> None:
    made = booklet(world)
    first, second = made.pages.all()
    client = client_for(world.worker)
    booklet_url = reverse("words:booklet", args=[made.pk])
    move_url = reverse("words:page-move", args=[made.pk, second.pk])
    shown = rendered_form(client, booklet_url, posts_to=move_url)
    tom_changes_the_first_page(world, made)()
    refused = post_rendered(client, move_url, shown, press="direction")
    said = client.get(refused["Location"]).content.decode()
    assert f"{world.teammate} changed this booklet while you were looking at it" in said
    assert [p.pk for p in made.pages.all()] == [first.pk, second.pk]
    again = rendered_form(client, booklet_url, posts_to=move_url)
    assert post_rendered(client, move_url, again, press="direction").status_code == 302
    assert [p.pk for p in made.pages.all()] == [second.pk, first.pk]


def test_recording_a_parents_view(world: World, client_for) -> None:
    made = booklet(world)
    client = client_for(world.worker)
    url = reverse("words:agreement-new", args=[made.pk])
    again = refused_as_stale(
        client,
        url,
        "words-form",
        tom_changes_the_first_page(world, made),
        parent=str(world.mother.pk),
        response="agreed_with_changes",
        their_words="Say we love them",
    )
    assert post_rendered(client, url, again).status_code == 302
    made.refresh_from_db()
    assert made.status == BookletStatus.AGREED
    assert made.agreements.get().their_words == "Say we love them"


def test_recording_that_it_was_given(world: World, client_for) -> None:
    made = booklet(world)
    client = client_for(world.worker)
    url = reverse("words:given-new", args=[made.pk])
    again = refused_as_stale(
        client,
        url,
        "words-form",
        tom_changes_the_first_page(world, made),
        child=str(world.child.pk),
        parent_present=str(world.mother.pk),
        child_kept_copy="yes",
        child_said="Alkira drew her cat.",
    )
    assert post_rendered(client, url, again).status_code == 302
    given = made.givings.get()
    assert (given.child, given.parent_present, given.child_said) == (world.child, world.mother, "Alkira drew her cat.")


def test_starting_a_new_version(world: World, client_for) -> None:
    made = booklet(world)
    client = client_for(world.worker)
    url = reverse("words:new-version", args=[made.pk])
    again = refused_as_stale(client, url, "words-form", tom_changes_the_first_page(world, made))
    assert post_rendered(client, url, again).status_code == 302
    made.refresh_from_db()
    assert made.status == BookletStatus.SUPERSEDED
    assert WordsAndPicturesBooklet.objects.get(previous=made).pages.first().text == "Tom's words"


def test_archiving_a_booklet(world: World, client_for) -> None:
    made = booklet(world)
    client = client_for(world.worker)
    url = reverse("words:archive", args=[made.pk])
    again = refused_as_stale(
        client, url, "words-form", tom_changes_the_first_page(world, made), reason="Started by mistake"
    )
    assert post_rendered(client, url, again).status_code == 302
    made.refresh_from_db()
    assert made.is_archived and made.archive_reason == "Started by mistake"
