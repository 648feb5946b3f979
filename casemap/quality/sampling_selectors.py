"""Reads for sampling: who may see which programme, draw and sampled case, and what a page shows of each.

Practice leads run sampling and see every programme. Team and service managers see the programmes covering their
teams (a programme naming no teams covers every team), read only. Nobody else sees a programme: a 404, so its
existence is not revealed. A drawn case shows its reference, team and service; its family's name shows only to
someone the access policy lets see the case.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casemap.access.policy import managed_team_ids, visible_cases
from casemap.accounts.models import Role, Team, User
from casemap.cases.models import CaseService
from casemap.quality.models import (
    Audit,
    AuditStatus,
    CaseStatusFilter,
    InspectionChild,
    Period,
    ProgrammeKind,
    SampledCase,
    SampleDraw,
    SamplingProgramme,
)

SAMPLING_LEADS = {Role.PRACTICE_LEAD}
PROGRAMME_VIEWERS = {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}
# Who may be named as an auditor in a programme: practice leads, and managers auditing another team's cases.


def runs_sampling(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in SAMPLING_LEADS


def programmes_for_user(user: User) -> QuerySet[SamplingProgramme]:
    programmes = SamplingProgramme.objects.filter(archived_at__isnull=True)
    if runs_sampling(user):
        return programmes
    if user.is_authenticated and user.is_active and user.role in PROGRAMME_VIEWERS:
        managed = managed_team_ids(user)
        if not managed:
            return programmes.none()
        return programmes.filter(Q(teams__isnull=True) | Q(teams__in=managed)).distinct()
    return programmes.none()


def get_programme_for_user(user: User, programme_id: int) -> SamplingProgramme:
    programme = programmes_for_user(user).select_related("tool").filter(pk=programme_id).first()
    if programme is None:
        raise Http404("No sampling programme found")
    return programme


def get_programme_to_run(user: User, programme_id: int) -> SamplingProgramme:
    """A programme the user may change or draw from: practice leads only; anyone else gets 404."""
    if not runs_sampling(user):
        raise Http404("No sampling programme found")
    return get_programme_for_user(user, programme_id)


def get_draw_for_user(user: User, draw_id: int) -> SampleDraw:
    draw = SampleDraw.objects.select_related("programme", "drawn_by").filter(pk=draw_id).first()
    if draw is None or not programmes_for_user(user).filter(pk=draw.programme_id).exists():
        raise Http404("No sample found")
    return draw


def get_sampled_case_to_allocate(user: User, sampled_case_id: int) -> SampledCase:
    if not runs_sampling(user):
        raise Http404("No sampled case found")
    sampled = (
        SampledCase.objects.select_related("draw__programme", "case__team", "auditor", "assignment")
        .filter(pk=sampled_case_id, draw__programme__archived_at__isnull=True)
        .first()
    )
    if sampled is None:
        raise Http404("No sampled case found")
    return sampled


@dataclass(frozen=True)
class DrawnCaseRow:
    sampled: SampledCase
    family_name: str  # empty when the viewer may not see the case
    audit_status: str


def drawn_case_rows(user: User, draw: SampleDraw) -> list[DrawnCaseRow]:
    """The draw's cases for its page, in the order drawn, in a fixed number of queries."""
    sampled = list(draw.cases.select_related("case__team", "auditor").order_by("position"))
    case_ids = [row.case_id for row in sampled]
    seen = set(visible_cases(user).filter(pk__in=case_ids).values_list("pk", flat=True))
    audits = dict(Audit.objects.filter(sampled_case__in=sampled).values_list("sampled_case_id", "status"))
    return [
        DrawnCaseRow(
            sampled=row,
            family_name=row.case.family_name if row.case_id in seen else "",
            audit_status=str(AuditStatus(audits[row.pk]).label) if row.pk in audits else "Not started",
        )
        for row in sampled
    ]


def programme_draws(programme: SamplingProgramme) -> list[SampleDraw]:
    return list(
        programme.draws.select_related("drawn_by")
        .annotate(case_count=Count("cases"), allocated_count=Count("cases", filter=Q(cases__auditor__isnull=False)))
        .order_by("-drawn_at", "-pk")
    )


def inspection_children(programme: SamplingProgramme) -> list[InspectionChild]:
    return list(programme.inspection_children.select_related("child").order_by("added_at", "pk"))


def drawn_child_ids(programme: SamplingProgramme) -> set[int]:
    """The inspection children already made into sampled cases, as each draw recorded them."""
    drawn: set[int] = set()
    for rules in programme.draws.values_list("rules", flat=True):
        drawn.update(int(child) for child in (rules or {}).get("children", []))
    return drawn


def sampled_cases_for_auditor(user: User) -> list[SampledCase]:
    """The sampled cases allocated to this auditor whose audit is not completed and whose access lasts."""
    today = timezone.localdate()
    return list(
        SampledCase.objects.filter(auditor=user, assignment__user=user)
        .filter(Q(assignment__ends_on__isnull=True) | Q(assignment__ends_on__gte=today))
        .exclude(audit__status=AuditStatus.COMPLETED)
        .select_related("case__team", "draw__programme", "audit")
        .order_by("due_on", "pk")
    )


def rules_in_words(rules: dict[str, Any]) -> list[tuple[str, str]]:
    """A draw's rules (or a programme's, as a draw would take them) as lines of a summary list."""
    if rules.get("kind") == ProgrammeKind.INSPECTION:
        return [("Kind", str(ProgrammeKind.INSPECTION.label))]
    codes = [code for code in rules.get("services", []) if code in CaseService.values]
    services = ", ".join(str(CaseService(code).label) for code in codes)
    team_names = dict(Team.objects.filter(pk__in=rules.get("team_ids", [])).values_list("pk", "name"))
    teams = ", ".join(team_names[pk] for pk in rules.get("team_ids", []) if pk in team_names)
    status = rules.get("case_status", CaseStatusFilter.OPEN)
    which = "Open cases"
    if status == CaseStatusFilter.CLOSED:
        which = f"Cases closed in the {rules.get('closed_within_days')} days before the cut-off"
    elif status == CaseStatusFilter.EITHER:
        which = f"Open cases, and cases closed in the {rules.get('closed_within_days')} days before the cut-off"
    period = str(Period(rules.get("period", Period.MONTH)).label).lower()
    if rules.get("size_number") is not None:
        size = f"{rules['size_number']} cases {period}"
    else:
        size = f"{Decimal(rules.get('size_percent') or 0).normalize():f}% of the population {period}"
    audited = rules.get("exclude_audited_months")
    lines = [
        ("Services", services or "Every service"),
        ("Teams", teams or "Every team"),
        ("Cases", which),
        ("Size", size),
        ("Monthly cap", f"{rules['monthly_cap']} cases" if rules.get("monthly_cap") else "No cap"),
        ("Audited recently", f"Left out if audited in the last {audited} months" if audited else "Not left out"),
        (
            "Peer audit",
            "Auditors never audit their own team's cases"
            if rules.get("exclude_auditors_own_team", True)
            else "Auditors may audit their own team's cases (never their own)",
        ),
        ("By team", "Drawn from each team in proportion" if rules.get("stratify_by_team") else "Not by team"),
    ]
    if rules.get("excluded_worker_id"):
        auditor = User.objects.filter(pk=rules["excluded_worker_id"]).first()
        team = ", and their team's cases" if rules.get("excluded_team_ids") else ""
        lines.append(("Left out when drawn", f"The cases of the programme's one auditor, {auditor}{team}"))
    return lines
