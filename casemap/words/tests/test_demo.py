"""The demo booklet for the worked-example family: through the real services, in words that pass the coach."""

import datetime

import pytest

from casemap.cases.models import ChronologyEntry
from casemap.conftest import World
from casemap.core import plain_language
from casemap.people.services import person_create
from casemap.voice.tests.drawings import drawn
from casemap.words.demo import LAST_PAGE_WITH_CHANGE, PAGES, demo_words_create
from casemap.words.models import AgreementResponse, BookletStatus
from casemap.words.selectors import explanations_for_children

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", [text for _, text in PAGES] + [LAST_PAGE_WITH_CHANGE])
def test_every_page_passes_the_plain_language_coach(text: str) -> None:
    assert plain_language.jargon_hints(text) == []
    assert plain_language.readability(text).reading_age <= 10


def test_the_demo_booklet_is_agreed_by_both_parents_and_given_with_merinda_there(world: World) -> None:
    from casemap.cases.models import CaseMember, MemberRole

    eddy = person_create(
        acting_user=world.worker, first_name="Eddy", last_name="Cooper", date_of_birth=datetime.date(1988, 2, 1)
    )
    CaseMember.objects.create(case=world.case, person=eddy, role=MemberRole.ADULT)
    made_on = datetime.date.today() - datetime.timedelta(days=3)
    booklet = demo_words_create(case=world.case, worker=world.worker, made_on=made_on)
    first = booklet.previous
    assert (booklet.number, booklet.status, first.status) == (2, BookletStatus.GIVEN, BookletStatus.SUPERSEDED)
    assert 5 <= booklet.pages.count() <= 7
    texts = " ".join(page.text for page in booklet.pages.all())
    assert "Alkira cut her foot badly on the broken glass" in texts and "Rose, Kerri and Pat" in texts
    assert "love you all" in texts and "love you all" not in " ".join(p.text for p in first.pages.all())
    assert [(a.parent.first_name, a.response) for a in first.agreements.all()] == [
        ("Merinda", AgreementResponse.AGREED_WITH_CHANGES)
    ]
    assert {a.parent.first_name for a in booklet.agreements.all()} == {"Merinda", "Eddy"}
    givings = list(booklet.givings.select_related("parent_present"))
    assert {g.child for g in givings} == {world.child, world.sibling}
    assert all(g.parent_present == world.mother and g.given_on == made_on and g.child_kept_copy for g in givings)
    statuses = explanations_for_children(user=world.worker, children=[world.child, world.sibling])
    assert not any(status.needs_explanation for status in statuses.values())
    assert ChronologyEntry.objects.filter(source_type="words.wordsandpicturesbooklet").exists()


def test_the_demo_booklet_shows_a_childs_own_drawing_on_its_first_page(world: World) -> None:
    drawing = drawn(world)
    booklet = demo_words_create(case=world.case, worker=world.worker, made_on=datetime.date.today())
    pages = list(booklet.pages.order_by("position"))
    assert pages[0].picture_id == drawing.stored_file_id
    assert all(page.picture_id is None for page in pages[1:])
