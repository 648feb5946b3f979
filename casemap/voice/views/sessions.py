"""Pages for the child's voice: a child's sessions, recording and changing one, and adding their words to a map.

Each view finds the child or record through the access policy (404 for anyone else), calls one service, and
on any refusal shows the form again as the worker filled it."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from casemap.access.policy import can_add_to_case, get_person_for_user
from casemap.cases.known_people import known_people
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, show_after_stale_save
from casemap.mapping.models import Map
from casemap.voice import services
from casemap.voice.forms import (
    ArchiveForm,
    ChooseToolForm,
    PullIntoMapForm,
    VoiceSessionForm,
    session_initial,
)
from casemap.voice.selectors import (
    active_tools,
    child_drawings,
    child_voice_records,
    draft_maps,
    get_voice_record_for_user,
    people_known_on,
    record_drawings,
    tools_last_used,
)
from casemap.voice.views.common import (
    case_choices,
    changeable_record,
    last_used_words,
    log_view,
    open_cases,
    record_url,
    request_user,
)


def child_voice(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request_user(request)
    child = get_person_for_user(user, person_id)
    records = child_voice_records(user=user, child=child)
    log_view(request, child, "voice_records", child.pk)
    return render(
        request,
        "voice/child_voice.html",
        {
            "person": child,
            "records": records,
            "drawings": child_drawings(user=user, child=child),
            "last_used": tools_last_used(user=user, children=[child])[child.pk],
            "can_record": bool(open_cases(user, child)),
        },
    )


@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, person_id: int) -> HttpResponse:
    """Step one chooses the tool (a GET form, so it works without JavaScript); step two records the parts."""
    user = request_user(request)
    child = get_person_for_user(user, person_id)
    cases = open_cases(user, child)
    if not cases:
        raise Http404("No record found")
    tools = active_tools()
    kept = request.POST if request.method == "POST" else restore_kept_draft(request)
    tool_key = (kept or request.GET).get("tool", "")
    tool = next((tool for tool in tools if tool.key == tool_key), None)
    if tool is None:
        choose = ChooseToolForm(
            request.GET if "tool" in request.GET else None, tools=tools, last_used=last_used_words(user, child)
        )
        if choose.is_bound:
            choose.is_valid()
        return render(request, "voice/choose_tool.html", {"person": child, "form": choose})
    form = VoiceSessionForm(
        kept,
        tool=tool,
        cases=case_choices(cases),
        people=people_known_on(cases=cases, user=user),
        initial={"used_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        case = next(case for case in cases if str(case.pk) == form.cleaned_data["case"])
        try:
            record = services.voice_record_create(
                acting_user=user,
                child=child,
                case=case,
                tool=tool,
                details=form.details(),
                entries=form.entries(),
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{tool.name} with {child.first_name} recorded")
            return HttpResponseRedirect(record_url(record))
    elif kept is not None and request.method == "GET":
        messages.info(request, "You were signed out while writing. What you typed is shown below: check it and save.")
        form.is_valid()
    return render(request, "voice/record_form.html", {"person": child, "tool": tool, "form": form, "record": None})


def record_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    user = request_user(request)
    record = get_voice_record_for_user(user, record_id)
    log_view(request, record.child, "voice_record", record.pk)
    can_change = can_add_to_case(user, record.case)
    return render(
        request,
        "voice/record_detail.html",
        {
            "record": record,
            "person": record.child,
            "entries": list(record.entries.all()),
            "drawings": record_drawings(user=user, record=record),
            "can_change": can_change,
            "can_pull": can_change and bool(draft_maps(record=record)),
        },
    )


@require_http_methods(["GET", "POST"])
def record_edit(request: HttpRequest, record_id: int) -> HttpResponse:
    user = request_user(request)
    record = changeable_record(request, record_id)
    kept = request.POST if request.method == "POST" else restore_kept_draft(request)
    people = known_people(case=record.case, user=user)
    if kept is None:
        form = VoiceSessionForm(initial=session_initial(record, people), tool=record.tool, people=people)
    else:
        form = VoiceSessionForm(kept, tool=record.tool, people=people)
        if request.method == "POST" and form.is_valid():
            try:
                services.voice_record_update(
                    acting_user=user,
                    record=record,
                    expected_version=form.cleaned_data["version"],
                    details=form.details(),
                    entries=form.entries(),
                    request=request,
                )
            except StaleEditError as error:
                show_after_stale_save(form, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Changes saved")
                return HttpResponseRedirect(record_url(record))
        elif request.method == "GET":
            form.is_valid()
    return render(
        request, "voice/record_form.html", {"person": record.child, "tool": record.tool, "form": form, "record": record}
    )


@require_http_methods(["GET", "POST"])
def record_archive(request: HttpRequest, record_id: int) -> HttpResponse:
    record = changeable_record(request, record_id)
    form = ArchiveForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.voice_record_archive(
                acting_user=request_user(request),
                record=record,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except StaleEditError as error:
            show_after_stale_save(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Record archived")
            return HttpResponseRedirect(reverse("voice:child", args=[record.child_id]))
    return render(request, "voice/record_archive.html", {"record": record, "person": record.child, "form": form})


@require_http_methods(["GET", "POST"])
def pull_into_map(request: HttpRequest, record_id: int) -> HttpResponse:
    record = changeable_record(request, record_id)
    maps = draft_maps(record=record)
    entries = list(record.entries.all())
    form = PullIntoMapForm(request.POST or None, entries=entries, maps=maps)
    context: dict[str, Any] = {"record": record, "person": record.child, "form": form, "maps": maps}
    if request.method == "POST" and form.is_valid():
        chosen_map: Map = next(m for m in maps if str(m.pk) == form.cleaned_data["map"])
        chosen = [entry for entry in entries if str(entry.pk) in form.cleaned_data["entries"]]
        try:
            services.voice_entries_pull_into_map(
                acting_user=request_user(request),
                record=record,
                entries=chosen,
                map_=chosen_map,
                expected_version=form.map_version(),
                category=form.cleaned_data["category"],
                request=request,
            )
        except StaleEditError as error:
            show_after_stale_save(form, error, field=f"version_{chosen_map.pk}")
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{record.child.first_name}'s words added to map {chosen_map.number}")
            return HttpResponseRedirect(
                reverse("mapping:map", args=[chosen_map.pk]) + f"#{form.cleaned_data['category']}"
            )
    return render(request, "voice/pull_into_map.html", context)
