"""How far auditors' grades agree: with their moderators' (by criterion and by auditor), and with the reference
grades of calibration exercises.

Two measures, each a share of the scores compared: *exact*, the same score; *within one*, at most one point apart
on the 0 to 10 scale. On Ofsted's four grades a grade apart is a different judgement, so there within one means the
same grade. Auditors are staff and their agreement is about their own work, so counts are not suppressed; a share
from fewer than 3 moderated audits says too little and is not shown.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet, Subquery

from casemap.accounts.models import User
from casemap.quality.models import (
    Audit,
    AuditCriterion,
    AuditScore,
    AuditStatus,
    AuditTool,
    CalibrationAttempt,
    CalibrationExercise,
    ModeratedScore,
    Scale,
    score_label,
)

ENOUGH_MODERATED = 3
OVERALL = "Overall judgement"


def agrees_exactly(first: int, second: int) -> bool:
    return first == second


def agrees_within_one(scale: str, first: int, second: int) -> bool:
    if scale == Scale.OFSTED:
        return first == second
    return abs(first - second) <= 1


def share(part: int, whole: int) -> str:
    """A whole percentage, halves rounded up."""
    if not whole:
        return ""
    return f"{(200 * part + whole) // (2 * whole)}%"


@dataclass
class Agreement:
    """Scores compared between two graders over some audits."""

    label: str
    audits: set[int] = field(default_factory=set)
    compared: int = 0
    exact: int = 0
    within_one: int = 0

    def add(self, scale: str, audit_id: int, first: int, second: int) -> None:
        self.audits.add(audit_id)
        self.compared += 1
        self.exact += agrees_exactly(first, second)
        self.within_one += agrees_within_one(scale, first, second)

    @property
    def moderated_audits(self) -> int:
        return len(self.audits)

    @property
    def enough(self) -> bool:
        return self.moderated_audits >= ENOUGH_MODERATED

    @property
    def exact_share(self) -> str:
        return share(self.exact, self.compared) if self.enough else ""

    @property
    def within_one_share(self) -> str:
        return share(self.within_one, self.compared) if self.enough else ""


@dataclass(frozen=True)
class ModerationAgreement:
    tool: AuditTool
    by_criterion: list[Agreement]  # in the order of the newest version, the overall judgement last
    by_auditor: list[Agreement]
    all_scores: Agreement


def _moderated(
    tool: AuditTool, since: datetime.datetime | None, until: datetime.datetime | None, auditor: User | None
) -> QuerySet[Audit]:
    found = Audit.objects.filter(
        tool_version__tool=tool,
        status=AuditStatus.COMPLETED,
        archived_at__isnull=True,
        moderation__completed_at__isnull=False,
    )
    if since is not None:
        found = found.filter(completed_at__gte=since)
    if until is not None:
        found = found.filter(completed_at__lt=until)
    if auditor is not None:
        found = found.filter(auditor=auditor)
    return found


def moderation_agreement(
    *,
    tool: AuditTool,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    auditor: User | None = None,
) -> ModerationAgreement:
    """Agreement between auditors and moderators on completed moderations of the tool's audits (the audits
    completed from `since` to before `until`, one auditor's if given). Four queries whatever the number of audits."""
    criteria = list(
        AuditCriterion.objects.filter(version__tool=tool)
        .order_by("-version__number", "position")
        .values_list("pk", "title", "version__scale")
    )
    title_of = {pk: title for pk, title, _ in criteria}
    scale_of = {pk: scale for pk, _, scale in criteria}
    titles = list(dict.fromkeys(title for _, title, _ in criteria))
    moderated = _moderated(tool, since, until, auditor)
    pairs = (
        AuditScore.objects.filter(audit__in=moderated.values("pk"), score__isnull=False)
        .annotate(
            moderated=Subquery(
                ModeratedScore.objects.filter(
                    moderation__audit_id=OuterRef("audit_id"), criterion_id=OuterRef("criterion_id")
                ).values("score")[:1]
            )
        )
        .filter(moderated__isnull=False)
        .values_list("audit_id", "audit__auditor_id", "criterion_id", "score", "moderated")
        .order_by()
    )
    by_title = {title: Agreement(title) for title in titles}
    by_auditor: dict[int, Agreement] = defaultdict(lambda: Agreement(""))
    everything = Agreement("Every criterion")
    for audit_id, auditor_id, criterion_id, score, moderated_score in pairs:
        scale = scale_of[criterion_id]
        by_title[title_of[criterion_id]].add(scale, audit_id, score, moderated_score)
        by_auditor[auditor_id].add(scale, audit_id, score, moderated_score)
        everything.add(scale, audit_id, score, moderated_score)
    overall = Agreement(OVERALL)
    judged = moderated.filter(overall_judgement__isnull=False, moderation__overall_judgement__isnull=False)
    for audit_id, auditor_id, scale, first, second in judged.values_list(
        "pk", "auditor_id", "tool_version__scale", "overall_judgement", "moderation__overall_judgement"
    ).order_by():
        overall.add(scale, audit_id, first, second)
        by_auditor[auditor_id].audits.add(audit_id)
    names = {user.pk: str(user) for user in User.objects.filter(pk__in=list(by_auditor))}
    auditors = []
    for auditor_id, agreement in by_auditor.items():
        agreement.label = names.get(auditor_id, "")
        auditors.append(agreement)
    auditors.sort(key=lambda agreement: agreement.label)
    rows = [agreement for agreement in by_title.values() if agreement.compared]
    if overall.compared:
        rows.append(overall)
    return ModerationAgreement(tool=tool, by_criterion=rows, by_auditor=auditors, all_scores=everything)


# ---- calibration ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalibrationCell:
    criterion: str
    given: str
    reference: str
    verdict: str  # "Same", "Within one", "Different", or "Not graded"


@dataclass(frozen=True)
class AttemptResult:
    auditor: str
    submitted_at: datetime.datetime
    cells: list[CalibrationCell]
    compared: int
    exact: int
    within_one: int

    @property
    def exact_share(self) -> str:
        return share(self.exact, self.compared)

    @property
    def within_one_share(self) -> str:
        return share(self.within_one, self.compared)


@dataclass(frozen=True)
class ExerciseResult:
    exercise: CalibrationExercise
    scale: str
    criteria: list[str]
    attempts: list[AttemptResult]


def _score(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _label(scale: str, score: int | None) -> str:
    return score_label(scale, score) if score is not None else ""


def _verdict(scale: str, given: int, expected: int) -> str:
    if given == expected:
        return "Same"
    return "Within one" if agrees_within_one(scale, given, expected) else "Different"


def _attempt(
    scale: str, criteria: list[tuple[int, str]], reference: dict[str, object], attempt: CalibrationAttempt
) -> AttemptResult:
    cells, compared, exact, within = [], 0, 0, 0
    for pk, title in criteria:
        given, expected = _score(attempt.scores.get(str(pk))), _score(reference.get(str(pk)))
        if given is None or expected is None:
            cells.append(CalibrationCell(title, _label(scale, given), _label(scale, expected), "Not graded"))
            continue
        compared += 1
        exact += agrees_exactly(given, expected)
        within += agrees_within_one(scale, given, expected)
        verdict = _verdict(scale, given, expected)
        cells.append(CalibrationCell(title, _label(scale, given), _label(scale, expected), verdict))
    return AttemptResult(str(attempt.auditor), attempt.submitted_at, cells, compared, exact, within)


def calibration_results(*, auditor: User | None = None) -> list[ExerciseResult]:
    """Each exercise with its attempts (only the auditor's own if given), newest exercise first: three queries."""
    exercises = list(CalibrationExercise.objects.filter(archived_at__isnull=True).select_related("tool_version"))
    attempts = CalibrationAttempt.objects.filter(exercise__in=exercises).select_related("auditor")
    if auditor is not None:
        attempts = attempts.filter(auditor=auditor)
    by_exercise: dict[int, list[CalibrationAttempt]] = defaultdict(list)
    for attempt in attempts.order_by("submitted_at", "pk"):
        by_exercise[attempt.exercise_id].append(attempt)
    criteria: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, version_id, title in (
        AuditCriterion.objects.filter(version__in={exercise.tool_version_id for exercise in exercises})
        .order_by("position")
        .values_list("pk", "version_id", "title")
    ):
        criteria[version_id].append((pk, title))
    results = []
    for exercise in exercises:
        if auditor is not None and not by_exercise[exercise.pk]:
            continue
        scale = exercise.tool_version.scale
        own = criteria[exercise.tool_version_id]
        results.append(
            ExerciseResult(
                exercise=exercise,
                scale=scale,
                criteria=[title for _, title in own],
                attempts=[_attempt(scale, own, exercise.reference_scores, each) for each in by_exercise[exercise.pk]],
            )
        )
    return results
