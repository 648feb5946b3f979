"""The data officer's SSDA903 export from the returns page: only data officers, the form as rendered, what the
rules found in plain words with the child's record, what they could not check, and the zip."""

import io
import zipfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.accounts.models import User
from casemap.conftest import NOT_DATA_OFFICERS, World
from casemap.core.tests.rendered_forms import post_changed, post_rendered, rendered_form
from casemap.returns.models import JobKind, ReturnExport, ReturnJob, ReturnKind
from casemap.returns.ssda903.writer import TABLES
from casemap.returns.tests.ssda903_cases import YEAR, ssda903_cases_create

INDEX = reverse("returns:index")
EXPORT = reverse("returns:ssda903-export")


@pytest.fixture(autouse=True)
def returns_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


def export_as(client: Client, year: int) -> ReturnExport:
    """Start the return from the page and follow its job to the export (in tests a task runs as it is enqueued)."""
    response = post_changed(client, INDEX, posts_to=EXPORT, **{"ssda903-year": str(year)})
    assert response.status_code == 302
    job = ReturnJob.objects.latest("pk")
    assert (job.kind, response.url) == (JobKind.EXPORT_SSDA903, reverse("returns:job", args=[job.pk]))
    response = client.get(response.url)
    export = ReturnExport.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == reverse("returns:export", args=[export.pk])
    assert export.kind == ReturnKind.SSDA903
    return export


@pytest.mark.parametrize("persona", NOT_DATA_OFFICERS)
def test_only_data_officers_find_the_ssda903_export(world: World, client_for, persona: str) -> None:  # type: ignore[no-untyped-def]
    officer = client_for(world.data_officer)
    export = export_as(officer, YEAR)
    client = client_for(getattr(world, persona))
    for url in (
        INDEX,
        EXPORT,
        reverse("returns:export", args=[export.pk]),
        reverse("returns:download", args=[export.pk]),
    ):
        assert client.get(url).status_code == 404
    before = ReturnExport.objects.count()
    assert client.post(EXPORT, {"ssda903-year": str(YEAR)}).status_code == 404
    assert ReturnExport.objects.count() == before
    refused = AccessLogEntry.objects.filter(user=getattr(world, persona), action=AccessAction.DENIED)
    assert refused.count() == 5


def test_a_data_officer_exports_the_return_sees_what_the_rules_found_and_downloads_the_zip(
    world: World, client_for
) -> None:  # type: ignore[no-untyped-def]
    cases = ssda903_cases_create(world)
    # A social worker whose registration number is not on their staff record: the rules refuse their episodes.
    User.objects.filter(pk=world.teammate.pk).update(social_work_england_number="")
    client = client_for(world.data_officer)
    page = client.get(INDEX).content.decode()
    assert "SSDA903: children looked after" in page
    assert page.index("Children in Need census") < page.index("SSDA903: children looked after")
    export = export_as(client, YEAR)
    assert export.children == 6

    page = client.get(reverse("returns:export", args=[export.pk])).content.decode()
    assert "The DfE will refuse this file" in page
    # The missing registration number, in plain words saying where to record it, with a link to the child's record.
    assert "SW02STG1" in page
    assert "registration number: on their staff record, which an administrator changes in the admin" in page
    assert f'href="{reverse("people:detail", args=[cases.moved.pk])}"' in page
    assert cases.moved.first_name not in page
    # What could not be checked here is listed with what it needs.
    assert "Rules not checked here" in page
    assert "Ofsted&#x27;s lists of children&#x27;s homes and social care providers" in page
    assert "Last year&#x27;s return" in page

    response = client.get(reverse("returns:download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f"ssda903-{YEAR}-" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert archive.namelist() == [name for _table, name, _columns in TABLES]
    exported = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, record_id=str(export.reference))
    assert exported.filter(person=None, detail="file downloaded", record_type="SSDA903").count() == 1
    assert exported.exclude(person=None).count() == 6


def test_the_form_asks_for_a_year_it_offers_and_keeps_to_its_own_ids(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    form = rendered_form(client, INDEX, "ssda903-form")
    census = rendered_form(client, INDEX, "census-form")
    assert list(form.options) == ["ssda903-year"] and list(census.options) == ["year"]
    assert form.options["ssda903-year"] == census.options["year"]
    response = post_rendered(client, EXPORT, form)  # nothing chosen
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Choose the collection year to export" in page
    assert 'href="#id_ssda903-year' in page
    assert not ReturnExport.objects.exists()
    # The census form shown beside it still posts to the census.
    assert 'action="/returns/" id="census-form"' in page


@pytest.mark.parametrize("year", ["", "abc", "2026.5", "9" * 500, "20\x0026", "2019"])
def test_bad_input_is_refused_on_the_form(world: World, client_for, year: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    fields = dict(rendered_form(client, INDEX, "ssda903-form").fields)
    fields["ssda903-year"] = [year]
    response = client.post(EXPORT, fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose the collection year to export" in page or "Choose one of the collection years shown" in page
    assert not ReturnExport.objects.exists()


def test_the_export_takes_only_posts(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    assert client_for(world.data_officer).get(EXPORT).status_code == 405
