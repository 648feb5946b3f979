"""Inspection samples: the practice lead finds each child the inspector named, then makes the sample from the
children's cases. Search terms travel in the POST body, never the URL."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from casemap.accounts.models import User
from casemap.core.forms import show_refusal
from casemap.people.models import Person
from casemap.quality.forms_sampling import ChildChoiceForm, InspectionSearchForm
from casemap.quality.models import InspectionChild, ProgrammeKind, SamplingProgramme
from casemap.quality.sampling_selectors import get_programme_to_run
from casemap.quality.sampling_services import (
    inspection_child_add,
    inspection_child_remove,
    inspection_child_search,
    inspection_sample_draw,
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _inspection_programme(request: HttpRequest, programme_id: int) -> SamplingProgramme:
    programme = get_programme_to_run(_user(request), programme_id)
    if programme.kind != ProgrammeKind.INSPECTION:
        raise Http404("Only an inspection sample has a list of children")
    return programme


def inspection_child_new(request: HttpRequest, programme_id: int) -> HttpResponse:
    """Search for a child by the inspector's details, then add the one found."""
    user = _user(request)
    programme = _inspection_programme(request, programme_id)
    back = reverse("quality:programme", args=[programme.pk])
    if request.method == "POST" and "child" in request.POST:
        chosen = ChildChoiceForm(request.POST)
        child = Person.objects.filter(pk=chosen.cleaned_data["child"]).first() if chosen.is_valid() else None
        if child is not None:
            try:
                inspection_child_add(acting_user=user, programme=programme, child=child, request=request)
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            else:
                messages.success(request, f"{child} is on the inspection sample's list.")
                return HttpResponseRedirect(back)
        else:
            messages.error(request, "Choose a child found by the search")
    form = InspectionSearchForm(request.POST if request.method == "POST" and "child" not in request.POST else None)
    results = None
    if form.is_bound and form.is_valid():
        try:
            results = inspection_child_search(
                acting_user=user,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                date_of_birth=form.cleaned_data["date_of_birth"],
                identifier=form.cleaned_data["identifier"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
    context = {"programme": programme, "form": form, "results": results, "back_url": back}
    return render(request, "quality/sampling/inspection_search.html", context)


@require_POST
def inspection_child_remove_view(request: HttpRequest, programme_id: int, child_id: int) -> HttpResponse:
    user = _user(request)
    programme = _inspection_programme(request, programme_id)
    named = InspectionChild.objects.filter(programme=programme, child_id=child_id).select_related("child").first()
    if named is None:
        raise Http404("That child is not on this list")
    child = named.child
    try:
        inspection_child_remove(acting_user=user, programme=programme, child=child, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The child is taken off the list.")
    return HttpResponseRedirect(reverse("quality:programme", args=[programme.pk]))


@require_POST
def inspection_draw_view(request: HttpRequest, programme_id: int) -> HttpResponse:
    user = _user(request)
    programme = _inspection_programme(request, programme_id)
    try:
        made = inspection_sample_draw(acting_user=user, programme=programme, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("quality:programme", args=[programme.pk]))
    if made.without_case:
        names = ", ".join(child.reference for child in made.without_case)
        messages.warning(request, f"No case was found for {names}: they stay on the list.")
    messages.success(request, f"The inspection sample holds {made.draw.cases.count()} cases.")
    return HttpResponseRedirect(reverse("quality:draw", args=[made.draw.pk]))
