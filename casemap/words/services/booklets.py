"""A booklet's life cycle: started as a draft, replaced by a new version that copies its pages, archived."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.people.models import Person
from casemap.words.models import BookletPage, BookletStatus, WordsAndPicturesBooklet
from casemap.words.services.common import booklet_change, log_booklet, note_on_timeline


def booklet_create(
    *,
    acting_user: User,
    case: Case,
    children: Sequence[Person],
    title: str,
    request: HttpRequest | None = None,
) -> WordsAndPicturesBooklet:
    """Start a booklet for some or all of the case's children, as a draft with no pages."""
    with transaction.atomic():
        case = held_case_to_add_to(acting_user, case)
        errors: dict[str, str] = {}
        if not title.strip():
            errors["title"] = "Enter a title for the booklet"
        on_case = {child.pk for child in case_children(case)}
        if not children:
            errors["children"] = "Choose at least one child the booklet is for"
        elif any(child.pk not in on_case for child in children):
            errors["children"] = "Choose only children on this case"
        if errors:
            raise ValidationError(errors)
        number = (case.booklets.aggregate(last=Max("number"))["last"] or 0) + 1
        booklet = WordsAndPicturesBooklet(
            case=case,
            title=title.strip(),
            number=number,
            author=acting_user,
            created_by=acting_user,
            modified_by=acting_user,
        )
        booklet._history_user = acting_user  # type: ignore[attr-defined]
        booklet.save()
        booklet.children.set(children)
        names = ", ".join(child.first_name for child in children)
        note_on_timeline(acting_user, booklet, children, f"Words and Pictures started for {names}")
        log_booklet(acting_user, booklet, AccessAction.CREATE, f"version {number}", request)
    return booklet


def booklet_new_version(
    *,
    acting_user: User,
    booklet: WordsAndPicturesBooklet,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> WordsAndPicturesBooklet:
    """A new draft with the same children, title and pages; the version it came from is marked as replaced."""
    with booklet_change(
        booklet,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="replaced by a new version",
        request=request,
    ) as current:
        Case.objects.select_for_update().filter(pk=current.case_id).first()
        number = (current.case.booklets.aggregate(last=Max("number"))["last"] or 0) + 1
        children = list(current.children.all())
        successor = WordsAndPicturesBooklet(
            case=current.case,
            title=current.title,
            number=number,
            previous=current,
            author=acting_user,
            created_by=acting_user,
            modified_by=acting_user,
        )
        successor._history_user = acting_user  # type: ignore[attr-defined]
        successor.save()
        successor.children.set(children)
        copy_pages(current, successor)
        current.status = BookletStatus.SUPERSEDED
        note_on_timeline(
            acting_user, successor, children, f"Words and Pictures version {number} started from {current.number}"
        )
        log_booklet(acting_user, successor, AccessAction.CREATE, f"version {number} from {current.number}", request)
    return successor


def copy_pages(source: WordsAndPicturesBooklet, target: WordsAndPicturesBooklet) -> None:
    BookletPage.objects.bulk_create(
        [
            BookletPage(
                booklet=target,
                position=page.position,
                heading=page.heading,
                text=page.text,
                picture_id=page.picture_id,
                picture_description=page.picture_description,
            )
            for page in source.pages.all()
        ]
    )


def booklet_archive(
    *,
    acting_user: User,
    booklet: WordsAndPicturesBooklet,
    expected_version: int | None,
    reason: str,
    request: HttpRequest | None = None,
) -> WordsAndPicturesBooklet:
    """Hide a booklet from working lists, keeping it and saying who archived it and why."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the booklet is being archived"})
    with booklet_change(
        booklet,
        acting_user=acting_user,
        expected_version=expected_version,
        action=AccessAction.ARCHIVE,
        detail="archived",
        request=request,
    ) as current:
        current.archived_at = timezone.now()
        current.archived_by = acting_user
        current.archive_reason = reason.strip()
    return current
