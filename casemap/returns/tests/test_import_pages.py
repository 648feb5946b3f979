"""The data officer's census import pages: only data officers, the form as rendered with the file added, a dry run
and then the import from the same file, plain refusals, and each rejection with the child's record."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import NOT_DATA_OFFICERS, World
from casemap.core.tests.rendered_forms import RenderedForm, form_on_page, rendered_form
from casemap.people.models import Person
from casemap.returns.models import ImportStatus, JobKind, ReturnImport, ReturnJob
from casemap.returns.tests.import_files import a_census, a_child, an_episode

INDEX = reverse("returns:index")
NEW = reverse("returns:import-new")
CENSUS = a_census(a_child("ABC123", an_episode()), a_child("ABC124", an_episode(source="6")))


@pytest.fixture(autouse=True)
def returns_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


def upload(content: bytes = CENSUS, name: str = "cin-2026.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/xml")


def post_import(client: Client, form: RenderedForm, file: SimpleUploadedFile | None, **changes: str):  # type: ignore[no-untyped-def]
    """The form as the page rendered it, with the named fields changed to values it offers and the file added."""
    fields = {name: list(values) for name, values in form.fields.items()}
    for name, value in changes.items():
        assert value in form.options[name], f"{value} is not offered for {name}"
        fields[name] = [value]
    data: dict[str, object] = {name: values for name, values in fields.items() if values}
    if file is not None:
        data["file"] = file
    return through_the_job(client, client.post(NEW, data))


def through_the_job(client: Client, response):  # type: ignore[no-untyped-def]
    """An import starts a background job (in tests it runs as it is enqueued): its page leads to the import."""
    if response.status_code != 302:
        return response
    job = ReturnJob.objects.latest("pk")
    assert (job.kind, response.url) == (JobKind.IMPORT_CIN_CENSUS, reverse("returns:job", args=[job.pk]))
    return client.get(response.url)


def test_the_returns_page_offers_the_import_to_a_data_officer(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    page = client.get(INDEX).content.decode()
    assert "Bring records in from another system" in page and "The Children in Need census" in page
    assert 'enctype="multipart/form-data"' in page and 'class="govuk-file-upload"' in page
    form = rendered_form(client, INDEX, "import-form")
    assert form.options["team"] == ["", str(world.team.pk), str(world.other_team.pk)]
    assert form.options["dry_run"] == ["on"]


def test_a_dry_run_then_the_import_of_the_same_file(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    form = rendered_form(client, INDEX, "import-form")
    response = post_import(client, form, upload(), team=str(world.team.pk), dry_run="on")
    dry_run = ReturnImport.objects.get()
    assert response.status_code == 302 and response.url == reverse("returns:import", args=[dry_run.pk])
    assert (dry_run.status, dry_run.created, dry_run.filename) == (ImportStatus.DRY_RUN, 2, "cin-2026.xml")
    assert not Person.objects.filter(former_identifier__startswith="ABC").exists()

    page_response = client.get(response.url)
    page = page_response.content.decode()
    assert "Dry run of a census import" in page and "Would be created" in page
    after = form_on_page(page_response, "import-after-dry-run")
    response = through_the_job(
        client, client.post(reverse("returns:import-after-dry-run", args=[dry_run.pk]), after.fields)
    )
    imported = ReturnImport.objects.latest("pk")
    assert response.status_code == 302 and response.url == reverse("returns:import", args=[imported.pk])
    assert (imported.status, imported.created, imported.sha256) == (ImportStatus.IMPORTED, 2, dry_run.sha256)
    assert Person.objects.filter(former_identifier__startswith="ABC").count() == 2
    page = client.get(response.url).content.decode()
    assert "No child was rejected." in page and "Import this file now" not in page


def test_each_rejection_is_listed_with_the_child_s_record(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    post_import(client, rendered_form(client, INDEX, "import-form"), upload(), team=str(world.team.pk))
    contradicting = a_census(
        a_child("ABC123", an_episode(source="8")),
        a_child(
            "NEW1",
            an_episode(closing="<CINclosureDate>2025-05-01</CINclosureDate><ReasonForClosure>RC7</ReasonForClosure>"),
        ),
    )
    response = post_import(
        client, rendered_form(client, INDEX, "import-form"), upload(contradicting), team=str(world.team.pk)
    )
    page = client.get(response.url).content.decode()
    person = Person.objects.get(former_identifier="ABC123")
    assert f'href="{reverse("people:detail", args=[person.pk])}">ABC123' in page
    assert "Differs from what Casemap already holds for this child" in page
    assert "CINdetails.CINclosureDate" in page and "The episode closed before the referral was received" in page
    assert ReturnImport.objects.latest("pk").rejected == 2


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "", "Choose the census file to import"),
        (b"", "empty.xml", "The file is empty"),
        (b"%PDF-1.7\n...", "census.xml", "This file is a PDF, not XML: choose the census file, which is XML"),
        (b"PK\x03\x04...", "census.xlsx", "This file is a ZIP file or an Office document (a spreadsheet?), not XML"),
        (b"LAchildID,Sex\nABC123,F\n", "census.csv", "This file is not XML: choose the census file, which is XML"),
        (b"<Message>" + b" " * 2048 + b"</Message>", "big.xml", "The file must be smaller than 1 KB: this one is 2 KB"),
    ],
)
def test_a_file_that_is_not_a_census_is_refused_on_the_form(  # type: ignore[no-untyped-def]
    world: World, client_for, settings, content: bytes | None, name: str, message: str
) -> None:
    settings.RETURNS_IMPORT_MAX_BYTES = 1024
    client = client_for(world.data_officer)
    form = rendered_form(client, INDEX, "import-form")
    file = None if content is None else upload(content, name)
    response = post_import(client, form, file, team=str(world.team.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert not ReturnImport.objects.exists()
    form_on_page(response, "import-form")  # shown again, to choose another file


def test_the_team_must_be_chosen(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    response = post_import(client, rendered_form(client, INDEX, "import-form"), upload())
    assert "Choose the team the open cases go to" in response.content.decode()
    assert not ReturnImport.objects.exists()


def test_a_file_the_schema_refuses_is_recorded_and_explained(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    census = a_census(a_child("ABC123", an_episode()).replace("<Sex>F</Sex>", "<Sex>Q</Sex>"))
    response = post_import(client, rendered_form(client, INDEX, "import-form"), upload(census), team=str(world.team.pk))
    page = client.get(response.url).content.decode()
    assert "The file was refused, so nothing was imported" in page
    assert "ChildIdentifiers.Sex" in page and "Is not one of the codes the census allows: M, F or U" in page
    assert ReturnImport.objects.get().status == ImportStatus.REFUSED


@pytest.mark.parametrize("persona", NOT_DATA_OFFICERS)
def test_only_data_officers_find_the_import_pages(world: World, client_for, persona: str) -> None:  # type: ignore[no-untyped-def]
    officer = client_for(world.data_officer)
    post_import(officer, rendered_form(officer, INDEX, "import-form"), upload(), team=str(world.team.pk), dry_run="on")
    dry_run = ReturnImport.objects.get()
    client = client_for(getattr(world, persona))
    assert client.get(NEW).status_code == 404
    assert client.get(reverse("returns:import", args=[dry_run.pk])).status_code == 404
    assert client.post(NEW, {"team": str(world.team.pk), "file": upload()}).status_code == 404
    assert client.post(reverse("returns:import-after-dry-run", args=[dry_run.pk])).status_code == 404
    assert ReturnImport.objects.count() == 1
    assert not Person.objects.filter(former_identifier__startswith="ABC").exists()
    refused = AccessLogEntry.objects.filter(user=getattr(world, persona), action=AccessAction.DENIED)
    assert refused.count() == 4


def test_the_pages_take_only_their_methods(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    post_import(client, rendered_form(client, INDEX, "import-form"), upload(), team=str(world.team.pk), dry_run="on")
    dry_run = ReturnImport.objects.get()
    assert client.get(reverse("returns:import-after-dry-run", args=[dry_run.pk])).status_code == 405
    assert client.post(reverse("returns:import", args=[dry_run.pk])).status_code == 405
    assert client.get(reverse("returns:import", args=[dry_run.pk + 1])).status_code == 404
