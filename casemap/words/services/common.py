"""What every Words and Pictures write shares. Every change names the acting user, runs in one transaction,
refuses a stale save, and logs access against each child the booklet is for;
the milestones go on the children's timelines.

The rule for wording: a version's pages change only while it is a draft with no parent's view recorded. Once a
parent has seen and answered on the wording, changing it means starting a new version, which copies the pages
and replaces the old one, so what each parent agreed to is always the wording they saw."""

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.models import AccessAction
from casemap.access.policy import can_change_person
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, CaseMember, ChronologyKind, MemberRole
from casemap.core.forms import StaleEditError
from casemap.core.models import recorded_save
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


def case_children(case: Case) -> list[Person]:
    return [
        member.person for member in CaseMember.objects.filter(case=case, role=MemberRole.CHILD).select_related("person")
    ]


@contextmanager
def editing(
    booklet: WordsAndPicturesBooklet,
    *,
    acting_user: User,
    expected_version: int | None,
    action: AccessAction,
    detail: str,
    request: HttpRequest | None,
    wording: bool = False,
) -> Iterator[WordsAndPicturesBooklet]:
    """Hold the booklet for one change: refuse it if archived, replaced, or changed since the worker loaded it,
    and, for a change to the wording, once any parent's view is recorded on this version."""
    if not all(can_change_person(acting_user, child) for child in booklet.children.all()):
        raise PermissionDenied("You cannot change this booklet")
    with transaction.atomic():
        current = (
            WordsAndPicturesBooklet.objects.select_for_update(of=("self",))
            .select_related("modified_by", "case")
            .get(pk=booklet.pk)
        )
        if current.is_archived:
            raise ValidationError("This booklet has been archived, so it cannot be changed")
        if current.status == BookletStatus.SUPERSEDED:
            raise ValidationError("A newer version of this booklet has been started: change that one instead")
        if expected_version is not None and current.version != expected_version:
            raise StaleEditError(str(current.modified_by or "Someone"), current.modified_at)
        if wording and current.agreements.exists():
            raise ValidationError(
                "A parent has already given their view on this wording. To change the pages, start a new version."
            )
        if wording and current.status != BookletStatus.DRAFT:
            raise ValidationError("This version has been given to a child. To change the pages, start a new version.")
        yield current
        recorded_save(current, acting_user=acting_user)
        log_booklet(acting_user, current, action, detail, request)


def check_date(value: datetime.date, field: str, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"The date {what} must be today or in the past"})
