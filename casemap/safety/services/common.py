"""What every safety write shares. A change to a record enters through the one write guard
(`casemap.access.guard.guarded_change`); adding a record to a case asks the same policy inside its transaction."""

from django.core.exceptions import PermissionDenied

from casemap.access.guard import REFUSED_MESSAGE
from casemap.access.policy import can_add_to_case
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.people.models import Person
from casemap.safety.models import SafetyNetworkMember, SafetyPlan, Trajectory


def check_may_add(user: User, case: Case) -> None:
    """Asked inside the transaction that adds the record, so a case closed or moved meanwhile refuses it."""
    if not can_add_to_case(user, case):
        raise PermissionDenied(REFUSED_MESSAGE)


def children_of(record: SafetyPlan | SafetyNetworkMember | Trajectory) -> list[Person]:
    """Whose records the access log counts as changed: the children of the record's case."""
    return case_children(record.case)
