"""The import of a Children in Need census from another system, as a data officer's one call.

`cin_census_import` checks the whole file against the schema first (nothing is imported from a file with any
problem), then reads it a child at a time and imports each child in a transaction of their own: the child is
imported whole, or, at the first refusal, not at all, and the import goes on with the next. A dry run does the same
and rolls each child back. Every import is kept as a `ReturnImport` with what became of each child. It needs no
request, so a background task can run it; `on_progress` hears after each child.
"""

import dataclasses
import hashlib
import uuid
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.policy import ONLY_DATA_OFFICERS_IMPORT, importing_records
from casemap.accounts.models import Team, User
from casemap.core.forms import StaleEditError
from casemap.returns.cin_import.episodes import episodes_import
from casemap.returns.cin_import.people import ImportContext, person_find_or_create
from casemap.returns.cin_import.problems import ChildRejected, ImportProblem
from casemap.returns.cin_import.reading import FileChild, census_file_children
from casemap.returns.cin_import.schema import census_file_check
from casemap.returns.files import returns_dir
from casemap.returns.models import ImportStatus, JobKind, ReturnImport, ReturnJob, ReturnKind
from casemap.returns.services import may_export_returns


class ChildOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


@dataclasses.dataclass(frozen=True)
class ImportProgress:
    """After each child: how many are done of how many the file holds, and what became of them so far."""

    done: int
    total: int | None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


ProgressCallback = Callable[[ImportProgress], None]


def may_import_returns(user: User) -> bool:
    """Data officers, as for the exports."""
    return may_export_returns(user)


def import_path(reference: uuid.UUID) -> Path:
    """Where an uploaded census is kept, in RETURNS_DIR beside the exports, for the import made from it (and the
    real import after a dry run of the same file)."""
    folder = returns_dir() / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{reference}.xml"


def census_upload_keep(*, upload: UploadedFile, reference: uuid.UUID) -> Path:
    """Write an uploaded file where its import reads it, in chunks (never whole in memory)."""
    path = import_path(reference)
    partial = path.with_suffix(".partial")
    try:
        with partial.open("wb") as kept:
            for chunk in upload.chunks():
                kept.write(chunk)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _size_and_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as read:
        for block in iter(lambda: read.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def cin_census_import(
    *,
    acting_user: User,
    path: Path,
    team: Team,
    dry_run: bool = False,
    filename: str = "",
    reference: uuid.UUID | None = None,
    on_progress: ProgressCallback | None = None,
    request: HttpRequest | None = None,
) -> ReturnImport:
    """Import the census at `path` for `team`, logged against `acting_user` (a data officer). Open cases go to the
    team, held unallocated for its manager to allocate; closed ones need nobody."""
    if not may_import_returns(acting_user):
        raise PermissionDenied(ONLY_DATA_OFFICERS_IMPORT)
    size, sha256 = _size_and_digest(path)
    record = ReturnImport(
        reference=reference or uuid.uuid4(),
        kind=ReturnKind.CIN_CENSUS,
        created_by=acting_user,
        team=team,
        dry_run=dry_run,
        filename=filename[:255],
        size=size,
        sha256=sha256,
    )
    check = census_file_check(path)
    if check.header is not None:
        record.year = check.header.year
    if check.problems or check.header is None:
        record.status = ImportStatus.REFUSED
        record.rejections = [problem.as_json() for problem in check.problems]
        return _kept(record)
    context = ImportContext(
        acting_user=acting_user, team=team, header=check.header, today=timezone.localdate(), request=request
    )
    counts = dict.fromkeys(ChildOutcome, 0)
    record.status = ImportStatus.FAILED
    try:
        with importing_records(acting_user, team):
            for done, child in enumerate(census_file_children(path), start=1):
                outcome, rejections = _child_import(context, child, dry_run=dry_run)
                counts[outcome] += 1
                record.rejections.extend(problem.as_json() for problem in rejections)
                if outcome != ChildOutcome.REJECTED:
                    record.notes.extend(problem.as_json() for problem in child.left_out)
                if on_progress is not None:
                    on_progress(
                        ImportProgress(
                            done=done,
                            total=check.children,
                            created=counts[ChildOutcome.CREATED],
                            updated=counts[ChildOutcome.UPDATED],
                            unchanged=counts[ChildOutcome.UNCHANGED],
                            rejected=counts[ChildOutcome.REJECTED],
                        )
                    )
        record.status = ImportStatus.DRY_RUN if dry_run else ImportStatus.IMPORTED
    finally:
        # A failure in Casemap itself stops the import: the children before it are kept, and so is this record.
        record.children_read = sum(counts.values())
        record.created = counts[ChildOutcome.CREATED]
        record.updated = counts[ChildOutcome.UPDATED]
        record.unchanged = counts[ChildOutcome.UNCHANGED]
        record.rejected = counts[ChildOutcome.REJECTED]
        _kept(record)
    return record


def _kept(record: ReturnImport) -> ReturnImport:
    record.finished_at = timezone.now()
    with transaction.atomic():
        record.save()
    return record


def _child_import(
    context: ImportContext, child: FileChild, *, dry_run: bool
) -> tuple[ChildOutcome, list[ImportProblem]]:
    """One child whole, in one transaction, or nothing of them."""
    if child.problems:
        return ChildOutcome.REJECTED, child.problems
    try:
        with transaction.atomic():
            found = person_find_or_create(context, child)
            changes = episodes_import(context=context, person=found.person, child=child, person_is_new=found.created)
            if dry_run:
                transaction.set_rollback(True)
    except ChildRejected as rejection:
        return ChildOutcome.REJECTED, [rejection.problem]
    except (ValidationError, PermissionDenied, StaleEditError, IntegrityError) as error:
        detail = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        problem = ImportProblem(
            child_id=child.child_id,
            field="",
            message="Casemap refused to record this child",
            detail=detail,
            line=child.line,
        )
        return ChildOutcome.REJECTED, [problem]
    if found.created:
        return ChildOutcome.CREATED, []
    return (ChildOutcome.UPDATED if found.changed or changes else ChildOutcome.UNCHANGED), []


def cin_census_import_start(
    *,
    acting_user: User,
    upload: UploadedFile,
    team: Team,
    dry_run: bool = False,
) -> ReturnJob:
    """The page's one call: keep the uploaded file where the import reads it, and hand the import to the background
    worker (`casemap/returns/jobs.py`)."""
    from casemap.returns.jobs import return_job_start

    if not may_import_returns(acting_user):
        raise PermissionDenied(ONLY_DATA_OFFICERS_IMPORT)
    reference = uuid.uuid4()
    census_upload_keep(upload=upload, reference=reference)
    return return_job_start(
        acting_user=acting_user,
        kind=JobKind.IMPORT_CIN_CENSUS,
        parameters={
            "reference": str(reference),
            "team_id": team.pk,
            "dry_run": dry_run,
            "filename": (upload.name or "")[:255],
        },
    )


NOT_A_DRY_RUN = "Only a dry run's file, still kept, can be imported from its page"


def cin_census_import_after_dry_run(
    *,
    acting_user: User,
    dry_run: ReturnImport,
    request: HttpRequest | None = None,
    on_progress: ProgressCallback | None = None,
) -> ReturnImport:
    """Import for real the file a dry run read, for the same team: a new import, with its own record."""
    path = import_path(dry_run.reference)
    if dry_run.status != ImportStatus.DRY_RUN or not path.is_file():
        raise ValidationError(NOT_A_DRY_RUN)
    return cin_census_import(
        acting_user=acting_user,
        path=path,
        team=dry_run.team,
        dry_run=False,
        filename=dry_run.filename,
        request=request,
        on_progress=on_progress,
    )
