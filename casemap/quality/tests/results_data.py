"""Completed and moderated audits for the results tests, written as the audit form would leave them."""

import datetime
import re
from collections.abc import Sequence

from django.utils import timezone

from casemap.accounts.models import Team, User
from casemap.cases.models import Case
from casemap.quality.counts import count_audit
from casemap.quality.default_tools import CLOSURE_AUDIT, SIGNS_OF_SAFETY_CASE_AUDIT
from casemap.quality.models import (
    Audit,
    AuditCriterion,
    AuditScore,
    AuditStatus,
    AuditToolVersion,
    ModeratedScore,
    Moderation,
    ModerationReason,
)

CELL = re.compile(r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>')


def version_of(tool_name: str = SIGNS_OF_SAFETY_CASE_AUDIT) -> AuditToolVersion:
    return AuditToolVersion.objects.filter(tool__name=tool_name).order_by("-number").first()  # type: ignore[return-value]


def criteria_of(version: AuditToolVersion) -> list[AuditCriterion]:
    return list(version.criteria.order_by("position"))


def completed_audit(
    *,
    case: Case,
    team: Team,
    auditor: User,
    practitioner: User | None = None,
    scores: Sequence[int | None] = (),
    overall: int | None = None,
    learning: str = "",
    completed_at: datetime.datetime | None = None,
    tool_name: str = SIGNS_OF_SAFETY_CASE_AUDIT,
) -> Audit:
    """A completed audit with a score for each of the first criteria, in order."""
    version = version_of(tool_name)
    audit = Audit.objects.create(
        tool_version=version,
        case=case,
        team=team,
        practitioner=practitioner,
        auditor=auditor,
        status=AuditStatus.COMPLETED,
        overall_judgement=overall,
        learning=learning,
        completed_at=completed_at or timezone.now(),
        created_by=auditor,
    )
    for criterion, score in zip(criteria_of(version), scores, strict=False):
        AuditScore.objects.create(audit=audit, criterion=criterion, score=score)
    count_audit(audit)  # as completing it does
    return audit


def audits(count: int, **fields: object) -> list[Audit]:
    return [completed_audit(**fields) for _ in range(count)]  # type: ignore[arg-type]


def moderate(audit: Audit, *, moderator: User, scores: Sequence[int], overall: int | None = None) -> Moderation:
    moderation = Moderation.objects.create(
        audit=audit,
        reason=ModerationReason.RANDOM,
        moderator=moderator,
        overall_judgement=overall,
        completed_at=timezone.now(),
    )
    for criterion, score in zip(criteria_of(audit.tool_version), scores, strict=False):
        ModeratedScore.objects.create(moderation=moderation, criterion=criterion, score=score)
    return moderation


__all__ = ["CELL", "CLOSURE_AUDIT", "SIGNS_OF_SAFETY_CASE_AUDIT", "audits", "completed_audit", "moderate"]
