"""Audit tools as data: practice leads write a tool's criteria in a draft version and publish it. A published
version never changes; editing a tool makes the next version, so every completed audit keeps the words it used."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casemap.accounts.models import Role, User
from casemap.quality.models import REQUIRED_ANCHORS, AuditCriterion, AuditTool, AuditToolVersion, Scale

ONLY_PRACTICE_LEADS = "Only practice leads write audit tools"
PUBLISHED = "This version is published and cannot change: make a new version instead"
DRAFT_EXISTS = "A draft version of this tool is already being written"
NO_CRITERIA = "Add at least one criterion"
ANCHOR_MISSING = "Describe what a score of {score} means for '{title}'"
TITLE_MISSING = "Give every criterion a title"
GUIDANCE_MISSING = "Give '{title}' guidance for the auditor"
NAME_TAKEN = "There is already a tool with this name"


@dataclass(frozen=True)
class CriterionText:
    title: str
    guidance: str
    anchors: dict[str, str] = field(default_factory=dict)


def _practice_lead(user: User) -> None:
    if user.role != Role.PRACTICE_LEAD:
        raise PermissionDenied(ONLY_PRACTICE_LEADS)


def tool_create(*, acting_user: User, name: str, purpose: str, scale: str) -> AuditToolVersion:
    _practice_lead(acting_user)
    with transaction.atomic():
        if AuditTool.objects.filter(name__iexact=name.strip()).exists():
            raise ValidationError({"name": [NAME_TAKEN]})
        tool = AuditTool.objects.create(name=name.strip(), purpose=purpose, created_by=acting_user)
        return AuditToolVersion.objects.create(tool=tool, number=1, scale=scale)


def version_draft(*, acting_user: User, tool: AuditTool) -> AuditToolVersion:
    """The next version, starting as a copy of the latest published one."""
    _practice_lead(acting_user)
    with transaction.atomic():
        AuditTool.objects.select_for_update().get(pk=tool.pk)
        if tool.versions.filter(published_at__isnull=True).exists():
            raise ValidationError(DRAFT_EXISTS)
        latest = tool.versions.filter(published_at__isnull=False).order_by("-number").first()
        number = (tool.versions.aggregate(Max("number"))["number__max"] or 0) + 1
        draft = AuditToolVersion.objects.create(
            tool=tool,
            number=number,
            scale=latest.scale if latest else Scale.SIGNS_OF_SAFETY,
            has_overall_judgement=latest.has_overall_judgement if latest else True,
            overall_guidance=latest.overall_guidance if latest else "",
        )
        if latest is not None:
            AuditCriterion.objects.bulk_create(
                [
                    AuditCriterion(
                        version=draft, position=c.position, title=c.title, guidance=c.guidance, anchors=c.anchors
                    )
                    for c in latest.criteria.all()
                ]
            )
        return draft


def _problems(scale: str, criteria: Sequence[CriterionText]) -> list[str]:
    problems = []
    if not criteria:
        problems.append(NO_CRITERIA)
    for criterion in criteria:
        if not criterion.title.strip():
            problems.append(TITLE_MISSING)
            continue
        if not criterion.guidance.strip():
            problems.append(GUIDANCE_MISSING.format(title=criterion.title))
        for score in REQUIRED_ANCHORS[Scale(scale)]:
            if not criterion.anchors.get(str(score), "").strip():
                problems.append(ANCHOR_MISSING.format(score=score, title=criterion.title))
    return problems


def version_save(
    *,
    acting_user: User,
    version: AuditToolVersion,
    criteria: Sequence[CriterionText],
    has_overall_judgement: bool,
    overall_guidance: str = "",
) -> AuditToolVersion:
    """Replace a draft's criteria, in the order given. Anchors the scale requires are checked when saving, so a
    draft never holds a criterion an auditor could not score."""
    _practice_lead(acting_user)
    with transaction.atomic():
        held = AuditToolVersion.objects.select_for_update().get(pk=version.pk)
        if held.is_published:
            raise ValidationError(PUBLISHED)
        problems = _problems(held.scale, criteria)
        if problems:
            raise ValidationError(problems)
        held.criteria.all().delete()
        AuditCriterion.objects.bulk_create(
            [
                AuditCriterion(
                    version=held,
                    position=position,
                    title=criterion.title.strip(),
                    guidance=criterion.guidance.strip(),
                    anchors={k: v.strip() for k, v in criterion.anchors.items() if v.strip()},
                )
                for position, criterion in enumerate(criteria, start=1)
            ]
        )
        held.has_overall_judgement = has_overall_judgement
        held.overall_guidance = overall_guidance.strip()
        held.save()
        return held


def version_publish(*, acting_user: User, version: AuditToolVersion) -> AuditToolVersion:
    _practice_lead(acting_user)
    with transaction.atomic():
        held = AuditToolVersion.objects.select_for_update().get(pk=version.pk)
        if held.is_published:
            raise ValidationError(PUBLISHED)
        criteria = [CriterionText(c.title, c.guidance, c.anchors) for c in held.criteria.all()]
        problems = _problems(held.scale, criteria)
        if problems:
            raise ValidationError(problems)
        held.published_at = timezone.now()
        held.published_by = acting_user
        held.save()
        return held
