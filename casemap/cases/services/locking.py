"""What every case service shares: holding the case row against a stale save, and the case's children."""

from casemap.cases.models import (
    Case,
    MemberRole,
)
from casemap.core.forms import StaleEditError
from casemap.people.models import Person


def lock_case(case: Case, expected_version: int | None) -> Case:
    """The case row, held for this transaction; refused if it changed since the form was loaded."""
    current = Case.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError(str(current.modified_by or "Someone"), current.modified_at)
    return current


def case_children(case: Case) -> list[Person]:
    return [member.person for member in case.memberships.select_related("person") if member.role == MemberRole.CHILD]
