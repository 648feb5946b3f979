"""What happened with a booklet: a parent's view of the wording, the day a child was given it, and a record of
how the explanation was given where no booklet is used."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casemap.access.policy import get_person_for_user
from casemap.cases.known_people import known_people
from casemap.core.forms import StaleEditError
from casemap.voice.selectors import child_cases_to_add_to, people_known_on
from casemap.words import services
from casemap.words.forms import NO_PARENT, AgreementForm, ExplanationForm, GivenForm
from casemap.words.services.records import case_adults
from casemap.words.views.common import changeable_booklet, request_user, show_refusal


@require_http_methods(["GET", "POST"])
def agreement_new(request: HttpRequest, booklet_id: int) -> HttpResponse:
    booklet = changeable_booklet(request, booklet_id)
    parents = case_adults(booklet.case)
    initial = {"version": booklet.version, "agreed_on": timezone.localdate()}
    form = AgreementForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = next(p for p in parents if str(p.pk) == data["parent"])
        try:
            services.agreement_record(
                acting_user=request_user(request),
                booklet=booklet,
                expected_version=data["version"],
                parent=parent,
                response=data["response"],
                their_words=data["their_words"],
                agreed_on=data["agreed_on"],
                request=request,
            )
        except (StaleEditError, ValidationError) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{parent.first_name}'s view recorded")
            return HttpResponseRedirect(reverse("words:booklet", args=[booklet.pk]) + "#agreements")
    return render(request, "words/agreement_form.html", {"booklet": booklet, "form": form})


@require_http_methods(["GET", "POST"])
def given_new(request: HttpRequest, booklet_id: int) -> HttpResponse:
    booklet = changeable_booklet(request, booklet_id)
    parents = case_adults(booklet.case)
    children = list(booklet.children.all())
    people = known_people(case=booklet.case, user=request_user(request))
    initial = {"version": booklet.version, "given_on": timezone.localdate(), "explained_by": people[0].name}
    form = GivenForm(request.POST or None, children=children, parents=parents, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child = next(c for c in children if str(c.pk) == data["child"])
        present = next(
            (p for p in parents if data["parent_present"] != NO_PARENT and str(p.pk) == data["parent_present"]), None
        )
        try:
            services.given_record(
                acting_user=request_user(request),
                booklet=booklet,
                expected_version=data["version"],
                child=child,
                details=services.GivenDetails(
                    given_on=data["given_on"],
                    explained_by=data["explained_by"],
                    child_kept_copy=data["child_kept_copy"] == "yes",
                    parent_present=present,
                    others_present=data["others_present"],
                    child_said=data["child_said"],
                ),
                request=request,
            )
        except (StaleEditError, ValidationError) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Recorded as given to {child.first_name}")
            return HttpResponseRedirect(reverse("words:booklet", args=[booklet.pk]) + "#given")
    return render(request, "words/given_form.html", {"booklet": booklet, "form": form})


@require_http_methods(["GET", "POST"])
def explanation_new(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request_user(request)
    child = get_person_for_user(user, person_id)
    cases = child_cases_to_add_to(user=user, child=child)
    if not child.is_child or not cases:
        raise Http404("No record found")
    choices = [(case.pk, f"{case.family_name} ({case.reference})") for case in cases]
    people = people_known_on(cases=cases, user=user)
    initial = {"explained_on": timezone.localdate(), "explained_by": people[0].name}
    form = ExplanationForm(request.POST or None, cases=choices, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = next(case for case in cases if str(case.pk) == data["case"])
        try:
            services.explanation_record_create(
                acting_user=user,
                child=child,
                case=case,
                explained_on=data["explained_on"],
                how=data["how"],
                explained_by=data["explained_by"],
                request=request,
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Explanation to {child.first_name} recorded")
            return HttpResponseRedirect(reverse("words:child", args=[child.pk]))
    return render(request, "words/explanation_form.html", {"person": child, "form": form})
