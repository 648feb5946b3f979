"""Words and Pictures for the worked-example family's children, in words a child understands, for the demo
authority: drafted by Sally, Merinda asks for a change, the new version is agreed by Merinda and Eddy, and it is
given to each child with Merinda there."""

import datetime

from casemap.accounts.models import User
from casemap.cases.models import Case, CaseMember, MemberRole
from casemap.voice.models import ChildDrawing
from casemap.words.models import AgreementResponse, WordsAndPicturesBooklet
from casemap.words.services import (
    GivenDetails,
    agreement_record,
    booklet_create,
    booklet_new_version,
    given_record,
    page_add,
    page_change,
)

# (heading, the words on the page)
PAGES = [
    (
        "Who is worried?",
        "Sally is a social worker. Her job is to help children be safe and happy at home. "
        "Sally, Rose, Kerri and Pat are worried about Darel, Alkira and Jirra.",
    ),
    (
        "What are we worried about?",
        "Sometimes Mum and Dad have big fights. They shout, swear and throw things. "
        "Once Dad drove the car too fast with you in it. Fights like this can scare children and hurt them.",
    ),
    (
        "What happened on Tuesday night",
        "On Tuesday night Mum and Dad had a big fight. Mum threw a glass and it broke. "
        "Alkira cut her foot badly on the broken glass. The police came to help. None of this was your fault.",
    ),
    (
        "What Mum and Dad are doing",
        "Mum and Dad want to stop the fights. When they get cross they will stop and go to different rooms. "
        "They will never throw things or drive fast with you in the car.",
    ),
    (
        "Your safety people",
        "Rose, Kerri and Pat are your safety people. They will visit and phone a lot. "
        "If you feel scared you can ring Rose. Her number is on the fridge.",
    ),
    (
        "What happens next",
        "Sally will come to see you every two weeks. She will ask how things are at home. "
        "You can tell her anything. You can draw pictures in this book too.",
    ),
]
MERINDA_CHANGE = "Please say that Mum and Dad both love them very much."
LAST_PAGE_WITH_CHANGE = PAGES[-1][1] + " Mum and Dad love you all very much."


def demo_words_create(*, case: Case, worker: User, made_on: datetime.date) -> WordsAndPicturesBooklet:
    """The Cooper children's booklet, through the real services, so it has its history, timeline and access log.
    Call it with `made_on` on or before the day it runs."""
    members = CaseMember.objects.filter(case=case).select_related("person").order_by("person__pk")
    children = [m.person for m in members if m.role == MemberRole.CHILD]
    parents = {m.person.first_name: m.person for m in members if m.role == MemberRole.ADULT}
    first = booklet_create(
        acting_user=worker,
        case=case,
        children=children,
        title=f"{', '.join(child.first_name for child in children[:-1])} and {children[-1].first_name}'s story",
    )
    # The children add their own pictures: Alkira's drawing from her Three Houses goes on the first page.
    drawing = ChildDrawing.objects.filter(case=case, archived_at__isnull=True).order_by("pk").first()
    for index, (heading, text) in enumerate(PAGES):
        page_add(
            acting_user=worker,
            booklet=first,
            expected_version=None,
            heading=heading,
            text=text,
            drawing=drawing if index == 0 else None,
        )
    agreement_record(
        acting_user=worker,
        booklet=first,
        expected_version=None,
        parent=parents["Merinda"],
        response=AgreementResponse.AGREED_WITH_CHANGES,
        their_words=MERINDA_CHANGE,
        agreed_on=made_on,
    )
    booklet = booklet_new_version(acting_user=worker, booklet=first, expected_version=None)
    last = booklet.pages.order_by("-position").first()
    assert last is not None
    page_change(acting_user=worker, page=last, expected_version=None, heading=last.heading, text=LAST_PAGE_WITH_CHANGE)
    for name in ("Merinda", "Eddy"):
        if name in parents:
            agreement_record(
                acting_user=worker,
                booklet=booklet,
                expected_version=None,
                parent=parents[name],
                response=AgreementResponse.AGREED,
                their_words="",
                agreed_on=made_on,
            )
    said = {
        "Darel": "Darel asked if the fights will stop for good. He kept his copy in his school bag.",
        "Alkira": "Alkira drew Biscuit the cat and Rose on the last page.",
        "Jirra": "Jirra pointed at the car picture and said 'slow'.",
    }
    for child in children:
        given_record(
            acting_user=worker,
            booklet=booklet,
            expected_version=None,
            child=child,
            details=GivenDetails(
                given_on=made_on,
                explained_by=str(worker),
                child_kept_copy=True,
                parent_present=parents.get("Merinda"),
                child_said=said.get(child.first_name, ""),
            ),
        )
    booklet.refresh_from_db()
    return booklet
