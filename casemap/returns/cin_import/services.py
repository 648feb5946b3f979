"""The import of a Children in Need census from another system, as a data officer's one call.

`cin_census_import` checks the whole file against the schema first (nothing is imported from a file with any
problem), then reads it a child at a time and imports each child in a transaction of their own: the child is
imported whole, or, at the first refusal, not at all, and the import goes on with the next. A dry run does the same
and rolls each child back. Every import is kept as a `ReturnImport` with what became of each child. It needs no
request, so a background task can run it; `on_progress` hears after each child.
"""

import uuid
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.policy import ONLY_DATA_OFFICERS_IMPORT, importing_records
from casemap.accounts.models import Team, User
from casemap.returns.cin_import.episodes import episodes_import
from casemap.returns.cin_import.people import ImportContext, person_find_or_create
from casemap.returns.cin_import.reading import FileChild, census_file_children
from casemap.returns.cin_import.schema import census_file_check
from casemap.returns.imports import (
    ImportProgress,
    ProgressCallback,
    children_import,
    dry_run_file,
    import_path,
    import_record,
    import_start,
    may_import_returns,
    record_refused,
)
from casemap.returns.models import ReturnImport, ReturnJob, ReturnKind

__all__ = ["ImportProgress", "cin_census_import", "import_path", "may_import_returns"]


def cin_census_import(
    *,
    acting_user: User,
    path: Path,
    team: Team,
    dry_run: bool = False,
    filename: str = "",
    reference: uuid.UUID | None = None,
    on_progress: ProgressCallback | None = None,
    request: HttpRequest | None = None,
) -> ReturnImport:
    """Import the census at `path` for `team`, logged against `acting_user` (a data officer). Open cases go to the
    team, held unallocated for its manager to allocate; closed ones need nobody."""
    if not may_import_returns(acting_user):
        raise PermissionDenied(ONLY_DATA_OFFICERS_IMPORT)
    record = import_record(
        acting_user=acting_user,
        kind=ReturnKind.CIN_CENSUS,
        path=path,
        team=team,
        dry_run=dry_run,
        filename=filename,
        reference=reference,
    )
    check = census_file_check(path)
    if check.header is not None:
        record.year = check.header.year
    if check.problems or check.header is None:
        return record_refused(record, check.problems)
    context = ImportContext(
        acting_user=acting_user, team=team, header=check.header, today=timezone.localdate(), request=request
    )

    def import_child(child: FileChild) -> tuple[bool, bool]:
        found = person_find_or_create(context, child)
        changes = episodes_import(context=context, person=found.person, child=child, person_is_new=found.created)
        return found.created, found.changed or bool(changes)

    with importing_records(acting_user, team):
        return children_import(
            record,
            census_file_children(path),
            total=check.children,
            import_child=import_child,  # type: ignore[arg-type]
            dry_run=dry_run,
            on_progress=on_progress,
        )


def cin_census_import_start(*, acting_user: User, upload: UploadedFile, team: Team, dry_run: bool = False) -> ReturnJob:
    """The page's one call: the upload kept, the import handed to the background worker."""
    return import_start(acting_user=acting_user, upload=upload, team=team, dry_run=dry_run, kind=ReturnKind.CIN_CENSUS)


def cin_census_import_after_dry_run(
    *,
    acting_user: User,
    dry_run: ReturnImport,
    request: HttpRequest | None = None,
    on_progress: ProgressCallback | None = None,
) -> ReturnImport:
    """Import for real the file a dry run read, for the same team: a new import, with its own record."""
    return cin_census_import(
        acting_user=acting_user,
        path=dry_run_file(dry_run),
        team=dry_run.team,
        dry_run=False,
        filename=dry_run.filename,
        request=request,
        on_progress=on_progress,
    )
