"""What waits for a user in practice audit: audits to finish, own scores to give, safeguarding concerns to
acknowledge, replies and re-audits due, moderations, and actions until done."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from casemap.access.policy import managed_team_ids, visible_audits
from casemap.accounts.models import Role, User
from casemap.quality.models import (
    Audit,
    AuditAction,
    AuditStatus,
    InadequateResponse,
    Moderation,
)


@dataclass
class AuditWork:
    in_progress: list[Audit] = field(default_factory=list)
    own_scores: list[Audit] = field(default_factory=list)
    concerns: list[Audit] = field(default_factory=list)
    replies: list[InadequateResponse] = field(default_factory=list)
    reaudits: list[InadequateResponse] = field(default_factory=list)
    to_moderate: list[Moderation] = field(default_factory=list)
    need_moderator: list[Moderation] = field(default_factory=list)
    actions: list[AuditAction] = field(default_factory=list)
    recent: list[Audit] = field(default_factory=list)

    @property
    def urgent_count(self) -> int:
        return len(self.concerns)


def _open_audit_actions(user: User) -> QuerySet[AuditAction]:
    return AuditAction.objects.filter(owner=user, done_at__isnull=True).order_by("due_on", "pk")


def open_audit_actions(user: User) -> list[AuditAction]:
    return list(_open_audit_actions(user).select_related("audit__case"))


def _concerns_waiting_for(user: User) -> QuerySet[Audit]:
    managed = managed_team_ids(user)
    rule = Q(safeguarding_manager=user)
    if managed:
        rule |= Q(team_id__in=managed)
    return Audit.objects.filter(rule, safeguarding_concern=True, safeguarding_acknowledged_at__isnull=True).order_by(
        "safeguarding_raised_at"
    )


def concerns_waiting_for(user: User) -> list[Audit]:
    """Safeguarding concerns raised in audits of the teams the user manages, not yet acknowledged."""
    return list(_concerns_waiting_for(user).select_related("case", "auditor"))


def caseload_audit_work(user: User) -> tuple[list[Audit], list[AuditAction]]:
    """The concerns and open actions as the caseload's panel shows them: when each concern was raised and about
    which family, each action's words and due date. Read on every view of a caseload, so without the audits' and
    cases' other columns (some seventy)."""
    concerns = (
        _concerns_waiting_for(user).select_related("case").only("pk", "safeguarding_raised_at", "case__family_name")
    )
    actions = _open_audit_actions(user).only("pk", "description", "due_on")
    return list(concerns), list(actions)


def audit_work(user: User) -> AuditWork:
    seen = visible_audits(user).select_related("case", "tool_version__tool")
    work = AuditWork(
        in_progress=list(seen.filter(auditor=user, status=AuditStatus.IN_PROGRESS).order_by("due_on", "pk")),
        own_scores=list(seen.filter(practitioner=user, status=AuditStatus.IN_PROGRESS).order_by("pk")),
        concerns=concerns_waiting_for(user),
        actions=open_audit_actions(user),
        recent=list(seen.filter(status=AuditStatus.COMPLETED).order_by("-completed_at")[:20]),
    )
    work.replies = list(
        InadequateResponse.objects.filter(manager=user, replied_at__isnull=True)
        .select_related("audit__case")
        .order_by("reply_due_on")
    )
    work.to_moderate = list(
        Moderation.objects.filter(moderator=user, completed_at__isnull=True)
        .select_related("audit__case")
        .order_by("selected_at")
    )
    if user.role == Role.PRACTICE_LEAD:
        work.need_moderator = list(
            Moderation.objects.filter(moderator__isnull=True, completed_at__isnull=True)
            .exclude(audit__auditor=user)
            .select_related("audit__case", "audit__team")
            .order_by("selected_at")
        )
        reaudited = Audit.objects.filter(reaudit_of=OuterRef("audit"))
        work.reaudits = list(
            InadequateResponse.objects.exclude(Exists(reaudited))
            .select_related("audit__case", "audit__team", "audit__tool_version__tool")
            .order_by("reaudit_due_on")
        )
    return work


def overdue(day: datetime.date | None, today: datetime.date) -> bool:
    return day is not None and day < today
