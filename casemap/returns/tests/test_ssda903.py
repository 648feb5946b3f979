"""The SSDA903 return: the specification's columns, the hard cases in the CSV files, no error under the DfE's rules
that the records can meet, a fixed number of queries a chunk, the access log, and the data officer's export."""

import csv
import hashlib
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import World
from casemap.returns.cin_census.records import CensusYear
from casemap.returns.files import export_path
from casemap.returns.models import ReturnKind
from casemap.returns.ssda903.export import ssda903_export
from casemap.returns.ssda903.selectors import QUERIES_PER_CHUNK, ssda903_children
from casemap.returns.ssda903.services import ssda903_export_create
from casemap.returns.ssda903.writer import TABLES
from casemap.returns.tests.ssda903_cases import YEAR, Ssda903Cases, ssda903_cases_create
from casemap.returns.validation import NOT_RUN, Ssda903Validation, ssda903_validate

SPECIFICATION = Path(settings.BASE_DIR) / "casemap" / "returns" / "schemas" / "ssda903"
SPEC_TABLES = {
    "header": "Header",
    "episodes": "Episodes",
    "reviews": "Reviews",
    "uasc": "UASC",
    "oc2": "OC2",
    "oc3": "OC3",
    "ad1": "AD1",
    "placed_adoption": "PlacedAdoption",
    "prev_perm": "PrevPerm",
    "missing": "Missing",
    "social_worker": "SWEpisodes",
}


def specification_columns(year: int = 2026) -> dict[str, list[str]]:
    """Each table's columns in the 2017 schema with the tables added by each year's changes up to `year` (the
    changes to code lists leave the columns as they are)."""
    tables: dict[str, list[str]] = {}
    table = ""
    for line in (SPECIFICATION / "SSDA903_schema_2017.yml").read_text().splitlines():
        if found := re.fullmatch(r" {4}([a-z0-9_]+):", line):
            table = found.group(1)
            tables[table] = []
        elif found := re.fullmatch(r" {6}([A-Z0-9_]+):", line):
            tables[table].append(found.group(1))
    for diff in sorted(SPECIFICATION.glob("SSDA903_schema_*.diff.yml")):
        if int(diff.name.split("_")[2].split(".")[0]) > year:
            continue
        adding = ""
        for line in diff.read_text().splitlines():
            if found := re.fullmatch(r"column_map\.([a-z0-9_]+):", line):
                adding = found.group(1)
            elif line.strip() == "type: add" and adding:
                tables[adding] = []
            elif adding in tables and (found := re.fullmatch(r" {4}([A-Z0-9_]+):", line)):
                tables[adding].append(found.group(1))
            elif line.startswith("  type: modify"):
                adding = ""
    return {SPEC_TABLES[name]: columns for name, columns in tables.items()}


def read_tables(folder: Path) -> dict[str, list[dict[str, str]]]:
    tables = {}
    for table, name, columns in TABLES:
        with (folder / name).open(newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            assert next(reader) == columns, table
            tables[table] = [dict(zip(columns, row, strict=True)) for row in reader]
    return tables


def rows_for(tables: dict[str, list[dict[str, str]]], table: str, person_id: int) -> list[dict[str, str]]:
    return [row for row in tables[table] if row["CHILD"] == f"P{person_id:07d}"]


def errors_found(validation: Ssda903Validation) -> list[str]:
    return [f"{failure.code} {failure.child_id} {failure.fields}: {failure.message}" for failure in validation.errors]


def export(world: World, folder: Path, chunk_size: int = 2) -> None:
    folder.mkdir()
    ssda903_export(acting_user=world.data_officer, year=YEAR, folder=folder, chunk_size=chunk_size)


def test_each_table_has_exactly_the_2026_specifications_columns() -> None:
    specified = specification_columns()
    assert {table: columns for table, _name, columns in TABLES} == specified
    assert "SWEpisodes" in specified and "DoLo" not in specified


def test_the_hard_cases_are_in_the_files_as_recorded_and_break_no_rule(world: World, tmp_path: Path) -> None:
    cases = ssda903_cases_create(world)
    folder = tmp_path / "ssda903"
    export(world, folder)
    tables = read_tables(folder)
    exported = {row["CHILD"] for row in tables["Header"]}
    assert exported == {
        f"P{person.pk:07d}"
        for person in (
            cases.moved,
            cases.adopted,
            cases.went_home,
            cases.care_leaver,
            cases.unaccompanied,
            cases.previously_permanent,
        )
    }
    _check_moved(tables, cases)
    _check_adopted(tables, cases)
    _check_the_others(tables, cases)

    validation = ssda903_validate(folder, year=YEAR, la_code=settings.LA_CODE)
    assert validation.ruleset == "lac2025_26"
    assert errors_found(validation) == [], "\n".join(errors_found(validation))
    # What cannot be checked here is named, with what it needs, never dropped.
    not_run = {rule.code: rule.needs for rule in validation.not_run}
    assert not_run["1008"] == ("Ofsted's lists of children's homes and social care providers",)
    assert not_run["NoE"] == ("last year's return",)

    # The rules do run: a legal status that is no code is an error, and names the child.
    broken = tmp_path / "broken"
    broken.mkdir()
    for _table, name, _columns in TABLES:
        (broken / name).write_bytes((folder / name).read_bytes())
    episodes = (folder / "episodes.csv").read_text()
    assert episodes.count(",L,E1,") == 1
    (broken / "episodes.csv").write_text(episodes.replace(",L,E1,", ",L,ZZ,"))
    refused = ssda903_validate(broken, year=YEAR, la_code=settings.LA_CODE).errors
    assert refused
    assert {failure.person_id for failure in refused} == {cases.adopted.pk}


def _check_moved(tables: dict[str, list[dict[str, str]]], cases: Ssda903Cases) -> None:
    """In care since June 2024: the year's episodes (two changes of legal status and a move), reviews, missing and
    away, and the outcomes of 12 months in care."""
    person = cases.moved.pk
    [header] = rows_for(tables, "Header", person)
    assert header == {
        "CHILD": f"P{person:07d}",
        "SEX": "M",
        "DOB": "04/09/2013",
        "ETHNIC": "WBRI",
        "UPN": cases.moved.upn,
        "MOTHER": "",
        "MC_DOB": "",
    }
    episodes = rows_for(tables, "Episodes", person)
    assert [(row["DECOM"], row["RNE"], row["LS"], row["PLACE"], row["DEC"], row["REC"]) for row in episodes] == [
        ("10/06/2024", "S", "V2", "U6", "20/05/2025", "X1"),
        ("20/05/2025", "L", "C1", "U6", "01/09/2025", "X1"),
        ("01/09/2025", "L", "C2", "U6", "03/11/2025", "X1"),
        ("03/11/2025", "P", "C2", "K2", "", ""),
    ]
    assert episodes[2]["REASON_PLACE_CHANGE"] == "CREQB"
    assert [row["REASON_PLACE_CHANGE"] for row in episodes[:2]] == ["", ""]
    assert episodes[3] == {
        "CHILD": f"P{person:07d}",
        "DECOM": "03/11/2025",
        "RNE": "P",
        "LS": "C2",
        "CIN": "N1",
        "PLACE": "K2",
        "PLACE_PROVIDER": "PR4",
        "DEC": "",
        "REC": "",
        "REASON_PLACE_CHANGE": "",
        "HOME_POST": "LS9 8AB",
        "PL_POST": "WF1 2DS",
        "URN": "SC482913",
    }
    # Reviews in the year only; the two before it are last year's.
    assert [(row["REVIEW"], row["REVIEW_CODE"]) for row in rows_for(tables, "Reviews", person)] == [
        ("03/06/2025", "PN1"),
        ("28/11/2025", "PN1"),
    ]
    assert [(row["MISSING"], row["MIS_START"], row["MIS_END"]) for row in rows_for(tables, "Missing", person)] == [
        ("M", "10/01/2026", "11/01/2026"),
        ("A", "20/02/2026", "21/02/2026"),
    ]
    assert rows_for(tables, "OC2", person) == [
        {
            "CHILD": f"P{person:07d}",
            "DOB": "04/09/2013",
            "SDQ_SCORE": "18",
            "SDQ_REASON": "",
            "CONVICTED": "0",
            "HEALTH_CHECK": "",
            "IMMUNISATIONS": "1",
            "TEETH_CHECK": "1",
            "HEALTH_ASSESSMENT": "1",
            "SUBSTANCE_MISUSE": "0",
            "INTERVENTION_RECEIVED": "",
            "INTERVENTION_OFFERED": "",
        }
    ]
    assert rows_for(tables, "PrevPerm", person) == []  # his care began before the year


def _check_adopted(tables: dict[str, list[dict[str, str]]], cases: Ssda903Cases) -> None:
    person = cases.adopted.pk
    [header] = rows_for(tables, "Header", person)
    assert (header["SEX"], header["UPN"], header["MOTHER"], header["MC_DOB"]) == ("F", "UN1", "0", "")
    episodes = rows_for(tables, "Episodes", person)
    assert [(row["RNE"], row["LS"], row["PLACE"], row["DEC"], row["REC"]) for row in episodes] == [
        ("S", "C1", "U6", "19/05/2025", "X1"),
        ("L", "E1", "U6", "02/06/2025", "X1"),
        ("P", "E1", "A6", "16/02/2026", "E11"),
    ]
    assert rows_for(tables, "AD1", person) == [
        {
            "CHILD": f"P{person:07d}",
            "DOB": "14/03/2023",
            "DATE_INT": "15/01/2025",
            "DATE_MATCH": "20/05/2025",
            "FOSTER_CARE": "0",
            "NB_ADOPTR": "2",
            "SEX_ADOPTR": "MF",
            "LS_ADOPTR": "L11",
        }
    ]
    assert rows_for(tables, "PlacedAdoption", person) == [
        {
            "CHILD": f"P{person:07d}",
            "DOB": "14/03/2023",
            "DATE_PLACED": "15/01/2025",
            "DATE_PLACED_CEASED": "",
            "REASON_PLACED_CEASED": "",
        }
    ]
    assert rows_for(tables, "OC2", person) == []  # adopted before 31 March: not looked after 12 months then


def _check_the_others(tables: dict[str, list[dict[str, str]]], cases: Ssda903Cases) -> None:
    went_home = rows_for(tables, "Episodes", cases.went_home.pk)
    assert [(row["DECOM"], row["RNE"], row["DEC"], row["REC"]) for row in went_home] == [
        ("14/07/2025", "S", "19/12/2025", "E4A")
    ]
    assert [row["PREV_PERM"] for row in rows_for(tables, "PrevPerm", cases.went_home.pk)] == ["Z1"]

    # A care leaver not looked after in the year: the header and OC3 alone.
    leaver = cases.care_leaver.pk
    assert rows_for(tables, "OC3", leaver) == [
        {"CHILD": f"P{leaver:07d}", "DOB": "20/05/2006", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "Z1"}
    ]
    for table in ("Episodes", "Reviews", "UASC", "OC2", "AD1", "PlacedAdoption", "PrevPerm", "Missing"):
        assert rows_for(tables, table, leaver) == [], table
    assert rows_for(tables, "Header", leaver)[0]["MOTHER"] == ""

    unaccompanied = cases.unaccompanied.pk
    assert rows_for(tables, "UASC", unaccompanied) == [
        {"CHILD": f"P{unaccompanied:07d}", "DOB": "02/03/2009", "SEX": "M", "DUC": ""}
    ]
    assert [row["CIN"] for row in rows_for(tables, "Episodes", unaccompanied)] == ["N8"]
    assert len(tables["UASC"]) == 1

    permanent = cases.previously_permanent.pk
    assert rows_for(tables, "PrevPerm", permanent) == [
        {
            "CHILD": f"P{permanent:07d}",
            "DOB": "30/01/2012",
            "PREV_PERM": "P2",
            "LA_PERM": "202",
            "DATE_PERM": "12/03/2019",
        }
    ]
    _check_social_workers(tables, cases)


def _check_social_workers(tables: dict[str, list[dict[str, str]]], cases: Ssda903Cases) -> None:
    """Each child looked after in the year, with every social worker who held a case of theirs in it: the
    registration number, the days, and why each began (a case's first worker is the child's first contact)."""

    def episodes(person: int) -> list[tuple[str, str, str, str]]:
        rows = rows_for(tables, "SWEpisodes", person)
        return [(row["SW_ID"], row["SW_DECOM"], row["SW_DEC"], row["SW_REASON"]) for row in rows]

    # A children-in-care worker from the day he came into care, then Sally again in the year.
    assert episodes(cases.moved.pk) == [
        ("SW209385", "10/06/2024", "15/09/2025", "TSPROC"),
        ("SW104417", "15/09/2025", "", "LEFTRL"),
    ]
    assert episodes(cases.adopted.pk) == [("SW209385", "02/09/2024", "", "TSPROC")]
    # Sally since the case opened, before the child came into care.
    assert episodes(cases.went_home.pk) == [("SW104417", "06/01/2020", "", "FCONTA")]
    assert episodes(cases.care_leaver.pk) == []  # not looked after in the year
    assert {row["DOB"] for row in rows_for(tables, "SWEpisodes", cases.unaccompanied.pk)} == {"02/03/2009"}


def test_each_chunk_costs_the_same_queries_and_every_child_is_logged_as_exported(world: World, tmp_path: Path) -> None:
    cases = ssda903_cases_create(world)
    year = CensusYear(YEAR)
    with CaptureQueriesContext(connection) as one_chunk:
        [_everyone] = ssda903_children(year, chunk_size=10)
    with CaptureQueriesContext(connection) as three_chunks:
        chunks = list(ssda903_children(year, chunk_size=2))
    assert [len(chunk) for chunk in chunks] == [2, 2, 2]
    # The same queries a chunk, and the empty page that ends the reading.
    assert len(one_chunk) == QUERIES_PER_CHUNK + 1
    assert len(three_chunks) == 3 * QUERIES_PER_CHUNK + 1

    before = AccessLogEntry.objects.count()
    export(world, tmp_path / "logged", chunk_size=4)
    logged = AccessLogEntry.objects.order_by("id")[before:]
    assert {entry.person_id for entry in logged} == {
        person.pk
        for person in (
            cases.moved,
            cases.adopted,
            cases.went_home,
            cases.care_leaver,
            cases.unaccompanied,
            cases.previously_permanent,
        )
    }
    assert {(entry.user_id, entry.action, entry.record_type) for entry in logged} == {
        (world.data_officer.pk, AccessAction.EXPORT, "SSDA903")
    }


def test_the_data_officers_export_is_one_zip_kept_with_what_the_rules_found(
    world: World, tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    cases = ssda903_cases_create(world)
    with pytest.raises(PermissionDenied):
        ssda903_export_create(acting_user=world.manager, year=YEAR)

    kept = ssda903_export_create(acting_user=world.data_officer, year=YEAR)

    assert (kept.kind, kept.year, kept.children, kept.ruleset) == (ReturnKind.SSDA903, YEAR, 6, "lac2025_26")
    path = export_path(kept.reference, ".zip")
    assert kept.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert kept.size == path.stat().st_size
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == [name for _table, name, _columns in TABLES]
        header = archive.read("header.csv").decode()
    assert f"P{cases.moved.pk:07d}" in header
    # Only the zip is left: no partial file and no folder of tables.
    assert [entry.name for entry in settings.RETURNS_DIR.iterdir()] == [path.name]
    assert kept.validation_problem == ""
    assert [failure for failure in kept.failures if failure["type"] == "Error"] == []
    assert kept.error_count == 0 and kept.query_count == 0
    assert any(failure["type"] == NOT_RUN and failure["code"] == "1008" for failure in kept.failures)
    logged = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, record_id=str(kept.reference))
    assert logged.exclude(person=None).count() == 6


def test_a_return_with_no_child_looked_after_has_every_file_and_breaks_no_rule(world: World, tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    export(world, folder)
    tables = read_tables(folder)
    assert all(rows == [] for rows in tables.values())
    validation = ssda903_validate(folder, year=YEAR, la_code=settings.LA_CODE)
    assert validation.errors == []
