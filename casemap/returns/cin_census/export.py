"""Export the census to a file: the children read in chunks and written as they come, each chunk's children
logged as exported (the access log) in one bulk write."""

import dataclasses
from collections.abc import Callable, Iterator
from typing import BinaryIO

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_many
from casemap.accounts.models import User
from casemap.returns.checks import authority_problems
from casemap.returns.cin_census.records import CensusChild, CensusYear
from casemap.returns.cin_census.selectors import CHUNK_SIZE, census_child_count, census_children
from casemap.returns.cin_census.writer import census_write

ACCESS_LOG_RECORD = "CIN census"

# Told how many children are written so far, and out of how many, after each chunk.
ProgressCallback = Callable[[int, int], None]


@dataclasses.dataclass(frozen=True)
class CensusExported:
    year: int
    children: int


def cin_census_export(
    *,
    acting_user: User,
    year: int,
    output: BinaryIO,
    record_id: object = "",
    request: HttpRequest | None = None,
    chunk_size: int = CHUNK_SIZE,
    on_progress: ProgressCallback | None = None,
) -> CensusExported:
    """Write the census for the collection year ending 31 March `year` to `output`. `record_id` names the stored
    export in each child's access-log row, when there is one; `on_progress` hears after each chunk."""
    problems = authority_problems()
    if problems:
        raise ImproperlyConfigured(" ".join(problems))
    census_year = CensusYear(year)
    total = census_child_count(census_year) if on_progress else 0

    def logged_chunks() -> Iterator[list[CensusChild]]:
        done = 0
        for chunk in census_children(census_year, chunk_size=chunk_size):
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

    written = census_write(output, year=census_year, la_number=settings.LA_NUMBER, chunks=logged_chunks())
    return CensusExported(year=year, children=len(written))
