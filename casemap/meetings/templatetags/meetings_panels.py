"""The meetings and statutory records panel on the case page, and what is due on My caseload."""

from typing import Any

from django import template

from casemap.access.policy import can_add_to_case, can_manage_case, visible_cases
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.meetings.selectors import case_meetings, case_statutory_records, due_counts

register = template.Library()


@register.inclusion_tag("meetings/_case_panel_body.html")
def case_meetings_panel(case: Case, user: User) -> dict[str, Any]:
    return {
        "case": case,
        "meetings": case_meetings(case),
        "records": case_statutory_records(case),
        "can_add": can_add_to_case(user, case),
        "can_manage": can_manage_case(user, case),
    }


@register.inclusion_tag("meetings/_due_panel.html")
def my_due_panel(user: User) -> dict[str, Any]:
    counts = due_counts(visible_cases(user).filter(allocated_worker=user))
    return {"overdue": counts.overdue, "due_soon": counts.due_soon, "show": bool(counts.overdue or counts.due_soon)}
