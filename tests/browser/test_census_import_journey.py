"""Bringing a census in from another system, in the browser: a data officer opens Statutory returns from the menu,
uploads the file for a dry run, watches the job wait for the background worker, reads what would happen, then imports
the same file for real and finds the child it brought in. Each page is checked with axe-core."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from casemap.conftest import World
from casemap.people.models import Person
from casemap.returns.models import ImportStatus, ReturnImport
from casemap.returns.tests.import_files import a_census, a_child, an_episode
from tests.browser.support import AxeAudit, check, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_data_officer_dry_runs_then_imports_a_census(  # type: ignore[no-untyped-def]
    world: World, new_page, axe_audit: AxeAudit, settings, tmp_path: Path
) -> None:
    settings.RETURNS_DIR = tmp_path / "returns"
    # Tasks wait in the database for the worker, as they do outside the tests.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    census = tmp_path / "census-from-the-old-system.xml"
    census.write_bytes(a_census(a_child("ABC123", an_episode())))

    officer = new_page()
    officer.goto("/")
    sign_in(officer, world.data_officer)
    officer.get_by_role("link", name="Statutory returns").click()
    form = officer.locator("#import-form")
    form.get_by_label("The census file").set_input_files(str(census))
    form.get_by_label("Which team should the open cases go to?").select_option(label=world.team.name)
    form.get_by_label("Dry run: check the file and show what would happen, keeping nothing").check()
    check(axe_audit, officer, "Statutory returns, a census chosen to import")
    form.get_by_role("button", name="Import the census").click()

    expect(officer.get_by_role("heading", level=1)).to_have_text("Children in Need census import")
    expect(officer.locator("#job-status")).to_contain_text("Waiting to start")
    check(axe_audit, officer, "The import waiting for the worker")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(officer.get_by_role("heading", level=1)).to_have_text("Dry run of a census import", timeout=15_000)
    check(axe_audit, officer, "What the dry run would do")
    assert not Person.objects.filter(former_identifier="ABC123").exists()

    officer.get_by_role("button", name="Import this file now").click()
    expect(officer.locator("#job-status")).to_contain_text("Waiting to start")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    expect(officer.get_by_role("heading", level=1)).to_have_text("Census import", timeout=15_000)
    check(axe_audit, officer, "The import done")

    imported = ReturnImport.objects.latest("pk")
    assert (imported.status, imported.dry_run, imported.created) == (ImportStatus.IMPORTED, False, 1)
    child = Person.objects.get(former_identifier="ABC123")
    assert child.cases.get().team == world.team
    axe_audit.assert_clean()
