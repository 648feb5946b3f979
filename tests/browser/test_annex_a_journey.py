"""Ofsted's Annex A in the browser: a data officer opens Statutory returns from the menu, types a period that ends
before it starts and is told so, corrects it, exports the lists, reads how many rows each holds and downloads the
workbook. Each page is checked with axe-core."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import World
from casemap.returns.annex_a.period import END_BEFORE_START, default_period
from casemap.returns.models import ReturnExport
from casemap.returns.tests.annex_workbook import assert_meets_schema, open_workbook, sheet_rows
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_date(page, legend: str, day: datetime.date) -> None:  # type: ignore[no-untyped-def]
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_data_officer_exports_the_annex_a_lists_and_downloads_them(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit, settings, tmp_path
) -> None:
    settings.RETURNS_DIR = tmp_path / "returns"
    period = default_period(timezone.localdate())
    officer = new_page()
    officer.goto("/")
    sign_in(officer, world.data_officer)
    officer.get_by_role("link", name="Statutory returns").click()
    expect(officer.get_by_role("heading", name="Ofsted Annex A")).to_be_visible()
    expect(officer.get_by_role("group", name="Start of the period").get_by_label("Year")).to_have_value(
        str(period.start.year)
    )

    type_date(officer, "End of the period", period.start - datetime.timedelta(days=1))
    officer.get_by_role("button", name="Export the Annex A lists").click()
    expect(officer.locator(".govuk-error-summary")).to_contain_text(END_BEFORE_START)
    check(axe_audit, officer, "Statutory returns, an Annex A period ending before it starts")

    type_date(officer, "End of the period", period.end)
    officer.get_by_role("button", name="Export the Annex A lists").click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Ofsted Annex A")
    expect(officer.locator(".govuk-caption-l")).to_have_text(period.label)
    lists = officer.get_by_role("table", name="The lists")
    expect(lists.get_by_role("row", name="List 1 Contacts 2")).to_be_visible()
    expect(lists.get_by_role("row")).to_have_count(12)
    check(axe_audit, officer, "An Annex A export and its lists")

    with officer.expect_download() as download_info:
        officer.get_by_role("link", name="Download the file (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("annex-a-") and download.suggested_filename.endswith(".xlsx")
    workbook = open_workbook(Path(download.path()).read_bytes())  # saved without its suffix
    assert_meets_schema(workbook)
    assert {row["Child Unique ID"] for row in sheet_rows(workbook, "List 1")} == {
        f"P{world.child.pk:07d}",
        f"P{world.sibling.pk:07d}",
    }

    export = ReturnExport.objects.get()
    exported = AccessLogEntry.objects.filter(
        user=world.data_officer, action=AccessAction.EXPORT, record_id=str(export.reference)
    )
    assert {entry.person_id for entry in exported} == {world.child.pk, world.sibling.pk, None}

    officer.get_by_role("link", name="Back to statutory returns").click()
    expect(officer.get_by_role("table", name="Exports")).to_contain_text(period.label)
    axe_audit.assert_clean()
