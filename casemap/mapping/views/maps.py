"""Starting, viewing, signing off and re-mapping a map."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, get_case_for_user
from casemap.access.services import access_log_append_each
from casemap.handoffs.views import ask_for_sign_off, decide_sign_off
from casemap.mapping import services
from casemap.mapping.forms import (
    MapDetailsForm,
    ParticipantForm,
    RemapForm,
    StartMapForm,
)
from casemap.mapping.selectors import can_start_map, get_map_for_user
from casemap.mapping.views.map_page import (
    apply_change,
    children_choices,
    editable_map,
    map_not_found,
    map_url,
    people_known,
    person_on_case,
    posted_or_kept,
    render_map,
    request_user,
)


@require_http_methods(["GET", "POST"])
def map_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request_user(request)
    case = get_case_for_user(user, case_id)
    if not can_start_map(user, case):
        map_not_found()
    form = StartMapForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            map_ = services.map_start(acting_user=user, case=case, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return HttpResponseRedirect(map_url(map_))
    return render(request, "mapping/map_new.html", {"form": form, "case": case})


def map_detail(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request_user(request), map_id)
    # Read once, for the access log and then the page (`map_data` finds them read).
    prefetch_related_objects([map_], "children")
    access_log_append_each(
        user=request_user(request),
        action=AccessAction.VIEW,
        record_type="map",
        record_id=map_.pk,
        people=list(map_.children.all()),
        request=request,
    )
    return render_map(request, map_)


@require_http_methods(["GET", "POST"])
def map_details_save(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = editable_map(request, map_id)
    kept = posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(map_url(map_))
    form = MapDetailsForm(kept, children=children_choices(map_), prefix="details")
    return apply_change(
        request,
        map_,
        form,
        lambda data: services.map_update_details(
            acting_user=request_user(request),
            map_=map_,
            expected_version=data["version"],
            setting=data["setting"],
            held_on=data["held_on"],
            children=list(data["children"]),
            request=request,
        ),
        "details",
        "details_form",
    )


@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = editable_map(request, map_id)
    kept = posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(map_url(map_))
    form = ParticipantForm(kept, people=people_known(request, map_), prefix="participant")
    return apply_change(
        request,
        map_,
        form,
        lambda data: services.participant_add(
            acting_user=request_user(request),
            map_=map_,
            expected_version=data["version"],
            name=data["name"],
            role=data["role"],
            person=person_on_case(map_, form.chosen_person_id("name")),
            request=request,
        ),
        "participants",
        "participant_form",
    )


@require_http_methods(["GET", "POST"])
def ask_sign_off(request: HttpRequest, map_id: int) -> HttpResponse:
    """The worker asks the managers in the team's line to sign the draft off (casemap/handoffs)."""
    return ask_for_sign_off(request, get_map_for_user(request_user(request), map_id))


@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, map_id: int) -> HttpResponse:
    """The manager signs the map off, or returns it to the worker, with their reasons."""
    map_ = get_map_for_user(request_user(request), map_id)
    return decide_sign_off(
        request,
        map_,
        sign_off=lambda version, reasons, data: services.map_sign_off(
            acting_user=request_user(request),
            map_=map_,
            expected_version=version,
            reasons=reasons,
            request=request,
        ),
    )


@require_POST
def remap(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(request_user(request), map_id)
    if not can_add_to_case(request_user(request), map_.case):
        map_not_found()
    form = RemapForm(request.POST, prefix="remap")
    if form.is_valid():
        try:
            new = services.map_remap(
                acting_user=request_user(request),
                map_=map_,
                held_on=form.cleaned_data["held_on"],
                setting=form.cleaned_data["setting"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Re-mapping started from map {map_.number}")
            return HttpResponseRedirect(map_url(new))
    return render_map(request, map_, status=400, remap_form=form)
