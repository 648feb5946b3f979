"""Bad input on the child's voice pages: a version that is missing or not a number changes nothing and says the
page was out of date, and words too long to keep are refused in plain words, kept on the form."""

import pytest
from django.urls import reverse

from casemap.conftest import World
from casemap.core.forms import LONG_TEXT, OUT_OF_DATE_MESSAGE
from casemap.mapping.models import MapItem
from casemap.mapping.services import map_start
from casemap.voice.models import ChildVoiceRecord
from casemap.voice.tests.sessions import TODAY, record
from casemap.voice.tests.test_pages import session_post

pytestmark = pytest.mark.django_db


def test_the_childs_words_too_long_are_refused_and_kept_on_the_form(world: World, client_for) -> None:
    words = "Mum and dad shout and I hide under the bed." * 500
    response = client_for(world.worker).post(
        reverse("voice:new", args=[world.child.pk]), session_post(case=str(world.case.pk), worries__words=words)
    )
    page = response.content.decode()
    assert f"The child&#x27;s words must be {LONG_TEXT:,} characters or fewer. It has {len(words):,}." in page
    assert words in page
    assert not ChildVoiceRecord.objects.exists()


@pytest.mark.parametrize("version", ["abc", "", None, "-1"])
def test_a_bad_version_changes_nothing_and_says_the_page_was_out_of_date(
    world: World, client_for, version: str | None
) -> None:
    made = record(world)
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    client = client_for(world.worker)
    versions = {} if version is None else {"version": version}
    changed = client.post(
        reverse("voice:edit", args=[made.pk]), session_post(**versions, worries__words="Changed words")
    )
    archived = client.post(reverse("voice:archive", args=[made.pk]), {**versions, "reason": "Wrong child"})
    entry = made.entries.get(part_key="worries")
    pulled = client.post(
        reverse("voice:pull", args=[made.pk]),
        {"entries": str(entry.pk), "map": str(map_.pk), "category": "harm"}
        | ({} if version is None else {f"version_{map_.pk}": version}),
    )
    for response in (changed, archived, pulled):
        assert OUT_OF_DATE_MESSAGE in response.content.decode()
    made.refresh_from_db()
    assert made.version == 1 and not made.is_archived
    assert made.entries.get(part_key="worries").words == "Mum and dad yelling."
    assert not MapItem.objects.exists()
