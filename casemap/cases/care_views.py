"""Pages for children in care: start a period of care, record a change of legal status or placement, end the
period; reviews, missing episodes, unaccompanied status, adoption steps, previous permanence and outcomes.

Each page finds the case (or the record on it) for a user who may add to it, else 404; a refusal goes back onto
the form with what was typed."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, get_case_for_user
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases import care_forms
from casemap.cases.care_models import AdoptionPlan, CarePeriod, MissingEpisode, UnaccompaniedStatus
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.cases.services import care, care_records
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, show_refusal
from casemap.people.models import Person


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _case_to_add_to(request: HttpRequest, case_id: int) -> Case:
    case = get_case_for_user(_user(request), case_id)
    if not can_add_to_case(_user(request), case):
        raise Http404("No case found")
    return case


def _children(case: Case) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=[child.pk for child in case_children(case)]).order_by("date_of_birth", "pk")


def _on_case(model: type[Model], case: Case, record_id: int) -> Any:
    record = (
        model._default_manager.select_related("child").filter(case=case, pk=record_id, archived_at__isnull=True).first()
    )
    if record is None:
        raise Http404("No record found")
    return record


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else restore_kept_draft(request)


def _back(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk]) + "#care"


def _form_page(
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
        user=_user(request), action=AccessAction.VIEW, record_type="care record", people=people, request=request
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


def _period(request: HttpRequest, case_id: int, period_id: int) -> tuple[Case, CarePeriod]:
    case = _case_to_add_to(request, case_id)
    return case, _on_case(CarePeriod, case, period_id)


def period_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_to_add_to(request, case_id)
    form = care_forms.CarePeriodStartForm(_data(request), children=_children(case))
    return _form_page(
        request,
        case,
        form,
        heading="Start a period of care",
        intro="The first placement and legal status begin on the day the child came into care.",
        button="Start the period of care",
        saved="Period of care started",
        save=lambda: care.care_period_start(
            acting_user=_user(request), case=case, request=request, **form.cleaned_data
        ),
    )


def episode_new(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = _period(request, case_id, period_id)
    now = care.current_episode(period)
    initial = {
        "version": period.version,
        "legal_status": now.legal_status,
        "placement_type": now.placement_type,
        "provider": now.provider,
        "placement_urn": now.placement_urn,
        "placement_postcode": now.placement_postcode,
    }
    form = care_forms.CareChangeForm(_data(request), initial=initial)
    fields = ["changed_on", "new_episode_reason", "legal_status", "placement_type", "provider", "placement_urn"]
    return _form_page(
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
            acting_user=_user(request),
            period=period,
            expected_version=form.cleaned_data["version"],
            placement_postcode=form.cleaned_data["placement_postcode"],
            placement_change_reason=form.cleaned_data["placement_change_reason"],
            request=request,
            **{name: form.cleaned_data[name] for name in fields},
        ),
    )


def period_end(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = _period(request, case_id, period_id)
    form = care_forms.CarePeriodEndForm(_data(request), initial={"version": period.version})
    return _form_page(
        request,
        case,
        form,
        heading=f"End the period of care for {period.child.full_name}",
        intro=f"In care since {period.started_on:%-d %B %Y}.",
        button="End the period of care",
        saved="Period of care ended",
        child=period.child,
        save=lambda: care.care_period_end(
            acting_user=_user(request),
            period=period,
            expected_version=form.cleaned_data["version"],
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
            request=request,
        ),
    )


def review_new(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = _period(request, case_id, period_id)
    form = care_forms.CareReviewForm(_data(request))
    return _form_page(
        request,
        case,
        form,
        heading=f"Record a review for {period.child.full_name}",
        button="Save the review",
        saved="Review recorded",
        child=period.child,
        save=lambda: care_records.care_review_record(
            acting_user=_user(request), period=period, request=request, **form.cleaned_data
        ),
    )


def missing_new(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = _period(request, case_id, period_id)
    form = care_forms.MissingEpisodeForm(_data(request))
    return _form_page(
        request,
        case,
        form,
        heading=f"Record {period.child.full_name} missing or away from placement",
        button="Save",
        saved="Missing episode recorded",
        child=period.child,
        save=lambda: care_records.missing_episode_record(
            acting_user=_user(request), period=period, request=request, **form.cleaned_data
        ),
    )


def missing_end(request: HttpRequest, case_id: int, missing_id: int) -> HttpResponse:
    case = _case_to_add_to(request, case_id)
    missing: MissingEpisode = _on_case(MissingEpisode, case, missing_id)
    form = care_forms.MissingEndForm(_data(request), initial={"version": missing.version})
    return _form_page(
        request,
        case,
        form,
        heading=f"Record that {missing.child.full_name} came back",
        intro=f"{missing.get_kind_display()} since {missing.started_on:%-d %B %Y}.",
        button="Save",
        saved="Return recorded",
        child=missing.child,
        save=lambda: care_records.missing_episode_end(
            acting_user=_user(request),
            missing=missing,
            expected_version=form.cleaned_data["version"],
            ended_on=form.cleaned_data["ended_on"],
            request=request,
        ),
    )


def unaccompanied_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_to_add_to(request, case_id)
    form = care_forms.UnaccompaniedForm(_data(request), children=_children(case))
    return _form_page(
        request,
        case,
        form,
        heading="Record an unaccompanied asylum-seeking child",
        button="Save",
        saved="Unaccompanied asylum-seeking child recorded",
        save=lambda: care_records.unaccompanied_status_record(
            acting_user=_user(request), case=case, request=request, **form.cleaned_data
        ),
    )


def unaccompanied_cease(request: HttpRequest, case_id: int, status_id: int) -> HttpResponse:
    case = _case_to_add_to(request, case_id)
    status: UnaccompaniedStatus = _on_case(UnaccompaniedStatus, case, status_id)
    form = care_forms.UnaccompaniedCeaseForm(_data(request), initial={"version": status.version})
    return _form_page(
        request,
        case,
        form,
        heading=f"{status.child.full_name} is no longer an unaccompanied asylum-seeking child",
        button="Save",
        saved="Saved",
        child=status.child,
        save=lambda: care_records.unaccompanied_status_cease(
            acting_user=_user(request),
            status=status,
            expected_version=form.cleaned_data["version"],
            ceased_on=form.cleaned_data["ceased_on"],
            request=request,
        ),
    )


def adoption_new(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = _period(request, case_id, period_id)
    form = care_forms.AdoptionDecisionForm(_data(request))
    return _form_page(
        request,
        case,
        form,
        heading=f"Decision that {period.child.full_name} should be placed for adoption",
        button="Save the decision",
        saved="Adoption decision recorded",
        child=period.child,
        save=lambda: care_records.adoption_decision_record(
            acting_user=_user(request), period=period, request=request, **form.cleaned_data
        ),
    )


def _adoption(request: HttpRequest, case_id: int, adoption_id: int) -> tuple[Case, AdoptionPlan]:
    case = _case_to_add_to(request, case_id)
    return case, _on_case(AdoptionPlan, case, adoption_id)


def adoption_match(request: HttpRequest, case_id: int, adoption_id: int) -> HttpResponse:
    case, plan = _adoption(request, case_id, adoption_id)
    form = care_forms.AdoptionMatchForm(_data(request), initial={"version": plan.version})
    return _form_page(
        request,
        case,
        form,
        heading=f"Match {plan.child.full_name} with prospective adopters",
        intro=f"Decision to place for adoption: {plan.decided_on:%-d %B %Y}.",
        button="Save the match",
        saved="Match recorded",
        child=plan.child,
        save=lambda: care_records.adoption_match_record(
            acting_user=_user(request),
            plan=plan,
            expected_version=form.cleaned_data["version"],
            matched_on=form.cleaned_data["matched_on"],
            request=request,
        ),
    )


def adoption_adopters(request: HttpRequest, case_id: int, adoption_id: int) -> HttpResponse:
    case, plan = _adoption(request, case_id, adoption_id)
    form = care_forms.AdoptersForm(_data(request), initial={"version": plan.version})
    return _form_page(
        request,
        case,
        form,
        heading=f"Who is adopting {plan.child.full_name}",
        button="Save",
        saved="Adopters recorded",
        child=plan.child,
        save=lambda: care_records.adoption_adopters_record(
            acting_user=_user(request),
            plan=plan,
            expected_version=form.cleaned_data["version"],
            by_foster_carers=form.cleaned_data["by_foster_carers"] == "yes",
            adopter_sexes=form.cleaned_data["adopter_sexes"],
            adopter_legal_status=form.cleaned_data["adopter_legal_status"],
            request=request,
        ),
    )


def adoption_reverse(request: HttpRequest, case_id: int, adoption_id: int) -> HttpResponse:
    case, plan = _adoption(request, case_id, adoption_id)
    form = care_forms.AdoptionReverseForm(_data(request), initial={"version": plan.version})
    return _form_page(
        request,
        case,
        form,
        heading=f"{plan.child.full_name} should no longer be placed for adoption",
        button="Save the decision",
        saved="Decision recorded",
        child=plan.child,
        save=lambda: care_records.adoption_decision_reverse(
            acting_user=_user(request),
            plan=plan,
            expected_version=form.cleaned_data["version"],
            ceased_on=form.cleaned_data["ceased_on"],
            reason=form.cleaned_data["reason"],
            request=request,
        ),
    )


def previous_permanence(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = _period(request, case_id, period_id)
    form = care_forms.PreviousPermanenceForm(_data(request))
    return _form_page(
        request,
        case,
        form,
        heading=f"Previous permanence for {period.child.full_name}",
        button="Save",
        saved="Previous permanence recorded",
        child=period.child,
        save=lambda: care_records.previous_permanence_record(
            acting_user=_user(request), period=period, request=request, **form.cleaned_data
        ),
    )


def outcome_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_to_add_to(request, case_id)
    form = care_forms.CareOutcomeForm(_data(request), children=_children(case))
    return _form_page(
        request,
        case,
        form,
        heading="Outcomes for a child in care 12 months",
        intro="For a child in care continuously for 12 months on 31 March.",
        button="Save the outcomes",
        saved="Outcomes recorded",
        save=lambda: care_records.care_outcome_record(
            acting_user=_user(request),
            case=case,
            child=form.cleaned_data["child"],
            year=form.cleaned_data["year"],
            sdq_score=form.cleaned_data["sdq_score"],
            sdq_reason=form.cleaned_data["sdq_reason"],
            answers=form.answers(),
            request=request,
        ),
    )


def leaver_outcome_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_to_add_to(request, case_id)
    form = care_forms.CareLeaverOutcomeForm(_data(request), children=_children(case))
    return _form_page(
        request,
        case,
        form,
        heading="A care leaver's outcomes",
        intro="Recorded around the young person's 17th to 21st birthdays.",
        button="Save the outcomes",
        saved="Outcomes recorded",
        save=lambda: care_records.care_leaver_outcome_record(
            acting_user=_user(request),
            case=case,
            request=request,
            recorded_on=timezone.localdate(),
            **form.cleaned_data,
        ),
    )
