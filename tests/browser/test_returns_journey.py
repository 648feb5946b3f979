"""The Children in Need census in the browser: a data officer signs in, opens Statutory returns from the menu,
starts the current collection year's export, watches it wait for the background worker, is taken to the export when
the worker has made it, reads what the DfE's rules found and downloads the file. Each page is checked with axe-core."""

import pytest
from django.core.management import call_command
from lxml import etree
from playwright.sync_api import expect

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import World
from casemap.returns.forms import collection_year_label, current_collection_year
from casemap.returns.models import ReturnExport
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_officer_exports_the_census_and_downloads_it(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit, settings, tmp_path
) -> None:
    settings.RETURNS_DIR = tmp_path / "returns"
    # Tasks wait in the database for the worker, as they do outside the tests.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    officer = new_page()
    officer.goto("/")
    sign_in(officer, world.data_officer)
    officer.get_by_role("link", name="Statutory returns").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Statutory returns")
    check(axe_audit, officer, "Statutory returns")

    officer.get_by_role("button", name="Export the census").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Choose the collection year to export")
    check(axe_audit, officer, "Statutory returns, no year chosen")

    year = current_collection_year()
    census = officer.locator("#census-form")
    census.get_by_role("radio", name=collection_year_label(year)).check()
    census.get_by_role("button", name="Export the census").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Children in Need census export")
    expect(officer.locator("#job-status")).to_contain_text("Waiting to start")
    expect(officer.get_by_label("How far it has gone")).to_have_attribute("value", "0")
    check(axe_audit, officer, "The census waiting for the worker")

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    # The waiting page asks again every few seconds and, the work done, moves on to the export.
    expect(officer.get_by_role("heading", level=1)).to_have_text(f"Children in Need census {year}", timeout=15_000)
    expect(officer.locator(".govuk-inset-text")).to_contain_text("No errors: the file meets the DfE's rules.")
    expect(officer.get_by_role("table", name="Errors (0)")).to_be_visible()
    check(axe_audit, officer, "A census export and what the rules found")

    with officer.expect_download() as download_info:
        officer.get_by_role("link", name="Download the file (XML)").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"cin-census-{year}-")
    document = etree.parse(download.path())
    ids = {element.text for element in document.iterfind("Children/Child/ChildIdentifiers/LAchildID")}
    assert ids == {f"P{world.child.pk:07d}", f"P{world.sibling.pk:07d}"}

    export = ReturnExport.objects.get()
    exported = AccessLogEntry.objects.filter(
        user=world.data_officer, action=AccessAction.EXPORT, record_id=str(export.reference)
    )
    assert {entry.person_id for entry in exported} == {world.child.pk, world.sibling.pk, None}

    officer.get_by_role("link", name="Back to statutory returns").click()
    expect(officer.get_by_role("table", name="Exports")).to_contain_text(str(year))
    axe_audit.assert_clean()
