"""The people an event says should be asked for feedback: give or post the card, or say why not."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from casemap.access.policy import READ_ONLY_ROLES, visible_case
from casemap.accounts.models import User
from casemap.core.forms import show_refusal
from casemap.feedback.due import due_ask, due_not_asked
from casemap.feedback.forms_due import DueAskForm, DueNotAskedForm
from casemap.feedback.models import DueOutcome, InvitationDue
from casemap.feedback.views.staff import qr_data_uri


def _due(request: HttpRequest, due_id: int) -> tuple[User, InvitationDue]:
    user: User = request.user  # type: ignore[assignment]
    due = (
        InvitationDue.objects.filter(visible_case(user, "case"), outcome=DueOutcome.WAITING)
        .select_related("person", "case", "rule__survey")
        .filter(pk=due_id)
        .first()
    )
    if due is None or user.role in READ_ONLY_ROLES:
        raise Http404("Nobody waiting to be asked")
    return user, due


def _page(request: HttpRequest, due: InvitationDue, ask_form: DueAskForm, not_form: DueNotAskedForm) -> HttpResponse:
    context = {"due": due, "ask_form": ask_form, "not_form": not_form}
    return render(request, "feedback/due.html", context)


def due_detail(request: HttpRequest, due_id: int) -> HttpResponse:
    user, due = _due(request, due_id)
    if request.method != "POST":
        return _page(request, due, DueAskForm(), DueNotAskedForm())
    form = DueAskForm(request.POST)
    if form.is_valid():
        by_post = form.cleaned_data["how"] == "post"
        try:
            token = due_ask(acting_user=user, due=due, by_post=by_post, request=request)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            link = request.build_absolute_uri(reverse("feedback:link", args=[token]))
            context = {
                "case": due.case,
                "survey": due.rule.survey,
                "person": due.person,
                "link": link,
                "qr_data_uri": qr_data_uri(link),
                "authority_name": settings.AUTHORITY_NAME,
                "days": settings.FEEDBACK_LINK_DAYS,
                "letter": by_post,
            }
            return render(request, "feedback/card.html", context)
    return _page(request, due, form, DueNotAskedForm())


def due_not_asked_view(request: HttpRequest, due_id: int) -> HttpResponse:
    user, due = _due(request, due_id)
    if request.method != "POST":
        return _page(request, due, DueAskForm(), DueNotAskedForm())
    form = DueNotAskedForm(request.POST)
    if form.is_valid():
        try:
            due_not_asked(acting_user=user, due=due, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Noted: {due.person.first_name} was not asked, and why.")
            return HttpResponseRedirect(reverse("feedback:case", args=[due.case_id]))
    return _page(request, due, DueAskForm(), form)
