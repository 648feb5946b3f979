"""The background task behind every export and import started from the returns pages (`casemap/returns/jobs.py`)."""

from django_tasks import task

from casemap.returns.jobs import return_job_run


@task()
def return_job_task(job_id: int) -> None:
    return_job_run(job_id=job_id)
