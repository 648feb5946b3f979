"""Sampling programmes and their draws: practice leads set them up, draw, check and allocate; team and service
managers read the programmes covering their teams. Every page read and every change is in the access log."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append
from casemap.accounts.models import User
from casemap.core.forms import StaleEditError, show_refusal
from casemap.quality.forms_sampling import AllocateForm, DrawForm, ProgrammeEditForm, ProgrammeForm
from casemap.quality.models import AuditSettings, ProgrammeKind, SamplingProgramme
from casemap.quality.sampling import programme_rules
from casemap.quality.sampling_selectors import (
    PROGRAMME_VIEWERS,
    drawn_case_rows,
    drawn_child_ids,
    get_draw_for_user,
    get_programme_for_user,
    get_programme_to_run,
    get_sampled_case_to_allocate,
    inspection_children,
    programme_draws,
    programmes_for_user,
    rules_in_words,
    runs_sampling,
)
from casemap.quality.sampling_services import (
    auditors_for,
    draw_check,
    programme_create,
    programme_update,
    sample_draw,
    sampled_case_allocate,
    why_not_auditor,
)

FORM_PAGE = "quality/sampling/form_page.html"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _log_view(request: HttpRequest, record_type: str, record_id: object, detail: str = "") -> None:
    access_log_append(
        user=_user(request),
        action=AccessAction.VIEW,
        record_type=record_type,
        record_id=record_id,
        detail=detail,
        request=request,
    )


def programme_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not runs_sampling(user) and user.role not in PROGRAMME_VIEWERS:
        raise Http404("No sampling programmes found")
    programmes = list(programmes_for_user(user).select_related("tool").prefetch_related("teams").order_by("name"))
    _log_view(request, "sampling programme", "", f"list of {len(programmes)}")
    return render(
        request, "quality/sampling/programme_list.html", {"programmes": programmes, "may_run": runs_sampling(user)}
    )


def programme_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not runs_sampling(user):
        raise Http404("No sampling programmes found")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(acting_user=user, details=form.details(), request=request)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The sampling programme is set up.")
            return HttpResponseRedirect(reverse("quality:programme", args=[programme.pk]))
    context = {
        "form": form,
        "heading": "Set up a sampling programme",
        "button": "Save the programme",
        "back_url": reverse("quality:programme-list"),
    }
    return render(request, FORM_PAGE, context)


def _initial(programme: SamplingProgramme) -> dict[str, Any]:
    return {
        "name": programme.name,
        "kind": programme.kind,
        "tool": programme.tool_id,
        "services": programme.services,
        "teams": [team.pk for team in programme.teams.all()],
        "case_status": programme.case_status,
        "closed_within_days": programme.closed_within_days,
        "size_number": programme.size_number,
        "size_percent": programme.size_percent,
        "period": programme.period,
        "monthly_cap": programme.monthly_cap,
        "exclude_audited_months": programme.exclude_audited_months,
        "exclude_auditors_own_team": programme.exclude_auditors_own_team,
        "stratify_by_team": programme.stratify_by_team,
        "audit_due_days": programme.audit_due_days,
        "due_on": programme.due_on,
        "auditors": [auditor.pk for auditor in programme.auditors.all()],
        "version": programme.version,
    }


def programme_edit(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = _user(request)
    programme = get_programme_to_run(user, programme_id)
    form = ProgrammeEditForm(request.POST or None, initial=_initial(programme))
    if request.method == "POST" and form.is_valid():
        try:
            programme_update(
                acting_user=user,
                programme=programme,
                details=form.details(),
                expected_version=form.cleaned_data["version"],
                request=request,
            )
        except (ValidationError, PermissionDenied, StaleEditError) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The programme is changed. Samples drawn already keep the rules they used.")
            return HttpResponseRedirect(reverse("quality:programme", args=[programme.pk]))
    context = {
        "form": form,
        "heading": f"Change {programme.name}",
        "button": "Save the changes",
        "back_url": reverse("quality:programme", args=[programme.pk]),
    }
    return render(request, FORM_PAGE, context)


def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = _user(request)
    programme = get_programme_for_user(user, programme_id)
    _log_view(request, "sampling programme", programme.pk)
    is_inspection = programme.kind == ProgrammeKind.INSPECTION
    named = inspection_children(programme) if is_inspection else []
    context = {
        "programme": programme,
        "rules": rules_in_words(programme_rules(programme)),
        "auditors": list(programme.auditors.order_by("last_name", "first_name")),
        "draws": programme_draws(programme),
        "may_run": runs_sampling(user),
        "is_inspection": is_inspection,
        "named": named,
        "drawn_children": drawn_child_ids(programme) if is_inspection else set(),
        "draw_form": DrawForm(),
    }
    return render(request, "quality/sampling/programme_detail.html", context)


def draw_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = _user(request)
    programme = get_programme_to_run(user, programme_id)
    if programme.kind != ProgrammeKind.RANDOM:
        raise Http404("An inspection sample is made from its list of children")
    form = DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draw = sample_draw(acting_user=user, programme=programme, seed=form.cleaned_data["seed"], request=request)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{draw.cases.count()} cases drawn with seed {draw.seed}.")
            return HttpResponseRedirect(reverse("quality:draw", args=[draw.pk]))
    context = {
        "form": form,
        "heading": f"Draw a sample for {programme.name}",
        "intro": "The cut-off is the moment you draw: only cases as they stood then are in the population.",
        "button": "Draw the sample",
        "back_url": reverse("quality:programme", args=[programme.pk]),
    }
    return render(request, FORM_PAGE, context)


def draw_detail(request: HttpRequest, draw_id: int) -> HttpResponse:
    user = _user(request)
    draw = get_draw_for_user(user, draw_id)
    rows = drawn_case_rows(user, draw)
    _log_view(request, "sample draw", draw.pk, f"{len(rows)} cases")
    context = {
        "draw": draw,
        "programme": draw.programme,
        "rows": rows,
        "rules": rules_in_words(draw.rules),
        "is_inspection": draw.rules.get("kind") == ProgrammeKind.INSPECTION,
        "may_run": runs_sampling(user),
    }
    return render(request, "quality/sampling/draw_detail.html", context)


@require_POST
def draw_check_view(request: HttpRequest, draw_id: int) -> HttpResponse:
    user = _user(request)
    if not runs_sampling(user):
        raise Http404("No sample found")
    draw = get_draw_for_user(user, draw_id)
    try:
        check = draw_check(acting_user=user, draw=draw, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if check.same:
            messages.success(
                request,
                f"Drawn again with seed {draw.seed} and the same cut-off: the same {len(check.stored)} cases, "
                "in the same order.",
            )
        else:
            messages.error(
                request,
                f"Drawn again with seed {draw.seed} and the same cut-off, it gives different cases "
                f"({len(check.repeated)} against {len(check.stored)}): the records as they stood at the cut-off "
                "have changed since, for example a case's dates or an audit.",
            )
    return HttpResponseRedirect(reverse("quality:draw", args=[draw.pk]))


def sampled_case_allocate_view(request: HttpRequest, sampled_case_id: int) -> HttpResponse:
    user = _user(request)
    sampled = get_sampled_case_to_allocate(user, sampled_case_id)
    offered = auditors_for(sampled)
    form = AllocateForm(request.POST or None, auditors=offered)
    if request.method == "POST" and form.is_valid():
        try:
            sampled_case_allocate(
                acting_user=user, sampled=sampled, auditor=form.cleaned_data["auditor"], request=request
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(
                request,
                f"{sampled.case.reference} is allocated to {form.cleaned_data['auditor']}, who may read the case "
                "until the audit is done.",
            )
            return HttpResponseRedirect(reverse("quality:draw", args=[sampled.draw_id]))
    programme = sampled.draw.programme
    left_out = [
        (auditor, why_not_auditor(sampled, auditor))
        for auditor in programme.auditors.order_by("last_name", "first_name")
        if auditor not in offered
    ]
    _log_view(request, "sampled case", sampled.pk, f"case {sampled.case_id}")
    context = {
        "form": form,
        "sampled": sampled,
        "left_out": left_out,
        "offered": offered,
        "access_days": AuditSettings.current().access_days_after_completion,
        "back_url": reverse("quality:draw", args=[sampled.draw_id]),
    }
    return render(request, "quality/sampling/allocate.html", context)
