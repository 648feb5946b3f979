"""Bad input on Words and Pictures pages: a version that is missing or not a number changes nothing and says the
page was out of date, and words too long to keep are refused in plain words, kept on the form."""

import pytest
from django.urls import reverse

from casemap.conftest import World
from casemap.core.forms import LONG_TEXT, OUT_OF_DATE_MESSAGE
from casemap.words.tests.booklets import booklet

pytestmark = pytest.mark.django_db


def test_words_too_long_for_a_page_are_refused_and_kept_on_the_form(world: World, client_for) -> None:
    made = booklet(world)
    text = "Sally is worried about Alkira and Darel." * 520
    response = client_for(world.worker).post(
        reverse("words:page-new", args=[made.pk]), {"version": made.version, "heading": "Worries", "text": text}
    )
    page = response.content.decode()
    assert f"The words on the page must be {LONG_TEXT:,} characters or fewer. It has {len(text):,}." in page
    assert text in page
    assert made.pages.count() == 2


@pytest.mark.parametrize("version", ["abc", "", None, "1.5"])
def test_a_bad_version_changes_nothing_and_says_the_page_was_out_of_date(
    world: World, client_for, version: str | None
) -> None:
    made = booklet(world)
    first, second = made.pages.all()
    client = client_for(world.worker)
    versions = {} if version is None else {"version": version}
    moved = client.post(
        reverse("words:page-move", args=[made.pk, second.pk]), {**versions, "direction": "up"}, follow=True
    )
    removed = client.post(reverse("words:page-remove", args=[made.pk, first.pk]), {**versions, "confirm": "yes"})
    for response in (moved, removed):
        assert OUT_OF_DATE_MESSAGE in response.content.decode()
    assert list(made.pages.all()) == [first, second]
