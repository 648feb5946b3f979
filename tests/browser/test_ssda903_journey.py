"""The SSDA903 return in the browser: a data officer exports a collection year from its own section of Statutory
returns, reads what the DfE's rules found and could not check, and downloads the zip. Each page is checked with
axe-core."""

import re
import zipfile

import pytest
from playwright.sync_api import expect

from casemap.accounts.models import User
from casemap.conftest import World
from casemap.returns.forms import collection_year_label
from casemap.returns.ssda903.writer import TABLES
from casemap.returns.tests.ssda903_cases import YEAR, ssda903_cases_create
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_officer_exports_the_ssda903_return_and_downloads_it(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit, settings, tmp_path
) -> None:
    settings.RETURNS_DIR = tmp_path / "returns"
    cases = ssda903_cases_create(world)
    # A social worker whose registration number is not on their staff record: the rules refuse their episodes.
    User.objects.filter(pk=world.teammate.pk).update(social_work_england_number="")
    officer = new_page()
    officer.goto("/")
    sign_in(officer, world.data_officer)
    officer.get_by_role("link", name="Statutory returns").click()
    section = officer.locator("#ssda903-form")

    section.get_by_role("button", name="Export the SSDA903 return").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text("Choose the collection year to export")
    check(axe_audit, officer, "Statutory returns, no SSDA903 year chosen")

    officer.locator("#ssda903-form").get_by_role("radio", name=collection_year_label(YEAR)).check()
    officer.locator("#ssda903-form").get_by_role("button", name="Export the SSDA903 return").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(f"SSDA903 (children looked after) {YEAR}")
    expect(officer.get_by_role("table", name="Errors (2)")).to_contain_text("SW02STG1")
    expect(officer.get_by_role("heading", name=re.compile(r"Rules not checked here \(\d+\)"))).to_be_visible()
    check(axe_audit, officer, "An SSDA903 export and what the rules found")

    expect(officer.get_by_role("link", name=f"P{cases.moved.pk:07d} : open the child's record")).to_be_visible()
    with officer.expect_download() as download_info:
        officer.get_by_role("link", name="Download the file (ZIP)").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"ssda903-{YEAR}-")
    with zipfile.ZipFile(download.path()) as archive:
        assert archive.namelist() == [name for _table, name, _columns in TABLES]
    axe_audit.assert_clean()
