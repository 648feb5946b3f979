"""The 'You said, we did' log: every member of staff reads it; practice leads and managers record a change."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from casemap.accounts.models import Service, User
from casemap.core.forms import GovukDateField, GovukForm, show_refusal
from casemap.feedback.changes import RECORDERS, change_record, changes_made, not_a_plain_yes_by_theme
from casemap.feedback.models import Theme


class ChangeForm(GovukForm):
    theme = forms.ChoiceField(
        label="Which theme does it answer?", choices=[("", "Choose a theme"), *Theme.choices],
        error_messages={"required": "Choose the theme the change answers"},
    )  # fmt: skip
    service = forms.ChoiceField(label="Service", required=False, choices=[("", "Every service"), *Service.choices])
    you_said = forms.CharField(
        label="You said", help_text="What people told us, in a sentence, without naming anyone",
        widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, error_messages={"required": "Say what people said"},
    )  # fmt: skip
    we_did = forms.CharField(
        label="We did", widget=forms.Textarea(attrs={"rows": 3}), max_length=1000,
        error_messages={"required": "Say what was done"},
    )  # fmt: skip
    made_on = GovukDateField(label="When was the change made?", error_messages={"required": "Enter the date"})
    published = forms.BooleanField(label="Publish it for families and the board to read", required=False)


def changes(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    by_theme, total = not_a_plain_yes_by_theme(timezone.localdate())
    context = {
        "changes": changes_made(),
        "by_theme": by_theme,
        "total": total,
        "may_record": user.role in RECORDERS,
    }
    return render(request, "feedback/changes.html", context)


def change_new(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.role not in RECORDERS:
        raise Http404("Practice leads and managers record changes made")
    form = ChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_record(acting_user=user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "The change is in the log.")
            return HttpResponseRedirect(reverse("feedback:changes"))
    context = {
        "form": form,
        "heading": "Record a change made",
        "button": "Save the change",
        "back_url": reverse("feedback:changes"),
        "caption": "Feedback · You said, we did",
    }
    return render(request, "feedback/simple_form_page.html", context)
