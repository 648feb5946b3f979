"""Exports run in the background: the page records a job and enqueues it in one step, the worker runs it once, and
the job's page shows how far it has gone without JavaScript, then leads to the export."""

import logging
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from casemap.accounts.models import Role
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


def test_the_census_waits_for_the_worker_which_makes_it_and_the_page_leads_to_it(  # type: ignore[no-untyped-def]
    world: World, client_for, worker_backend
) -> None:
    client = client_for(world.data_officer)
    job = start_census(client)
    assert job.status == JobStatus.WAITING
    assert DBTaskResult.objects.count() == 1
    assert not ReturnExport.objects.exists()

    page = client.get(reverse("returns:job", args=[job.pk])).content.decode()
    assert "Waiting to start" in page
    assert 'hx-trigger="every 3s"' in page
    assert 'id="job-progress"' in page and 'value="0"' in page
    # Without JavaScript the person asks again with a link to the same page.
    assert f'href="{reverse("returns:job", args=[job.pk])}"' in page

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    export = ReturnExport.objects.get()
    assert (job.status, job.export, job.done, job.total) == (JobStatus.DONE, export, 2, 2)
    assert job.started_at is not None and job.finished_at is not None
    response = client.get(reverse("returns:job", args=[job.pk]))
    assert response.status_code == 302
    assert response.url == reverse("returns:export", args=[export.pk])
    assert "No errors: the file meets the DfE's rules." in client.get(response.url).content.decode()
    polled = client.get(reverse("returns:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert polled["HX-Redirect"] == reverse("returns:export", args=[export.pk])


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


def test_a_job_that_cannot_run_says_why_in_plain_words_and_keeps_nothing(  # type: ignore[no-untyped-def]
    world: World, client_for, worker_backend, caplog
) -> None:
    officer = world.data_officer
    client = client_for(officer)
    job = start_census(client)
    officer.role = Role.PRACTITIONER
    officer.save(update_fields=["role"])
    with caplog.at_level(logging.INFO):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.problem == f"{officer} is no longer a data officer, so the job was not run."
    assert not ReturnExport.objects.exists()
    assert world.child.first_name not in caplog.text

    officer.role = Role.DATA_OFFICER
    officer.save(update_fields=["role"])
    page = client.get(reverse("returns:job", args=[job.pk])).content.decode()
    assert "It did not finish" in page
    assert "is no longer a data officer" in page
    assert "hx-trigger" not in page
    polled = client.get(reverse("returns:job", args=[job.pk]), headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true"
