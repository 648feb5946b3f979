"""Children's drawings, from the drawing pad or an upload, checked and stored before anything is saved. Adding
one asks the access policy inside its transaction; changing or archiving one enters through the one write guard."""

import datetime
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
from casemap.cases.models import ChronologyKind
from casemap.core.files import stored_file_create
from casemap.core.uploads import PDF, CleanUpload, upload_clean, upload_clean_data_url
from casemap.voice.models import (
    ChildDrawing,
    ChildVoiceRecord,
    MadeWith,
)

RECORD_TYPE = "child_drawing"


@dataclass(frozen=True)
class DrawingDetails:
    """What the worker says about a drawing: what the child said it shows, a description for anyone who cannot
    see it, when it was drawn, and which part of the tool it belongs to ("" for the whole session)."""

    title: str
    drawn_on: datetime.date
    description: str = ""
    part_key: str = ""


def _check_drawing(record: ChildVoiceRecord | None, details: DrawingDetails) -> None:
    errors: dict[str, str] = {}
    if not details.title.strip():
        errors["title"] = "Enter what the drawing shows"
    if details.drawn_on > timezone.localdate():
        errors["drawn_on"] = "The date of the drawing must be today or in the past"
    if details.part_key and (record is None or record.tool.part(details.part_key) is None):
        errors["part_key"] = f"{record.tool.name if record else 'The session'} has no part called {details.part_key}"
    if errors:
        raise ValidationError(errors)


def _drawing_create(
    *,
    acting_user: User,
    record: ChildVoiceRecord,
    details: DrawingDetails,
    upload: CleanUpload,
    made_with: MadeWith,
    original_name: str,
    request: HttpRequest | None,
) -> ChildDrawing:
    _check_drawing(record, details)
    child = record.child
    with transaction.atomic():
        held_case_to_add_to(acting_user, record.case)
        if ChildVoiceRecord.objects.filter(pk=record.pk, archived_at__isnull=False).exists():
            raise ValidationError("This record has been archived, so drawings cannot be added to it")
        stored = stored_file_create(upload=upload, original_name=original_name, acting_user=acting_user)
        drawing = ChildDrawing(
            child=child,
            case=record.case,
            record=record,
            part_key=details.part_key,
            title=details.title.strip(),
            description=details.description.strip(),
            drawn_on=details.drawn_on,
            made_with=made_with,
            stored_file=stored,
            created_by=acting_user,
            modified_by=acting_user,
        )
        drawing._history_user = acting_user  # type: ignore[attr-defined]
        drawing.save()
        part = record.tool.part(details.part_key) if details.part_key else None
        where = f" for the {part['default_label']}" if part else ""
        chronology_record(
            acting_user=acting_user,
            people=[child],
            kind=ChronologyKind.CHILDS_VOICE,
            occurred_on=drawing.drawn_on,
            summary=f"The child's voice: a drawing by {child.first_name}{where} ({record.tool.name})",
            detail=f"Added by {acting_user}: {MadeWith(made_with).label.lower()}.",
            source=drawing,
            case=record.case,
        )
        access_log_append_each(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type=RECORD_TYPE,
            record_id=drawing.pk,
            detail=f"{made_with} on voice record {record.pk}",
            people=[child],
            request=request,
        )
    return drawing


def drawing_add_upload(
    *,
    acting_user: User,
    record: ChildVoiceRecord,
    details: DrawingDetails,
    data: bytes,
    original_name: str = "",
    request: HttpRequest | None = None,
) -> ChildDrawing:
    """Add a photo or scan of a child's drawing. The file is refused (`UploadRefused`, saying why) unless it is
    a PNG, JPEG or PDF within the limits; it is kept cleaned of metadata."""
    _check_drawing(record, details)
    upload = upload_clean(data=data, original_name=original_name)
    made_with = MadeWith.PDF if upload.content_type == PDF else MadeWith.PICTURE
    return _drawing_create(
        acting_user=acting_user,
        record=record,
        details=details,
        upload=upload,
        made_with=made_with,
        original_name=original_name,
        request=request,
    )


def drawing_add_from_pad(
    *,
    acting_user: User,
    record: ChildVoiceRecord,
    details: DrawingDetails,
    data_url: str,
    request: HttpRequest | None = None,
) -> ChildDrawing:
    """Add a drawing made on the drawing pad, sent by the browser as a PNG data URL."""
    _check_drawing(record, details)
    upload = upload_clean_data_url(data_url=data_url)
    return _drawing_create(
        acting_user=acting_user,
        record=record,
        details=details,
        upload=upload,
        made_with=MadeWith.PAD,
        original_name="",
        request=request,
    )


def _refuse_if_archived(drawing: ChildDrawing) -> None:
    if drawing.is_archived:
        raise ValidationError("This drawing has already been archived")


def _drawing_guarded(
    drawing: ChildDrawing,
    *,
    acting_user: User,
    expected_version: int | None,
    detail: str,
    request: HttpRequest | None,
    action: AccessAction = AccessAction.CHANGE,
) -> AbstractContextManager[ChildDrawing]:
    """The write guard for one change to a drawing, refusing it once the drawing is archived."""
    return guarded_change(
        drawing,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type=RECORD_TYPE,
        people=lambda current: [current.child],
        detail=detail,
        request=request,
        action=action,
        refuse=_refuse_if_archived,
        related=("child", "record__tool"),
    )


def drawing_change(
    *,
    acting_user: User,
    drawing: ChildDrawing,
    expected_version: int | None,
    details: DrawingDetails,
    request: HttpRequest | None = None,
) -> ChildDrawing:
    """Change what is said about a drawing (what it shows, its description for anyone who cannot see it, when it
    was drawn and which part of the tool it is for). The picture itself never changes: a new one is a new drawing."""
    _check_drawing(drawing.record, details)
    with _drawing_guarded(
        drawing, acting_user=acting_user, expected_version=expected_version, detail="details", request=request
    ) as current:
        current.title = details.title.strip()
        current.description = details.description.strip()
        current.drawn_on = details.drawn_on
        current.part_key = details.part_key
    return current


def drawing_archive(
    *,
    acting_user: User,
    drawing: ChildDrawing,
    expected_version: int | None,
    reason: str,
    request: HttpRequest | None = None,
) -> ChildDrawing:
    """Hide a drawing from the record, keeping it (and its file) with who archived it and why."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the drawing is being archived"})
    with _drawing_guarded(
        drawing,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="archived",
        request=request,
        action=AccessAction.ARCHIVE,
    ) as current:
        current.archived_at = timezone.now()
        current.archived_by = acting_user
        current.archive_reason = reason.strip()
    return current
