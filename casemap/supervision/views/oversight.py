"""Management oversight on the case: a decision on the children's record, and a manager's affirmation of or
comment on a practitioner's note, kept beside it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from casemap.access.policy import can_add_to_case, can_manage_case, get_case_for_user
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import show_refusal
from casemap.supervision.forms import NoteOversightForm, OversightDecisionForm
from casemap.supervision.models import NoteOversightKind
from casemap.supervision.services.oversight import note_oversight_add, oversight_decision_record


def _managed_case(request: HttpRequest, case_id: int) -> tuple[User, Case]:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, case_id)
    if not (can_manage_case(user, case) and can_add_to_case(user, case)):
        raise Http404("No case found")
    return user, case


def _page(request: HttpRequest, case: Case, form: object, heading: str, button: str) -> HttpResponse:
    context = {
        "form": form,
        "heading": heading,
        "caption": case.family_name,
        "button": button,
        "back_url": reverse("cases:detail", args=[case.pk]) + "#management-oversight",
    }
    return render(request, "supervision/form_page.html", context)


def oversight_decision_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _managed_case(request, case_id)
    data = request.POST if request.method == "POST" else restore_kept_draft(request)
    form = OversightDecisionForm(data, children=case_children(case))
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            oversight_decision_record(
                acting_user=user,
                case=case,
                children=list(cleaned["children"]),
                decided_on=cleaned["decided_on"],
                decision=cleaned["decision"],
                reasons=cleaned["reasons"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Oversight decision recorded on the children's record.")
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]) + "#management-oversight")
    return _page(request, case, form, "Record a management oversight decision", "Save the decision")


def note_oversight_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user, case = _managed_case(request, case_id)
    notes = case.notes.filter(archived_at__isnull=True).select_related("created_by").order_by("-occurred_on", "-pk")
    data = request.POST if request.method == "POST" else restore_kept_draft(request)
    form = NoteOversightForm(data, notes=notes)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            note_oversight_add(
                acting_user=user,
                case=case,
                note=cleaned["note"],
                kind=NoteOversightKind(cleaned["kind"]),
                text=cleaned["text"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Added beside the note. The practitioner's text is unchanged.")
            return HttpResponseRedirect(reverse("cases:detail", args=[case.pk]) + "#management-oversight")
    return _page(request, case, form, "Affirm or comment on a case note", "Add it beside the note")
