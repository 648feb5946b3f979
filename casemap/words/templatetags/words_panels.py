"""Words and Pictures panels for the child record and the case page, from their own reads, so those pages' views
need not know about them: whether each child on a plan has had the worries and the plan explained to them.
Three queries a panel, however many children, and on the case page one more: the policy's answer to whether
this user may add to the case, which decides only whether to offer "Start a booklet"."""

from typing import Any

from django import template

from casemap.access.policy import can_add_to_case
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.people.models import Person
from casemap.words.selectors import explanation_for_child, explanations_for_children

register = template.Library()


@register.inclusion_tag("words/_child_panel_body.html")
def words_child_panel(person: Person, user: User) -> dict[str, Any]:
    if not person.is_child:
        return {"show": False}
    return {"show": True, "person": person, "status": explanation_for_child(user=user, child=person)}


@register.inclusion_tag("words/_case_panel_body.html")
def words_case_panel(case: Case, children: list[Person], user: User) -> dict[str, Any]:
    statuses = explanations_for_children(user=user, children=children) if children else {}
    return {
        "case": case,
        "rows": [(child, statuses[child.pk]) for child in children],
        "can_add": bool(children) and can_add_to_case(user, case),
    }
