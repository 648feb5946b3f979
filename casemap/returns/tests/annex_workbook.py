"""Read an exported Annex A workbook back with openpyxl, and check it against Ofsted's lists as the schema
(`casemap/returns/schemas/Annex_A_schema.yml`) gives them: the sheets, their headers, and every value."""

import datetime
import functools
import io
import re
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from casemap.returns.annex_a.lists import ANNEX_A_LISTS
from casemap.returns.annex_a.writer import DATE_FORMAT

SCHEMA_PATH = Path(settings.BASE_DIR) / "casemap" / "returns" / "schemas" / "Annex_A_schema.yml"
SHEET_NAMES = [f"List {number}" for number in range(1, 12)]
# Ofsted's labels: a letter (or two) and a bracket, "a) Male", "p1) 5D: LA services"; or a code and a colon, "C1: ICO".
LETTERED = re.compile(r"^([a-z]{1,2}\d?\) |[A-Z]\d{1,2}: )")


@functools.cache
def annex_a_schema() -> dict[str, dict[str, dict[str, Any]]]:
    """Each list's columns and their specifications, by sheet name. Read as plain text throughout (YAML would
    otherwise read Ofsted's "Yes" and "No" as true and false)."""
    with SCHEMA_PATH.open(encoding="utf-8") as schema:
        column_map = yaml.load(schema, Loader=yaml.BaseLoader)["column_map"]  # noqa: S506  BaseLoader builds only text
    return {
        name.replace("list_", "List "): {column: _merged(specification) for column, specification in columns.items()}
        for name, columns in column_map.items()
    }


def _merged(specification: dict[str, Any]) -> dict[str, Any]:
    """A column given as another's with changes (YAML's `<<` merge key, which the plain-text loader leaves as is)."""
    base = specification.get("<<", {})
    return {**base, **{key: value for key, value in specification.items() if key != "<<"}}


def accepted_values(specification: dict[str, Any]) -> set[str]:
    """The values a category column accepts: each category's code and the names it is known by."""
    return {value for category in specification["category"] for value in [category["code"], *category.get("name", [])]}


def open_workbook(source: Path | bytes) -> Workbook:
    return load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source)


def sheet_rows(workbook: Workbook, sheet_name: str) -> list[dict[str, Any]]:
    """A sheet's rows below its header, each as column -> value, dates as dates, blanks left out."""
    rows = list(workbook[sheet_name].iter_rows(values_only=True))
    header = rows[0]
    return [
        {
            column: value.date() if isinstance(value, datetime.datetime) else value
            for column, value in zip(header, row, strict=True)
            if value is not None
        }
        for row in rows[1:]
    ]


def rows_of(workbook: Workbook, sheet_name: str, child_id: str) -> list[dict[str, Any]]:
    key = "Individual adopter identifier" if sheet_name == "List 11" else "Child Unique ID"
    return [row for row in sheet_rows(workbook, sheet_name) if row[key].startswith(child_id)]


def assert_meets_schema(workbook: Workbook) -> None:
    """Sheets "List 1" to "List 11" with exactly the schema's headers, every category value one it accepts and in
    Ofsted's lettered words, dates as real dates, counts as whole numbers, text as text (never a formula)."""
    assert workbook.sheetnames == SHEET_NAMES
    schema = annex_a_schema()
    for annex_list in ANNEX_A_LISTS:
        sheet = workbook[annex_list.sheet_name]
        specifications = schema[annex_list.sheet_name]
        rows = list(sheet.iter_rows())
        assert [cell.value for cell in rows[0]] == list(specifications), annex_list.sheet_name
        for row in rows[1:]:
            for header, cell in zip(specifications, row, strict=True):
                if cell.value is None:
                    continue
                where = f"{annex_list.sheet_name} {cell.coordinate} ({header}): {cell.value!r}"
                specification = specifications[header]
                if header in annex_list.not_held:
                    raise AssertionError(f"{where} is a column the records do not hold")
                if "category" in specification:
                    assert cell.value in accepted_values(specification), where
                    assert LETTERED.match(cell.value), where
                elif "date" in specification:
                    assert isinstance(cell.value, datetime.datetime), where
                    assert cell.number_format == DATE_FORMAT, where
                elif "numeric" in specification:
                    assert isinstance(cell.value, int), where
                    assert cell.value >= int(specification["numeric"]["min_value"]), where
                else:
                    assert isinstance(cell.value, str), where
                if isinstance(cell.value, str):
                    assert cell.data_type == "s", where
