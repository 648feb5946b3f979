"""Feedback on lower apps' pages, without those apps importing it (ADR-0004): a family's feedback on the case
page, and the team's safety answers waiting on the caseload."""

from typing import Any

from django import template

from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.feedback.models import SafetyTask
from casemap.feedback.selectors import due_for_worker, open_safety_tasks

register = template.Library()

MOST_DUE_SHOWN = 5


@register.inclusion_tag("feedback/_case_panel_body.html")
def case_feedback_panel(case: Case, user: User) -> dict[str, Any]:
    # One query: the case page's count is held to a limit (cases/tests/test_query_counts.py).
    return {
        "case": case,
        "open_tasks": list(
            SafetyTask.objects.filter(case=case, done_at__isnull=True).select_related("person").order_by("created_at")
        ),
    }


@register.inclusion_tag("feedback/_caseload_panel.html")
def my_feedback_tasks(user: User) -> dict[str, Any]:
    return {"tasks": list(open_safety_tasks(user)), "due": list(due_for_worker(user)[:MOST_DUE_SHOWN])}
