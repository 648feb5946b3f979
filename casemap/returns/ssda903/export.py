"""Export the SSDA903 return to a folder of CSV files: the children read in chunks and written as they come, each
chunk's children logged as exported (the access log) in one bulk write; and the zip of those files that the data
officer downloads."""

import dataclasses
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_many
from casemap.accounts.models import User
from casemap.returns.checks import authority_problems
from casemap.returns.cin_census.export import ProgressCallback
from casemap.returns.cin_census.records import CensusYear
from casemap.returns.models import FILE_FORMATS, ReturnKind
from casemap.returns.ssda903.records import Child903
from casemap.returns.ssda903.selectors import CHUNK_SIZE, ssda903_child_count, ssda903_children
from casemap.returns.ssda903.writer import TABLES, ssda903_write

ACCESS_LOG_RECORD = FILE_FORMATS[ReturnKind.SSDA903][2]


@dataclasses.dataclass(frozen=True)
class Ssda903Exported:
    year: int
    children: int


def ssda903_export(
    *,
    acting_user: User,
    year: int,
    folder: Path,
    record_id: object = "",
    request: HttpRequest | None = None,
    chunk_size: int = CHUNK_SIZE,
    on_progress: ProgressCallback | None = None,
) -> Ssda903Exported:
    """Write the return for the collection year ending 31 March `year` into `folder`, one CSV file a table.
    `record_id` names the stored export in each child's access-log row, when there is one; `on_progress` hears
    after each chunk."""
    problems = authority_problems()
    if problems:
        raise ImproperlyConfigured(" ".join(problems))

    total = ssda903_child_count(CensusYear(year)) if on_progress else 0

    def logged_chunks() -> Iterator[list[Child903]]:
        done = 0
        for chunk in ssda903_children(CensusYear(year), chunk_size=chunk_size):
            access_log_append_many(
                user=acting_user,
                action=AccessAction.EXPORT,
                record_type=ACCESS_LOG_RECORD,
                person_ids=[child.person_id for child in chunk],
                record_id=record_id,
                detail=f"collection year ending 31 March {year}",
                request=request,
            )
            yield chunk
            done += len(chunk)
            if on_progress:
                on_progress(done, max(total, done))

    written = ssda903_write(folder, chunks=logged_chunks())
    return Ssda903Exported(year=year, children=len(written))


def ssda903_zip(folder: Path, output: BinaryIO) -> None:
    """The tables' files from `folder` in one zip, each read from disk a block at a time."""
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for _table, name, _columns in TABLES:
            archive.write(folder / name, arcname=name)
