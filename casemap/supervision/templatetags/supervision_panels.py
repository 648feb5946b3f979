"""Supervision on lower apps' pages, without those apps importing it (ADR-0004): the case's supervision on the
case page, and the user's actions and records waiting for them on their caseload."""

from typing import Any

from django import template
from django.utils import timezone

from casemap.access.policy import can_add_to_case, can_manage_case
from casemap.accounts.models import Role, User
from casemap.cases.models import Case
from casemap.supervision.selectors import (
    case_group_sessions,
    case_oversight,
    case_supervisions,
    open_actions,
    supervisions_waiting_counts,
)

register = template.Library()

# Who supervises or is supervised: the panel is their way to the supervision page and its overdue lists.
PANEL_ROLES = {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER}


@register.inclusion_tag("supervision/_case_panel_body.html")
def case_supervision_panel(case: Case, user: User) -> dict[str, Any]:
    return {
        "case": case,
        "supervisions": case_supervisions(user=user, case=case),
        "group_sessions": case_group_sessions(case=case),
        "oversight": case_oversight(case=case),
        "can_oversee": can_manage_case(user, case) and can_add_to_case(user, case),
        "can_add": can_add_to_case(user, case) and user.role != Role.CONFERENCE_CHAIR,
    }


@register.inclusion_tag("supervision/_caseload_panel.html")
def my_supervision_panel(user: User) -> dict[str, Any]:
    if user.role not in PANEL_ROLES:
        return {"show": False}
    waiting = supervisions_waiting_counts(user=user)
    return {
        "actions": open_actions(user=user),
        "to_sign": waiting.to_sign,
        "to_acknowledge": waiting.to_acknowledge,
        "today": timezone.localdate(),
        "show": True,
    }
