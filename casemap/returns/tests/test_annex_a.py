"""Ofsted's Annex A lists: each hard case in its lists and left out of the others, every value one Ofsted's lists
accept, text never a formula, each chunk read in the same queries, and each child logged as exported."""

import datetime
import io
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import World
from casemap.returns.annex_a.export import annex_a_export
from casemap.returns.annex_a.rows import ChildRecords, child_rows
from casemap.returns.annex_a.selectors import annex_a_children
from casemap.returns.annex_a.writer import annex_a_write, text_cell
from casemap.returns.tests.annex_cases import FORMULA_TEAM, FORMULA_WORKER, PERIOD, annex_cases_create
from casemap.returns.tests.annex_workbook import (
    SHEET_NAMES,
    assert_meets_schema,
    open_workbook,
    rows_of,
    sheet_rows,
)

DAY = datetime.date
# The people, then one query for each list's records and for the care episodes, periods and outcomes they need.
QUERIES_PER_CHUNK = 14


def export(world: World, tmp_path: Path, *, chunk_size: int = 2):  # type: ignore[no-untyped-def]
    path = tmp_path / "annex-a.xlsx"
    with path.open("wb") as output:
        exported = annex_a_export(
            acting_user=world.data_officer, period=PERIOD, output=output, record_id="test", chunk_size=chunk_size
        )
    workbook = open_workbook(path)
    assert_meets_schema(workbook)
    return exported, workbook


def in_lists(workbook, child_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [name for name in SHEET_NAMES if rows_of(workbook, name, child_id)]


def test_each_hard_case_is_in_its_lists_with_ofsteds_values(world: World, tmp_path: Path) -> None:
    cases = annex_cases_create(world)
    exported, workbook = export(world, tmp_path)
    ids = {name: f"P{person.pk:07d}" for name, person in vars(cases).items()}

    # A referral that became an assessment, a section 47 enquiry, a conference and a plan.
    referred = ids["referred"]
    assert in_lists(workbook, referred) == ["List 1", "List 3", "List 4", "List 5", "List 6", "List 7"]
    [contact] = rows_of(workbook, "List 1", referred)
    assert contact == {
        "Child Unique ID": referred,
        "Gender": "b) Female",
        "Ethnicity": "o) BAFR",
        "Date of Birth": DAY(2016, 4, 12),
        "Age of Child (Years)": 9,
        "Date of Contact": DAY(2025, 11, 3),
        "Contact Source": "e) 2A: Schools",
    }
    [referral] = rows_of(workbook, "List 3", referred)
    assert referral["Referral NFA?"] == "b) No"
    assert referral["Number of Referrals in Last 12 Months"] == 2  # May's, decided no further action, too
    assert (referral["Allocated Team"], referral["Allocated Worker"]) == ("Child protection", "Sally Worker")
    [assessment] = rows_of(workbook, "List 4", referred)
    assert assessment["Continuous Assessment Start Date"] == DAY(2025, 11, 4)
    assert assessment["Child Seen During Continuous Assessment"] == "a) Yes"
    assert assessment["Continuous Assessment Date of Authorisation"] == DAY(2025, 12, 5)
    assert assessment["Was the child assessed as requiring LA children's social care support?"] == "a) Yes"
    [enquiry] = rows_of(workbook, "List 5", referred)
    assert enquiry["Strategy discussion initiating Section 47 Enquiry Start Date"] == DAY(2025, 11, 20)
    assert enquiry["Was an Initial Child Protection Conference deemed unnecessary?"] == "b) No"
    assert enquiry["Date of Initial Child Protection Conference"] == DAY(2025, 12, 4)
    assert enquiry["Did the Initial Child Protection Conference Result in a Child Protection Plan"] == "a) Yes"
    assert enquiry["Number of Section 47 Enquiries in the last 12 months"] == 1
    assert enquiry["Number of ICPCs in the last 12 months"] == 1
    [in_need] = rows_of(workbook, "List 6", referred)  # May's episode closed before the period
    assert in_need["CIN Start Date"] == DAY(2025, 11, 3)
    assert in_need["Primary Need Code"] == "a) Abuse or neglect"
    assert in_need["Date Child Was Last Seen"] == DAY(2026, 3, 2)
    assert in_need["Case Status"] == "b) Child Protection plan"
    assert "CIN Closure Date" not in in_need
    [plan] = rows_of(workbook, "List 7", referred)
    assert plan["Child Protection Plan Start Date"] == DAY(2025, 12, 4)
    assert (plan["Initial Category of Abuse"], plan["Latest Category of Abuse"]) == ("a) Neglect", "d) Emotional abuse")
    assert plan["Date of the Last Statutory Visit"] == DAY(2026, 3, 2)
    assert plan["Was the Child Seen Alone?"] == "a) Yes"
    assert plan["Date of latest review conference"] == DAY(2026, 2, 26)
    assert "Child Protection Plan End Date" not in plan
    key = "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"
    assert plan[key] == "b) No"
    assert plan["Number of Previous Child Protection Plans"] == 0

    # A contact stepped to early help is a contact, never a referral.
    early_help = ids["early_help"]
    assert in_lists(workbook, early_help) == ["List 1", "List 2"]
    [offer] = rows_of(workbook, "List 2", early_help)
    assert offer["Assessment start date"] == DAY(2026, 1, 12)
    assert offer["Assessment completion date"] == DAY(2026, 3, 20)
    assert offer["Organisation completing assessment"] == "Early help"

    # A child in care for the second time this year: only the period open in the lists' period is listed.
    in_care = ids["in_care"]
    assert in_lists(workbook, in_care) == ["List 6", "List 8"]
    assert rows_of(workbook, "List 6", in_care)[0]["Case Status"] == "a) Looked after child"
    [care] = rows_of(workbook, "List 8", in_care)
    assert care == {
        "Child Unique ID": in_care,
        "Gender": "a) Male",
        "Ethnicity": "b) WIRI",
        "Date of Birth": DAY(2014, 6, 20),
        "Age of Child (Years)": 11,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)": "b) No",
        "Does the Child have a Disability": "b) No",
        "Date Started to be Looked After": DAY(2025, 6, 2),
        "Child's Category of Need": "a) Abuse or neglect",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)": "a) Yes",
        "Start date of current legal status": DAY(2026, 2, 2),
        "Child's Legal Status": "C2: FCO",
        "Date of Latest Statutory Review": DAY(2026, 1, 10),
        "Date of Last Social Work Visit": DAY(2026, 3, 10),
        # The first period's foster placement, the second's, then the children's home.
        "Number of Placements in the Last 12 months": 3,
        "Start Date of Most Recent Placement": DAY(2025, 12, 1),
        "Placement Type": "p) K2: Children's Homes",
        "Placement Provider": "e) PR4: Private provision",
        "Placement postcode": "WF1 2DS",
        "URN of Placement": "SC482913",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": 1,
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months": 1,
        "Allocated Team": "Child protection",
        "Allocated Worker": "Sally Worker",
    }

    # A care leaver: unaccompanied at 16, looked after until 18.
    care_leaver = ids["care_leaver"]
    assert in_lists(workbook, care_leaver) == ["List 9"]
    [leaver] = rows_of(workbook, "List 9", care_leaver)
    assert leaver["Age of Child (Years)"] == 19
    assert leaver["Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)"] == "a) Yes"
    assert leaver["Eligibility Category"] == "b) Former relevant child"
    assert leaver["LA in Touch"] == "a) Yes"
    assert leaver["Latest Date of Contact"] == DAY(2026, 2, 20)
    assert leaver["Type of Accommodation"] == "o) With Former Foster Carer"
    assert leaver["Suitability of Accommodation"] == "a) Suitable"
    assert leaver["Activity Status"] == "F2: Full time in education other than higher"
    assert "Allocated Personal Advisor" not in leaver

    # Adopted in the period: the child in List 10, each adopter in List 11, linked by the family identifier.
    adopted = ids["adopted"]
    assert in_lists(workbook, adopted) == ["List 6", "List 8", "List 10"]
    [ended] = rows_of(workbook, "List 8", adopted)
    assert ended["Date Ceased to be Looked After"] == DAY(2026, 2, 27)
    assert ended["Reason Ceased to be Looked After"] == "a) E11: Adopted - application unopposed"
    assert ended["Child's Legal Status"] == "E1: Placement order"
    assert ended["Placement Type"] == "i) A5: Placed for adoption - order - foster"
    [adoption] = rows_of(workbook, "List 10", adopted)
    family = adoption.pop("Family identifier")
    assert adoption == {
        "Child Unique ID": adopted,
        "Gender": "b) Female",
        "Ethnicity": "a) WBRI",
        "Date of Birth": DAY(2022, 9, 5),
        "Age of Child (Years)": 3,
        "Does the Child have a Disability": "b) No",
        "Date the Child Entered Care": DAY(2024, 3, 4),
        "Date of Decision that Child Should be Placed for Adoption": DAY(2025, 6, 10),
        "Date of Placement Order": DAY(2025, 9, 1),
        "Date of Matching Child and Prospective Adopters": DAY(2025, 8, 20),
        "Date Placed for Adoption": DAY(2025, 9, 1),
        "Date of Adoption Order": DAY(2026, 2, 27),
        "Date the child was placed for fostering in FFA or concurrent planning placement": DAY(2025, 7, 1),
    }
    adopters = rows_of(workbook, "List 11", family)
    assert [(row["Individual adopter identifier"], row["Gender"]) for row in adopters] == [
        (f"{family}-1", "a) Male"),
        (f"{family}-2", "b) Female"),
    ]
    for row in adopters:
        assert row["Family identifier"] == family
        assert row["Date adopter matched with child(ren)"] == DAY(2025, 8, 20)
        assert row["Date child/children placed with adopter(s)"] == DAY(2025, 9, 1)
        assert row["Date of Adoption Order"] == DAY(2026, 2, 27)

    # Work done long before the period, and the Coopers' referral of this autumn, after it, are in no list.
    assert in_lists(workbook, ids["outside"]) == []
    assert in_lists(workbook, f"P{world.child.pk:07d}") == []

    in_workbook = {row["Child Unique ID"] for name in SHEET_NAMES[:10] for row in sheet_rows(workbook, name)}
    assert exported.children == len(in_workbook) == 6
    assert [(written.sheet_name, written.rows) for written in exported.lists] == [
        (name, len(sheet_rows(workbook, name))) for name in SHEET_NAMES
    ]
    logged = AccessLogEntry.objects.filter(record_type="Annex A", record_id="test")
    assert {f"P{entry.person_id:07d}" for entry in logged} == in_workbook
    assert logged.count() == len(in_workbook)
    assert {(entry.user_id, entry.action, entry.detail) for entry in logged} == {
        (world.data_officer.pk, AccessAction.EXPORT, "1 October 2025 to 31 March 2026")
    }


def test_text_that_looks_like_a_formula_is_written_as_text(world: World, tmp_path: Path) -> None:
    cases = annex_cases_create(world)
    _, workbook = export(world, tmp_path)
    formula = f"P{cases.formula.pk:07d}"
    [referral] = rows_of(workbook, "List 3", formula)
    assert (referral["Allocated Team"], referral["Allocated Worker"]) == (FORMULA_TEAM, FORMULA_WORKER)
    sheet = workbook["List 3"]
    header = [cell.value for cell in sheet[1]]
    [row] = [row for row in sheet.iter_rows(min_row=2) if row[0].value == formula]
    for column, text in (("Allocated Team", FORMULA_TEAM), ("Allocated Worker", FORMULA_WORKER)):
        cell = row[header.index(column)]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert row[header.index("Referral Source")].quotePrefix is False  # ordinary text is left as it is
    for sheet in workbook.worksheets:
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row), sheet.title

    for text in ("+44 7700 900123", "-5", "@home", "\tindented", "\rreturned", "=1+1"):
        cell = text_cell(sheet, text)
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)
    assert text_cell(sheet, "Nadia\x00\x07 Khan").value == "Nadia Khan"  # a workbook cannot hold control characters


def test_each_chunk_costs_the_same_queries_whatever_its_children_hold(world: World) -> None:
    annex_cases_create(world)
    with CaptureQueriesContext(connection) as one_chunk:
        [everyone] = annex_a_children(PERIOD, chunk_size=10)
    with CaptureQueriesContext(connection) as three_chunks:
        chunks = list(annex_a_children(PERIOD, chunk_size=2))
    assert len(everyone) == 6
    assert [len(chunk) for chunk in chunks] == [2, 2, 2]
    # Each chunk's queries, and the empty page that ends the reading.
    assert len(one_chunk) == QUERIES_PER_CHUNK + 1
    assert len(three_chunks) == 3 * QUERIES_PER_CHUNK + 1
    assert [child.person_id for chunk in chunks for child in chunk] == [child.person_id for child in everyone]


def test_a_period_with_nothing_in_it_still_has_every_sheet_and_header() -> None:
    output = io.BytesIO()
    written = annex_a_write(output, chunks=[])
    assert written.people == [] and set(written.rows.values()) == {0}
    workbook = open_workbook(output.getvalue())
    assert_meets_schema(workbook)
    assert all(sheet.max_row == 1 for sheet in workbook.worksheets)


def test_a_code_the_labels_do_not_know_leaves_its_cell_blank() -> None:
    person = {
        "pk": 7,
        "sex": "X",
        "ethnicity": "",
        "date_of_birth": None,
        "disabilities": [],
        "last_seen_on": None,
        "last_visit_on": None,
        "last_visit_alone": None,
    }
    records = ChildRecords(contacts=[{"received_on": DAY(2026, 1, 5), "source": "ZZ"}])
    [contact] = child_rows(PERIOD, person, records).rows[1]
    assert contact == {
        "Child Unique ID": "P0000007",
        "Gender": "c) Not stated/recorded",
        "Ethnicity": "t) NOBT",
        "Date of Birth": None,
        "Age of Child (Years)": None,
        "Date of Contact": DAY(2026, 1, 5),
        "Contact Source": None,
    }
