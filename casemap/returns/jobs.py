"""Exports and imports a data officer starts from the returns pages run in the background: the page records a job
and enqueues it in one transaction, the worker (`manage.py db_worker`) runs it, and the job's page shows how far it
has gone. A job runs once, even if its task is delivered twice."""

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from casemap.accounts.models import User
from casemap.returns.cin_census.export import ProgressCallback
from casemap.returns.models import JobKind, JobStatus, ReturnExport, ReturnJob
from casemap.returns.services import ONLY_DATA_OFFICERS, cin_census_export_create, may_export_returns

logger = logging.getLogger(__name__)

# What each kind of job does with its parameters, and the export it makes.
JobRunner = Callable[[ReturnJob, ProgressCallback], ReturnExport]


def _export_cin_census(job: ReturnJob, on_progress: ProgressCallback) -> ReturnExport:
    return cin_census_export_create(acting_user=job.created_by, year=job.parameters["year"], on_progress=on_progress)


def _export_ssda903(job: ReturnJob, on_progress: ProgressCallback) -> ReturnExport:
    from casemap.returns.ssda903.services import ssda903_export_create

    return ssda903_export_create(acting_user=job.created_by, year=job.parameters["year"], on_progress=on_progress)


RUNNERS: dict[str, JobRunner] = {
    JobKind.EXPORT_CIN_CENSUS: _export_cin_census,
    JobKind.EXPORT_SSDA903: _export_ssda903,
}


def return_job_start(*, acting_user: User, kind: JobKind, parameters: dict[str, Any]) -> ReturnJob:
    """Record the job and hand it to the worker in one transaction: a job is never enqueued without its row, nor
    left recorded and never enqueued."""
    from casemap.returns.tasks import return_job_task

    if not may_export_returns(acting_user):
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
        export = RUNNERS[job.kind](job, record_progress)
    except Exception as error:
        # The job's id and the error's type only: an error's words may carry a child's details.
        logger.error("Return job %s failed: %s", job_id, type(error).__name__)
        ReturnJob.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, finished_at=timezone.now(), problem=_failure_in_plain_words(job, error)
        )
        return
    ReturnJob.objects.filter(pk=job_id).update(
        status=JobStatus.DONE, finished_at=timezone.now(), export=export, done=export.children, total=export.children
    )
