"""The data officer's export of the SSDA903 return, checked by the DfE's rules and kept with what they found."""

import dataclasses
import hashlib
import shutil
import tempfile
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from casemap.accounts.models import User
from casemap.returns.cin_census.export import ProgressCallback
from casemap.returns.files import export_path, returns_dir
from casemap.returns.models import FILE_FORMATS, ReturnExport, ReturnKind
from casemap.returns.services import ONLY_DATA_OFFICERS, may_export_returns
from casemap.returns.ssda903.export import ssda903_export, ssda903_zip
from casemap.returns.validation import NOT_RUN, ValidatorUnavailable, ssda903_validate


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as written:
        for block in iter(lambda: written.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ssda903_export_create(
    *,
    acting_user: User,
    year: int,
    request: HttpRequest | None = None,
    on_progress: ProgressCallback | None = None,
) -> ReturnExport:
    """Export the return's tables (each chunk's children logged as exported as they are written), keep them as one
    zip, run the DfE's rules on them, and keep the export with what the rules found and could not check. Needs no
    request: a background task can run it."""
    if not may_export_returns(acting_user):
        raise PermissionDenied(ONLY_DATA_OFFICERS)
    reference = uuid.uuid4()
    path = export_path(reference, FILE_FORMATS[ReturnKind.SSDA903][0])
    partial = path.with_suffix(".partial")
    # The tables are written beside the kept files, never in a shared temporary folder, and removed once zipped
    # and checked.
    folder = Path(tempfile.mkdtemp(prefix=f"{reference}.", suffix=".tables", dir=returns_dir()))
    try:
        exported = ssda903_export(
            acting_user=acting_user,
            year=year,
            folder=folder,
            record_id=reference,
            request=request,
            on_progress=on_progress,
        )
        try:
            with partial.open("wb") as output:
                ssda903_zip(folder, output)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        failures: list[dict[str, object]] = []
        ruleset = problem = ""
        try:
            validation = ssda903_validate(folder, year=year, la_code=settings.LA_CODE)
            ruleset = validation.ruleset
            failures = [dataclasses.asdict(failure) for failure in validation.failures]
            failures += [
                {
                    "code": rule.code,
                    "type": NOT_RUN,
                    "message": rule.message,
                    "child_id": "",
                    "fields": list(rule.needs),
                }
                for rule in validation.not_run
            ]
        except ValidatorUnavailable as error:
            problem = str(error)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    with transaction.atomic():
        return ReturnExport.objects.create(
            reference=reference,
            kind=ReturnKind.SSDA903,
            year=year,
            created_by=acting_user,
            children=exported.children,
            size=path.stat().st_size,
            sha256=_sha256(path),
            ruleset=ruleset,
            failures=failures,
            validation_problem=problem,
        )
