"""Case notes and visits: the record of what was seen and done, with the date of the last visit kept on the case."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from casemap.access.guard import check_may_change, guarded_change
from casemap.access.models import AccessAction
from casemap.access.services import access_log_append
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import (
    VISIT_KINDS,
    Case,
    CaseNote,
    ChronologyEntry,
    ChronologyKind,
    NoteKind,
)
from casemap.cases.selectors import case_children, is_note_author
from casemap.people.models import Person

ONLY_THE_AUTHOR = "Only the person who wrote a note can change it"


def case_note_add(
    *,
    acting_user: User,
    case: Case,
    children: Sequence[Person],
    kind: str,
    occurred_on: datetime.date,
    text: str,
    present: str = "",
    child_seen: bool = False,
    child_seen_alone: bool = False,
    request: HttpRequest | None = None,
) -> CaseNote:
    if not children:
        raise ValidationError({"children": "Choose which children this note is about"})
    member_ids = {child.pk for child in case_children(case)}
    if any(child.pk not in member_ids for child in children):
        raise ValidationError({"children": "A note can only be about children on this case"})
    with transaction.atomic():
        check_may_change(acting_user, case)
        note = CaseNote(
            case=case,
            kind=kind,
            occurred_on=occurred_on,
            text=text,
            present=present,
            child_seen=child_seen,
            child_seen_alone=child_seen_alone,
            created_by=acting_user,
            modified_by=acting_user,
        )
        note.full_clean()
        note._history_user = acting_user  # type: ignore[attr-defined]
        note.save()
        note.children.set(children)
        is_visit = NoteKind(kind) in VISIT_KINDS
        if is_visit and child_seen and (case.last_visit_on is None or occurred_on > case.last_visit_on):
            # A derived date for the caseload, not an edit of the case: no version or history row.
            Case.objects.filter(pk=case.pk).update(last_visit_on=occurred_on)
            case.last_visit_on = occurred_on
        seen = " (child seen alone)" if child_seen_alone else " (child seen)" if child_seen else ""
        chronology_record(
            acting_user=acting_user,
            people=children,
            case=case,
            kind=ChronologyKind.VISIT if is_visit else ChronologyKind.NOTE,
            occurred_on=occurred_on,
            summary=f"{note.get_kind_display()}{seen}",
            detail=text,
            source=note,
        )
        for child in children:
            access_log_append(
                user=acting_user,
                action=AccessAction.CREATE,
                record_type="case_note",
                record_id=note.pk,
                person=child,
                request=request,
            )
    return note


def case_note_update(
    *,
    acting_user: User,
    note: CaseNote,
    expected_version: int | None,
    text: str,
    present: str,
    request: HttpRequest | None = None,
) -> CaseNote:
    """Change a note's wording and who was there. Only its author may; the note's history keeps every earlier
    wording."""

    def only_the_author(current: CaseNote) -> None:
        if not is_note_author(acting_user, current):
            raise PermissionDenied(ONLY_THE_AUTHOR)

    with guarded_change(
        note,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="case_note",
        people=lambda current: list(current.children.all()),
        request=request,
        refuse=only_the_author,
        related=("case",),
    ) as current:
        current.text = text
        current.present = present
        # The timeline shows the note as it is now.
        ChronologyEntry.objects.filter(source_type="cases.casenote", source_id=current.pk).update(detail=text)
    return current
