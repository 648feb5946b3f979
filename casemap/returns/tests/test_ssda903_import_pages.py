"""The data officer's SSDA903 import: the form on the returns page as rendered with the ZIP added, a dry run and
then the import from the same file, plain refusals on the form, and each rejection with the child's record."""

import html
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import NOT_DATA_OFFICERS, World
from casemap.core.tests.rendered_forms import RenderedForm, form_on_page, rendered_form
from casemap.people.models import Person
from casemap.returns.models import ImportStatus, JobKind, ReturnImport, ReturnJob, ReturnKind
from casemap.returns.tests.ssda903_cases import YEAR, ssda903_cases_create
from casemap.returns.tests.test_ssda903_import import as_other_system, export, zipped

INDEX = reverse("returns:index")
NEW = reverse("returns:ssda903-import")
FORM = "ssda903-import-form"


@pytest.fixture(autouse=True)
def returns_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


@pytest.fixture
def return_zip(world: World, tmp_path: Path) -> bytes:
    ssda903_cases_create(world)
    return zipped(as_other_system(export(world, tmp_path / "casemap", YEAR), tmp_path / "other"))


def upload(content: bytes, name: str = "ssda903-2026.zip") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/zip")


def post_import(client: Client, form: RenderedForm, file: SimpleUploadedFile | None, **changes: str):  # type: ignore[no-untyped-def]
    """The form as the page rendered it, with the named fields changed (offered values only, for choices) and the
    file added; through the background job (in tests it runs as it is enqueued) to the import's page."""
    fields = {name: list(values) for name, values in form.fields.items()}
    for name, value in changes.items():
        if name in form.options:
            assert value in form.options[name], f"{value} is not offered for {name}"
        else:
            assert name in form.fields, f"the form has no field {name}"
        fields[name] = [value]
    data: dict[str, object] = {name: values for name, values in fields.items() if values}
    if file is not None:
        data["ssda903-file"] = file
    response = client.post(NEW, data)
    if response.status_code != 302:
        return response
    job = ReturnJob.objects.latest("pk")
    assert job.kind == JobKind.IMPORT_SSDA903
    return client.get(response.url)


def test_a_dry_run_then_the_import_of_the_same_return(world: World, client_for, return_zip: bytes) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    page = client.get(INDEX).content.decode()
    assert "The SSDA903 return" in page and 'accept=".zip,application/zip"' in page
    form = rendered_form(client, INDEX, FORM)
    assert form.fields["ssda903-year"] == [""]
    assert form.options["ssda903-team"] == ["", str(world.team.pk), str(world.other_team.pk)]
    assert form.options["ssda903-dry_run"] == ["on"]
    response = post_import(
        client, form, upload(return_zip), **{"ssda903-team": str(world.team.pk), "ssda903-dry_run": "on"}
    )
    dry_run = ReturnImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("returns:import", args=[dry_run.pk])
    assert (dry_run.kind, dry_run.status, dry_run.year) == (ReturnKind.SSDA903, ImportStatus.DRY_RUN, YEAR)
    assert not Person.objects.filter(former_identifier__startswith="OL").exists()

    page_response = client.get(response.url)
    page = page_response.content.decode()
    assert "Dry run of an SSDA903 import" in page and "New cases go to" in page
    # The care leaver has no case here: the return holds their outcomes, not their time in care.
    assert "import the return for a year they were looked after first" in page
    assert "Social worker episodes are not imported" in page

    after = form_on_page(page_response, "import-after-dry-run")
    response = client.post(reverse("returns:import-after-dry-run", args=[dry_run.pk]), after.fields)
    assert ReturnJob.objects.latest("pk").kind == JobKind.IMPORT_SSDA903
    response = client.get(response.url)
    imported = ReturnImport.objects.latest("pk")
    assert response.url == reverse("returns:import", args=[imported.pk])
    assert (imported.status, imported.created, imported.sha256) == (
        ImportStatus.IMPORTED,
        dry_run.created,
        dry_run.sha256,
    )
    assert Person.objects.filter(former_identifier__startswith="OL").count() == imported.created > 0
    page = client.get(response.url).content.decode()
    assert "Import this file now" not in page
    # The rejected care leaver is listed by the identifier the file gave, with the field.
    assert "OC3" in page and imported.rejected == 1


@pytest.mark.parametrize(
    ("content", "year", "message"),
    [
        (None, "", "Choose the ZIP file holding the return"),
        (b"CHILD,SEX\n1,M\n", "", "This file is not a ZIP file: put the return's CSV files in one ZIP file"),
        (b"PK\x03\x04", "twenty", "Enter the year as four digits, for example 2026"),
        (b"PK\x03\x04", "1999", "Enter a year from 2000 to"),
    ],
)
def test_a_file_or_year_the_form_cannot_take_is_refused_in_plain_words(  # type: ignore[no-untyped-def]
    world: World, client_for, content: bytes | None, year: str, message: str
) -> None:
    client = client_for(world.data_officer)
    form = rendered_form(client, INDEX, FORM)
    file = None if content is None else upload(content)
    response = post_import(client, form, file, **{"ssda903-team": str(world.team.pk), "ssda903-year": year})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "There is a problem" in page and message in page
    assert page.count("<title>Error: ") == 1
    assert not ReturnImport.objects.exists()
    form_on_page(response, "import-form")


def test_a_zip_that_is_no_return_is_recorded_and_explained(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("notes.txt", "nothing here")
    client = client_for(world.data_officer)
    response = post_import(
        client, rendered_form(client, INDEX, FORM), upload(archive.getvalue()), **{"ssda903-team": str(world.team.pk)}
    )
    page = client.get(response.url).content.decode()
    assert "The file was refused, so nothing was imported" in page
    assert "There are no CSV files in it" in page


@pytest.mark.parametrize("persona", NOT_DATA_OFFICERS)
def test_only_data_officers_find_the_import(world: World, client_for, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(getattr(world, persona))
    assert client.get(NEW).status_code == 404
    assert (
        client.post(NEW, {"ssda903-team": str(world.team.pk), "ssda903-file": upload(b"PK\x03\x04")}).status_code == 404
    )
    assert not ReturnImport.objects.exists() and not ReturnJob.objects.exists()
    assert AccessLogEntry.objects.filter(user=getattr(world, persona), action=AccessAction.DENIED).count() == 2
