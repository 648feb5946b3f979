"""The manager's list of what waits for them, and the two pages every signable record shares: asking for sign-off
and deciding it. The apps' views fetch the record for the user (404 if they may not see it) and hand it here."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, can_manage_case, managed_team_ids
from casemap.access.services import access_log_append, access_log_append_each
from casemap.accounts.models import User
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, show_refusal
from casemap.core.models import RecordedModel
from casemap.handoffs.forms import AskForSignOffForm, SignOffDecisionForm
from casemap.handoffs.models import SignOffOutcome
from casemap.handoffs.records import signable_for
from casemap.handoffs.selectors import record_sign_offs, waiting_for
from casemap.handoffs.services import sign_off_ask, sign_off_refusal, sign_off_return

# The app's own sign-off service, given the version the page showed, the reasons and the rest of the form's data.
SignOff = Callable[[int, str, dict[str, Any]], object]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def waiting_queue(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not managed_team_ids(user):
        raise Http404("No page found")
    items = waiting_for(user)
    access_log_append(
        user=user,
        action=AccessAction.VIEW,
        record_type="waiting_for_you",
        detail=f"{len(items)} waiting",
        request=request,
    )
    return render(request, "handoffs/queue.html", {"items": items})


def record_url(record: RecordedModel) -> str:
    return reverse(signable_for(record).page, args=[record.pk]) + "#sign-off"


def _log_view(request: HttpRequest, record: RecordedModel) -> None:
    signable = signable_for(record)
    access_log_append_each(
        user=_user(request),
        action=AccessAction.VIEW,
        record_type=signable.record_type,
        record_id=record.pk,
        people=signable.children(record) or [None],
        request=request,
    )


def _posted_or_kept(request: HttpRequest) -> Any:
    """The posted form, or, after an idle time-out, what the user had typed (casemap/core/drafts.py)."""
    return request.POST if request.method == "POST" else restore_kept_draft(request)


def ask_for_sign_off(request: HttpRequest, record: RecordedModel) -> HttpResponse:
    """The worker's ask, posted from the record's page; shown on a page of its own when it needs correcting."""
    user = _user(request)
    case = record.case  # type: ignore[attr-defined]
    if not can_add_to_case(user, case):
        raise Http404("No record found")
    signable = signable_for(record)
    kept = _posted_or_kept(request)
    form = AskForSignOffForm(kept, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        try:
            sign_off_ask(
                acting_user=user,
                record=record,
                expected_version=form.cleaned_data["version"],
                note=form.cleaned_data["note"],
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Sign-off asked for. The managers of {case.team} will see it in their list.")
            return HttpResponseRedirect(record_url(record))
    _log_view(request, record)
    context = {
        "record": record,
        "signable": signable,
        "label": signable.label(record),
        "form": form,
        "refusal": sign_off_refusal(record, asking=True),
        "back_url": record_url(record),
    }
    return render(request, "handoffs/ask.html", context, status=400 if request.method == "POST" else 200)


def decide_sign_off(
    request: HttpRequest,
    record: RecordedModel,
    *,
    sign_off: SignOff,
    form_class: type[SignOffDecisionForm] = SignOffDecisionForm,
    template: str = "handoffs/decide.html",
    context: Callable[[], dict[str, Any]] | None = None,
    can_sign_off: Callable[[], bool] = lambda: True,
) -> HttpResponse:
    """The manager's page: what the worker asked, the reasons box, and Sign off / Return to the worker.

    `sign_off` is the app's own sign-off service, which freezes what is its own; returning is the same for every
    record. `context` adds what the app's template shows, read after any refused save; `can_sign_off` False (a
    plan with problems) offers only the return."""
    user = _user(request)
    if not can_manage_case(user, record.case) or not can_add_to_case(user, record.case):  # type: ignore[attr-defined]
        raise Http404("No record found")
    signable = signable_for(record)
    kept = _posted_or_kept(request)
    form = form_class(kept, initial={"version": record.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["outcome"] == SignOffOutcome.SIGNED_OFF:
                if not can_sign_off():
                    raise ValidationError(f"This {signable.noun} cannot be signed off as it stands: return it")
                sign_off(data["version"], data["reasons"], data)
            else:
                sign_off_return(
                    acting_user=user,
                    record=record,
                    expected_version=data["version"],
                    reasons=data["reasons"],
                    request=request,
                )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            signed = data["outcome"] == SignOffOutcome.SIGNED_OFF
            label = signable.label(record)
            messages.success(request, f"{label} signed off" if signed else f"{label} returned to the worker")
            return HttpResponseRedirect(record_url(record))
        record.refresh_from_db()
    _log_view(request, record)
    page: dict[str, Any] = {
        "record": record,
        "signable": signable,
        "label": signable.label(record),
        "form": form,
        "sign_offs": record_sign_offs(record),
        "refusal": sign_off_refusal(record),
        "can_sign_off": can_sign_off(),
        "back_url": record_url(record),
        **(context() if context else {}),
    }
    return render(request, template, page, status=400 if request.method == "POST" else 200)
