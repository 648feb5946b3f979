"""The child record and case pages, with their voice panels, and the voice pages cost a fixed number of queries
however many sessions, tools and children there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casemap.cases.tests.test_query_counts import PAGE_QUERY_LIMIT
from casemap.conftest import World
from casemap.voice.models import ChildVoiceRecord
from casemap.voice.tests.drawings import drawn
from casemap.voice.tests.sessions import TODAY, record

pytestmark = pytest.mark.django_db


def grow(world: World, sessions: int) -> ChildVoiceRecord:
    made = None
    for index in range(sessions):
        for child in (world.child, world.sibling):
            tool = ["three-houses", "fairy", "wizard"][index % 3]
            made = record(world, child=child, tool=tool, used_on=TODAY - datetime.timedelta(days=index))
    assert made is not None
    return made


def queries_for(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("persona", ["worker", "manager"])
def test_pages_with_voice_panels_do_not_grow_with_the_sessions(world: World, client_for, persona: str) -> None:
    first = grow(world, 1)
    client = client_for(getattr(world, persona))
    client.get(reverse("cases:my-caseload"))  # warm the session
    urls = {
        "record": reverse("people:detail", args=[world.child.pk]),
        "case": reverse("cases:detail", args=[world.case.pk]),
        "voice list": reverse("voice:child", args=[world.child.pk]),
        "voice record": reverse("voice:record", args=[first.pk]),
        "choose tool": reverse("voice:new", args=[world.child.pk]),
    }
    small = {name: queries_for(client, url) for name, url in urls.items()}
    grow(world, 9)
    large = {name: queries_for(client, url) for name, url in urls.items()}
    assert ChildVoiceRecord.objects.count() == 20
    assert large == small
    assert max(large.values()) <= PAGE_QUERY_LIMIT, large


def test_a_session_page_with_drawings_does_not_grow_with_them(world: World, client_for) -> None:
    session = record(world)
    client = client_for(world.worker)
    client.get(reverse("cases:my-caseload"))  # warm the session
    urls = {
        "voice record": reverse("voice:record", args=[session.pk]),
        "voice list": reverse("voice:child", args=[world.child.pk]),
    }
    drawn(world, session)
    small = {name: queries_for(client, url) for name, url in urls.items()}
    for part_key in ["worries", "good-things", "dreams", "", "worries"]:
        drawn(world, session, part_key=part_key)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(urls["voice record"]).status_code == 200
    large = {name: queries_for(client, url) for name, url in urls.items()}
    assert large == small
    assert max(large.values()) <= PAGE_QUERY_LIMIT, large
    # The pages list the drawings without loading any file's bytes.
    assert not any('"content"' in query["sql"].replace('"content_type"', "") for query in queries.captured_queries)
