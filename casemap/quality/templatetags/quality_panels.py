"""The practice fidelity panel on the child record, from its own read, so the record's view need not know it."""

from typing import Any

from django import template

from casemap.accounts.models import User
from casemap.people.models import Person
from casemap.quality.selectors import child_practice_fidelity
from casemap.quality.selectors_audits import caseload_audit_work

register = template.Library()


@register.inclusion_tag("quality/_fidelity_panel.html")
def fidelity_panel(person: Person, user: User) -> dict[str, Any]:
    if not person.is_child:
        return {"show": False}
    return {"show": True, "person": person, "fidelity": child_practice_fidelity(user=user, child=person)}


@register.inclusion_tag("quality/_caseload_panel.html")
def my_audit_panel(user: User) -> dict[str, Any]:
    """On My caseload: safeguarding concerns raised in audits of the user's teams, and their audit actions."""
    concerns, actions = caseload_audit_work(user)
    return {"concerns": concerns, "actions": actions}
