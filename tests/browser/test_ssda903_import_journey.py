"""Bringing an SSDA903 return in from another system, in the browser: a data officer opens Statutory returns from
the menu, uploads the return's ZIP for a dry run, reads what would happen once the background worker has run it,
imports the same file for real, and the team's manager finds the child's new case waiting, with the care history
the return held. Each page is checked with axe-core."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from casemap.cases.care_models import CareEpisode
from casemap.conftest import World
from casemap.people.models import Person
from casemap.returns.models import ImportStatus, ReturnImport
from casemap.returns.ssda903.writer import TABLES
from tests.browser.support import AxeAudit, check, sign_in
from tests.browser.test_family_journey import go_to_waiting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# One child as the previous system sent them: in care since May 2025, moved in October, reviewed twice.
ROWS = {
    "Header": [["OLD123", "F", "03/02/2014", "WBRI", "UN2", "0", ""]],
    "Episodes": [
        ["OLD123", "12/05/2025", "S", "V2", "N1", "U1", "PR1", "14/10/2025", "X1", "CARPL", "LS9 8AB", "LS8 1NT", ""],
        ["OLD123", "14/10/2025", "P", "V2", "N1", "K2", "PR4", "", "", "", "LS9 8AB", "WF1 2DS", "SC123456"],
    ],
    "Reviews": [["OLD123", "03/02/2014", "09/06/2025", "PN1"], ["OLD123", "03/02/2014", "20/11/2025", "PN3"]],
}


def return_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for table, name, columns in TABLES:
            lines = io.StringIO()
            lines.write(",".join(columns) + "\r\n")
            for row in ROWS.get(table, []):
                lines.write(",".join(row) + "\r\n")
            archive.writestr(name, lines.getvalue())
    return path


def test_a_data_officer_imports_a_return_and_the_manager_finds_the_child_s_care(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit, settings, tmp_path: Path
) -> None:
    settings.RETURNS_DIR = tmp_path / "returns"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    upload = return_zip(tmp_path / "ssda903-from-the-old-system.zip")

    officer = new_page()
    officer.goto("/")
    sign_in(officer, world.data_officer)
    officer.get_by_role("link", name="Statutory returns").click()
    form = officer.locator("#ssda903-import-form")
    form.get_by_label("The return, as a ZIP file").set_input_files(str(upload))
    form.get_by_label("Which year is it for? (optional)").fill("2026")
    form.get_by_label("Which team should a child's new case go to?").select_option(label=world.team.name)
    form.get_by_label("Dry run: check the file and show what would happen, keeping nothing").check()
    check(axe_audit, officer, "Statutory returns, an SSDA903 return chosen to import")
    form.get_by_role("button", name="Import the return").click()

    expect(officer.get_by_role("heading", level=1)).to_have_text("SSDA903 import")
    expect(officer.locator("#job-status")).to_contain_text("Waiting to start")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(officer.get_by_role("heading", level=1)).to_have_text("Dry run of an SSDA903 import", timeout=15_000)
    expect(officer.get_by_role("table", name="Rejected, and not imported at all (0)")).to_contain_text(
        "No child was rejected."
    )
    check(axe_audit, officer, "What the dry run of the SSDA903 import would do")
    assert not Person.objects.filter(former_identifier="OLD123").exists()

    officer.get_by_role("button", name="Import this file now").click()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(officer.get_by_role("heading", level=1)).to_have_text("SSDA903 import", timeout=15_000)
    check(axe_audit, officer, "The SSDA903 import done")
    imported = ReturnImport.objects.latest("pk")
    assert (imported.status, imported.dry_run, imported.created, imported.year) == (
        ImportStatus.IMPORTED,
        False,
        1,
        2026,
    )

    manager = new_page()
    sign_in(manager, world.manager)
    go_to_waiting(manager, "Unallocated case")
    history = manager.locator("section", has=manager.get_by_role("heading", name="Care history of Child OLD123"))
    rows = history.get_by_role("table").first.get_by_role("row")
    expect(rows).to_have_count(3)  # the header and two episodes
    expect(rows.nth(2)).to_contain_text("Children's home (K2)")
    check(axe_audit, manager, "The imported child's case with their care history")
    child = Person.objects.get(former_identifier="OLD123")
    assert list(CareEpisode.objects.filter(child=child).values_list("placement_type", flat=True).order_by("pk")) == [
        "U1",
        "K2",
    ]
    axe_audit.assert_clean()
