"""The data officer's returns pages: only data officers, the form as rendered, what the rules found, the file."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from lxml import etree

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import NOT_DATA_OFFICERS, World
from casemap.core.tests.rendered_forms import post_changed, post_rendered, rendered_form
from casemap.people.models import Person
from casemap.people.upn import upn_check_letter
from casemap.returns.forms import current_collection_year
from casemap.returns.models import ReturnExport, ReturnJob

INDEX = reverse("returns:index")


@pytest.fixture(autouse=True)
def returns_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


def export_as(client: Client) -> ReturnExport:
    """Start the census from the page and follow its job to the export (in tests a task runs as it is enqueued)."""
    response = post_changed(client, INDEX, "census-form", year=str(current_collection_year()))
    assert response.status_code == 302
    job = ReturnJob.objects.latest("pk")
    assert response.url == reverse("returns:job", args=[job.pk])
    response = client.get(response.url)
    export = ReturnExport.objects.latest("pk")
    assert response.status_code == 302
    assert response.url == reverse("returns:export", args=[export.pk])
    return export


@pytest.mark.parametrize("persona", NOT_DATA_OFFICERS)
def test_only_data_officers_find_the_returns_pages(world: World, client_for, persona: str) -> None:  # type: ignore[no-untyped-def]
    officer = client_for(world.data_officer)
    export = export_as(officer)
    client = client_for(getattr(world, persona))
    job = ReturnJob.objects.get()
    pages = (INDEX, reverse("returns:job", args=[job.pk]), reverse("returns:export", args=[export.pk]))
    for url in (*pages, reverse("returns:download", args=[export.pk])):
        assert client.get(url).status_code == 404
    before = ReturnExport.objects.count()
    assert client.post(INDEX, {"year": str(current_collection_year())}).status_code == 404
    assert ReturnExport.objects.count() == before
    assert ReturnJob.objects.count() == 1
    refused = AccessLogEntry.objects.filter(user=getattr(world, persona), action=AccessAction.DENIED)
    assert refused.count() == 5
    assert "Statutory returns" not in client.get(reverse("cases:my-caseload")).content.decode()


def test_a_data_officer_exports_sees_no_errors_and_downloads_the_file(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    assert "Statutory returns" in client.get(reverse("cases:my-caseload")).content.decode()
    export = export_as(client)
    assert export.children == 2
    page = client.get(reverse("returns:export", args=[export.pk])).content.decode()
    assert "No errors: the file meets the DfE's rules." in page
    assert world.child.first_name not in page

    exported = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, record_id=str(export.reference))
    assert {entry.person_id for entry in exported} == {world.child.pk, world.sibling.pk}

    response = client.get(reverse("returns:download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    document = etree.fromstring(b"".join(response.streaming_content))
    assert len(document.findall("Children/Child")) == 2
    assert exported.filter(person=None, detail="file downloaded", user=world.data_officer).count() == 1
    assert str(export.created_at.year) in client.get(INDEX).content.decode()


def test_a_broken_rule_is_listed_in_plain_words_with_the_childs_record(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    # A UPN whose check letter is right but whose authority code (999) is no authority's: the forms refuse it now,
    # but a record brought in from an older system can still carry one.
    body = "999000000001"
    Person.objects.filter(pk=world.child.pk).update(upn=upn_check_letter(body) + body)
    client = client_for(world.data_officer)
    export = export_as(client)
    assert export.error_count >= 1
    page = client.get(reverse("returns:export", args=[export.pk])).content.decode()
    assert "The DfE will refuse this file" in page
    assert "UPN invalid (characters 2-4 not a recognised LA code)" in page
    assert "The child&#x27;s Unique Pupil Number (their details)" in page
    assert f'href="{reverse("people:detail", args=[world.child.pk])}"' in page


def test_the_form_asks_for_a_year_it_offers(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    form = rendered_form(client, INDEX, "census-form")
    assert form.options["year"] == [str(current_collection_year() - back) for back in range(3)]
    response = post_rendered(client, INDEX, form)  # nothing chosen
    assert response.status_code == 200
    assert "Choose the collection year to export" in response.content.decode()
    assert not ReturnExport.objects.exists()


@pytest.mark.parametrize("year", ["", "abc", "2026.5", "9" * 500, "20\x0026", str(current_collection_year() - 3)])
def test_bad_input_is_refused_on_the_form(world: World, client_for, year: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    form = rendered_form(client, INDEX, "census-form")
    fields = dict(form.fields)
    fields["year"] = [year]
    response = client.post(INDEX, fields)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose the collection year to export" in page or "Choose one of the collection years shown" in page
    assert not ReturnExport.objects.exists()


def test_the_export_pages_take_no_posts(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    export = export_as(client)
    for name in ("returns:export", "returns:download"):
        assert client.post(reverse(name, args=[export.pk]), {"year": "2026"}).status_code == 405
    job = ReturnJob.objects.get()
    assert client.post(reverse("returns:job", args=[job.pk]), {"year": "2026"}).status_code == 405
