"""Calibration: auditors grade the same pre-graded, anonymised case, and each sees how far their grades agree
with the agreed ones. Nothing in an exercise is read from a child's record."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from casemap.accounts.models import Role, User
from casemap.quality.models import AuditToolVersion, CalibrationAttempt, CalibrationExercise, Scale, score_label
from casemap.quality.services.audits import AUDITOR_ROLES
from casemap.quality.services.tools import ONLY_PRACTICE_LEADS

ALREADY_GRADED = "You have already graded this case"
CLOSED = "This calibration exercise is closed"
GRADE_EVERY = "Give a grade for every criterion"


def exercise_create(
    *,
    acting_user: User,
    tool_version: AuditToolVersion,
    title: str,
    case_summary: str,
    reference_scores: Mapping[int, int],
) -> CalibrationExercise:
    if acting_user.role != Role.PRACTICE_LEAD:
        raise PermissionDenied(ONLY_PRACTICE_LEADS)
    criteria = set(tool_version.criteria.values_list("pk", flat=True))
    if set(reference_scores) != criteria or any(v not in tool_version.scores for v in reference_scores.values()):
        raise ValidationError(GRADE_EVERY)
    return CalibrationExercise.objects.create(
        tool_version=tool_version, title=title.strip(), case_summary=case_summary.strip(),
        reference_scores={str(k): v for k, v in reference_scores.items()},
        created_by=acting_user, modified_by=acting_user,
    )  # fmt: skip


def attempt_submit(
    *, acting_user: User, exercise: CalibrationExercise, scores: Mapping[int, int]
) -> CalibrationAttempt:
    if acting_user.role not in AUDITOR_ROLES:
        raise PermissionDenied("Calibration is for auditors")
    if not exercise.is_open:
        raise ValidationError(CLOSED)
    version = exercise.tool_version
    criteria = set(version.criteria.values_list("pk", flat=True))
    if set(scores) != criteria or any(v not in version.scores for v in scores.values()):
        raise ValidationError(GRADE_EVERY)
    try:
        with transaction.atomic():
            return CalibrationAttempt.objects.create(
                exercise=exercise, auditor=acting_user, scores={str(k): v for k, v in scores.items()}
            )
    except IntegrityError:
        raise ValidationError(ALREADY_GRADED) from None


@dataclass(frozen=True)
class CriterionAgreement:
    title: str
    yours: str
    agreed: str
    exact: bool
    within_one: bool


def within_one(scale: str, first: int, second: int) -> bool:
    """Close enough to count as agreeing: one point on the 0 to 10 scale; the same grade on Ofsted's four."""
    return abs(first - second) <= (1 if scale == Scale.SIGNS_OF_SAFETY else 0)


def attempt_agreement(attempt: CalibrationAttempt) -> list[CriterionAgreement]:
    exercise = attempt.exercise
    scale = exercise.tool_version.scale
    rows = []
    for criterion in exercise.tool_version.criteria.all():
        yours = int(attempt.scores[str(criterion.pk)])
        agreed = int(exercise.reference_scores[str(criterion.pk)])
        rows.append(
            CriterionAgreement(
                title=criterion.title,
                yours=score_label(scale, yours),
                agreed=score_label(scale, agreed),
                exact=yours == agreed,
                within_one=within_one(scale, yours, agreed),
            )
        )
    return rows
