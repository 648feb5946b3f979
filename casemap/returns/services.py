"""Writes for the statutory returns: a data officer's export of the census, checked by the DfE's rules."""

import dataclasses
import hashlib
import uuid

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from casemap.accounts.models import Role, User
from casemap.returns.cin_census.export import ProgressCallback, cin_census_export
from casemap.returns.files import export_path
from casemap.returns.models import ReturnExport, ReturnKind
from casemap.returns.validation import ValidatorUnavailable, cin_census_validate

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
    path = export_path(reference, ".xml")
    partial = path.with_suffix(".partial")
    try:
        with partial.open("wb") as output:
            exported = cin_census_export(
                acting_user=acting_user,
                year=year,
                output=output,
                record_id=reference,
                request=request,
                on_progress=on_progress,
            )
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    digest = hashlib.sha256()
    with path.open("rb") as written:
        for block in iter(lambda: written.read(1 << 20), b""):
            digest.update(block)
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
            sha256=digest.hexdigest(),
            ruleset=ruleset,
            failures=failures,
            validation_problem=problem,
        )
