"""Reading an SSDA903 return made by another system: a folder (or ZIP) of CSV files, one a table.

Each file's table is told by its columns, as the DfE's own tool tells them, never by its name. A return that cannot
be read as a whole is refused whole (no header table, a file that is no table's, one table in two files, a child
named twice in the header, a row for a child the header does not name). Otherwise each child is read into the
records the export writes from (`casemap/returns/ssda903/records.py`), with every value it cannot take listed as a
problem that rejects that child alone.
"""

import csv
import dataclasses
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from django.db import models

from casemap.cases.care_codes import (
    AdopterLegalStatus,
    AdopterSexes,
    AdoptionCeasedReason,
    CareLeaverAccommodation,
    CareLeaverActivity,
    CareNeed,
    EpisodeEndReason,
    InTouch,
    LegalStatus,
    MissingKind,
    NewEpisodeReason,
    PlacementChangeReason,
    PlacementProvider,
    PlacementType,
    PreviousPermanenceKind,
    ReviewParticipation,
    SdqReason,
)
from casemap.people.codes import Ethnicity, Sex, UnknownUpnReason
from casemap.returns.cin_import.problems import ImportProblem
from casemap.returns.ssda903.records import (
    Adoption903,
    Child903,
    Episode903,
    LeaverOutcomes903,
    Outcomes903,
    PlacedForAdoption903,
    PreviousPermanence903,
)
from casemap.returns.ssda903.selectors import OUTCOME_ANSWERS
from casemap.returns.ssda903.writer import TABLES

# The most a ZIP may unpack to: a return is text, and a small file that unpacks to gigabytes is refused.
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
TABLE_OF_COLUMNS = {frozenset(columns): table for table, _name, columns in TABLES}
UPN = re.compile(r"[A-Z]\d{11}[0-9A-Z]")
DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")  # day/month/year, as the return writes dates
CHILD_ID_LENGTH = 10  # the return's CHILD is at most ten characters

_Code = TypeVar("_Code", bound=models.TextChoices)


@dataclasses.dataclass
class ChildInFile:
    """One child as the return gives them: the records the export writes (person_id 0), the line of their header
    row, and what the reading refuses (`problems`) or leaves out (`left_out`)."""

    record: Child903
    line: int
    problems: list[ImportProblem] = dataclasses.field(default_factory=list)
    left_out: list[ImportProblem] = dataclasses.field(default_factory=list)

    @property
    def child_id(self) -> str:
        return self.record.child_id


@dataclasses.dataclass
class ReturnFile:
    """The whole return, read: its children in the header's order, or why it cannot be read at all."""

    children: list[ChildInFile]
    problems: list[ImportProblem]  # the return as a whole: any one refuses it
    notes: list[ImportProblem]  # about the return as a whole, for instance a table not imported
    latest_day: datetime.date | None  # the latest date in the episodes, reviews and missing: the year it is for


def _csv_texts(path: Path) -> tuple[list[tuple[str, str]], list[ImportProblem]]:
    """(file name, text) for each CSV file in the folder or ZIP at `path`."""
    found: list[tuple[str, bytes]] = []
    if path.is_dir():
        found = [(child.name, child.read_bytes()) for child in sorted(path.iterdir()) if _is_csv(child.name)]
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            members = [member for member in archive.infolist() if not member.is_dir() and _is_csv(member.filename)]
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                return [], [_whole("The ZIP file unpacks to more than a return can hold: it is not a return")]
            found = [(Path(member.filename).name, archive.read(member)) for member in members]
    else:
        return [], [_whole("This is neither a folder of CSV files nor a ZIP file holding them")]
    if not found:
        return [], [_whole("There are no CSV files in it: the return is one CSV file a table")]
    texts, problems = [], []
    for name, content in found:
        try:
            texts.append((name, content.decode("utf-8-sig")))
        except UnicodeDecodeError:
            problems.append(_whole(f"{name} is not text in UTF-8: save it from the previous system as UTF-8 CSV"))
    return texts, problems


def _is_csv(name: str) -> bool:
    return name.lower().endswith(".csv") and not Path(name).name.startswith(".")


def _whole(message: str, field: str = "", line: int | None = None) -> ImportProblem:
    return ImportProblem(child_id="", field=field, message=message, line=line)


@dataclasses.dataclass
class _Row:
    table: str
    line: int
    values: dict[str, str]


def ssda903_return_read(path: Path) -> ReturnFile:
    texts, problems = _csv_texts(path)
    rows_by_table: dict[str, list[_Row]] = {}
    file_of: dict[str, str] = {}
    for name, text in texts:
        reader = csv.reader(io.StringIO(text))
        heading = next(reader, [])
        columns = [column.strip().upper() for column in heading]
        table = TABLE_OF_COLUMNS.get(frozenset(columns))
        if table is None or len(columns) != len(set(columns)):
            problems.append(
                _whole(
                    f"{name} is not one of the return's tables: its columns are not those of any table in the "
                    "2026 specification",
                )
            )
            continue
        if table in file_of:
            problems.append(_whole(f"{name} and {file_of[table]} both hold the {table} table: send it once"))
            continue
        file_of[table] = name
        rows_by_table[table] = [
            _Row(table, line, {column: value.strip() for column, value in zip(columns, row, strict=False)})
            for line, row in enumerate(reader, start=2)
            if any(value.strip() for value in row)
        ]
    if "Header" not in rows_by_table and not problems:
        problems.append(
            _whole("There is no header table (header.csv, with CHILD, SEX, DOB, ...): it names the children")
        )
    if problems:
        return ReturnFile(children=[], problems=problems, notes=[], latest_day=None)
    children: dict[str, ChildInFile] = {}
    for row in rows_by_table["Header"]:
        child_id = row.values["CHILD"]
        if child_id in children:
            problems.append(
                ImportProblem(
                    child_id=child_id,
                    field="Header.CHILD",
                    message=f"is in the header twice (first on line {children[child_id].line}): a return holds each "
                    "child once",
                    line=row.line,
                )
            )
            continue
        children[child_id] = _header(row)
    for table, rows in rows_by_table.items():
        if table == "Header":
            continue
        for row in rows:
            if row.values.get("CHILD", "") not in children:
                problems.append(
                    _whole(f"names a child the header does not: every child is in {file_of['Header']}", table, row.line)
                )
    if problems:
        return ReturnFile(children=[], problems=problems, notes=[], latest_day=None)
    notes = []
    if rows_by_table.get("SWEpisodes"):
        notes.append(
            _whole(
                "Social worker episodes are not imported: who holds each case in Casemap is decided by the team's "
                "manager, who allocates it, and the return's episodes follow from that",
                "SWEpisodes",
            )
        )
    readers: dict[str, Callable[[ChildInFile, _Row], None]] = {
        "Episodes": _episode,
        "Reviews": _review,
        "UASC": _unaccompanied,
        "OC2": _outcomes,
        "OC3": _leaver_outcomes,
        "AD1": _adoption,
        "PlacedAdoption": _placed_for_adoption,
        "PrevPerm": _previous_permanence,
        "Missing": _missing,
    }
    for table, read in readers.items():
        for row in rows_by_table.get(table, []):
            read(children[row.values["CHILD"]], row)
    days = [day for child in children.values() for day in _days_in_year_tables(child.record)]
    return ReturnFile(children=list(children.values()), problems=[], notes=notes, latest_day=max(days, default=None))


def _days_in_year_tables(record: Child903) -> Iterable[datetime.date]:
    for episode in record.episodes:
        yield episode.started_on
        if episode.ended_on:
            yield episode.ended_on
    yield from (held_on for held_on, _participation in record.reviews)
    for _kind, started_on, ended_on in record.missing:
        yield started_on
        if ended_on:
            yield ended_on


class _Values:
    """A row's values for one child, each problem added to the child as it is met."""

    def __init__(self, child: ChildInFile, row: _Row) -> None:
        self.child = child
        self.row = row

    def problem(self, column: str, message: str, detail: str = "") -> None:
        self.child.problems.append(
            ImportProblem(
                child_id=self.child.child_id,
                field=f"{self.row.table}.{column}",
                message=message,
                detail=detail,
                line=self.row.line,
            )
        )

    def text(self, column: str) -> str:
        return self.row.values.get(column, "")

    def date(self, column: str, *, required: bool = True) -> datetime.date | None:
        value = self.text(column)
        if not value:
            if required:
                self.problem(column, "is empty: the return needs a date here")
            return None
        written = DATE.fullmatch(value)
        try:
            if written is None:
                raise ValueError(value)
            day, month, year = (int(part) for part in written.groups())
            return datetime.date(year, month, day)
        except ValueError:
            self.problem(column, "is not a date written as the return writes them, day/month/year (31/03/2026)")
            return None

    def code(self, column: str, codes: type[_Code], what: str, *, required: bool = True) -> str:
        value = self.text(column).upper()
        if not value:
            if required:
                self.problem(column, f"is empty: the return needs {what} here")
            return ""
        if value not in codes.values:
            self.problem(column, f"is not one of the return's codes for {what}", detail=f"The file gives {value!r}.")
            return ""
        return value

    def yes_no(self, column: str) -> bool | None:
        value = self.text(column)
        if value in {"", "1", "0"}:
            return None if not value else value == "1"
        self.problem(column, "must be 1 (yes), 0 (no) or empty (not known)")
        return None

    def number(self, column: str, *, low: int, high: int) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if value.isdigit() and low <= int(value) <= high:
            return int(value)
        self.problem(column, f"must be a whole number from {low} to {high}")
        return None


def _header(row: _Row) -> ChildInFile:
    child_id = row.values["CHILD"]
    child = ChildInFile(
        record=Child903(
            person_id=0,
            child_id=child_id,
            sex="",
            born_on=None,
            ethnicity="",
            upn="",
            is_mother=None,
            first_child_born_on=None,
        ),
        line=row.line,
    )
    values = _Values(child, row)
    if not child_id or len(child_id) > CHILD_ID_LENGTH:
        values.problem("CHILD", f"must be the child's identifier, 1 to {CHILD_ID_LENGTH} characters")
    record = child.record
    record.sex = values.code("SEX", Sex, "the child's sex")
    record.born_on = values.date("DOB")
    record.ethnicity = values.code("ETHNIC", Ethnicity, "ethnicity")
    upn = values.text("UPN").upper()
    if upn and not (UPN.fullmatch(upn) or upn in UnknownUpnReason.values):
        values.problem("UPN", "is neither a unique pupil number nor one of the codes for why it is not known")
    record.upn = upn
    record.is_mother = values.yes_no("MOTHER")
    record.first_child_born_on = values.date("MC_DOB", required=False)
    if record.is_mother:
        child.left_out.append(
            ImportProblem(
                child_id=child_id,
                field="Header.MOTHER",
                message="the return says she is a mother: Casemap knows that from her child's record in her family, "
                "which a return cannot make, so add her child to her family",
            )
        )
    return child


def _episode(child: ChildInFile, row: _Row) -> None:
    values = _Values(child, row)
    started_on = values.date("DECOM")
    episode = Episode903(
        started_on=started_on or datetime.date.min,
        new_episode_reason=values.code("RNE", NewEpisodeReason, "the reason for a new episode"),
        legal_status=values.code("LS", LegalStatus, "the legal status"),
        category_of_need=values.code("CIN", CareNeed, "the category of need"),
        placement_type=values.code("PLACE", PlacementType, "the placement type"),
        provider=values.code("PLACE_PROVIDER", PlacementProvider, "the placement provider", required=False),
        ended_on=values.date("DEC", required=False),
        end_reason=values.code("REC", EpisodeEndReason, "why the episode ended", required=False),
        placement_change_reason=values.code(
            "REASON_PLACE_CHANGE", PlacementChangeReason, "why the placement changed", required=False
        ),
        home_postcode=values.text("HOME_POST").upper(),
        placement_postcode=values.text("PL_POST").upper(),
        urn=values.text("URN").upper(),
    )
    if episode.ended_on and not episode.end_reason:
        values.problem("REC", "is empty, but the episode ended: the return needs why")
    if episode.end_reason and not episode.ended_on:
        values.problem("DEC", "is empty, but the return gives why the episode ended: it needs the date too")
    if started_on is not None:
        child.record.episodes.append(episode)


def _review(child: ChildInFile, row: _Row) -> None:
    values = _Values(child, row)
    held_on = values.date("REVIEW")
    participation = values.code("REVIEW_CODE", ReviewParticipation, "how the child took part")
    if held_on is not None:
        child.record.reviews.append((held_on, participation))


def _unaccompanied(child: ChildInFile, row: _Row) -> None:
    child.record.unaccompanied = True
    child.record.unaccompanied_ceased_on = _Values(child, row).date("DUC", required=False)


def _outcomes(child: ChildInFile, row: _Row) -> None:
    values = _Values(child, row)
    child.record.outcomes = Outcomes903(
        sdq_score=values.number("SDQ_SCORE", low=0, high=40),
        sdq_reason=values.code("SDQ_REASON", SdqReason, "why there is no score", required=False),
        **{name: values.yes_no(name.upper()) for name in OUTCOME_ANSWERS},
    )


def _leaver_outcomes(child: ChildInFile, row: _Row) -> None:
    values = _Values(child, row)
    child.record.leaver_outcomes = LeaverOutcomes903(
        in_touch=values.code("IN_TOUCH", InTouch, "whether the council is in touch"),
        activity=values.code("ACTIV", CareLeaverActivity, "what the young person is doing"),
        accommodation=values.code("ACCOM", CareLeaverAccommodation, "where the young person lives"),
    )


def _adoption(child: ChildInFile, row: _Row) -> None:
    values = _Values(child, row)
    decided_on = values.date("DATE_INT")
    adoption = Adoption903(
        decided_on=decided_on or datetime.date.min,
        matched_on=values.date("DATE_MATCH", required=False),
        by_foster_carers=values.yes_no("FOSTER_CARE"),
        adopter_count=values.number("NB_ADOPTR", low=1, high=2),
        adopter_sexes=values.code("SEX_ADOPTR", AdopterSexes, "who adopted", required=False),
        adopter_legal_status=values.code("LS_ADOPTR", AdopterLegalStatus, "the adopters' legal status", required=False),
    )
    if decided_on is not None:
        child.record.adoption = adoption


def _placed_for_adoption(child: ChildInFile, row: _Row) -> None:
    values = _Values(child, row)
    decided_on = values.date("DATE_PLACED")
    ceased_on = values.date("DATE_PLACED_CEASED", required=False)
    reason = values.code("REASON_PLACED_CEASED", AdoptionCeasedReason, "why the decision ceased", required=False)
    if bool(ceased_on) != bool(reason):
        values.problem("REASON_PLACED_CEASED", "the date the decision ceased and why go together: give both or neither")
    if decided_on is not None:
        child.record.placed_for_adoption.append(
            PlacedForAdoption903(decided_on=decided_on, ceased_on=ceased_on, ceased_reason=reason)
        )


def _previous_permanence(child: ChildInFile, row: _Row) -> None:
    values = _Values(child, row)
    authority = values.text("LA_PERM")
    if authority and not (authority.isdigit() and len(authority) == 3):
        values.problem("LA_PERM", "must be the three-digit number of the council that made the order")
    child.record.previous_permanence.append(
        PreviousPermanence903(
            kind=values.code("PREV_PERM", PreviousPermanenceKind, "previous permanence"),
            authority_number=authority,
            order_made_on=values.date("DATE_PERM", required=False),
        )
    )


def _missing(child: ChildInFile, row: _Row) -> None:
    values = _Values(child, row)
    kind = values.code("MISSING", MissingKind, "missing or away")
    started_on = values.date("MIS_START")
    ended_on = values.date("MIS_END", required=False)
    if started_on is not None:
        child.record.missing.append((kind, started_on, ended_on))
