"""Pages for children in care: start a period of care, record a change of legal status or placement, end the
period; reviews, missing episodes, unaccompanied status, adoption steps, previous permanence and outcomes.

Each page finds the case (or the record on it) for a user who may add to it, else 404; a refusal goes back onto
the form with what was typed."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.cases import care_forms
from casemap.cases.care_models import CarePeriod, MissingEpisode
from casemap.cases.models import Case
from casemap.cases.recording import acting_user_of, case_to_add_to, children_of, record_on_case
from casemap.cases.selectors import case_children
from casemap.cases.services import care, care_records
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, show_refusal
from casemap.people.models import Person


def posted_or_kept(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else restore_kept_draft(request)


def _back(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk]) + "#care"


def care_form_page(
    request: HttpRequest,
    case: Case,
    form: Form,
    *,
    heading: str,
    button: str,
    save: Callable[[], object],
    saved: str,
    child: Person | None = None,
    intro: str = "",
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, saved)
            return HttpResponseRedirect(_back(case))
    # A page naming one child logs that child; one offering the case's children to choose from logs each of them.
    people = [child] if child is not None else list(case_children(case))
    access_log_append_each(
        user=acting_user_of(request),
        action=AccessAction.VIEW,
        record_type="care record",
        people=people,
        request=request,
    )
    context = {
        "form": form,
        "caption": child.full_name if child else case.family_name,
        "heading": heading,
        "intro": intro,
        "button": button,
        "back_url": _back(case),
    }
    return render(request, "cases/care/form_page.html", context)


def period_on_case(request: HttpRequest, case_id: int, period_id: int) -> tuple[Case, CarePeriod]:
    case = case_to_add_to(request, case_id)
    return case, record_on_case(CarePeriod, case, period_id)


def period_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_to_add_to(request, case_id)
    form = care_forms.CarePeriodStartForm(posted_or_kept(request), children=children_of(case))
    return care_form_page(
        request,
        case,
        form,
        heading="Start a period of care",
        intro="The first placement and legal status begin on the day the child came into care.",
        button="Start the period of care",
        saved="Period of care started",
        save=lambda: care.care_period_start(
            acting_user=acting_user_of(request), case=case, request=request, **form.cleaned_data
        ),
    )


def episode_new(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = period_on_case(request, case_id, period_id)
    now = care.current_episode(period)
    initial = {
        "version": period.version,
        "legal_status": now.legal_status,
        "placement_type": now.placement_type,
        "provider": now.provider,
        "placement_urn": now.placement_urn,
        "placement_postcode": now.placement_postcode,
    }
    form = care_forms.CareChangeForm(posted_or_kept(request), initial=initial)
    fields = ["changed_on", "new_episode_reason", "legal_status", "placement_type", "provider", "placement_urn"]
    return care_form_page(
        request,
        case,
        form,
        heading="Record a change of placement or legal status",
        intro=f"Now: {now.get_legal_status_display()}; {now.get_placement_type_display()}, since "
        f"{now.started_on:%-d %B %Y}. Change what is different; the current episode ends on the day of the change.",
        button="Save the change",
        saved="Change recorded",
        child=period.child,
        save=lambda: care.care_episode_change(
            acting_user=acting_user_of(request),
            period=period,
            expected_version=form.cleaned_data["version"],
            placement_postcode=form.cleaned_data["placement_postcode"],
            placement_change_reason=form.cleaned_data["placement_change_reason"],
            request=request,
            **{name: form.cleaned_data[name] for name in fields},
        ),
    )


def period_end(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = period_on_case(request, case_id, period_id)
    form = care_forms.CarePeriodEndForm(posted_or_kept(request), initial={"version": period.version})
    return care_form_page(
        request,
        case,
        form,
        heading=f"End the period of care for {period.child.full_name}",
        intro=f"In care since {period.started_on:%-d %B %Y}.",
        button="End the period of care",
        saved="Period of care ended",
        child=period.child,
        save=lambda: care.care_period_end(
            acting_user=acting_user_of(request),
            period=period,
            expected_version=form.cleaned_data["version"],
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
            request=request,
        ),
    )


def review_new(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = period_on_case(request, case_id, period_id)
    form = care_forms.CareReviewForm(posted_or_kept(request))
    return care_form_page(
        request,
        case,
        form,
        heading=f"Record a review for {period.child.full_name}",
        button="Save the review",
        saved="Review recorded",
        child=period.child,
        save=lambda: care_records.care_review_record(
            acting_user=acting_user_of(request), period=period, request=request, **form.cleaned_data
        ),
    )


def missing_new(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = period_on_case(request, case_id, period_id)
    form = care_forms.MissingEpisodeForm(posted_or_kept(request))
    return care_form_page(
        request,
        case,
        form,
        heading=f"Record {period.child.full_name} missing or away from placement",
        button="Save",
        saved="Missing episode recorded",
        child=period.child,
        save=lambda: care_records.missing_episode_record(
            acting_user=acting_user_of(request), period=period, request=request, **form.cleaned_data
        ),
    )


def missing_end(request: HttpRequest, case_id: int, missing_id: int) -> HttpResponse:
    case = case_to_add_to(request, case_id)
    missing: MissingEpisode = record_on_case(MissingEpisode, case, missing_id)
    form = care_forms.MissingEndForm(posted_or_kept(request), initial={"version": missing.version})
    return care_form_page(
        request,
        case,
        form,
        heading=f"Record that {missing.child.full_name} came back",
        intro=f"{missing.get_kind_display()} since {missing.started_on:%-d %B %Y}.",
        button="Save",
        saved="Return recorded",
        child=missing.child,
        save=lambda: care_records.missing_episode_end(
            acting_user=acting_user_of(request),
            missing=missing,
            expected_version=form.cleaned_data["version"],
            ended_on=form.cleaned_data["ended_on"],
            request=request,
        ),
    )
