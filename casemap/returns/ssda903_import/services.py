"""The import of an SSDA903 return from another system, as a data officer's one call.

`ssda903_import` reads the whole return first (a return that cannot be read as a whole is refused whole, nothing
imported), then imports each child in a transaction of their own through the care services the pages use: the
child is imported whole, or, at the first refusal, not at all. A dry run does the same and rolls each child back.
Every import is kept as a `ReturnImport` with what became of each child.
"""

import datetime
import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.policy import ONLY_DATA_OFFICERS_IMPORT, importing_records
from casemap.accounts.models import Team, User
from casemap.returns.cin_census.records import CensusYear
from casemap.returns.cin_import.problems import ImportProblem
from casemap.returns.imports import (
    ProgressCallback,
    children_import,
    dry_run_file,
    import_record,
    import_start,
    may_import_returns,
    record_refused,
)
from casemap.returns.models import ReturnImport, ReturnJob, ReturnKind
from casemap.returns.ssda903_import.care import care_import
from casemap.returns.ssda903_import.context import ImportContext903
from casemap.returns.ssda903_import.people import person_find_or_create
from casemap.returns.ssda903_import.reading import ChildInFile, ssda903_return_read


def year_of(latest_day: datetime.date) -> int:
    """The collection year a day falls in: it ends on 31 March."""
    return latest_day.year + 1 if latest_day.month >= 4 else latest_day.year


def _year_problems(year: int | None, latest_day: datetime.date | None, today: datetime.date) -> list[ImportProblem]:
    def whole(message: str) -> ImportProblem:
        return ImportProblem(child_id="", field="", message=message)

    if year is None:
        return [whole("The return holds no dates of care to tell its year from: choose the year it is for")]
    if CensusYear(year).starts_on > today:
        return [whole(f"The year ending 31 March {year} has not begun: choose the year the return is for")]
    if latest_day is not None and latest_day > CensusYear(year).reference_date:
        return [
            whole(
                f"The return holds dates after 31 March {year}, the end of the year chosen: it is for a later "
                "year, or the year chosen is wrong"
            )
        ]
    return []


def ssda903_import(
    *,
    acting_user: User,
    path: Path,
    team: Team,
    year: int | None = None,
    dry_run: bool = False,
    filename: str = "",
    reference: uuid.UUID | None = None,
    on_progress: ProgressCallback | None = None,
    request: HttpRequest | None = None,
) -> ReturnImport:
    """Import the return at `path` (a folder of CSV files, or a ZIP of them) for `team`, logged against
    `acting_user` (a data officer). The year is the one chosen, or else the one its latest date falls in."""
    if not may_import_returns(acting_user):
        raise PermissionDenied(ONLY_DATA_OFFICERS_IMPORT)
    record = import_record(
        acting_user=acting_user,
        kind=ReturnKind.SSDA903,
        path=path,
        team=team,
        dry_run=dry_run,
        filename=filename,
        reference=reference,
    )
    read = ssda903_return_read(path)
    if read.problems:
        return record_refused(record, read.problems)
    today = timezone.localdate()
    if year is None and read.latest_day is not None:
        year = year_of(read.latest_day)
    record.year = year
    problems = _year_problems(year, read.latest_day, today)
    if problems or year is None:
        return record_refused(record, problems)
    record.notes.extend(note.as_json() for note in read.notes)
    context = ImportContext903(acting_user=acting_user, team=team, year=CensusYear(year), today=today, request=request)

    def import_child(child: ChildInFile) -> tuple[bool, bool]:
        found = person_find_or_create(context, child)
        changes = care_import(context=context, person=found.person, child=child, person_is_new=found.created)
        return found.created, found.changed or bool(changes)

    with importing_records(acting_user, team):
        return children_import(
            record,
            read.children,
            total=len(read.children),
            import_child=import_child,  # type: ignore[arg-type]
            dry_run=dry_run,
            on_progress=on_progress,
        )


def ssda903_import_start(
    *, acting_user: User, upload: UploadedFile, team: Team, year: int | None, dry_run: bool = False
) -> ReturnJob:
    """The page's one call: the uploaded ZIP kept, the import handed to the background worker."""
    return import_start(
        acting_user=acting_user, upload=upload, team=team, dry_run=dry_run, kind=ReturnKind.SSDA903, year=year
    )


def ssda903_import_after_dry_run(
    *,
    acting_user: User,
    dry_run: ReturnImport,
    request: HttpRequest | None = None,
    on_progress: ProgressCallback | None = None,
) -> ReturnImport:
    """Import for real the return a dry run read, for the same team and year: a new import, with its own record."""
    return ssda903_import(
        acting_user=acting_user,
        path=dry_run_file(dry_run),
        team=dry_run.team,
        year=dry_run.year,
        dry_run=False,
        filename=dry_run.filename,
        request=request,
        on_progress=on_progress,
    )
