"""Practice audit for the demo, through the real services.

Liam audits Sally's work with Merinda and Eddy's family with the Signs of Safety case audit: Sally took part and
gave her own scores, Merinda told Liam on the phone what the work was like, and an action waits on Sally's
caseload. Liam also audited a family in another team and found it inadequate: the audit waits for a moderator, and
that team's manager owes a reply. A calibration case is set for every auditor to grade.
"""

import datetime
import random

from django.utils import timezone

from casemap.access.models import CaseAssignment
from casemap.accounts.models import Role, User
from casemap.cases.models import Case, CaseMember
from casemap.quality.default_tools import SIGNS_OF_SAFETY_CASE_AUDIT
from casemap.quality.models import Audit, AuditTool
from casemap.quality.services.audits import (
    AUDIT_PURPOSE,
    CriterionEntry,
    FamilyView,
    audit_action_add,
    audit_complete,
    audit_save,
    audit_self_score,
    audit_start,
)
from casemap.quality.services.calibration import exercise_create

WORKED_EXAMPLE_SCORES = [8, 7, 7, 6, 8, 6, 7, 7]
WORKED_EXAMPLE_COMMENTS = [
    "Alkira's Three Houses drawings and words run through the map and the plan.",
    "The map separates the fights (harm) from the money worries (complicating factors).",
    "The danger statement is in Merinda's words; the goal says what Eddy will do.",
    "Everyone scaled at the conference; the children's scales are missing from the review.",
    "Rose, Kerri and Pat know the worries and each has a part.",
    "The plan is the family's own; it has not been tested over a weekend yet.",
    "Visits and the conference were on time.",
    "Notes are up to date and written for the family to read.",
]


class _NotDrawn(random.Random):
    """The demo's completed audits are not drawn for moderation at random: only the inadequate one is moderated."""

    def random(self) -> float:
        return 0.99


def _assigned(case: Case, auditor: User) -> None:
    CaseAssignment.objects.create(
        case=case, user=auditor, purpose=AUDIT_PURPOSE, assigned_by=auditor, starts_on=timezone.localdate()
    )


def _scored(audit: Audit, auditor: User, scores: list[int], comments: list[str], **extra) -> Audit:  # type: ignore[no-untyped-def]
    criteria = list(audit.tool_version.criteria.all())
    entries = {c.pk: CriterionEntry(score=s, comment=t) for c, s, t in zip(criteria, scores, comments, strict=False)}
    return audit_save(acting_user=auditor, audit=audit, expected_version=audit.version, entries=entries, **extra)


def demo_audits_create(users: dict[str, User]) -> None:
    liam, sally = users["liam"], users["sally"]
    tool = AuditTool.objects.get(name=SIGNS_OF_SAFETY_CASE_AUDIT)
    family = Case.objects.filter(family_name__startswith="Merinda and Eddy").order_by("pk").first()
    if family is None:
        return
    _assigned(family, liam)
    audit = audit_start(acting_user=liam, case=family, tool=tool)
    mother = CaseMember.objects.filter(case=family, person__first_name="Merinda").select_related("person").first()
    audit = _scored(
        audit, liam, WORKED_EXAMPLE_SCORES, WORKED_EXAMPLE_COMMENTS,
        participation="present", overall_judgement=7,
        family=FamilyView(
            person=mother.person if mother else None, method="phone", contacted_on=timezone.localdate(),
            outcome="Merinda was glad to be asked.",
            words="Sally told us straight what she was worried about, and she listened to the kids.",
        ),
        strengths="The children's words shape the plan, and the network is the family's own people.",
        learning="Ask the children to scale at reviews as well as at conferences.",
    )  # fmt: skip
    criteria = list(audit.tool_version.criteria.all())
    audit = audit_self_score(
        acting_user=sally, audit=audit, expected_version=audit.version,
        scores={c.pk: s for c, s in zip(criteria, [7, 7, 6, 5, 8, 6, 7, 6], strict=True)},
    )  # fmt: skip
    audit_action_add(
        acting_user=liam, audit=audit, description="Ask Alkira, Darel and Jirra to scale at the next review",
        owner=sally, due_on=timezone.localdate() + datetime.timedelta(days=21),
    )  # fmt: skip
    audit.refresh_from_db()
    audit_complete(acting_user=liam, audit=audit, expected_version=audit.version, rng=_NotDrawn())

    other = (
        Case.objects.filter(closed_on__isnull=True, allocated_worker__isnull=False)
        .exclude(team_id=family.team_id)
        .exclude(team__manager__isnull=True)
        .order_by("pk")
        .first()
    )
    if other is not None:
        _assigned(other, liam)
        weak = audit_start(acting_user=liam, case=other, tool=tool)
        weak = _scored(
            weak, liam, [2, 3, 2, 1, 2, 2, 3, 3], ["No map since the referral."] * 8, overall_judgement=2,
            learning="A map early in the work would have shown what the family already does well.",
        )  # fmt: skip
        audit_complete(acting_user=liam, audit=weak, expected_version=weak.version, rng=_NotDrawn())

    version = tool.versions.filter(published_at__isnull=False).order_by("-number").first()
    if version is not None and liam.role == Role.PRACTICE_LEAD:
        exercise_create(
            acting_user=liam, tool_version=version, title="Family A: a child protection plan at six months",
            case_summary=(
                "Child A (7) and Child B (10) live with Parent A. The danger statement is written in the family's "
                "words; the safety plan has been tested over two weekends with Grandparent A. Child A's own words "
                "are not in the plan. The network has four people; two have not been told the worries."
            ),
            reference_scores={c.pk: s for c, s in zip(version.criteria.all(), [4, 7, 8, 6, 5, 7, 8, 7], strict=False)},
        )  # fmt: skip
