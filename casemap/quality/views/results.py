"""The learning outputs of practice audit: results by criterion, team and quarter; auditors' agreement with their
moderators and with calibration exercises; the practice panel's elements across each team's open cases.

Aggregates only: no page here names a child, a family or the worker whose case was audited."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from casemap.accounts.models import User
from casemap.quality.agreement import calibration_results, moderation_agreement
from casemap.quality.forms_results import AgreementFilterForm, AuditResultsFilterForm, chosen_quarter, tools
from casemap.quality.practice_by_team import COUNT_MAX_MINUTES, current_practice, practice_by_team
from casemap.quality.reports import Filters, audit_results, local_midnight, next_quarter, quarters_for
from casemap.quality.results_access import (
    TeamScope,
    reads_every_auditor,
    reads_every_calibration,
    results_scope,
    takes_part_in_audit,
)


def _reader(request: HttpRequest) -> tuple[User, TeamScope]:
    user: User = request.user  # type: ignore[assignment]
    scope = results_scope(user)
    if scope is None:
        raise Http404("Audit results are for practice leads and managers")
    return user, scope


@require_safe
def results(request: HttpRequest) -> HttpResponse:
    _, scope = _reader(request)
    offered = tools()
    data = request.GET if request.GET else None
    first = offered[0] if offered else None
    form = AuditResultsFilterForm(data, scope=scope, offered_tools=offered, initial={"tool": first})
    filters = None
    if form.is_bound and form.is_valid():
        cleaned = form.cleaned_data
        filters = Filters(
            tool=cleaned["tool"], version=cleaned["version"], service=cleaned["service"], team=cleaned["team"],
            quarter=chosen_quarter(cleaned["quarter"]),
        )  # fmt: skip
    elif not form.is_bound and offered:
        filters = Filters(tool=offered[0])
    found = audit_results(filters, scope=scope, today=timezone.localdate()) if filters else None
    context: dict[str, Any] = {"form": form, "results": found}
    if found is not None:
        context["overall_medians"] = [found.overall_median]
    return render(request, "quality/results.html", context)


@require_safe
def practice(request: HttpRequest) -> HttpResponse:
    _, scope = _reader(request)
    counted = current_practice(now=timezone.now())
    elements = practice_by_team(scope=scope, counted=counted.by_team)
    return render(
        request,
        "quality/practice_by_team.html",
        {"elements": elements, "counted_at": counted.counted_at, "count_max_minutes": COUNT_MAX_MINUTES},
    )


@require_safe
def agreement(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not takes_part_in_audit(user):
        raise Http404("Agreement is for those who audit")
    everyone = reads_every_auditor(user)
    offered = tools()
    data = request.GET if request.GET else None
    form = AgreementFilterForm(data, offered_tools=offered, initial={"tool": offered[0] if offered else None})
    found = None
    tool, quarter = (offered[0] if offered else None), None
    if form.is_bound:
        valid = form.is_valid()
        tool = form.cleaned_data["tool"] if valid else None
        quarter = chosen_quarter(form.cleaned_data["quarter"]) if valid else None
    if tool is not None:
        quarters = quarters_for(quarter, timezone.localdate())
        found = moderation_agreement(
            tool=tool, since=local_midnight(quarters[0]), until=local_midnight(next_quarter(quarters[-1])),
            auditor=None if everyone else user,
        )  # fmt: skip
    return render(request, "quality/agreement.html", {"form": form, "agreement": found, "everyone": everyone})


@require_safe
def calibration(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not takes_part_in_audit(user):
        raise Http404("Calibration is for those who audit")
    everyone = reads_every_calibration(user)
    exercises = calibration_results(auditor=None if everyone else user)
    return render(request, "quality/calibration.html", {"exercises": exercises, "everyone": everyone})
