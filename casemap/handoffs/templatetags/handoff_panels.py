"""Hand-off panels for other apps' pages, from their own reads, so those pages' views need not know about them:
the sign-off panel on a map, a safety plan or a booklet, and the "waiting for you" line on a manager's caseload."""

from typing import Any

from django import template

from casemap.access.policy import can_add_to_case, can_manage_case, managed_team_ids
from casemap.accounts.models import User
from casemap.core.links import link_to
from casemap.core.models import RecordedModel
from casemap.handoffs.forms import AskForSignOffForm
from casemap.handoffs.models import SignOffOutcome
from casemap.handoffs.records import signable_for
from casemap.handoffs.selectors import record_sign_offs, waiting_for

register = template.Library()


@register.inclusion_tag("handoffs/_sign_off_panel.html", takes_context=True)
def sign_off_panel(
    context: template.Context,
    record: RecordedModel,
    user: User,
    heading: bool = True,
    may_add: bool | None = None,
) -> dict[str, Any]:
    """Where the record stands (asked for, returned or signed off, with the reasons), the worker's "Ask for
    sign-off" and the manager's way to decide. `heading` False when the page heads the section itself; `may_add`
    the page's own answer of `can_add_to_case` for a record open to change, when it has one, so it is not asked
    twice. One query for the record's requests, and the policy's answers."""
    signable = signable_for(record)
    case = record.case  # type: ignore[attr-defined]
    rows = record_sign_offs(record)
    waiting = next((row for row in rows if row.is_waiting), None)
    open_to_decide = not signable.not_signable(record) and not any(
        row.outcome == SignOffOutcome.SIGNED_OFF for row in rows
    )
    may_add = open_to_decide and (can_add_to_case(user, case) if may_add is None else may_add)
    can_decide = may_add and can_manage_case(user, case)
    can_ask = may_add and not can_decide and waiting is None
    return {
        "csrf_token": context.get("csrf_token"),
        "show": bool(rows) or can_ask or can_decide,
        "heading": heading,
        "signable": signable,
        "latest": rows[-1] if rows else None,
        "earlier": rows[:-1],
        "waiting": waiting,
        "can_ask": can_ask,
        "can_decide": can_decide,
        "ask_form": AskForSignOffForm(initial={"version": record.version}) if can_ask else None,
        "ask_url": link_to(signable.ask_url, record.pk),
        "decide_url": link_to(signable.decide_url, record.pk),
    }


@register.inclusion_tag("handoffs/_waiting_panel.html")
def waiting_for_you_panel(user: User) -> dict[str, Any]:
    if not managed_team_ids(user):
        return {"show": False}
    items = waiting_for(user)
    return {"show": True, "count": len(items), "oldest_days": items[0].days_waiting if items else 0}
