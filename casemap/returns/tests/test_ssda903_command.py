"""manage.py export_ssda903: a folder of CSV files, checked by the DfE's rules, for a data officer only."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.accounts.models import User
from casemap.conftest import World
from casemap.returns.ssda903.writer import TABLES
from casemap.returns.tests.ssda903_cases import YEAR, ssda903_cases_create


def run(world: World, output: Path, *extra: str, progress: io.StringIO | None = None) -> str:
    stdout = io.StringIO()
    call_command(
        "export_ssda903",
        "--year",
        str(YEAR),
        "--output",
        str(output),
        "--user",
        world.data_officer.username,
        *extra,
        stdout=stdout,
        stderr=progress or io.StringIO(),
    )
    return stdout.getvalue()


def test_a_return_with_no_child_in_care_is_written_and_breaks_no_rule(world: World, tmp_path: Path) -> None:
    output = tmp_path / "ssda903"
    text = run(world, output, "--validate")
    assert "Exported 0 children" in text
    assert "0 errors" in text
    assert sorted(path.name for path in output.iterdir()) == sorted(name for _table, name, _columns in TABLES)


def test_the_rules_broken_are_counted_never_naming_a_child_and_fail_the_command(world: World, tmp_path: Path) -> None:
    cases = ssda903_cases_create(world)
    # A social worker whose registration number is not on their staff record: the rules refuse their episodes.
    User.objects.filter(pk=world.teammate.pk).update(social_work_england_number="")
    output = tmp_path / "ssda903"
    stdout, progress = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="The files break the DfE's rules"):
        call_command(
            "export_ssda903",
            *("--year", str(YEAR), "--output", str(output), "--user", world.data_officer.username, "--validate"),
            stdout=stdout,
            stderr=progress,
        )
    text = stdout.getvalue()
    assert "Exported 6 children" in text
    assert progress.getvalue() == "  6 of 6 children written\n"  # counts only, a chunk at a time
    assert "Error SW02STG1 (2)" in text
    assert "1008 needs Ofsted's lists of children's homes and social care providers" in text
    for person in (cases.moved, cases.adopted, cases.care_leaver):
        assert f"P{person.pk:07d}" not in text and person.first_name not in text
    # The files are kept: the export worked, the records need work.
    assert (output / "header.csv").exists()
    assert AccessLogEntry.objects.filter(
        user=world.data_officer, action=AccessAction.EXPORT, person=cases.moved
    ).exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--user", "sally"], "--user must be the username of an active data officer"),
        (["--user", "nobody"], "--user must be the username of an active data officer"),
        (["--user", "omar", "--year", "2019"], "--year must be a collection year"),
    ],
)
def test_it_refuses_anyone_but_a_data_officer_and_a_bad_year(
    world: World, tmp_path: Path, arguments: list[str], message: str
) -> None:
    output = tmp_path / "ssda903"
    year = ["--year", str(YEAR)] if "--year" not in arguments else []
    with pytest.raises(CommandError, match=message):
        call_command("export_ssda903", *year, "--output", str(output), *arguments)
    assert not output.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_a_failed_export_leaves_no_folder_behind(world: World, tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    ssda903_cases_create(world)
    settings.LA_NUMBER = ""
    output = tmp_path / "ssda903"
    with pytest.raises(CommandError, match="CASEMAP_LA_NUMBER"):
        run(world, output)
    assert list(tmp_path.iterdir()) == []


def test_it_never_writes_into_a_folder_that_exists(world: World, tmp_path: Path) -> None:
    (tmp_path / "ssda903").mkdir()
    with pytest.raises(CommandError, match="already exists"):
        run(world, tmp_path / "ssda903")
