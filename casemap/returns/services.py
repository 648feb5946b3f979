"""Writes for the statutory returns: a data officer's export of the census, checked by the DfE's rules, and of
Ofsted's Annex A lists."""

import dataclasses
import datetime
import hashlib
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.accounts.models import Role, User
from casemap.returns.annex_a.export import annex_a_export
from casemap.returns.annex_a.period import AnnexPeriod, period_problems
from casemap.returns.cin_census.export import ProgressCallback, cin_census_export
from casemap.returns.files import export_path
from casemap.returns.models import FILE_FORMATS, ReturnExport, ReturnKind
from casemap.returns.validation import ValidatorUnavailable, cin_census_validate

Written = TypeVar("Written")

ONLY_DATA_OFFICERS = "Only data officers can export statutory returns"


def may_export_returns(user: User) -> bool:
    return bool(user.is_active and user.role == Role.DATA_OFFICER)


def cin_census_export_create(
    *,
    acting_user: User,
    year: int,
    request: HttpRequest | None = None,
    on_progress: ProgressCallback | None = None,
) -> ReturnExport:
    """Export the census to its file (each chunk's children logged as exported as it is written), run the DfE's
    rules on it, and keep the export with what they found."""
    if not may_export_returns(acting_user):
        raise PermissionDenied(ONLY_DATA_OFFICERS)
    reference = uuid.uuid4()
    path, exported = _write_file(
        export_path(reference, ".xml"),
        lambda output: cin_census_export(
            acting_user=acting_user,
            year=year,
            output=output,
            record_id=reference,
            request=request,
            on_progress=on_progress,
        ),
    )
    failures: list[dict[str, object]] = []
    ruleset = problem = ""
    try:
        validation = cin_census_validate(path, year=year)
        ruleset = validation.ruleset
        failures = [dataclasses.asdict(failure) for failure in validation.failures]
    except ValidatorUnavailable as error:
        problem = str(error)
    with transaction.atomic():
        return ReturnExport.objects.create(
            reference=reference,
            kind=ReturnKind.CIN_CENSUS,
            year=year,
            created_by=acting_user,
            children=exported.children,
            size=path.stat().st_size,
            sha256=_sha256(path),
            ruleset=ruleset,
            failures=failures,
            validation_problem=problem,
        )


def annex_a_export_create(
    *,
    acting_user: User,
    period_start: datetime.date,
    period_end: datetime.date,
    request: HttpRequest | None = None,
    on_progress: ProgressCallback | None = None,
) -> ReturnExport:
    """Export Ofsted's Annex A lists for the period to their workbook (each chunk's children logged as exported as
    it is written) and keep the export, with the rows each list holds. Ofsted publishes no rules to run on it."""
    if not may_export_returns(acting_user):
        raise PermissionDenied(ONLY_DATA_OFFICERS)
    problems = period_problems(period_start, period_end, today=timezone.localdate())
    if problems:
        raise ValidationError(problems)
    period = AnnexPeriod(start=period_start, end=period_end)
    reference = uuid.uuid4()
    path, exported = _write_file(
        export_path(reference, FILE_FORMATS[ReturnKind.ANNEX_A][0]),
        lambda output: annex_a_export(
            acting_user=acting_user,
            period=period,
            output=output,
            record_id=reference,
            request=request,
            on_progress=on_progress,
        ),
    )
    with transaction.atomic():
        return ReturnExport.objects.create(
            reference=reference,
            kind=ReturnKind.ANNEX_A,
            year=None,
            period_start=period.start,
            period_end=period.end,
            created_by=acting_user,
            children=exported.children,
            size=path.stat().st_size,
            sha256=_sha256(path),
            list_rows=[dataclasses.asdict(written) for written in exported.lists],
        )


def _write_file(path: Path, write: Callable[[BinaryIO], Written]) -> tuple[Path, Written]:
    """Write the export beside its place and move it there once whole: a failed export leaves no file."""
    partial = path.with_suffix(".partial")
    try:
        with partial.open("wb") as output:
            written = write(output)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path, written


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as written:
        for block in iter(lambda: written.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
