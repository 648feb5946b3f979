"""The Annex A workbook, written as the children arrive: openpyxl's write-only workbook sends each sheet's rows to
its own temporary file, so nothing but the current chunk is held in memory.

Every sheet starts with a row of Ofsted's column headers. Dates are real dates shown as Ofsted writes them
(DD/MM/YYYY), counts are numbers, and every text is written as text: one that a spreadsheet would take for a formula
(it starts with =, +, -, @, a tab or a carriage return: a child's name, a team's) is also marked as quoted, as an
apostrophe typed before it would, so it is shown and never run.
"""

import dataclasses
import datetime
from collections.abc import Iterable
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from casemap.returns.annex_a.lists import ANNEX_A_LISTS, Cell
from casemap.returns.annex_a.rows import AnnexChild

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD/MM/YYYY"
WIDEST_COLUMN = 40


@dataclasses.dataclass(frozen=True)
class AnnexAWritten:
    people: list[int]
    # Rows in each list, by its number.
    rows: dict[int, int]


def text_cell(sheet: WriteOnlyWorksheet, text: str) -> WriteOnlyCell:
    """Text as text, never a formula; characters a workbook cannot hold (control characters) are dropped."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: Cell) -> object:
    if isinstance(value, str):
        return text_cell(sheet, value) if value else None
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    return value


def annex_a_write(output: BinaryIO, *, chunks: Iterable[list[AnnexChild]]) -> AnnexAWritten:
    """Write the eleven lists to `output` and return the people written (for the access log) and each list's rows."""
    workbook = Workbook(write_only=True)
    sheets = {}
    for annex_list in ANNEX_A_LISTS:
        sheet = workbook.create_sheet(annex_list.sheet_name)
        for index, column in enumerate(annex_list.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = min(max(len(column), 12), WIDEST_COLUMN)
        sheet.freeze_panes = "A2"
        sheet.append([text_cell(sheet, column) for column in annex_list.columns])
        sheets[annex_list.number] = (sheet, annex_list.columns)
    people: list[int] = []
    rows = dict.fromkeys(sheets, 0)
    for chunk in chunks:
        for child in chunk:
            for number, list_rows in child.rows.items():
                sheet, columns = sheets[number]
                for row in list_rows:
                    sheet.append([_cell(sheet, row.get(column)) for column in columns])
                rows[number] += len(list_rows)
            if child.has_rows:
                people.append(child.person_id)
    workbook.save(output)
    return AnnexAWritten(people=people, rows=rows)
