"""Export Annex A to a file: the children read in chunks and written as they come, each chunk's children logged as
exported (the access log) in one bulk write before their rows are written."""

import dataclasses
from collections.abc import Iterator
from typing import BinaryIO

from django.http import HttpRequest

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_many
from casemap.accounts.models import User
from casemap.returns.annex_a import scope
from casemap.returns.annex_a.lists import ANNEX_A_LISTS
from casemap.returns.annex_a.period import AnnexPeriod
from casemap.returns.annex_a.rows import AnnexChild
from casemap.returns.annex_a.selectors import CHUNK_SIZE, annex_a_children
from casemap.returns.annex_a.writer import annex_a_write
from casemap.returns.cin_census.export import ProgressCallback
from casemap.returns.models import FILE_FORMATS, ReturnKind

ACCESS_LOG_RECORD = FILE_FORMATS[ReturnKind.ANNEX_A][2]


@dataclasses.dataclass(frozen=True)
class ListWritten:
    sheet_name: str
    title: str
    rows: int


@dataclasses.dataclass(frozen=True)
class AnnexAExported:
    period: AnnexPeriod
    children: int
    lists: list[ListWritten]


def annex_a_export(
    *,
    acting_user: User,
    period: AnnexPeriod,
    output: BinaryIO,
    record_id: object = "",
    request: HttpRequest | None = None,
    chunk_size: int = CHUNK_SIZE,
    on_progress: ProgressCallback | None = None,
) -> AnnexAExported:
    """Write the eleven lists for `period` to `output`. `record_id` names the stored export in each child's
    access-log row, when there is one; `on_progress` hears after each chunk."""
    total = scope.annex_a_people(period).count() if on_progress else 0

    def logged_chunks() -> Iterator[list[AnnexChild]]:
        done = 0
        for chunk in annex_a_children(period, chunk_size=chunk_size):
            access_log_append_many(
                user=acting_user,
                action=AccessAction.EXPORT,
                record_type=ACCESS_LOG_RECORD,
                person_ids=[child.person_id for child in chunk if child.has_rows],
                record_id=record_id,
                detail=period.label,
                request=request,
            )
            yield chunk
            done += len(chunk)
            if on_progress:
                on_progress(done, max(total, done))

    written = annex_a_write(output, chunks=logged_chunks())
    return AnnexAExported(
        period=period,
        children=len(written.people),
        lists=[
            ListWritten(sheet_name=annex_list.sheet_name, title=annex_list.title, rows=written.rows[annex_list.number])
            for annex_list in ANNEX_A_LISTS
        ],
    )
