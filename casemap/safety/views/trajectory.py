"""The trajectory page: the steps to closure, and how long the safety goals must be sustained. The forms are
offered to those the policy lets add to the case; the services decide, through the write guard."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from casemap.access.policy import can_add_to_case, get_case_for_user
from casemap.cases.models import Case
from casemap.core.forms import OUT_OF_DATE_MESSAGE, posted_version, show_refusal
from casemap.safety.forms.plans import StepForm, SustainedForm
from casemap.safety.models import SustainUnit, TrajectoryStep
from casemap.safety.selectors.plans import case_trajectory, case_trajectory_plan, current_plan
from casemap.safety.services import trajectory as services
from casemap.safety.views.common import REFUSALS, refusal_text
from casemap.safety.views.plans import log_view, plan_not_found, posted_or_kept, request_user, show_kept


def _url(case: Case, anchor: str = "") -> str:
    return reverse("safety:trajectory", args=[case.pk]) + (f"#{anchor}" if anchor else "")


def _case_for_form(request: HttpRequest, case_id: int) -> Case:
    """The case, if the user may see it; its forms are shown only to those the policy lets add to it."""
    case = get_case_for_user(request_user(request), case_id)
    if request.method != "POST" and not can_add_to_case(request_user(request), case):
        plan_not_found()
    return case


def _render(request: HttpRequest, case: Case, status: int = 200, **forms: Any) -> HttpResponse:
    trajectory, steps = case_trajectory_plan(case=case)
    context: dict[str, Any] = {
        "case": case,
        "trajectory": trajectory,
        "steps": steps,
        "plan": current_plan(case=case),
        "can_change": can_add_to_case(request_user(request), case),
        "version": trajectory.version if trajectory else 0,
    }
    if context["can_change"]:
        context["step_form"] = forms.get("step_form") or StepForm(record=trajectory, prefix="step")
        context["sustained_form"] = forms.get("sustained_form") or SustainedForm(
            record=trajectory,
            initial={
                "sustain_for": trajectory.sustain_for if trajectory else None,
                "sustain_unit": trajectory.sustain_unit if trajectory else SustainUnit.MONTHS,
                "sustained_since": trajectory.sustained_since if trajectory else None,
            },
            prefix="sustained",
        )
    return render(request, "safety/trajectory.html", context, status=status)


def trajectory(request: HttpRequest, case_id: int) -> HttpResponse:
    case = get_case_for_user(request_user(request), case_id)
    log_view(request, case, services.RECORD_TYPE, case.pk)
    return _render(request, case)


def _apply(request: HttpRequest, case: Case, form: Any, change: Any, anchor: str, **forms: Any) -> HttpResponse:
    if request.method == "GET":
        return show_kept(request, form, lambda: _render(request, case, **forms))
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The trajectory has been saved")
            return HttpResponseRedirect(_url(case, anchor))
    return _render(request, case, status=400, **forms)


@require_http_methods(["GET", "POST"])
def step_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_form(request, case_id)
    kept = posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(_url(case))
    form = StepForm(kept, prefix="step", record=case_trajectory(case=case))
    return _apply(
        request,
        case,
        form,
        lambda data: services.trajectory_step_add(
            acting_user=request_user(request),
            case=case,
            expected_version=data["version"],
            description=data["description"],
            target_on=data["target_on"],
            request=request,
        ),
        "steps",
        step_form=form,
    )


@require_POST
def step_done(request: HttpRequest, case_id: int, step_id: int) -> HttpResponse:
    """Mark a step done today, against the version of the trajectory the page showed."""
    case = _case_for_form(request, case_id)
    step = (
        TrajectoryStep.objects.filter(trajectory__case=case, pk=step_id).select_related("trajectory").first()
        or plan_not_found()
    )
    version = posted_version(request.POST)
    if version is None:
        messages.error(request, OUT_OF_DATE_MESSAGE)
        return HttpResponseRedirect(_url(case, "steps"))
    try:
        services.trajectory_step_done(
            acting_user=request_user(request),
            step=step,
            expected_version=version,
            done_on=timezone.localdate(),
            request=request,
        )
    except REFUSALS as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, "Step marked as done")
    return HttpResponseRedirect(_url(case, "steps"))


@require_http_methods(["GET", "POST"])
def sustained_save(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_form(request, case_id)
    kept = posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(_url(case))
    form = SustainedForm(kept, prefix="sustained", record=case_trajectory(case=case))
    return _apply(
        request,
        case,
        form,
        lambda data: services.trajectory_set_sustained(
            acting_user=request_user(request),
            case=case,
            expected_version=data["version"],
            sustain_for=data["sustain_for"],
            sustain_unit=data["sustain_unit"],
            sustained_since=data["sustained_since"],
            request=request,
        ),
        "sustained",
        sustained_form=form,
    )
