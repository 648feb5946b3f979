"""What every import of a return shares: where uploads are kept, the record of the import, and the loop that imports
each child in a transaction of their own (whole, or at the first refusal not at all) and reports progress.

The census (`cin_import/`) and the SSDA903 return (`ssda903_import/`) each read their own file and record their own
facts; both go through `children_import`.
"""

import dataclasses
import hashlib
import uuid
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from casemap.access.policy import ONLY_DATA_OFFICERS_IMPORT
from casemap.accounts.models import Team, User
from casemap.core.forms import StaleEditError
from casemap.returns.cin_import.problems import ChildRejected, ImportProblem
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


# What the page takes for each return: the census's XML, or a ZIP of the SSDA903 return's CSV files.
UPLOAD_SUFFIXES = {ReturnKind.CIN_CENSUS: ".xml", ReturnKind.SSDA903: ".zip"}
IMPORT_JOBS = {ReturnKind.CIN_CENSUS: JobKind.IMPORT_CIN_CENSUS, ReturnKind.SSDA903: JobKind.IMPORT_SSDA903}


def import_path(reference: uuid.UUID, kind: str = ReturnKind.CIN_CENSUS) -> Path:
    """Where an uploaded return is kept, in RETURNS_DIR beside the exports, for the import made from it (and the
    real import after a dry run of the same file)."""
    folder = returns_dir() / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{reference}{UPLOAD_SUFFIXES[ReturnKind(kind)]}"


def upload_keep(*, upload: UploadedFile, path: Path) -> Path:
    """Write an uploaded file where its import reads it, in chunks (never whole in memory)."""
    partial = path.with_suffix(".partial")
    try:
        with partial.open("wb") as kept:
            for chunk in upload.chunks():
                kept.write(chunk)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def import_start(
    *, acting_user: User, upload: UploadedFile, team: Team, dry_run: bool, kind: ReturnKind, **parameters: object
) -> ReturnJob:
    """A page's one call: keep the uploaded file where the import reads it, and hand the import to the background
    worker (`casemap/returns/jobs.py`) with what else the import needs (`parameters`)."""
    from casemap.returns.jobs import return_job_start

    if not may_import_returns(acting_user):
        raise PermissionDenied(ONLY_DATA_OFFICERS_IMPORT)
    reference = uuid.uuid4()
    upload_keep(upload=upload, path=import_path(reference, kind))
    return return_job_start(
        acting_user=acting_user,
        kind=IMPORT_JOBS[kind],
        parameters={
            "reference": str(reference),
            "team_id": team.pk,
            "dry_run": dry_run,
            "filename": (upload.name or "")[:255],
            **parameters,
        },
    )


NOT_A_DRY_RUN = "Only a dry run's file, still kept, can be imported from its page"


def dry_run_file(dry_run: ReturnImport) -> Path:
    """The file a dry run read, to import it for real: refused unless the record is a dry run whose file is kept."""
    path = import_path(dry_run.reference, dry_run.kind)
    if dry_run.status != ImportStatus.DRY_RUN or not path.is_file():
        raise ValidationError(NOT_A_DRY_RUN)
    return path


def size_and_digest(path: Path) -> tuple[int, str]:
    """A file's size and SHA-256; a folder's total size and the digest of its files, by name."""
    digest = hashlib.sha256()
    size = 0
    for part in sorted(path.iterdir()) if path.is_dir() else [path]:
        if not part.is_file():
            continue
        digest.update(part.name.encode() if path.is_dir() else b"")
        with part.open("rb") as read:
            for block in iter(lambda: read.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
    return size, digest.hexdigest()


def import_record(
    *,
    acting_user: User,
    kind: str,
    path: Path,
    team: Team,
    dry_run: bool,
    filename: str,
    reference: uuid.UUID | None,
) -> ReturnImport:
    size, sha256 = size_and_digest(path)
    return ReturnImport(
        reference=reference or uuid.uuid4(),
        kind=kind,
        created_by=acting_user,
        team=team,
        dry_run=dry_run,
        filename=filename[:255],
        size=size,
        sha256=sha256,
    )


def record_kept(record: ReturnImport) -> ReturnImport:
    record.finished_at = timezone.now()
    with transaction.atomic():
        record.save()
    return record


def record_refused(record: ReturnImport, problems: list[ImportProblem]) -> ReturnImport:
    record.status = ImportStatus.REFUSED
    record.rejections = [problem.as_json() for problem in problems]
    return record_kept(record)


class ChildInFile(Protocol):
    @property
    def child_id(self) -> str: ...

    line: int
    problems: list[ImportProblem]
    left_out: list[ImportProblem]


# Record one child; whether they were new, and how many changes were made.
ChildImporter = Callable[[ChildInFile], tuple[bool, bool]]


def children_import(
    record: ReturnImport,
    children: Iterable[ChildInFile],
    *,
    total: int | None,
    import_child: ChildImporter,
    dry_run: bool,
    on_progress: ProgressCallback | None,
) -> ReturnImport:
    """Import each child in a transaction of their own, counting what became of them; a dry run rolls each back.
    A failure in Casemap itself stops the import: the children before it are kept, and so is the record."""
    counts = dict.fromkeys(ChildOutcome, 0)
    record.status = ImportStatus.FAILED
    try:
        for done, child in enumerate(children, start=1):
            outcome, rejections = _child_import(child, import_child, dry_run=dry_run)
            counts[outcome] += 1
            record.rejections.extend(problem.as_json() for problem in rejections)
            if outcome != ChildOutcome.REJECTED:
                record.notes.extend(problem.as_json() for problem in child.left_out)
            if on_progress is not None:
                on_progress(
                    ImportProgress(
                        done=done,
                        total=total,
                        created=counts[ChildOutcome.CREATED],
                        updated=counts[ChildOutcome.UPDATED],
                        unchanged=counts[ChildOutcome.UNCHANGED],
                        rejected=counts[ChildOutcome.REJECTED],
                    )
                )
        record.status = ImportStatus.DRY_RUN if dry_run else ImportStatus.IMPORTED
    finally:
        record.children_read = sum(counts.values())
        record.created = counts[ChildOutcome.CREATED]
        record.updated = counts[ChildOutcome.UPDATED]
        record.unchanged = counts[ChildOutcome.UNCHANGED]
        record.rejected = counts[ChildOutcome.REJECTED]
        record_kept(record)
    return record


def _child_import(
    child: ChildInFile, import_child: ChildImporter, *, dry_run: bool
) -> tuple[ChildOutcome, list[ImportProblem]]:
    """One child whole, in one transaction, or nothing of them."""
    if child.problems:
        return ChildOutcome.REJECTED, child.problems
    try:
        with transaction.atomic():
            created, changed = import_child(child)
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
    if created:
        return ChildOutcome.CREATED, []
    return (ChildOutcome.UPDATED if changed else ChildOutcome.UNCHANGED), []
