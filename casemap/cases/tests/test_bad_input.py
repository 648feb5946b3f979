"""Bad input on case pages: a version that is missing or not a number changes nothing and says the page was out
of date, and a note too long to keep is refused in plain words, kept on the form."""

import pytest
from django.urls import reverse

from casemap.cases.models import CaseNote
from casemap.cases.tests.test_pages import note_form
from casemap.conftest import World, add_note
from casemap.core.forms import LONG_TEXT, OUT_OF_DATE_MESSAGE

pytestmark = pytest.mark.django_db


def test_a_note_too_long_is_refused_and_kept_on_the_form(world: World, client_for) -> None:
    text = "Alkira showed me her room and her drawings." * 500
    response = client_for(world.worker).post(
        reverse("cases:note-new", args=[world.case.pk]), note_form(world, text=text)
    )
    page = response.content.decode()
    assert f"Note must be {LONG_TEXT:,} characters or fewer. It has {len(text):,}." in page
    assert text in page
    assert not CaseNote.objects.exists()


@pytest.mark.parametrize("version", ["abc", "", None, "-1"])
def test_a_bad_version_changes_nothing_and_says_the_page_was_out_of_date(
    world: World, client_for, version: str | None
) -> None:
    add_note(world)
    note = CaseNote.objects.get()
    posted = {"text": "Corrected wording", "present": ""} | ({} if version is None else {"version": version})
    response = client_for(world.worker).post(reverse("cases:note-edit", args=[world.case.pk, note.pk]), posted)
    page = response.content.decode()
    assert OUT_OF_DATE_MESSAGE in page
    assert "Corrected wording" in page
    note.refresh_from_db()
    assert (note.text, note.version) == ("Visited at home. Alkira showed me her room.", 1)
