"""Management oversight: a manager's decision on the children's record, and an affirmation of or comment on a
practitioner's case note that never changes the practitioner's text.

Only a manager in the case team's line records either (`can_manage_case`). Each goes on the children's timeline
as management oversight, with history and the access log, in one transaction.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.policy import can_manage_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, CaseNote, ChronologyKind
from casemap.cases.selectors import case_children
from casemap.people.models import Person
from casemap.supervision.models import NoteOversight, NoteOversightKind, OversightDecision

MANAGERS_ONLY = "Only a manager in the team's line can record management oversight"
NOT_IN_FUTURE = "The date of the decision must be today or in the past"
ONLY_CHILDREN_ON_CASE = "Choose the children the decision is about, from the children on this case"
DECISION_NEEDED = "Enter the decision"
REASONS_NEEDED = "Enter the reasons for the decision"
TEXT_NEEDED = "Enter your affirmation or comment"
NOTE_NOT_ON_CASE = "Choose a case note on this case"


def _held_for_a_manager(acting_user: User, case: Case) -> Case:
    held = held_case_to_add_to(acting_user, case)
    if not can_manage_case(acting_user, held):
        raise PermissionDenied(MANAGERS_ONLY)
    return held


def oversight_decision_record(
    *,
    acting_user: User,
    case: Case,
    children: Sequence[Person],
    decided_on: datetime.date,
    decision: str,
    reasons: str,
    request: HttpRequest | None = None,
) -> OversightDecision:
    errors: dict[str, str] = {}
    if decided_on > timezone.localdate():
        errors["decided_on"] = NOT_IN_FUTURE
    member_ids = {child.pk for child in case_children(case)}
    if not children or any(child.pk not in member_ids for child in children):
        errors["children"] = ONLY_CHILDREN_ON_CASE
    if not decision.strip():
        errors["decision"] = DECISION_NEEDED
    if not reasons.strip():
        errors["reasons"] = REASONS_NEEDED
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        held = _held_for_a_manager(acting_user, case)
        record = OversightDecision(
            case=held,
            decided_on=decided_on,
            decision=decision.strip(),
            reasons=reasons.strip(),
            manager=acting_user,
            created_by=acting_user,
            modified_by=acting_user,
        )
        record._history_user = acting_user  # type: ignore[attr-defined]
        record.save()
        record.children.set(children)
        chronology_record(
            acting_user=acting_user,
            people=children,
            case=held,
            kind=ChronologyKind.MANAGEMENT_OVERSIGHT,
            occurred_on=decided_on,
            summary=f"Management oversight decision by {acting_user}",
            detail=record.decision,
            source=record,
        )
        access_log_append_each(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="oversight decision",
            record_id=record.pk,
            people=list(children),
            request=request,
        )
        return record


def note_oversight_add(
    *,
    acting_user: User,
    case: Case,
    note: CaseNote,
    kind: NoteOversightKind,
    text: str,
    request: HttpRequest | None = None,
) -> NoteOversight:
    """The manager's words beside the practitioner's note; the note itself is not touched."""
    if note.case_id != case.pk:
        raise ValidationError({"note": NOTE_NOT_ON_CASE})
    if not text.strip():
        raise ValidationError({"text": TEXT_NEEDED})
    with transaction.atomic():
        held = _held_for_a_manager(acting_user, case)
        added = NoteOversight.objects.create(note=note, kind=kind, text=text.strip(), added_by=acting_user)
        children = list(note.children.all())
        chronology_record(
            acting_user=acting_user,
            people=children,
            case=held,
            kind=ChronologyKind.MANAGEMENT_OVERSIGHT,
            occurred_on=timezone.localdate(),
            summary=f"{added.get_kind_display()} by {acting_user} of the {note.get_kind_display().lower()} note",
            source=added,
        )
        access_log_append_each(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="note oversight",
            record_id=added.pk,
            people=children or [None],
            request=request,
        )
        return added
