"""Drawing a reproducible sample of cases for audit.

A draw is fixed by three things, all recorded on it: the programme's rules as they were (`SampleDraw.rules`), a
random seed, and a data cut-off. The population is read as the data stood at the cut-off (cases on the record
and opened by then, their team and worker from the allocation history, their service and closing date from the
case's history, audits completed before it), ordered by case id, and `random.Random(seed)` picks from it. So the same
seed and cut-off give the same cases, whenever the draw is repeated; another seed gives another sample.

`choose_cases` is the pure part (no database), `population_at` reads the cases, `draw_cases` puts them
together, and `audit_access_ends` closes the time-boxed access a sampled case gave its auditor.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Case as Choose
from django.db.models import CharField, DateField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from casemap.access.models import CaseAssignment
from casemap.accounts.models import Team, User
from casemap.cases.models import Allocation, Case
from casemap.quality.models import (
    Audit,
    AuditSettings,
    AuditStatus,
    CaseStatusFilter,
    Period,
    SampledCase,
    SampleDraw,
    SamplingProgramme,
)

# The largest seed a draw keeps (the column is a signed 64-bit number).
MAX_SEED = 2**63 - 1


@dataclass(frozen=True)
class CaseAtCutOff:
    """One case of the population as it stood at the cut-off."""

    case_id: int
    team_id: int
    worker_id: int | None
    service: str


@dataclass(frozen=True)
class DrawResult:
    case_ids: list[int]  # in the order drawn: position 1 first
    population_size: int
    wanted: int  # how many the period still wanted before the monthly cap
    cap_left: int | None  # how many the monthly cap still allowed; None for no cap


# ---- the rules a draw uses ------------------------------------------------------------------------------------


def programme_rules(programme: SamplingProgramme) -> dict[str, Any]:
    """The programme's rules as a draw keeps them. With one auditor named, the draw itself leaves out that
    auditor's own cases and (for peer audit) their team's; with several, allocation does."""
    auditors = list(programme.auditors.all())
    excluded_worker, excluded_teams = None, []
    if len(auditors) == 1:
        excluded_worker = auditors[0].pk
        if programme.exclude_auditors_own_team:
            excluded_teams = sorted(auditor_team_ids(auditors[0]))
    return {
        "kind": programme.kind,
        "services": sorted(programme.services),
        "team_ids": sorted(team.pk for team in programme.teams.all()),
        "case_status": programme.case_status,
        "closed_within_days": programme.closed_within_days,
        "size_number": programme.size_number,
        "size_percent": None if programme.size_percent is None else str(programme.size_percent),
        "period": programme.period,
        "monthly_cap": programme.monthly_cap,
        "exclude_audited_months": programme.exclude_audited_months,
        "stratify_by_team": programme.stratify_by_team,
        "exclude_auditors_own_team": programme.exclude_auditors_own_team,
        "excluded_worker_id": excluded_worker,
        "excluded_team_ids": excluded_teams,
    }


def auditor_team_ids(auditor: User) -> set[int]:
    """The teams an auditor belongs to or manages: their peers' cases are not theirs to audit."""
    managed = Team.objects.filter(Q(manager=auditor) | Q(service_manager=auditor)).values_list("pk", flat=True)
    return {*managed, *([auditor.team_id] if auditor.team_id else [])}


def period_start(period: str, day: datetime.date) -> datetime.date:
    """The first day of the calendar month, quarter or year holding `day`."""
    if period == Period.YEAR:
        return day.replace(month=1, day=1)
    if period == Period.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


def sample_size(rules: dict[str, Any], population_size: int) -> int:
    """The cases a period wants: the number given, or the percentage of the population rounded to the nearest
    whole case (a half rounds up), and at least one when there is a population and a percentage."""
    if rules.get("size_number") is not None:
        return int(rules["size_number"])
    if rules.get("size_percent") is None or population_size == 0:
        return 0
    percent = Decimal(rules["size_percent"])
    wanted = (percent * population_size / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(int(wanted), 1 if percent > 0 else 0)


# ---- the pure draw ----------------------------------------------------------------------------------------------


def team_quotas(team_sizes: dict[int, int], wanted: int) -> dict[int, int]:
    """Proportional allocation by largest remainders: each team gets its share of `wanted` rounded down, and the
    cases left go one each to the teams with the largest remainders (the lower team id first on a tie)."""
    total = sum(team_sizes.values())
    if total == 0 or wanted <= 0:
        return dict.fromkeys(team_sizes, 0)
    wanted = min(wanted, total)
    shares = {team: Fraction(size * wanted, total) for team, size in team_sizes.items()}
    quotas = {team: int(share) for team, share in shares.items()}
    left = wanted - sum(quotas.values())
    by_remainder = sorted(shares, key=lambda team: (-(shares[team] - quotas[team]), team))
    for team in by_remainder[:left]:
        quotas[team] += 1
    return quotas


def choose_cases(population: Sequence[CaseAtCutOff], wanted: int, *, seed: int, stratify: bool) -> list[int]:
    """The case ids drawn, in the order drawn. The population is put in case id order first, so the order it was
    read in plays no part; with stratification each team's quota is drawn in turn, teams in id order."""
    ordered = sorted(population, key=lambda case: case.case_id)
    wanted = max(0, min(wanted, len(ordered)))
    rng = random.Random(seed)  # a reproducible sample, not a secret
    if not stratify:
        return rng.sample([case.case_id for case in ordered], wanted)
    by_team: dict[int, list[int]] = {}
    for case in ordered:
        by_team.setdefault(case.team_id, []).append(case.case_id)
    quotas = team_quotas({team: len(ids) for team, ids in by_team.items()}, wanted)
    drawn: list[int] = []
    for team in sorted(by_team):
        drawn.extend(rng.sample(by_team[team], quotas[team]))
    return drawn


# ---- the population as it stood at the cut-off -------------------------------------------------------------------


def _allocation_at(cut_off: datetime.datetime, field: str) -> Subquery:
    current = Allocation.objects.filter(case=OuterRef("pk"), started_at__lte=cut_off).filter(
        Q(ended_at__isnull=True) | Q(ended_at__gt=cut_off)
    )
    return Subquery(current.order_by("-started_at", "-pk").values(field)[:1])


def _case_history_at(cut_off: datetime.datetime) -> QuerySet[Any]:
    """The case's row as it was last saved before the cut-off (its history)."""
    history = Case.history.model.objects
    return history.filter(id=OuterRef("pk"), history_date__lte=cut_off).order_by("-history_date", "-history_id")


def _status_filter(rules: dict[str, Any], day: datetime.date) -> Q:
    open_then = Q(closed_then__isnull=True) | Q(closed_then__gt=day)
    days = rules.get("closed_within_days") or 0
    closed_lately = Q(closed_then__lte=day, closed_then__gte=day - datetime.timedelta(days=days))
    status = rules.get("case_status")
    if status == CaseStatusFilter.CLOSED:
        return closed_lately
    if status == CaseStatusFilter.EITHER:
        return open_then | closed_lately
    return open_then


def _audited_before(rules: dict[str, Any], cut_off: datetime.datetime) -> QuerySet[Audit]:
    months = rules.get("exclude_audited_months")
    if not months:
        return Audit.objects.none()
    return Audit.objects.filter(
        status=AuditStatus.COMPLETED,
        completed_at__lt=cut_off,
        completed_at__gte=cut_off - relativedelta(months=months),
    )


def population_at(rules: dict[str, Any], cut_off: datetime.datetime) -> list[CaseAtCutOff]:
    """The cases the rules cover as the data stood at the cut-off, less those audited in the months before it
    and, when the programme names one auditor, that auditor's own and their team's cases.

    A case is in it if it was on the record at the cut-off and opened on or before that day. Its closing date and
    service are read from its history as it was saved before the cut-off, so a closure recorded afterwards (even
    one dated earlier) changes nothing; its team and worker are those of the allocation current at the cut-off.
    Cases written without history (a bulk import) are read as they are now."""
    day = timezone.localdate(cut_off)
    history = _case_history_at(cut_off)
    cases = (
        Case.objects.filter(opened_on__lte=day, created_at__lte=cut_off)
        .filter(Q(archived_at__isnull=True) | Q(archived_at__gt=cut_off))
        .annotate(
            team_then=Coalesce(_allocation_at(cut_off, "team_id"), F("team_id"), output_field=IntegerField()),
            worker_then=Coalesce(
                _allocation_at(cut_off, "worker_id"), F("allocated_worker_id"), output_field=IntegerField()
            ),
            service_then=Coalesce(Subquery(history.values("service")[:1]), F("service"), output_field=CharField()),
            closed_then=Choose(
                When(Exists(history), then=Subquery(history.values("closed_on")[:1])),
                default=F("closed_on"),
                output_field=DateField(),
            ),
        )
        .filter(_status_filter(rules, day))
        .exclude(pk__in=_audited_before(rules, cut_off).values("case_id"))
    )
    if rules.get("services"):
        cases = cases.filter(service_then__in=rules["services"])
    if rules.get("team_ids"):
        cases = cases.filter(team_then__in=rules["team_ids"])
    if rules.get("excluded_team_ids"):
        cases = cases.exclude(team_then__in=rules["excluded_team_ids"])
    if rules.get("excluded_worker_id"):
        cases = cases.exclude(worker_then=rules["excluded_worker_id"])
    rows = cases.order_by("pk").values_list("pk", "team_then", "worker_then", "service_then")
    return [CaseAtCutOff(pk, team, worker, service) for pk, team, worker, service in rows]


def _drawn_before(programme_id: int, before_draw_id: int | None) -> QuerySet[SampledCase]:
    earlier = SampledCase.objects.filter(draw__programme_id=programme_id)
    return earlier if before_draw_id is None else earlier.filter(draw_id__lt=before_draw_id)


def draw_cases(
    *,
    programme_id: int,
    rules: dict[str, Any],
    seed: int,
    cut_off: datetime.datetime,
    before_draw_id: int | None = None,
) -> DrawResult:
    """The cases a draw takes. Cases the programme drew earlier in the same period are not drawn again and count
    towards the period's size; cases it drew earlier in the cut-off's calendar month count towards the monthly
    cap. `before_draw_id` repeats a stored draw: only the draws made before it count."""
    population = population_at(rules, cut_off)
    day = timezone.localdate(cut_off)
    earlier = _drawn_before(programme_id, before_draw_id)
    start = period_start(rules.get("period") or Period.MONTH, day)
    in_period = set(earlier.filter(draw__period_start=start).values_list("case_id", flat=True))
    wanted = max(0, sample_size(rules, len(population)) - len(in_period))
    cap_left = None
    if rules.get("monthly_cap") is not None:
        month = day.replace(day=1)
        in_month = [
            draw_day
            for draw_day in earlier.values_list("draw__cut_off", flat=True)
            if timezone.localdate(draw_day).replace(day=1) == month
        ]
        cap_left = max(0, int(rules["monthly_cap"]) - len(in_month))
    take = wanted if cap_left is None else min(wanted, cap_left)
    eligible = [case for case in population if case.case_id not in in_period]
    chosen = choose_cases(eligible, take, seed=seed, stratify=bool(rules.get("stratify_by_team")))
    return DrawResult(case_ids=chosen, population_size=len(population), wanted=wanted, cap_left=cap_left)


def draw_repeat(draw: SampleDraw) -> DrawResult:
    """The stored draw made again from its own rules, seed and cut-off."""
    return draw_cases(
        programme_id=draw.programme_id, rules=draw.rules, seed=draw.seed, cut_off=draw.cut_off, before_draw_id=draw.pk
    )


# ---- time-boxed access -------------------------------------------------------------------------------------------


def audit_access_ends(sampled_case: SampledCase, completed_on: datetime.date) -> CaseAssignment | None:
    """The audit is complete: the auditor keeps read access to the case for the authority's set number of days
    after completion (30 unless changed), then the access policy stops showing it."""
    if sampled_case.assignment_id is None:
        return None
    days = AuditSettings.current().access_days_after_completion
    assignment = CaseAssignment.objects.get(pk=sampled_case.assignment_id)
    assignment.ends_on = completed_on + datetime.timedelta(days=days)
    assignment.save(update_fields=["ends_on"])
    return assignment
