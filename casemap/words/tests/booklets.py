"""Booklets for tests, made through the real services."""

from django.utils import timezone

from casemap.accounts.models import User
from casemap.conftest import World
from casemap.words.models import WordsAndPicturesBooklet
from casemap.words.services import booklet_create, page_add

TODAY = timezone.localdate()
PAGE_WORDS = [
    ("Who is worried?", "Sally helps families. Sally is worried about Alkira and Darel."),
    ("What happened", "On Tuesday night mum and dad had a big fight. A glass broke and Alkira cut her foot."),
]


def booklet(world: World, *, pages: int = 2, by: User | None = None) -> WordsAndPicturesBooklet:
    made = booklet_create(
        acting_user=by or world.worker,
        case=world.case,
        children=[world.child, world.sibling],
        title="Alkira and Darel's story",
    )
    for heading, text in PAGE_WORDS[:pages]:
        page_add(acting_user=by or world.worker, booklet=made, expected_version=None, heading=heading, text=text)
    made.refresh_from_db()
    return made
