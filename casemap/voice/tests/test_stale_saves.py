"""Every form that changes a voice record (and the one that adds a child's words to a draft map), posted exactly as
the page rendered it after someone else saved the record meanwhile: the save is refused, what the worker typed stays
on the form, and the form shown again saves."""

import pytest
from django.urls import reverse

from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_rendered, refused_as_stale
from casemap.mapping.models import MapItem
from casemap.mapping.services import item_save, map_start
from casemap.voice.models import ChildDrawing, ChildVoiceRecord
from casemap.voice.services import EntryInput, drawing_change, voice_record_update
from casemap.voice.tests.drawings import drawn, worries
from casemap.voice.tests.sessions import TODAY, details, record

pytestmark = pytest.mark.django_db


def tom_changes_the_session(world: World, session: ChildVoiceRecord):  # type: ignore[no-untyped-def]
    return lambda: voice_record_update(
        acting_user=world.teammate,
        record=session,
        expected_version=None,
        details=details(),
        entries=[EntryInput(part_key="good-things", label="", words="Tom's note: Biscuit the cat")],
    )


def tom_changes_the_drawing(world: World, drawing: ChildDrawing):  # type: ignore[no-untyped-def]
    return lambda: drawing_change(
        acting_user=world.teammate, drawing=drawing, expected_version=None, details=worries(title="Tom's title")
    )


def test_changing_a_session(world: World, client_for) -> None:
    session = record(world)
    client = client_for(world.worker)
    url = reverse("voice:edit", args=[session.pk])
    again = refused_as_stale(
        client, url, "session-form", tom_changes_the_session(world, session), worries__words="The glass broke."
    )
    assert post_rendered(client, url, again).status_code == 302
    assert session.entries.get(part_key="worries").words == "The glass broke."


def test_archiving_a_session(world: World, client_for) -> None:
    session = record(world)
    client = client_for(world.worker)
    url = reverse("voice:archive", args=[session.pk])
    again = refused_as_stale(
        client, url, "archive-form", tom_changes_the_session(world, session), reason="Recorded twice"
    )
    assert post_rendered(client, url, again).status_code == 302
    session.refresh_from_db()
    assert session.is_archived and session.archive_reason == "Recorded twice"


def test_changing_what_is_said_about_a_drawing(world: World, client_for) -> None:
    drawing = drawn(world)
    client = client_for(world.worker)
    url = reverse("voice:drawing-edit", args=[drawing.pk])
    again = refused_as_stale(
        client,
        url,
        "drawing-form",
        tom_changes_the_drawing(world, drawing),
        description="A house with a red roof, a broken window and Biscuit the cat.",
    )
    assert post_rendered(client, url, again).status_code == 302
    drawing.refresh_from_db()
    assert drawing.description == "A house with a red roof, a broken window and Biscuit the cat."


def test_archiving_a_drawing(world: World, client_for) -> None:
    drawing = drawn(world)
    client = client_for(world.worker)
    url = reverse("voice:drawing-archive", args=[drawing.pk])
    again = refused_as_stale(
        client, url, "archive-form", tom_changes_the_drawing(world, drawing), reason="Added to the wrong child"
    )
    assert post_rendered(client, url, again).status_code == 302
    drawing.refresh_from_db()
    assert drawing.is_archived and drawing.archive_reason == "Added to the wrong child"


def test_adding_the_childs_words_to_a_map_someone_else_changed_meanwhile(world: World, client_for) -> None:
    session = record(world, worries="Mum and dad yelling.")
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    worries = session.entries.get(part_key="worries")
    client = client_for(world.worker)
    url = reverse("voice:pull", args=[session.pk])
    again = refused_as_stale(
        client,
        url,
        "pull-form",
        lambda: item_save(acting_user=world.teammate, map_=map_, expected_version=None, category="harm", text="Tom's"),
        version_field=f"version_{map_.pk}",
        entries=[str(worries.pk)],
        category="harm",
    )
    assert post_rendered(client, url, again).status_code == 302
    assert sorted(MapItem.objects.values_list("text", flat=True)) == ["Mum and dad yelling.", "Tom's"]
