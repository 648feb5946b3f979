"""What every Words and Pictures write shares. Every change to a booklet enters through the one write guard
(`casemap.access.guard.guarded_change`), which holds the row, asks the access policy, refuses a stale save, saves
with history and logs access against each child the booklet is for; this module adds only Words and Pictures' own
refusals. A new booklet or explanation asks the policy inside its own transaction (`held_case_to_add_to`). The
milestones go on the children's timelines.

The rule for wording: a version's pages change only while it is a draft with no parent's view recorded and no
manager's sign-off (casemap/handoffs). Once a parent has seen and answered on the wording, or a manager has signed
it off, changing it means starting a new version, which copies the pages and replaces the old one, so what each
parent agreed to, and what the manager signed, is always the wording they saw."""

import datetime
from collections.abc import Sequence
from contextlib import AbstractContextManager

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change
from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import ChronologyKind
from casemap.handoffs.selectors import is_signed_off
from casemap.people.models import Person
from casemap.words.models import BookletStatus, WordsAndPicturesBooklet

RECORD_TYPE = "words_booklet"


def log_booklet(
    acting_user: User,
    booklet: WordsAndPicturesBooklet,
    action: AccessAction,
    detail: str,
    request: HttpRequest | None,
) -> None:
    access_log_append_each(
        user=acting_user,
        action=action,
        record_type=RECORD_TYPE,
        record_id=booklet.pk,
        detail=detail,
        people=list(booklet.children.all()),
        request=request,
    )


def note_on_timeline(
    acting_user: User,
    booklet: WordsAndPicturesBooklet,
    people: Sequence[Person],
    summary: str,
    detail: str = "",
    occurred_on: datetime.date | None = None,
) -> None:
    chronology_record(
        acting_user=acting_user,
        people=people,
        kind=ChronologyKind.WORDS_AND_PICTURES,
        occurred_on=occurred_on or timezone.localdate(),
        summary=summary,
        detail=detail,
        source=booklet,
        case=booklet.case,
    )


def check_text(heading: str, text: str) -> None:
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "Enter the words for this page"
    if len(heading.strip()) > 120:
        errors["heading"] = "The heading must be 120 characters or fewer"
    if errors:
        raise ValidationError(errors)


def refuse_if_not_current(booklet: WordsAndPicturesBooklet) -> None:
    if booklet.is_archived:
        raise ValidationError("This booklet has been archived, so it cannot be changed")
    if booklet.status == BookletStatus.SUPERSEDED:
        raise ValidationError("A newer version of this booklet has been started: change that one instead")


def refuse_if_wording_fixed(booklet: WordsAndPicturesBooklet) -> None:
    """The pages change only while the version is a draft that no parent has given their view on."""
    refuse_if_not_current(booklet)
    if booklet.agreements.exists():
        raise ValidationError(
            "A parent has already given their view on this wording. To change the pages, start a new version."
        )
    if booklet.status != BookletStatus.DRAFT:
        raise ValidationError("This version has been given to a child. To change the pages, start a new version.")
    if is_signed_off(booklet):
        raise ValidationError("A manager has signed off this wording. To change the pages, start a new version.")


def booklet_change(
    booklet: WordsAndPicturesBooklet,
    *,
    acting_user: User,
    expected_version: int | None,
    detail: str,
    request: HttpRequest | None,
    action: AccessAction = AccessAction.CHANGE,
    wording: bool = False,
) -> AbstractContextManager[WordsAndPicturesBooklet]:
    """The write guard for one change to a booklet, with Words and Pictures' refusals: an archived or replaced
    version takes no change, and its wording (`wording=True`) none once a parent's view is recorded."""
    return guarded_change(
        booklet,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type=RECORD_TYPE,
        people=lambda current: list(current.children.all()),
        detail=detail,
        request=request,
        action=action,
        refuse=refuse_if_wording_fixed if wording else refuse_if_not_current,
        related=("case",),
    )


def check_date(value: datetime.date, field: str, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"The date {what} must be today or in the past"})
