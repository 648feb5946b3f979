"""Sessions with a child: recorded in their own words, changed with a version check, archived with a reason.
Each names the acting user, runs in one transaction, logs access against the child and goes on their timeline.
A change enters through the one write guard (`casemap.access.guard.guarded_change`); voice adds only its own
refusal, that an archived session takes no change."""

import datetime
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change, held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, CaseMember, ChronologyKind, MemberRole
from casemap.people.models import Person
from casemap.voice.models import (
    ChildVoiceRecord,
    ParentalConsent,
    ShareConsent,
    VoiceEntry,
    VoiceTool,
    WrittenBy,
)


@dataclass(frozen=True)
class EntryInput:
    """What the child said for one part of the tool, as typed by the worker."""

    part_key: str
    label: str
    words: str
    written_by: str = WrittenBy.CHILD
    scale_position: int | None = None


@dataclass(frozen=True)
class SessionDetails:
    used_on: datetime.date
    parental_consent: str
    present: str = ""
    parental_consent_by: str = ""
    parental_consent_not_needed_reason: str = ""
    read_back: bool = False
    share_consent: str = ShareConsent.NOT_ASKED
    share_with: str = ""


RECORD_TYPE = "voice_record"


def voice_record_log(
    acting_user: User, record: ChildVoiceRecord, action: AccessAction, detail: str, request: HttpRequest | None
) -> None:
    access_log_append_each(
        user=acting_user,
        action=action,
        record_type=RECORD_TYPE,
        record_id=record.pk,
        detail=detail,
        people=[record.child],
        request=request,
    )


def _check_details(details: SessionDetails) -> None:
    errors: dict[str, str] = {}
    reason = details.parental_consent_not_needed_reason.strip()
    if details.used_on > timezone.localdate():
        errors["used_on"] = "The date of the session must be today or in the past"
    if details.parental_consent not in ParentalConsent.values:
        errors["parental_consent"] = "Say whether a parent gave consent"
    elif details.parental_consent == ParentalConsent.GIVEN and not details.parental_consent_by.strip():
        errors["parental_consent_by"] = "Enter who gave consent"
    elif details.parental_consent == ParentalConsent.NOT_NEEDED and not reason:
        errors["parental_consent_not_needed_reason"] = "Enter why consent was not needed"
    if details.share_consent not in ShareConsent.values:
        errors["share_consent"] = "Say whether the child agreed to share it"
    elif details.share_consent == ShareConsent.SOME and not details.share_with.strip():
        errors["share_with"] = "Enter who the child is happy to share it with"
    if errors:
        raise ValidationError(errors)


def _check_entries(tool: VoiceTool, entries: Sequence[EntryInput]) -> None:
    keys = {str(part["key"]) for part in tool.parts}
    unknown = [entry.part_key for entry in entries if entry.part_key not in keys]
    if unknown:
        raise ValidationError(f"{tool.name} has no part called {', '.join(unknown)}")
    if not any(entry.words.strip() or entry.scale_position is not None for entry in entries):
        raise ValidationError("Enter the child's words for at least one part")
    for entry in entries:
        if entry.written_by not in WrittenBy.values:
            raise ValidationError("Say who wrote the child's words")
        if entry.scale_position is not None and not 0 <= entry.scale_position <= 10:
            raise ValidationError("Where the child is on the path must be a number from 0 to 10")


def _apply(record: ChildVoiceRecord, details: SessionDetails) -> None:
    record.used_on = details.used_on
    record.present = details.present.strip()
    record.parental_consent = details.parental_consent
    given = details.parental_consent == ParentalConsent.GIVEN
    record.parental_consent_by = details.parental_consent_by.strip() if given else ""
    record.parental_consent_not_needed_reason = "" if given else details.parental_consent_not_needed_reason.strip()
    record.read_back = details.read_back
    record.share_consent = details.share_consent
    record.share_with = details.share_with.strip() if details.share_consent == ShareConsent.SOME else ""


def _save_entries(record: ChildVoiceRecord, entries: Sequence[EntryInput]) -> None:
    order = {str(part["key"]): index for index, part in enumerate(record.tool.parts)}
    existing = {entry.part_key: entry for entry in record.entries.all()}
    for given in entries:
        default = str((record.tool.part(given.part_key) or {}).get("default_label", given.part_key))
        entry = existing.get(given.part_key) or VoiceEntry(record=record, part_key=given.part_key)
        entry.label = given.label.strip() or default
        entry.words = given.words.strip()
        entry.written_by = given.written_by
        entry.scale_position = given.scale_position
        entry.position = order[given.part_key]
        entry.save()


def voice_record_create(
    *,
    acting_user: User,
    child: Person,
    case: Case,
    tool: VoiceTool,
    details: SessionDetails,
    entries: Sequence[EntryInput],
    request: HttpRequest | None = None,
) -> ChildVoiceRecord:
    """Record a session with a child, in their own words."""
    with transaction.atomic():
        case = held_case_to_add_to(acting_user, case)
        if not CaseMember.objects.filter(case=case, person=child, role=MemberRole.CHILD).exists():
            raise ValidationError("The child is not on this case")
        _check_details(details)
        _check_entries(tool, entries)
        record = ChildVoiceRecord(
            child=child, case=case, tool=tool, worker=acting_user, created_by=acting_user, modified_by=acting_user
        )
        _apply(record, details)
        record._history_user = acting_user  # type: ignore[attr-defined]
        record.save()
        _save_entries(record, entries)
        chronology_record(
            acting_user=acting_user,
            people=[child],
            kind=ChronologyKind.CHILDS_VOICE,
            occurred_on=record.used_on,
            summary=f"The child's voice: {tool.name} with {child.first_name}",
            detail=f"Recorded by {acting_user}. {'Read back to' if record.read_back else 'Not read back to'} "
            f"{child.first_name}.",
            source=record,
            case=case,
        )
        voice_record_log(acting_user, record, AccessAction.CREATE, tool.key, request)
    return record


def _refuse_if_archived(record: ChildVoiceRecord) -> None:
    if record.is_archived:
        raise ValidationError("This record has been archived, so it cannot be changed")


def _session_change(
    record: ChildVoiceRecord,
    *,
    acting_user: User,
    expected_version: int | None,
    action: AccessAction,
    detail: str,
    request: HttpRequest | None,
) -> AbstractContextManager[ChildVoiceRecord]:
    """The write guard for one change to a session, refusing it once the session is archived."""
    return guarded_change(
        record,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type=RECORD_TYPE,
        people=lambda current: [current.child],
        detail=detail,
        request=request,
        action=action,
        refuse=_refuse_if_archived,
        related=("tool", "child"),
    )


def voice_record_update(
    *,
    acting_user: User,
    record: ChildVoiceRecord,
    expected_version: int | None,
    details: SessionDetails,
    entries: Sequence[EntryInput],
    request: HttpRequest | None = None,
) -> ChildVoiceRecord:
    _check_details(details)
    _check_entries(record.tool, entries)
    with _session_change(
        record,
        acting_user=acting_user,
        expected_version=expected_version,
        action=AccessAction.CHANGE,
        detail="session",
        request=request,
    ) as current:
        _apply(current, details)
        _save_entries(current, entries)
    return current


def voice_record_archive(
    *,
    acting_user: User,
    record: ChildVoiceRecord,
    expected_version: int | None,
    reason: str,
    request: HttpRequest | None = None,
) -> ChildVoiceRecord:
    """Hide a record from working lists, keeping it and saying who archived it and why."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the record is being archived"})
    with _session_change(
        record,
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
