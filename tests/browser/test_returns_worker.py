"""The background worker's own path for the returns: a job waits in the database, `manage.py db_worker` runs it
once, and the job's page leads to what it made or says why it could not. The worker closes its database connection
when it stops, as it should, so these tests commit what they make, as the browser tests do, and live beside them to
share their clean-up (the access log's append-only rule is lifted for the flush and put back)."""

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
from casemap.returns.forms import current_collection_year
from casemap.returns.models import JobStatus, ReturnExport, ReturnJob

INDEX = reverse("returns:index")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def returns_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


@pytest.fixture
def worker_backend(settings):  # type: ignore[no-untyped-def]
    """Tasks wait in the database for `manage.py db_worker`, as they do outside the tests."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


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
