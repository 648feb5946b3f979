"""The children in care panel on the case page: each child's care history as a table and a timeline."""

from typing import Any

from django import template

from casemap.access.policy import can_add_to_case
from casemap.accounts.models import User
from casemap.cases.care_selectors import case_care_history
from casemap.cases.models import Case

register = template.Library()


@register.inclusion_tag("cases/care/_case_panel_body.html")
def case_care_panel(case: Case, user: User) -> dict[str, Any]:
    return {"case": case, "histories": case_care_history(case), "can_add": can_add_to_case(user, case)}
