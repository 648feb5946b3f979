"""Exports run in the background: the page records a job and enqueues it in one step, the worker runs it once, and
the job's page shows how far it has gone without JavaScript, then leads to the export."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_changed
from casemap.returns.cin_census.export import cin_census_export
from casemap.returns.forms import current_collection_year
from casemap.returns.jobs import return_job_run
from casemap.returns.models import JobStatus, ReturnExport, ReturnJob

INDEX = reverse("returns:index")
WORKER_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def returns_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


@pytest.fixture
def worker_backend(settings):  # type: ignore[no-untyped-def]
    """Tasks wait in the database for `manage.py db_worker`, as they do outside the tests."""
    settings.TASKS = WORKER_BACKEND


def start_census(client: Client) -> ReturnJob:
    response = post_changed(client, INDEX, "census-form", year=str(current_collection_year()))
    job = ReturnJob.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == reverse("returns:job", args=[job.pk])
    return job


def test_a_running_job_shows_how_many_children_are_done(world: World, client_for, worker_backend) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    job = start_census(client)
    # Part of the way through, as the worker's progress reports leave it.
    ReturnJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=500, total=2000)
    page = client.get(reverse("returns:job", args=[job.pk])).content.decode()
    assert "500 of 2000 children" in page
    assert 'max="100" value="25"' in page
    assert 'hx-trigger="every 3s"' in page


def test_the_census_reports_its_progress_after_each_chunk(world: World, tmp_path: Path) -> None:
    heard: list[tuple[int, int]] = []
    with (tmp_path / "census.xml").open("wb") as output:
        cin_census_export(
            acting_user=world.data_officer,
            year=current_collection_year(),
            output=output,
            chunk_size=1,
            on_progress=lambda done, total: heard.append((done, total)),
        )
    assert heard == [(1, 2), (2, 2)]


def test_a_job_runs_once_even_if_its_task_comes_twice(world: World, client_for, worker_backend) -> None:  # type: ignore[no-untyped-def]
    job = start_census(client_for(world.data_officer))
    return_job_run(job_id=job.pk)
    return_job_run(job_id=job.pk)
    assert ReturnExport.objects.count() == 1
