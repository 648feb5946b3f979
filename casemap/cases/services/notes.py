"""Case notes and visits: the record of what was seen and done, with the date of the last visit kept on the case."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

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
    MemberRole,
    NoteKind,
)
from casemap.core.forms import StaleEditError
from casemap.core.models import recorded_save
from casemap.people.models import Person


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
    member_ids = set(case.memberships.filter(role=MemberRole.CHILD).values_list("person_id", flat=True))
    if any(child.pk not in member_ids for child in children):
        raise ValidationError({"children": "A note can only be about children on this case"})
    with transaction.atomic():
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
    expected_version: int,
    text: str,
    present: str,
    request: HttpRequest | None = None,
) -> CaseNote:
    with transaction.atomic():
        current = CaseNote.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=note.pk)
        if current.version != expected_version:
            raise StaleEditError(str(current.modified_by or "Someone"), current.modified_at)
        current.text = text
        current.present = present
        recorded_save(current, acting_user=acting_user)
        # The timeline shows the note as it is now; its history keeps every earlier wording.
        ChronologyEntry.objects.filter(source_type="cases.casenote", source_id=current.pk).update(detail=text)
        for child in current.children.all():
            access_log_append(
                user=acting_user,
                action=AccessAction.CHANGE,
                record_type="case_note",
                record_id=current.pk,
                person=child,
                request=request,
            )
    return current


# Child protection and care sit inside a child-in-need episode for the census, so moving
# between them keeps the episode; any other change of service ends it and starts another.
