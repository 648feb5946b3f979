"""Exports and imports a data officer starts from the returns pages run in the background: the page records a job
and enqueues it in one transaction, the worker (`manage.py db_worker`) runs it, and the job's page shows how far it
has gone. A job runs once, even if its task is delivered twice."""

import datetime
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casemap.accounts.models import Team, User
from casemap.returns.cin_census.export import ProgressCallback
from casemap.returns.imports import ImportProgress
from casemap.returns.models import JobKind, JobStatus, ReturnExport, ReturnImport, ReturnJob
from casemap.returns.services import (
    ONLY_DATA_OFFICERS,
    annex_a_export_create,
    cin_census_export_create,
    may_export_returns,
)

logger = logging.getLogger(__name__)

IMPORT_PROGRESS_EVERY = 25

# What each kind of job does with its parameters, and the export or import it makes.
JobRunner = Callable[[ReturnJob, ProgressCallback], ReturnExport | ReturnImport]


def _export_cin_census(job: ReturnJob, on_progress: ProgressCallback) -> ReturnExport:
    return cin_census_export_create(acting_user=job.created_by, year=job.parameters["year"], on_progress=on_progress)


def _export_ssda903(job: ReturnJob, on_progress: ProgressCallback) -> ReturnExport:
    from casemap.returns.ssda903.services import ssda903_export_create

    return ssda903_export_create(acting_user=job.created_by, year=job.parameters["year"], on_progress=on_progress)


def _export_annex_a(job: ReturnJob, on_progress: ProgressCallback) -> ReturnExport:
    return annex_a_export_create(
        acting_user=job.created_by,
        period_start=datetime.date.fromisoformat(job.parameters["period_start"]),
        period_end=datetime.date.fromisoformat(job.parameters["period_end"]),
        on_progress=on_progress,
    )


def _import_progress(on_progress: ProgressCallback) -> Callable[[ImportProgress], None]:
    def progress(counts: ImportProgress) -> None:
        # A child at a time is quick: the job's row is told every so often, and at the end.
        total = max(counts.done, counts.total or 0)
        if counts.done % IMPORT_PROGRESS_EVERY == 0 or counts.done == total:
            on_progress(counts.done, total)

    return progress


def _import_cin_census(job: ReturnJob, on_progress: ProgressCallback) -> ReturnImport:
    from casemap.returns.cin_import.services import cin_census_import, cin_census_import_after_dry_run, import_path

    progress = _import_progress(on_progress)
    parameters = job.parameters
    if "dry_run_id" in parameters:
        dry_run = ReturnImport.objects.select_related("team").get(pk=parameters["dry_run_id"])
        return cin_census_import_after_dry_run(acting_user=job.created_by, dry_run=dry_run, on_progress=progress)
    reference = uuid.UUID(parameters["reference"])
    return cin_census_import(
        acting_user=job.created_by,
        path=import_path(reference),
        team=Team.objects.get(pk=parameters["team_id"]),
        dry_run=parameters["dry_run"],
        filename=parameters["filename"],
        reference=reference,
        on_progress=progress,
    )


def _import_ssda903(job: ReturnJob, on_progress: ProgressCallback) -> ReturnImport:
    from casemap.returns.imports import import_path
    from casemap.returns.models import ReturnKind
    from casemap.returns.ssda903_import.services import ssda903_import, ssda903_import_after_dry_run

    parameters = job.parameters
    progress = _import_progress(on_progress)
    if "dry_run_id" in parameters:
        dry_run = ReturnImport.objects.select_related("team").get(pk=parameters["dry_run_id"])
        return ssda903_import_after_dry_run(acting_user=job.created_by, dry_run=dry_run, on_progress=progress)
    reference = uuid.UUID(parameters["reference"])
    return ssda903_import(
        acting_user=job.created_by,
        path=import_path(reference, ReturnKind.SSDA903),
        team=Team.objects.get(pk=parameters["team_id"]),
        year=parameters["year"],
        dry_run=parameters["dry_run"],
        filename=parameters["filename"],
        reference=reference,
        on_progress=progress,
    )


RUNNERS: dict[str, JobRunner] = {
    JobKind.EXPORT_CIN_CENSUS: _export_cin_census,
    JobKind.EXPORT_SSDA903: _export_ssda903,
    JobKind.EXPORT_ANNEX_A: _export_annex_a,
    JobKind.IMPORT_CIN_CENSUS: _import_cin_census,
    JobKind.IMPORT_SSDA903: _import_ssda903,
}


def return_job_start(*, acting_user: User, kind: JobKind, parameters: dict[str, Any]) -> ReturnJob:
    """Record the job and hand it to the worker in one transaction: a job is never enqueued without its row, nor
    left recorded and never enqueued."""
    from casemap.returns.tasks import return_job_task

    if not may_export_returns(acting_user):  # the same people import
        raise PermissionDenied(ONLY_DATA_OFFICERS)
    with transaction.atomic():
        job = ReturnJob.objects.create(kind=kind, parameters=parameters, created_by=acting_user)
        return_job_task.enqueue(job_id=job.pk)
    job.refresh_from_db()
    return job


def _failure_in_plain_words(job: ReturnJob, error: Exception) -> str:
    if isinstance(error, PermissionDenied):
        return f"{job.created_by} is no longer a data officer, so the job was not run."
    if isinstance(error, ImproperlyConfigured | ValidationError):
        return " ".join(getattr(error, "messages", [str(error)]))
    return (
        "Something went wrong part of the way through, and nothing was kept. Try again; if it happens again, tell "
        f"your system administrator that job {job.pk} failed."
    )


def return_job_run(*, job_id: int) -> None:
    """Run a waiting job, recording its progress as it goes and, at the end, what it made or why it failed."""
    claimed = ReturnJob.objects.filter(pk=job_id, status=JobStatus.WAITING).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ReturnJob.objects.select_related("created_by").get(pk=job_id)

    def record_progress(done: int, total: int) -> None:
        ReturnJob.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        made = RUNNERS[job.kind](job, record_progress)
    except Exception as error:
        # The job's id and the error's type only: an error's words may carry a child's details.
        logger.error("Return job %s failed: %s", job_id, type(error).__name__)
        ReturnJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), problem=_failure_in_plain_words(job, error)
        )
        return
    if isinstance(made, ReturnExport):
        ReturnJob.objects.filter(pk=job_id).update(
            status=JobStatus.DONE, finished_at=timezone.now(), export=made, done=made.children, total=made.children
        )
    else:
        ReturnJob.objects.filter(pk=job_id).update(
            status=JobStatus.DONE,
            finished_at=timezone.now(),
            imported=made,
            done=made.children_read,
            total=made.children_read,
        )
