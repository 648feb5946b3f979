"""The practice fidelity panel on the child record, from its own read, so the record's view need not know it."""

from typing import Any

from django import template

from casemap.accounts.models import User
from casemap.people.models import Person
from casemap.quality.selectors import child_practice_fidelity

register = template.Library()


@register.inclusion_tag("quality/_fidelity_panel.html")
def fidelity_panel(person: Person, user: User) -> dict[str, Any]:
    if not person.is_child:
        return {"show": False}
    return {"show": True, "person": person, "fidelity": child_practice_fidelity(user=user, child=person)}
