"""Importing an SSDA903 return: the round trip through Casemap's own export, idempotence, a child rejected whole,
dry runs, refused returns, and what the import writes to the records' history and the access log."""

import csv
import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from casemap.access.models import AccessLogEntry
from casemap.cases.care_models import CareEpisode, CarePeriod
from casemap.cases.models import Case, CaseService
from casemap.conftest import World
from casemap.people.models import Person
from casemap.returns.cin_import.problems import ImportProblem
from casemap.returns.models import ImportStatus, ReturnImport
from casemap.returns.ssda903.export import ssda903_export
from casemap.returns.ssda903.writer import TABLES
from casemap.returns.ssda903_import.services import ssda903_import
from casemap.returns.tests.ssda903_cases import YEAR, ssda903_cases_create
from casemap.returns.tests.test_cin_import import history_rows

# What the import does not bring in: the social worker episodes follow from the allocations a manager makes.
NOT_IMPORTED = {"SWEpisodes"}


@pytest.fixture(autouse=True)
def returns_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


def export(world: World, folder: Path, year: int) -> Path:
    folder.mkdir(parents=True)
    ssda903_export(acting_user=world.data_officer, year=year, folder=folder)
    return folder


def as_other_system(folder: Path, into: Path, prefix: str = "OL") -> Path:
    """The same return as another system would have sent it: its own identifiers for the children."""
    into.mkdir(parents=True)
    for path in folder.glob("*.csv"):
        rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
        with (into / path.name).open("w", newline="", encoding="utf-8") as written:
            writer = csv.writer(written)
            writer.writerow(rows[0])
            for row in rows[1:]:
                writer.writerow([prefix + row[0], *row[1:]])
    return into


def tables(folder: Path) -> dict[str, list[list[str]]]:
    found = {}
    for table, name, _columns in TABLES:
        rows = list(csv.reader((folder / name).open(newline="", encoding="utf-8")))
        found[table] = rows[1:]
    return found


def facts_by_child(folder: Path) -> dict[str, dict[str, list[list[str]]]]:
    """Each child's rows in every table but those not imported, without the identifier."""
    children: dict[str, dict[str, list[list[str]]]] = {}
    for table, rows in tables(folder).items():
        if table in NOT_IMPORTED:
            continue
        for row in rows:
            children.setdefault(row[0], {}).setdefault(table, []).append(row[1:])
    return children


def import_return(world: World, path: Path, *, year: int | None = YEAR, dry_run: bool = False) -> ReturnImport:
    return ssda903_import(acting_user=world.data_officer, path=path, team=world.team, year=year, dry_run=dry_run)


def problems(rows: list[dict]) -> list[str]:  # type: ignore[type-arg]
    return [str(ImportProblem(**row)) for row in rows]


@pytest.fixture
def hard_returns(world: World, tmp_path: Path) -> dict[int, Path]:
    """The SSDA903 hard cases, exported by Casemap for last year and this, and sent as another system would."""
    ssda903_cases_create(world)
    return {
        year: as_other_system(export(world, tmp_path / f"casemap{year}", year), tmp_path / f"other{year}")
        for year in (YEAR - 1, YEAR)
    }


def test_the_hard_cases_come_back_as_they_went(world: World, hard_returns: dict[int, Path], tmp_path: Path) -> None:
    last_year = import_return(world, hard_returns[YEAR - 1], year=YEAR - 1)
    assert last_year.status == ImportStatus.IMPORTED, problems(last_year.rejections)
    assert last_year.rejections == []

    imported = import_return(world, hard_returns[YEAR])

    assert imported.status == ImportStatus.IMPORTED
    assert imported.rejections == [], problems(imported.rejections)
    before = facts_by_child(hard_returns[YEAR])
    assert imported.children_read == len(before)
    # Exported again: every child of the original return is in it twice, under the two identifiers, with the same
    # facts in every table the import brings in.
    again = facts_by_child(export(world, tmp_path / "again", YEAR))
    assert len(again) == 2 * len(before)
    for child_id, facts in before.items():
        person = Person.objects.get(former_identifier=child_id)
        assert again[f"P{person.pk:07d}"] == facts, child_id
    assert {row["field"] for row in imported.notes} >= {"SWEpisodes"}


def test_importing_the_same_return_again_changes_nothing(world: World, hard_returns: dict[int, Path]) -> None:
    import_return(world, hard_returns[YEAR - 1], year=YEAR - 1)
    import_return(world, hard_returns[YEAR])
    before = history_rows()

    again = import_return(world, hard_returns[YEAR])

    assert (again.children_read, again.created, again.updated, again.rejected) == (again.unchanged, 0, 0, 0)
    assert history_rows() == before


def test_casemap_s_own_return_read_back_changes_nothing(world: World, tmp_path: Path) -> None:
    """Casemap's own return names Casemap's people: each is found, and everything is already there."""
    ssda903_cases_create(world)
    folder = export(world, tmp_path / "own", YEAR)
    before = history_rows()
    again = import_return(world, folder)
    assert again.rejected == 0, problems(again.rejections)
    assert again.unchanged == again.children_read > 0
    assert history_rows() == before


def test_a_child_looked_after_is_put_on_a_case_in_care_held_by_the_team(
    world: World, hard_returns: dict[int, Path]
) -> None:
    import_return(world, hard_returns[YEAR])
    period = CarePeriod.objects.filter(child__former_identifier__startswith="OL").select_related("case").first()
    assert period is not None
    assert period.case.team == world.team
    assert period.case.service == CaseService.CHILD_IN_CARE
    assert period.case.allocated_worker is None
    # Every record went through the services: timelines, history and the access log are written.
    assert AccessLogEntry.objects.filter(person=period.child, user=world.data_officer).exists()
    assert CareEpisode.history.filter(child=period.child).exists()  # type: ignore[attr-defined]


def test_a_dry_run_writes_nothing_but_its_record(world: World, hard_returns: dict[int, Path]) -> None:
    before = history_rows()
    record = import_return(world, hard_returns[YEAR], dry_run=True)
    assert record.status == ImportStatus.DRY_RUN
    assert record.created > 0
    after = history_rows()
    assert after == before
    assert not Person.objects.filter(former_identifier__startswith="OL").exists()


def test_a_care_leaver_with_no_case_here_is_rejected_in_plain_words(
    world: World, hard_returns: dict[int, Path]
) -> None:
    """The return holds a care leaver's outcomes, not their time in care: that comes from an earlier year's return."""
    record = import_return(world, hard_returns[YEAR])
    assert record.rejected == 1
    [line] = problems(record.rejections)
    assert line.startswith("Child OLP") and ", OC3: " in line
    assert "import the return for a year they were looked after first" in line


def test_a_child_with_one_bad_value_is_rejected_whole(
    world: World, hard_returns: dict[int, Path], tmp_path: Path
) -> None:
    folder = hard_returns[YEAR]
    episodes = (folder / "episodes.csv").read_text()
    first_child = episodes.splitlines()[1].split(",")[0]
    broken = tmp_path / "broken"
    shutil.copytree(folder, broken)
    lines = episodes.splitlines()
    cells = lines[1].split(",")
    cells[3] = "ZZ"  # LS
    lines[1] = ",".join(cells)
    (broken / "episodes.csv").write_text("\n".join(lines) + "\n")

    record = import_return(world, broken)

    rejected = [row for row in record.rejections if row["child_id"] == first_child]
    assert [(row["field"], row["line"]) for row in rejected] == [("Episodes.LS", 2)]
    assert "is not one of the return's codes for the legal status" in rejected[0]["message"]
    assert not Person.objects.filter(former_identifier=first_child).exists()
    assert Person.objects.filter(former_identifier__startswith="OL").count() == record.created


def zipped(folder: Path) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        for path in folder.glob("*.csv"):
            archive.write(path, f"return/{path.name}")
    return output.getvalue()


def test_a_zip_of_the_return_is_read_as_the_folder(world: World, hard_returns: dict[int, Path], tmp_path: Path) -> None:
    path = tmp_path / "return.zip"
    path.write_bytes(zipped(hard_returns[YEAR]))
    record = import_return(world, path)
    assert record.status == ImportStatus.IMPORTED
    assert record.created == record.children_read - record.rejected > 0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda folder: (folder / "header.csv").unlink(), "There is no header table"),
        (
            lambda folder: (folder / "reviews.csv").write_text("CHILD,WHEN\nA,01/01/2026\n"),
            "reviews.csv is not one of the return's tables",
        ),
        (
            lambda folder: shutil.copy(folder / "missing.csv", folder / "missing2.csv"),
            "both hold the Missing table: send it once",
        ),
        (
            lambda folder: (folder / "header.csv").write_text(
                (folder / "header.csv").read_text() + (folder / "header.csv").read_text().splitlines()[1] + "\n"
            ),
            "is in the header twice",
        ),
        (
            lambda folder: (folder / "reviews.csv").write_text(
                (folder / "reviews.csv").read_text() + "NOBODY,01/01/2010,01/06/2025,PN1\n"
            ),
            "names a child the header does not",
        ),
        (lambda folder: (folder / "episodes.csv").write_bytes(b"\xff\xfeC\x00"), "is not text in UTF-8"),
    ],
)
def test_a_return_that_cannot_be_read_whole_is_refused_and_changes_nothing(
    world: World, hard_returns: dict[int, Path], tmp_path: Path, change: Callable[[Path], object], expected: str
) -> None:
    folder = tmp_path / "changed"
    shutil.copytree(hard_returns[YEAR], folder)
    change(folder)
    before = history_rows()
    record = import_return(world, folder)
    assert record.status == ImportStatus.REFUSED
    assert any(expected in line for line in problems(record.rejections)), problems(record.rejections)
    assert history_rows() == before
    assert not Case.objects.filter(memberships__person__former_identifier__startswith="OL").exists()


def test_a_return_for_a_year_not_begun_or_the_wrong_year_is_refused(
    world: World, hard_returns: dict[int, Path]
) -> None:
    not_begun = import_return(world, hard_returns[YEAR], year=2099)
    assert problems(not_begun.rejections) == [
        "The year ending 31 March 2099 has not begun: choose the year the return is for"
    ]
    wrong = import_return(world, hard_returns[YEAR], year=YEAR - 1)
    assert wrong.status == ImportStatus.REFUSED
    assert "holds dates after 31 March 2025" in problems(wrong.rejections)[0]
    # Without a year, it is the one the return's latest date falls in.
    found = import_return(world, hard_returns[YEAR], year=None)
    assert found.year == YEAR and found.status == ImportStatus.IMPORTED


def test_only_data_officers_import(world: World, hard_returns: dict[int, Path]) -> None:
    from django.core.exceptions import PermissionDenied

    for user in (world.worker, world.manager):
        with pytest.raises(PermissionDenied):
            ssda903_import(acting_user=user, path=hard_returns[YEAR], team=world.team)


def run_command(path: Path, *arguments: str, user: str = "omar") -> str:
    from django.core.management import call_command

    stdout = io.StringIO()
    call_command("import_ssda903", str(path), "--user", user, "--team", "Child protection", *arguments, stdout=stdout)
    return stdout.getvalue()


def test_the_command_shows_progress_and_rejections_by_identifier_and_field_only(
    world: World, hard_returns: dict[int, Path]
) -> None:
    from django.core.management.base import CommandError

    last_year = run_command(hard_returns[YEAR - 1], "--year", str(YEAR - 1))
    assert "children read from the SSDA903 return for the year ending 31 March 2025" in last_year
    assert "Social worker episodes are not imported" in last_year

    text = run_command(hard_returns[YEAR], "--dry-run")  # the year is the one its latest date falls in
    assert "Dry run: " in text and "for the year ending 31 March 2026" in text
    assert " 0 rejected. Import " in text

    with pytest.raises(CommandError, match="must be the username of an active data officer"):
        run_command(hard_returns[YEAR], user="sally")
    with pytest.raises(CommandError, match="The file was refused"):
        run_command(hard_returns[YEAR], "--year", "2099")
    # A child's details never reach the terminal: identifiers, fields and counts only.
    born = {row[2] for row in tables(hard_returns[YEAR])["Header"]}
    assert not any(day in last_year + text for day in born)


def test_a_later_return_adds_to_the_child_and_a_contradiction_is_refused(
    world: World, hard_returns: dict[int, Path], tmp_path: Path
) -> None:
    import_return(world, hard_returns[YEAR])
    reviews = (hard_returns[YEAR] / "reviews.csv").read_text().splitlines()
    child_id, born, held_on, participation = reviews[1].split(",")
    person = Person.objects.get(former_identifier=child_id)

    added = tmp_path / "added"
    shutil.copytree(hard_returns[YEAR], added)
    (added / "reviews.csv").write_text("\n".join([*reviews, f"{child_id},{born},30/03/2026,PN0"]) + "\n")
    record = import_return(world, added)
    assert record.updated == 1 and record.rejected == 1  # the care leaver, as before
    assert person.care_reviews.filter(held_on="2026-03-30", participation="PN0").exists()

    contradicting = tmp_path / "contradicting"
    shutil.copytree(hard_returns[YEAR], contradicting)
    other = "PN2" if participation != "PN2" else "PN3"
    (contradicting / "reviews.csv").write_text(
        "\n".join([reviews[0], f"{child_id},{born},{held_on},{other}", *reviews[2:]]) + "\n"
    )
    before = history_rows()
    record = import_return(world, contradicting)
    [rejected] = [row for row in record.rejections if row["child_id"] == child_id]
    assert str(ImportProblem(**rejected)) == (
        f"Child {child_id}, Reviews.REVIEW_CODE: the review held on this day differs from what Casemap already holds "
        "for this child: correct one or the other, then import again"
    )
    assert rejected["person_id"] == person.pk
    assert history_rows() == before
