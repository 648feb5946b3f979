"""A safety plan as plain data: what a signed plan is frozen as, and what the plan page and document render."""

from typing import Any

from django.db.models import Prefetch

from casemap.cases.models import MemberRole
from casemap.safety.models import PlanContact, SafetyPlan, SafetyPlanRule

SNAPSHOT_FORMAT = 1


def plan_snapshot(plan: SafetyPlan) -> dict[str, Any]:
    """Everything on the plan, in a fixed number of queries however many rules it has."""
    member = ("person", "professional")
    plan = (
        SafetyPlan.objects.select_related(
            "case", "signed_off_by", "safety_house", "safety_house__child", "words_booklet"
        )
        .prefetch_related(
            Prefetch(
                "rules",
                queryset=SafetyPlanRule.objects.select_related(
                    *(f"{side}__{part}" for side in ("responsible_member", "checker_member") for part in member)
                ),
            ),
            "triggers",
            Prefetch("contacts", queryset=PlanContact.objects.select_related(*(f"member__{p}" for p in member))),
            "bottom_lines",
        )
        .get(pk=plan.pk)
    )
    children = [
        m.person.first_name
        for m in plan.case.memberships.select_related("person").order_by("person__first_name")
        if m.role == MemberRole.CHILD
    ]
    house = plan.safety_house
    booklet = plan.words_booklet
    return {
        "format": SNAPSHOT_FORMAT,
        "id": plan.pk,
        "number": plan.number,
        "version": plan.version,
        "kind": plan.kind,
        "kind_label": plan.get_kind_display(),
        "status": plan.status,
        "status_label": plan.get_status_display(),
        "family": plan.case.family_name,
        "children": children,
        "review_on": plan.review_on.isoformat() if plan.review_on else "",
        "childrens_version": plan.childrens_version,
        "safety_house": {"id": house.pk, "child": house.child.first_name, "used_on": house.used_on.isoformat()}
        if house
        else None,
        "words_booklet": {"id": booklet.pk, "title": booklet.title, "number": booklet.number} if booklet else None,
        "signed_off_by": str(plan.signed_off_by) if plan.signed_off_by else "",
        "signed_off_at": plan.signed_off_at.isoformat() if plan.signed_off_at else "",
        "warnings_confirmed": list(plan.warnings_confirmed or []),
        "rules": [
            {
                "id": rule.pk,
                "wording": rule.wording,
                "responsible": rule.responsible,
                "responsible_member_id": rule.responsible_member_id,
                "checker": rule.checker,
                "checker_member_id": rule.checker_member_id,
            }
            for rule in plan.rules.all()
        ],
        "triggers": [
            {"id": t.pk, "warning_sign": t.warning_sign, "what_to_do": t.what_to_do} for t in plan.triggers.all()
        ],
        "contacts": [
            {
                "id": c.pk,
                "name": c.display_name,
                "member_id": c.member_id,
                "phone": c.display_phone,
                "when_to_call": c.when_to_call,
            }
            for c in plan.contacts.all()
        ],
        "bottom_lines": [{"id": b.pk, "text": b.text} for b in plan.bottom_lines.all()],
    }


def plan_data(plan: SafetyPlan) -> dict[str, Any]:
    """A signed or superseded plan as it was signed; a draft as it is now."""
    return plan.snapshot if plan.snapshot and not plan.is_draft else plan_snapshot(plan)


SECTION_TEXT = {
    "rules": lambda row: (
        f"{row['wording']} (makes sure: {row['responsible'] or 'no one'}; checks: {row['checker'] or 'no one'})"
    ),
    "triggers": lambda row: f"{row['warning_sign']} What to do: {row['what_to_do']}",
    "contacts": lambda row: f"{row['name']}{', ' + row['phone'] if row['phone'] else ''}: {row['when_to_call']}",
    "bottom_lines": lambda row: row["text"],
}
SECTION_LABELS = {
    "rules": "Rules",
    "triggers": "Triggers and warning signs",
    "contacts": "Who to call",
    "bottom_lines": "Bottom lines",
}


def plan_compare(older: dict[str, Any], newer: dict[str, Any]) -> list[dict[str, Any]]:
    """What a new version added, took out and kept, section by section. A changed line shows as one taken out
    and one added, in the words of each version."""
    sections = []
    for key, label in SECTION_LABELS.items():
        before = [SECTION_TEXT[key](row) for row in older[key]]
        after = [SECTION_TEXT[key](row) for row in newer[key]]
        sections.append(
            {
                "key": key,
                "label": label,
                "added": [text for text in after if text not in before],
                "removed": [text for text in before if text not in after],
                "kept": [text for text in after if text in before],
            }
        )
    details = []
    for name, label in (
        ("kind_label", "Kind"),
        ("review_on", "Review date"),
        ("childrens_version", "Children's version"),
    ):
        if older[name] != newer[name]:
            details.append({"label": label, "before": older[name] or "Not set", "after": newer[name] or "Not set"})
    return [{"key": "details", "label": "Details", "changes": details}, *sections]
