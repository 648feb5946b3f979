"""What every safety write shares. A change to a record enters through the one write guard
(`casemap.access.guard.guarded_change`); adding a record to a case holds the case and asks the same policy inside
its transaction (`casemap.access.guard.held_case_to_add_to`)."""

from casemap.cases.selectors import case_children
from casemap.people.models import Person
from casemap.safety.models import SafetyNetworkMember, SafetyPlan, Trajectory


def children_of(record: SafetyPlan | SafetyNetworkMember | Trajectory) -> list[Person]:
    """Whose records the access log counts as changed: the children of the record's case."""
    return case_children(record.case)
