"""manage.py export_annex_a: the workbook for a data officer only, counts per list on the terminal and never a
child, and nothing half-written left behind."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import World
from casemap.returns.annex_a.period import END_BEFORE_START, END_IN_FUTURE
from casemap.returns.tests.annex_cases import PERIOD, annex_cases_create
from casemap.returns.tests.annex_workbook import assert_meets_schema, open_workbook, sheet_rows


def export(*arguments: str) -> str:
    stdout = io.StringIO()
    call_command("export_annex_a", *arguments, stdout=stdout)
    return stdout.getvalue()


def test_a_data_officer_exports_the_six_months_to_today(world: World, tmp_path: Path) -> None:
    output = tmp_path / "annex-a.xlsx"
    text = export("--output", str(output), "--user", world.data_officer.username)
    assert "Exported 2 children" in text
    assert "List 1 (Contacts): 2 rows" in text
    assert "List 11 (Adopters): 0 rows" in text
    assert world.child.first_name not in text and world.child.last_name not in text
    assert f"P{world.child.pk:07d}" not in text
    workbook = open_workbook(output)
    assert_meets_schema(workbook)
    assert {row["Child Unique ID"] for row in sheet_rows(workbook, "List 3")} == {
        f"P{world.child.pk:07d}",
        f"P{world.sibling.pk:07d}",
    }
    assert set(
        AccessLogEntry.objects.filter(user=world.data_officer, action=AccessAction.EXPORT).values_list(
            "person_id", flat=True
        )
    ) == {world.child.pk, world.sibling.pk}
    assert not list(tmp_path.glob("*.partial"))


def test_the_period_can_be_chosen(world: World, tmp_path: Path) -> None:
    annex_cases_create(world)
    output = tmp_path / "annex-a.xlsx"
    text = export(
        "--output", str(output), "--user", "omar", "--start", PERIOD.start.isoformat(), "--end", PERIOD.end.isoformat()
    )
    assert "Exported 6 children for 1 October 2025 to 31 March 2026" in text
    assert "List 8 (Children in care): 2 rows" in text
    assert "List 11 (Adopters): 2 rows" in text
    assert_meets_schema(open_workbook(output))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--user", "sally"], "--user must be the username of an active data officer"),
        (["--user", "nobody"], "--user must be the username of an active data officer"),
        (["--user", "omar", "--end", "2026-13-01"], "is not a date written YYYY-MM-DD"),
        (["--user", "omar", "--start", "2026-03-01", "--end", "2026-02-28"], END_BEFORE_START),
        (["--user", "omar", "--end", "2999-01-01"], END_IN_FUTURE),
    ],
)
def test_it_refuses_anyone_but_a_data_officer_and_a_period_that_will_not_do(
    world: World, tmp_path: Path, arguments: list[str], message: str
) -> None:
    output = tmp_path / "annex-a.xlsx"
    with pytest.raises(CommandError, match=message):
        export("--output", str(output), *arguments)
    assert list(tmp_path.iterdir()) == []
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_file_must_be_a_workbook_in_a_folder_that_exists(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"must be an \.xlsx file"):
        export("--output", str(tmp_path / "annex-a.csv"), "--user", "omar")
    with pytest.raises(CommandError, match="does not exist"):
        export("--output", str(tmp_path / "missing" / "annex-a.xlsx"), "--user", "omar")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_no_half_written_file(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail_halfway(*, output: io.BufferedWriter, **kwargs: object) -> None:
        output.write(b"PK\x03\x04 half a workbook")
        raise OSError("The disk is full")

    monkeypatch.setattr("casemap.returns.management.commands.export_annex_a.annex_a_export", fail_halfway)
    output = tmp_path / "annex-a.xlsx"
    with pytest.raises(OSError, match="The disk is full"):
        export("--output", str(output), "--user", "omar")
    assert list(tmp_path.iterdir()) == []
