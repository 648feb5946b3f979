"""The voice panels on the child record and the case page, from their own reads, so those pages' views need not
know about them. Each panel costs one query however many children, tools or sessions there are, and one or two
more for the policy's answer to whether this user may add to the case, which decides only what is offered."""

from typing import Any

from django import template

from casemap.access.policy import can_add_to_case
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.people.models import Person
from casemap.voice.selectors import child_cases_to_add_to, tools_last_used

register = template.Library()


@register.inclusion_tag("voice/_child_panel_body.html")
def voice_child_panel(person: Person, user: User) -> dict[str, Any]:
    if not person.is_child:
        return {"show": False}
    return {
        "show": True,
        "person": person,
        "last_used": tools_last_used(user=user, children=[person])[person.pk],
        "can_record": bool(child_cases_to_add_to(user=user, child=person)),
    }


@register.inclusion_tag("voice/_case_panel_body.html")
def voice_case_panel(case: Case, children: list[Person], user: User) -> dict[str, Any]:
    last_used = tools_last_used(user=user, children=children) if children else {}
    return {
        "case": case,
        "rows": [(child, last_used.get(child.pk, [])) for child in children],
        "can_record": bool(children) and can_add_to_case(user, case),
    }
