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
from django.views.decorators.http import require_GET, require_http_methods

from casemap.access.models import AccessAction
from casemap.access.policy import can_change_person, get_person_for_user, visible_cases
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import MemberRole
from casemap.core.drafts import restore_kept_draft
from casemap.core.files import stored_file_response
from casemap.core.forms import StaleEditError, stale_edit_message
from casemap.core.uploads import UploadRefused, upload_read
from casemap.mapping.models import Map
from casemap.people.models import Person
from casemap.voice import services
from casemap.voice.forms import (
    WHOLE_SESSION,
    ArchiveForm,
    ChooseToolForm,
    DrawingArchiveForm,
    DrawingForm,
    PullIntoMapForm,
    VoiceSessionForm,
    session_initial,
)
from casemap.voice.models import ChildVoiceRecord
from casemap.voice.selectors import (
    active_tools,
    child_drawings,
    child_voice_records,
    draft_maps,
    get_drawing_for_user,
    get_voice_record_for_user,
    record_drawings,
    tools_last_used,
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _log_view(request: HttpRequest, person: Person, record_type: str, record_id: object) -> None:
    access_log_append_each(
        user=_user(request),
        action=AccessAction.VIEW,
        record_type=record_type,
        record_id=record_id,
        people=[person],
        request=request,
    )


def _changeable_record(request: HttpRequest, record_id: int) -> ChildVoiceRecord:
    record = get_voice_record_for_user(_user(request), record_id)
    if not can_change_person(_user(request), record.child):
        raise Http404("No record found")
    return record


def _open_cases(user: User, child: Person) -> list[tuple[int, str]]:
    cases = (
        visible_cases(user)
        .filter(memberships__person=child, memberships__role=MemberRole.CHILD, closed_on__isnull=True)
        .order_by("-opened_on")
    )
    return [(case.pk, f"{case.family_name} ({case.reference})") for case in cases]


def _record_url(record: ChildVoiceRecord) -> str:
    return reverse("voice:record", args=[record.pk])


def _last_used_words(user: User, child: Person) -> dict[str, str]:
    return {
        use.tool_name: f"last used {use.used_on:%-d %B %Y}"
        for use in tools_last_used(user=user, children=[child])[child.pk]
    }


def child_voice(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    child = get_person_for_user(user, person_id)
    records = child_voice_records(user=user, child=child)
    _log_view(request, child, "voice_records", child.pk)
    return render(
        request,
        "voice/child_voice.html",
        {
            "person": child,
            "records": records,
            "drawings": child_drawings(user=user, child=child),
            "last_used": tools_last_used(user=user, children=[child])[child.pk],
            "can_record": can_change_person(user, child) and bool(_open_cases(user, child)),
        },
    )


@require_http_methods(["GET", "POST"])
def record_new(request: HttpRequest, person_id: int) -> HttpResponse:
    """Step one chooses the tool (a GET form, so it works without JavaScript); step two records the parts."""
    user = _user(request)
    child = get_person_for_user(user, person_id)
    cases = _open_cases(user, child)
    if not can_change_person(user, child) or not cases:
        raise Http404("No record found")
    tools = active_tools()
    kept = request.POST if request.method == "POST" else restore_kept_draft(request)
    tool_key = (kept or request.GET).get("tool", "")
    tool = next((tool for tool in tools if tool.key == tool_key), None)
    if tool is None:
        choose = ChooseToolForm(
            request.GET if "tool" in request.GET else None, tools=tools, last_used=_last_used_words(user, child)
        )
        if choose.is_bound:
            choose.is_valid()
        return render(request, "voice/choose_tool.html", {"person": child, "form": choose})
    form = VoiceSessionForm(kept, tool=tool, cases=cases, initial={"used_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        case = visible_cases(user).filter(pk=int(form.cleaned_data["case"])).first()
        if case is None:
            raise Http404("No case found")
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
            return HttpResponseRedirect(_record_url(record))
    elif kept is not None and request.method == "GET":
        messages.info(request, "You were signed out while writing. What you typed is shown below: check it and save.")
        form.is_valid()
    return render(request, "voice/record_form.html", {"person": child, "tool": tool, "form": form, "record": None})


def record_detail(request: HttpRequest, record_id: int) -> HttpResponse:
    user = _user(request)
    record = get_voice_record_for_user(user, record_id)
    _log_view(request, record.child, "voice_record", record.pk)
    can_change = can_change_person(user, record.child)
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
    user = _user(request)
    record = _changeable_record(request, record_id)
    kept = request.POST if request.method == "POST" else restore_kept_draft(request)
    if kept is None:
        form = VoiceSessionForm(initial=session_initial(record), tool=record.tool)
    else:
        form = VoiceSessionForm(kept, tool=record.tool)
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
                form.add_error(None, stale_edit_message(error))
                # Keep what was typed; the next save is checked against the record as it is now.
                form.data = form.data.copy()
                form.data["version"] = str(ChildVoiceRecord.objects.get(pk=record.pk).version)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "Changes saved")
                return HttpResponseRedirect(_record_url(record))
        elif request.method == "GET":
            form.is_valid()
    return render(
        request, "voice/record_form.html", {"person": record.child, "tool": record.tool, "form": form, "record": record}
    )


@require_http_methods(["GET", "POST"])
def record_archive(request: HttpRequest, record_id: int) -> HttpResponse:
    record = _changeable_record(request, record_id)
    form = ArchiveForm(request.POST or None, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.voice_record_archive(
                acting_user=_user(request),
                record=record,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except StaleEditError as error:
            form.add_error(None, stale_edit_message(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Record archived")
            return HttpResponseRedirect(reverse("voice:child", args=[record.child_id]))
    return render(request, "voice/record_archive.html", {"record": record, "person": record.child, "form": form})


@require_http_methods(["GET", "POST"])
def pull_into_map(request: HttpRequest, record_id: int) -> HttpResponse:
    record = _changeable_record(request, record_id)
    maps = draft_maps(record=record)
    entries = list(record.entries.all())
    form = PullIntoMapForm(request.POST or None, entries=entries, maps=maps)
    context: dict[str, Any] = {"record": record, "person": record.child, "form": form, "maps": maps}
    if request.method == "POST" and form.is_valid():
        chosen_map: Map = next(m for m in maps if str(m.pk) == form.cleaned_data["map"])
        chosen = [entry for entry in entries if str(entry.pk) in form.cleaned_data["entries"]]
        try:
            services.voice_entries_pull_into_map(
                acting_user=_user(request),
                record=record,
                entries=chosen,
                map_=chosen_map,
                expected_version=form.map_version(),
                category=form.cleaned_data["category"],
                request=request,
            )
        except StaleEditError as error:
            form.add_error(None, stale_edit_message(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{record.child.first_name}'s words added to map {chosen_map.number}")
            return HttpResponseRedirect(
                reverse("mapping:map", args=[chosen_map.pk]) + f"#{form.cleaned_data['category']}"
            )
    return render(request, "voice/pull_into_map.html", context)


def _drawings_url(record_id: int | None, part_key: str) -> str:
    return reverse("voice:record", args=[record_id]) + f"#drawings-{part_key or WHOLE_SESSION}"


@require_http_methods(["GET", "POST"])
def drawing_new(request: HttpRequest, record_id: int) -> HttpResponse:
    """Draw on the pad or upload a photo or scan. A refused file is explained against the file field, and
    everything else typed (and anything drawn on the pad) is shown again."""
    record = _changeable_record(request, record_id)
    part = request.GET.get("part", "")
    initial = {"drawn_on": record.used_on, "part_key": part if record.tool.part(part) else WHOLE_SESSION}
    form = DrawingForm(request.POST or None, request.FILES or None, record=record, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload:
                drawing = services.drawing_add_upload(
                    acting_user=_user(request),
                    record=record,
                    details=form.details(),
                    data=upload_read(upload),
                    original_name=upload.name or "",
                    request=request,
                )
            else:
                drawing = services.drawing_add_from_pad(
                    acting_user=_user(request),
                    record=record,
                    details=form.details(),
                    data_url=form.cleaned_data["drawing"],
                    request=request,
                )
        except UploadRefused as error:
            form.add_error("file", error)
            if not upload:  # the pad's picture could not be used: start the pad afresh
                kept = request.POST.copy()
                kept["drawing"] = ""
                form.data = kept
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{record.child.first_name}'s drawing added")
            return HttpResponseRedirect(_drawings_url(record.pk, drawing.part_key))
    return render(request, "voice/drawing_form.html", {"record": record, "person": record.child, "form": form})


@require_GET
def drawing_file(request: HttpRequest, drawing_id: int) -> HttpResponse:
    """The drawing's file, as an attachment, for people who may see the child (404 for anyone else)."""
    drawing = get_drawing_for_user(_user(request), drawing_id)
    access_log_append_each(
        user=_user(request),
        action=AccessAction.VIEW,
        record_type="child_drawing",
        record_id=drawing.pk,
        detail="file",
        people=[drawing.child],
        request=request,
    )
    name = f"Drawing by {drawing.child.first_name}, {drawing.drawn_on:%-d %B %Y}"
    return stored_file_response(drawing.stored_file, filename=name)


@require_http_methods(["GET", "POST"])
def drawing_archive(request: HttpRequest, drawing_id: int) -> HttpResponse:
    user = _user(request)
    drawing = get_drawing_for_user(user, drawing_id)
    if not can_change_person(user, drawing.child):
        raise Http404("No drawing found")
    form = DrawingArchiveForm(request.POST or None, initial={"version": drawing.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.drawing_archive(
                acting_user=user,
                drawing=drawing,
                expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except StaleEditError as error:
            form.add_error(None, stale_edit_message(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Drawing archived")
            if drawing.record_id is None:
                return HttpResponseRedirect(reverse("voice:child", args=[drawing.child_id]))
            return HttpResponseRedirect(_drawings_url(drawing.record_id, drawing.part_key))
    return render(request, "voice/drawing_archive.html", {"drawing": drawing, "person": drawing.child, "form": form})
