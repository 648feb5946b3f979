"""Pages for what is recorded beside a child's episodes of care: unaccompanied status, the steps to adoption,
previous permanence and the yearly outcomes. They share the care pages' way of finding, authorising and answering
(`casemap.cases.care_views`)."""

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from casemap.cases import care_forms
from casemap.cases.care_models import AdoptionPlan, UnaccompaniedStatus
from casemap.cases.care_views import care_form_page, period_on_case, posted_or_kept
from casemap.cases.models import Case
from casemap.cases.recording import acting_user_of, case_to_add_to, children_of, record_on_case
from casemap.cases.services import care_adoption, care_outcomes, care_records


def unaccompanied_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_to_add_to(request, case_id)
    form = care_forms.UnaccompaniedForm(posted_or_kept(request), children=children_of(case))
    return care_form_page(
        request,
        case,
        form,
        heading="Record an unaccompanied asylum-seeking child",
        button="Save",
        saved="Unaccompanied asylum-seeking child recorded",
        save=lambda: care_records.unaccompanied_status_record(
            acting_user=acting_user_of(request), case=case, request=request, **form.cleaned_data
        ),
    )


def unaccompanied_cease(request: HttpRequest, case_id: int, status_id: int) -> HttpResponse:
    case = case_to_add_to(request, case_id)
    status: UnaccompaniedStatus = record_on_case(UnaccompaniedStatus, case, status_id)
    form = care_forms.UnaccompaniedCeaseForm(posted_or_kept(request), initial={"version": status.version})
    return care_form_page(
        request,
        case,
        form,
        heading=f"{status.child.full_name} is no longer an unaccompanied asylum-seeking child",
        button="Save",
        saved="Saved",
        child=status.child,
        save=lambda: care_records.unaccompanied_status_cease(
            acting_user=acting_user_of(request),
            status=status,
            expected_version=form.cleaned_data["version"],
            ceased_on=form.cleaned_data["ceased_on"],
            request=request,
        ),
    )


def adoption_new(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = period_on_case(request, case_id, period_id)
    form = care_forms.AdoptionDecisionForm(posted_or_kept(request))
    return care_form_page(
        request,
        case,
        form,
        heading=f"Decision that {period.child.full_name} should be placed for adoption",
        button="Save the decision",
        saved="Adoption decision recorded",
        child=period.child,
        save=lambda: care_adoption.adoption_decision_record(
            acting_user=acting_user_of(request), period=period, request=request, **form.cleaned_data
        ),
    )


def _adoption(request: HttpRequest, case_id: int, adoption_id: int) -> tuple[Case, AdoptionPlan]:
    case = case_to_add_to(request, case_id)
    return case, record_on_case(AdoptionPlan, case, adoption_id)


def adoption_match(request: HttpRequest, case_id: int, adoption_id: int) -> HttpResponse:
    case, plan = _adoption(request, case_id, adoption_id)
    form = care_forms.AdoptionMatchForm(posted_or_kept(request), initial={"version": plan.version})
    return care_form_page(
        request,
        case,
        form,
        heading=f"Match {plan.child.full_name} with prospective adopters",
        intro=f"Decision to place for adoption: {plan.decided_on:%-d %B %Y}.",
        button="Save the match",
        saved="Match recorded",
        child=plan.child,
        save=lambda: care_adoption.adoption_match_record(
            acting_user=acting_user_of(request),
            plan=plan,
            expected_version=form.cleaned_data["version"],
            matched_on=form.cleaned_data["matched_on"],
            request=request,
        ),
    )


def adoption_adopters(request: HttpRequest, case_id: int, adoption_id: int) -> HttpResponse:
    case, plan = _adoption(request, case_id, adoption_id)
    form = care_forms.AdoptersForm(posted_or_kept(request), initial={"version": plan.version})
    return care_form_page(
        request,
        case,
        form,
        heading=f"Who is adopting {plan.child.full_name}",
        button="Save",
        saved="Adopters recorded",
        child=plan.child,
        save=lambda: care_adoption.adoption_adopters_record(
            acting_user=acting_user_of(request),
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
    form = care_forms.AdoptionReverseForm(posted_or_kept(request), initial={"version": plan.version})
    return care_form_page(
        request,
        case,
        form,
        heading=f"{plan.child.full_name} should no longer be placed for adoption",
        button="Save the decision",
        saved="Decision recorded",
        child=plan.child,
        save=lambda: care_adoption.adoption_decision_reverse(
            acting_user=acting_user_of(request),
            plan=plan,
            expected_version=form.cleaned_data["version"],
            ceased_on=form.cleaned_data["ceased_on"],
            reason=form.cleaned_data["reason"],
            request=request,
        ),
    )


def previous_permanence(request: HttpRequest, case_id: int, period_id: int) -> HttpResponse:
    case, period = period_on_case(request, case_id, period_id)
    form = care_forms.PreviousPermanenceForm(posted_or_kept(request))
    return care_form_page(
        request,
        case,
        form,
        heading=f"Previous permanence for {period.child.full_name}",
        button="Save",
        saved="Previous permanence recorded",
        child=period.child,
        save=lambda: care_adoption.previous_permanence_record(
            acting_user=acting_user_of(request), period=period, request=request, **form.cleaned_data
        ),
    )


def outcome_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_to_add_to(request, case_id)
    form = care_forms.CareOutcomeForm(posted_or_kept(request), children=children_of(case))
    return care_form_page(
        request,
        case,
        form,
        heading="Outcomes for a child in care 12 months",
        intro="For a child in care continuously for 12 months on 31 March.",
        button="Save the outcomes",
        saved="Outcomes recorded",
        save=lambda: care_outcomes.care_outcome_record(
            acting_user=acting_user_of(request),
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
    case = case_to_add_to(request, case_id)
    form = care_forms.CareLeaverOutcomeForm(posted_or_kept(request), children=children_of(case))
    return care_form_page(
        request,
        case,
        form,
        heading="A care leaver's outcomes",
        intro="Recorded around the young person's 17th to 21st birthdays.",
        button="Save the outcomes",
        saved="Outcomes recorded",
        save=lambda: care_outcomes.care_leaver_outcome_record(
            acting_user=acting_user_of(request),
            case=case,
            request=request,
            recorded_on=timezone.localdate(),
            **form.cleaned_data,
        ),
    )
