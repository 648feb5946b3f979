"""Who was there at a visit is ticked from the people the record already names, with a box for anyone else; the
note keeps them as one line of names, and shows that line ticked again when the note is changed."""

import datetime

import pytest
from django.urls import reverse

from casemap.cases.models import CaseNote
from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_changed, rendered_form

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def a_visit(world: World) -> dict[str, str | list[str]]:
    return {
        "kind": "home_visit",
        "occurred_on_day": str(TODAY.day),
        "occurred_on_month": str(TODAY.month),
        "occurred_on_year": str(TODAY.year),
        "children": [str(world.child.pk)],
        "child_seen": "on",
        "text": "Alkira showed me her room.",
    }


def test_the_people_on_the_record_are_offered_and_anyone_else_is_typed(world: World, client_for) -> None:
    client = client_for(world.worker)
    url = reverse("cases:note-new", args=[world.case.pk])
    form = rendered_form(client, url, "case-note")
    mother = f"person-{world.mother.pk}"
    assert form.options["present_known"][:1] == ["you"] and mother in form.options["present_known"]
    page = client.get(url).content.decode()
    assert "Merinda Cooper (mother)" in page and "Sally Worker (you)" in page
    saved = post_changed(
        client, url, "case-note", **a_visit(world), present_known=[mother, "you"], present_other="Aunty Jen"
    )
    assert saved.status_code == 302
    assert CaseNote.objects.get().present == "Sally Worker, Merinda Cooper, Aunty Jen"


def test_changing_a_note_shows_its_names_ticked_and_keeps_them(world: World, client_for) -> None:
    client = client_for(world.worker)
    post_changed(
        client,
        reverse("cases:note-new", args=[world.case.pk]),
        "case-note",
        **a_visit(world),
        present_known=[f"person-{world.mother.pk}"],
        present_other="Pat from school",
    )
    note = CaseNote.objects.get()
    edit = reverse("cases:note-edit", args=[world.case.pk, note.pk])
    shown = rendered_form(client, edit, "case-note")
    assert (shown.fields["present_known"], shown.fields["present_other"]) == (
        [f"person-{world.mother.pk}"],
        ["Pat from school"],
    )
    assert post_changed(client, edit, "case-note", text="Alkira showed me her room and garden.").status_code == 302
    note.refresh_from_db()
    assert (note.present, note.text) == ("Merinda Cooper, Pat from school", "Alkira showed me her room and garden.")


def test_someone_not_offered_is_refused_in_plain_words(world: World, client_for) -> None:
    response = client_for(world.worker).post(
        reverse("cases:note-new", args=[world.case.pk]), {**a_visit(world), "present_known": ["person-99999"]}
    )
    assert "Choose only people listed, or write the name in the box below" in response.content.decode()
    assert not CaseNote.objects.exists()
