"""Pages for the per-child statutory records: start and authorise an assessment, record a strategy discussion and
an enquiry's outcome, start and end a child in need plan. Child protection plans open and end only at a
conference (`casemap.meetings`)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from casemap.access.models import AccessAction
from casemap.access.policy import can_manage_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import Role, User
from casemap.cases.known_people import known_people
from casemap.cases.models import Assessment, Case, ChildInNeedPlan, ChildProtectionPlan, Section47Enquiry
from casemap.cases.recording import acting_user_of, case_to_add_to, children_of, record_on_case
from casemap.cases.services.statutory import (
    assessment_authorise,
    assessment_start,
    cin_plan_end,
    cin_plan_start,
    previous_plans,
    protection_plan_previous_elsewhere_set,
    section47_complete,
    strategy_discussion_record,
)
from casemap.cases.statutory_forms import (
    AssessmentAuthoriseForm,
    AssessmentStartForm,
    ChildInNeedPlanEndForm,
    ChildInNeedPlanStartForm,
    EnquiryCompleteForm,
    PlansElsewhereForm,
    StrategyDiscussionForm,
)
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, show_refusal
from casemap.people.models import Person


def _form_page(
    request: HttpRequest,
    case: Case,
    form: Form,
    *,
    heading: str,
    button: str,
    save: Callable[[], object],
    saved: str,
    intro: str = "",
    people: list[Person] | None = None,
) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, saved)
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]) + "#statutory")
    if people:
        access_log_append_each(
            user=acting_user_of(request),
            action=AccessAction.VIEW,
            record_type="statutory record",
            people=people,
            request=request,
        )
    context = {
        "form": form,
        "caption": case.family_name,
        "heading": heading,
        "intro": intro,
        "button": button,
        "back_url": reverse("cases:detail", args=[case.pk]) + "#statutory",
    }
    return render(request, "meetings/form_page.html", context)


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else restore_kept_draft(request)


def assessment_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_to_add_to(request, case_id)
    form = AssessmentStartForm(_data(request), children=children_of(case))
    return _form_page(
        request,
        case,
        form,
        heading="Start an assessment",
        intro="It is due to be authorised within 45 working days of its start.",
        button="Start the assessment",
        saved="Assessment started",
        save=lambda: assessment_start(
            acting_user=acting_user_of(request),
            case=case,
            child=form.cleaned_data["child"],
            started_on=form.cleaned_data["started_on"],
            request=request,
        ),
    )


def assessment_authorise_view(request: HttpRequest, case_id: int, assessment_id: int) -> HttpResponse:
    user = acting_user_of(request)
    case = case_to_add_to(request, case_id)
    if not can_manage_case(user, case):
        raise Http404("No case found")
    assessment: Assessment = record_on_case(Assessment, case, assessment_id)
    form = AssessmentAuthoriseForm(_data(request), initial={"version": assessment.version})
    return _form_page(
        request,
        case,
        form,
        heading=f"Authorise the assessment of {assessment.child.full_name}",
        intro=f"Started on {assessment.started_on:%-d %B %Y}.",
        button="Authorise",
        saved="Assessment authorised",
        people=[assessment.child],
        save=lambda: assessment_authorise(
            acting_user=user,
            assessment=assessment,
            expected_version=form.cleaned_data["version"],
            authorised_on=form.cleaned_data["authorised_on"],
            factors=form.cleaned_data["factors"],
            outcome=form.cleaned_data["outcome"],
            request=request,
        ),
    )


def strategy_discussion_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = acting_user_of(request)
    case = case_to_add_to(request, case_id)
    people = [p for p in known_people(case=case, user=user) if p.key == "you" or p.key.startswith("professional-")]
    form = StrategyDiscussionForm(_data(request), children=children_of(case), people=people)
    return _form_page(
        request,
        case,
        form,
        heading="Record a strategy discussion",
        intro="If a section 47 enquiry is decided, one starts for each child on the day of the discussion, and the "
        "initial conference is due 15 working days after it.",
        button="Save the discussion",
        saved="Strategy discussion saved",
        save=lambda: strategy_discussion_record(
            acting_user=user,
            case=case,
            children=list(form.cleaned_data["children"]),
            held_on=form.cleaned_data["held_on"],
            took_part=form.cleaned_data["took_part"],
            decision=form.cleaned_data["decision"],
            reasons=form.cleaned_data["reasons"],
            request=request,
        ),
    )


def _managers_of(case: Case) -> QuerySet[User]:
    team = case.team
    return User.objects.filter(is_active=True, role__in=[Role.TEAM_MANAGER, Role.SERVICE_MANAGER]).filter(
        Q(pk=team.manager_id) | Q(pk=team.service_manager_id)
    )


def enquiry_complete(request: HttpRequest, case_id: int, enquiry_id: int) -> HttpResponse:
    user = acting_user_of(request)
    case = case_to_add_to(request, case_id)
    enquiry: Section47Enquiry = record_on_case(Section47Enquiry, case, enquiry_id)
    form = EnquiryCompleteForm(_data(request), managers=_managers_of(case), initial={"version": enquiry.version})
    return _form_page(
        request,
        case,
        form,
        heading=f"Outcome of the section 47 enquiry for {enquiry.child.full_name}",
        intro=f"Started on {enquiry.started_on:%-d %B %Y} at the strategy discussion. An initial conference also "
        "records this outcome when it is held.",
        button="Save the outcome",
        saved="Outcome saved",
        people=[enquiry.child],
        save=lambda: section47_complete(
            acting_user=user,
            enquiry=enquiry,
            expected_version=form.cleaned_data["version"],
            completed_on=form.cleaned_data["completed_on"],
            outcome=form.cleaned_data["outcome"],
            not_required_reason=form.cleaned_data["not_required_reason"],
            agreed_by=form.cleaned_data["agreed_by"],
            request=request,
        ),
    )


def cin_plan_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_to_add_to(request, case_id)
    form = ChildInNeedPlanStartForm(_data(request), children=children_of(case))
    return _form_page(
        request,
        case,
        form,
        heading="Start a child in need plan",
        button="Start the plan",
        saved="Child in need plan started",
        save=lambda: cin_plan_start(
            acting_user=acting_user_of(request),
            case=case,
            child=form.cleaned_data["child"],
            started_on=form.cleaned_data["started_on"],
            request=request,
        ),
    )


def cin_plan_end_view(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    case = case_to_add_to(request, case_id)
    plan: ChildInNeedPlan = record_on_case(ChildInNeedPlan, case, plan_id)
    form = ChildInNeedPlanEndForm(_data(request), initial={"version": plan.version})
    return _form_page(
        request,
        case,
        form,
        heading=f"End the child in need plan for {plan.child.full_name}",
        button="End the plan",
        saved="Child in need plan ended",
        people=[plan.child],
        save=lambda: cin_plan_end(
            acting_user=acting_user_of(request),
            plan=plan,
            expected_version=form.cleaned_data["version"],
            ended_on=form.cleaned_data["ended_on"],
            request=request,
        ),
    )


def plans_elsewhere(request: HttpRequest, case_id: int, plan_id: int) -> HttpResponse:
    case = case_to_add_to(request, case_id)
    plan: ChildProtectionPlan = record_on_case(ChildProtectionPlan, case, plan_id)
    form = PlansElsewhereForm(_data(request), initial={"version": plan.version, "count": plan.previous_plans_elsewhere})
    here = previous_plans(plan.child, before=plan) - plan.previous_plans_elsewhere
    return _form_page(
        request,
        case,
        form,
        heading=f"Earlier child protection plans for {plan.child.full_name}",
        intro=f"Earlier plans recorded here: {here}.",
        button="Save",
        saved="Saved",
        people=[plan.child],
        save=lambda: protection_plan_previous_elsewhere_set(
            acting_user=acting_user_of(request),
            plan=plan,
            expected_version=form.cleaned_data["version"],
            count=form.cleaned_data["count"],
            request=request,
        ),
    )
