"""Pages for a child's drawings: adding one from the pad or a file, downloading it as an attachment, changing what
is said about it, archiving it.

Each view finds the record or drawing through the access policy (404 for anyone else) and logs the view."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case
from casemap.access.services import access_log_append_each
from casemap.core.files import stored_file_response
from casemap.core.forms import StaleEditError, show_after_stale_save
from casemap.core.uploads import UploadRefused, upload_read
from casemap.voice import services
from casemap.voice.forms import (
    WHOLE_SESSION,
    DrawingArchiveForm,
    DrawingChangeForm,
    DrawingForm,
    drawing_initial,
)
from casemap.voice.models import ChildDrawing
from casemap.voice.selectors import (
    get_drawing_for_user,
)
from casemap.voice.views.common import changeable_record, request_user


def _drawings_url(record_id: int | None, part_key: str) -> str:
    return reverse("voice:record", args=[record_id]) + f"#drawings-{part_key or WHOLE_SESSION}"


@require_http_methods(["GET", "POST"])
def drawing_new(request: HttpRequest, record_id: int) -> HttpResponse:
    """Draw on the pad or upload a photo or scan. A refused file is explained against the file field, and
    everything else typed (and anything drawn on the pad) is shown again."""
    record = changeable_record(request, record_id)
    part = request.GET.get("part", "")
    initial = {"drawn_on": record.used_on, "part_key": part if record.tool.part(part) else WHOLE_SESSION}
    form = DrawingForm(request.POST or None, request.FILES or None, record=record, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload:
                drawing = services.drawing_add_upload(
                    acting_user=request_user(request),
                    record=record,
                    details=form.details(),
                    data=upload_read(upload),
                    original_name=upload.name or "",
                    request=request,
                )
            else:
                drawing = services.drawing_add_from_pad(
                    acting_user=request_user(request),
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
    drawing = get_drawing_for_user(request_user(request), drawing_id)
    access_log_append_each(
        user=request_user(request),
        action=AccessAction.VIEW,
        record_type="child_drawing",
        record_id=drawing.pk,
        detail="file",
        people=[drawing.child],
        request=request,
    )
    name = f"Drawing by {drawing.child.first_name}, {drawing.drawn_on:%-d %B %Y}"
    return stored_file_response(drawing.stored_file, filename=name)


def _changeable_drawing(request: HttpRequest, drawing_id: int) -> ChildDrawing:
    """A visible drawing on a case the policy lets this user add to; otherwise 404."""
    drawing = get_drawing_for_user(request_user(request), drawing_id)
    if not can_add_to_case(request_user(request), drawing.case):
        raise Http404("No drawing found")
    return drawing


def _after(drawing: ChildDrawing) -> HttpResponseRedirect:
    if drawing.record_id is None:
        return HttpResponseRedirect(reverse("voice:child", args=[drawing.child_id]))
    return HttpResponseRedirect(_drawings_url(drawing.record_id, drawing.part_key))


@require_http_methods(["GET", "POST"])
def drawing_edit(request: HttpRequest, drawing_id: int) -> HttpResponse:
    """Change what the drawing shows, its description, its date or its part; the picture stays as it is."""
    drawing = _changeable_drawing(request, drawing_id)
    form = DrawingChangeForm(request.POST or None, record=drawing.record, initial=drawing_initial(drawing))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.drawing_change(
                acting_user=request_user(request),
                drawing=drawing,
                expected_version=form.cleaned_data["version"],
                details=form.details(),
                request=request,
            )
        except StaleEditError as error:
            show_after_stale_save(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Drawing changed")
            return _after(changed)
    return render(request, "voice/drawing_change.html", {"drawing": drawing, "person": drawing.child, "form": form})


@require_http_methods(["GET", "POST"])
def drawing_archive(request: HttpRequest, drawing_id: int) -> HttpResponse:
    user = request_user(request)
    drawing = _changeable_drawing(request, drawing_id)
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
            show_after_stale_save(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Drawing archived")
            return _after(drawing)
    return render(request, "voice/drawing_archive.html", {"drawing": drawing, "person": drawing.child, "form": form})
