"""Children's drawings, from the drawing pad or an upload, checked and stored before anything is saved."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.models import AccessAction
from casemap.access.policy import can_change_person, can_view_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import ChronologyKind
from casemap.core.files import stored_file_create
from casemap.core.forms import StaleEditError
from casemap.core.models import recorded_save
from casemap.core.uploads import PDF, CleanUpload, upload_clean, upload_clean_data_url
from casemap.voice.models import (
    ChildDrawing,
    ChildVoiceRecord,
    MadeWith,
)


@dataclass(frozen=True)
class DrawingDetails:
    """What the worker says about a drawing: what the child said it shows, a description for anyone who cannot
    see it, when it was drawn, and which part of the tool it belongs to ("" for the whole session)."""

    title: str
    drawn_on: datetime.date
    description: str = ""
    part_key: str = ""


def _check_drawing(record: ChildVoiceRecord, details: DrawingDetails) -> None:
    errors: dict[str, str] = {}
    if not details.title.strip():
        errors["title"] = "Enter what the drawing shows"
    if details.drawn_on > timezone.localdate():
        errors["drawn_on"] = "The date of the drawing must be today or in the past"
    if details.part_key and record.tool.part(details.part_key) is None:
        errors["part_key"] = f"{record.tool.name} has no part called {details.part_key}"
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
    if not can_change_person(acting_user, record.child) or not can_view_case(acting_user, record.case):
        raise PermissionDenied("You cannot add to this child's record")
    if record.is_archived:
        raise ValidationError("This record has been archived, so drawings cannot be added to it")
    _check_drawing(record, details)
    child = record.child
    with transaction.atomic():
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
            record_type="child_drawing",
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
    if not can_change_person(acting_user, drawing.child):
        raise PermissionDenied("You cannot change this child's record")
    with transaction.atomic():
        current = (
            ChildDrawing.objects.select_for_update(of=("self",))
            .select_related("modified_by", "child")
            .get(pk=drawing.pk)
        )
        if current.is_archived:
            raise ValidationError("This drawing has already been archived")
        if expected_version is not None and current.version != expected_version:
            raise StaleEditError(str(current.modified_by or "Someone"), current.modified_at)
        current.archived_at = timezone.now()
        current.archived_by = acting_user
        current.archive_reason = reason.strip()
        recorded_save(current, acting_user=acting_user)
        access_log_append_each(
            user=acting_user,
            action=AccessAction.ARCHIVE,
            record_type="child_drawing",
            record_id=current.pk,
            detail="archived",
            people=[current.child],
            request=request,
        )
    return current
