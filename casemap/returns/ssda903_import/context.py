"""What every child's import from an SSDA903 return shares, and how a child is rejected in plain words."""

import dataclasses
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from casemap.accounts.models import Team, User
from casemap.returns.cin_census.records import CensusYear
from casemap.returns.cin_import.problems import ChildRejected, ImportProblem
from casemap.returns.ssda903_import.reading import ChildInFile


@dataclasses.dataclass(frozen=True)
class Wording:
    """What a service needs that the return does not hold, said plainly on the record."""

    year: int

    @property
    def source(self) -> str:
        return f"Brought in from the SSDA903 return for the year ending 31 March {self.year}"

    @property
    def what_was_reported(self) -> str:
        return f"{self.source}: the return records the child's care, not the referral that led to it."

    @property
    def decision_reasons(self) -> str:
        return f"{self.source}: the child was looked after from this day; the return does not record why."


@dataclasses.dataclass
class ImportContext903:
    acting_user: User
    team: Team
    year: CensusYear
    today: datetime.date
    request: HttpRequest | None = None

    @property
    def words(self) -> Wording:
        return Wording(self.year.year)


def rejected(child: ChildInFile, field: str, message: str, **extra: Any) -> ChildRejected:
    """`line` only where it is known: a row's line in its own table's file (the header's, for the child's details)."""
    return ChildRejected(ImportProblem(child_id=child.child_id, field=field, message=message, **extra))


def service_refused(child: ChildInFile, field: str, what: str, error: Exception, **extra: Any) -> ChildRejected:
    """A service refused part of the child's record: the child is rejected with its own words kept as the detail
    (they may name a date, so only the import's page shows them)."""
    detail = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    return ChildRejected(
        ImportProblem(
            child_id=child.child_id,
            field=field,
            message=f"Casemap refused {what}",
            detail=detail,
            **extra,
        )
    )
