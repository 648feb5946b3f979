"""manage.py export_cin_census: the file, checked by the DfE's rules, for a data officer only."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from lxml import etree

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import World


def current_year() -> int:
    today = timezone.localdate()
    return today.year + 1 if today.month > 3 else today.year


def test_a_data_officer_exports_a_checked_file(world: World, tmp_path: Path) -> None:
    output = tmp_path / "cin.xml"
    stdout, progress = io.StringIO(), io.StringIO()
    call_command(
        "export_cin_census",
        "--year",
        str(current_year()),
        "--output",
        str(output),
        "--user",
        world.data_officer.username,
        "--validate",
        stdout=stdout,
        stderr=progress,
    )
    text = stdout.getvalue()
    assert "Exported 2 children" in text
    # Progress on the terminal: counts only.
    assert progress.getvalue() == "  2 of 2 children written\n"
    assert "0 errors" in text
    assert world.child.first_name not in text
    ids = {element.text for element in etree.parse(str(output)).iterfind("Children/Child/ChildIdentifiers/LAchildID")}
    assert ids == {f"P{world.child.pk:07d}", f"P{world.sibling.pk:07d}"}
    assert AccessLogEntry.objects.filter(
        user=world.data_officer, action=AccessAction.EXPORT, person=world.child
    ).exists()
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--user", "sally"], "--user must be the username of an active data officer"),
        (["--user", "nobody"], "--user must be the username of an active data officer"),
        (["--user", "omar", "--year", "1999"], "--year must be a collection year"),
    ],
)
def test_it_refuses_anyone_but_a_data_officer_and_a_bad_year(
    world: World, tmp_path: Path, arguments: list[str], message: str
) -> None:
    output = tmp_path / "cin.xml"
    year = ["--year", str(current_year())] if "--year" not in arguments else []
    with pytest.raises(CommandError, match=message):
        call_command("export_cin_census", *year, "--output", str(output), *arguments)
    assert not output.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()
