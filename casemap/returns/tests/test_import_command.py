"""manage.py import_cin_census: progress and counts on the terminal, rejections by identifier and field only, a
non-zero exit when anything was refused, and for a data officer only."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree

from casemap.conftest import World
from casemap.people.models import Person
from casemap.returns.models import ImportStatus, ReturnImport
from casemap.returns.tests.census_cases import YEAR, census_cases_create
from casemap.returns.tests.import_files import a_census, a_child, an_episode, as_other_system, export_census, write


@pytest.fixture(autouse=True)
def returns_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


def run(path: Path, *arguments: str, user: str = "omar", team: str = "Child protection") -> str:
    stdout = io.StringIO()
    call_command("import_cin_census", str(path), "--user", user, "--team", team, *arguments, stdout=stdout)
    return stdout.getvalue()


def test_a_dry_run_then_the_import_say_what_became_of_each_child(world: World, tmp_path: Path) -> None:
    census_cases_create(world)
    path = write(tmp_path, as_other_system(export_census(world, YEAR)))

    text = run(path, "--dry-run")
    assert "6 of 6 children read: 6 imported, 0 unchanged, 0 rejected" in text
    assert "Dry run: 6 children read from the census for the year ending 31 March 2026: 6 would be imported " in text
    assert not Person.objects.filter(former_identifier__startswith="OLD").exists()

    text = run(path, "--team", str(world.team.pk))
    assert "6 imported (6 new, 0 updated), 0 unchanged, 0 rejected" in text
    assert Person.objects.filter(former_identifier__startswith="OLD").count() == 6
    assert [record.status for record in ReturnImport.objects.order_by("pk")] == [
        ImportStatus.DRY_RUN,
        ImportStatus.IMPORTED,
    ]


def test_rejections_name_the_child_and_field_only_and_fail_the_command(world: World, tmp_path: Path) -> None:
    census_cases_create(world)
    document = etree.fromstring(export_census(world, YEAR))  # Casemap's own file: its children have names here
    assessment = document.find("Children/Child/CINdetails/Assessments")
    child_id = document.findtext("Children/Child/ChildIdentifiers/LAchildID")
    assessment.find("AssessmentAuthorisationDate").text = "2025-05-01"
    stdout = io.StringIO()
    with pytest.raises(CommandError, match="1 children were rejected"):
        call_command(
            "import_cin_census",
            str(write(tmp_path, etree.tostring(document))),
            "--user",
            "omar",
            "--team",
            "Child protection",
            stdout=stdout,
        )
    text = stdout.getvalue()
    assert f"Child {child_id}, Assessments.AssessmentAuthorisationDate: the assessment was authorised before it" in text
    assert "5 unchanged, 1 rejected" in text
    for person in Person.objects.all():
        assert person.first_name not in text and person.last_name not in text
    assert "2025" not in text.replace("31 March 2026", "")  # no child's dates either


def test_a_refused_file_lists_its_problems_and_fails(world: World, tmp_path: Path) -> None:
    census = a_census(a_child("ABC123", an_episode(source="99")))
    stdout = io.StringIO()
    with pytest.raises(CommandError, match="The file was refused: nothing was imported"):
        call_command(
            "import_cin_census",
            str(write(tmp_path, census)),
            "--user",
            "omar",
            "--team",
            "Child protection",
            stdout=stdout,
        )
    assert "Child ABC123, CINdetails.ReferralSource: is not one of the codes the census allows" in stdout.getvalue()


@pytest.mark.parametrize(
    ("user", "team", "message"),
    [
        ("sally", "Child protection", "--user must be the username of an active data officer"),
        ("nobody", "Child protection", "--user must be the username of an active data officer"),
        ("omar", "No such team", "--team must be a team's name or number. The teams are: Child protection, Early help"),
    ],
)
def test_it_refuses_anyone_but_a_data_officer_and_an_unknown_team(
    world: World, tmp_path: Path, user: str, team: str, message: str
) -> None:
    path = write(tmp_path, a_census(a_child("ABC123", an_episode())))
    with pytest.raises(CommandError, match=message):
        run(path, user=user, team=team)
    assert not ReturnImport.objects.exists()
    assert not Person.objects.filter(former_identifier="ABC123").exists()


def test_a_missing_file_is_refused(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no file"):
        run(tmp_path / "missing.xml")
