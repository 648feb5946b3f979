"""A Words and Pictures booklet version as a record a worker asks a manager to sign off (casemap/handoffs),
registered from the app's ready(). Its sign-off is kept by hand-offs: a booklet's status stays about the parents
and the children (agreed, given), which sign-off does not change."""

from django.db.models import QuerySet

from casemap.cases.models import ChronologyKind
from casemap.handoffs.records import SignableRecord
from casemap.people.models import Person
from casemap.words.models import BookletStatus, WordsAndPicturesBooklet


def booklet_label(booklet: WordsAndPicturesBooklet) -> str:
    return f"Words and Pictures: {booklet.title}, version {booklet.number}"


def booklet_children(booklet: WordsAndPicturesBooklet) -> list[Person]:
    return list(booklet.children.all())


def booklet_not_signable(booklet: WordsAndPicturesBooklet) -> str:
    if booklet.is_archived:
        return "This booklet has been archived"
    if booklet.status == BookletStatus.SUPERSEDED:
        return "A newer version of this booklet has been started: ask about that one instead"
    return ""


def booklets_awaiting(booklets: QuerySet[WordsAndPicturesBooklet]) -> QuerySet[WordsAndPicturesBooklet]:
    return booklets.filter(archived_at__isnull=True).exclude(status=BookletStatus.SUPERSEDED)


SIGNABLE_BOOKLET = SignableRecord(
    model=WordsAndPicturesBooklet,
    record_type="words_booklet",
    noun="booklet",
    page="words:booklet",
    ask_url="words:ask-sign-off",
    decide_url="words:sign-off",
    label=booklet_label,
    children=booklet_children,
    not_signable=booklet_not_signable,
    awaiting=booklets_awaiting,
    signed_off_kind=ChronologyKind.WORDS_AND_PICTURES,
)
