"""Feedback results for staff: by service, team and quarter, a chart with a table of the same figures, every
count suppressed where it is small. Nothing here names a family or a respondent."""

import datetime

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from casemap.accounts.models import Role, Service, Team, User
from casemap.core.forms import GovukForm
from casemap.feedback.models import Answer, QuestionKind, Survey, TextCheck
from casemap.feedback.reports import (
    QUARTERS_SHOWN,
    Filters,
    feedback_results,
    previous_quarter,
    quarter_label,
    quarter_start,
)
from casemap.feedback.services import answer_text_check


class ResultsFilterForm(GovukForm):
    survey = forms.ModelChoiceField(
        label="Survey", queryset=Survey.objects.order_by("audience", "name"), empty_label=None,
        error_messages={"invalid_choice": "Choose one of the surveys"},
    )  # fmt: skip
    service = forms.ChoiceField(label="Service", required=False, choices=[("", "All services"), *Service.choices])
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.order_by("name"), required=False, empty_label="All teams",
        error_messages={"invalid_choice": "Choose one of the teams"},
    )  # fmt: skip
    quarter = forms.ChoiceField(label="Quarter", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        quarters = [quarter_start(timezone.localdate())]
        while len(quarters) < 8:
            quarters.append(previous_quarter(quarters[-1]))
        self.fields["quarter"].choices = [  # type: ignore[attr-defined]
            ("", f"The last {QUARTERS_SHOWN} quarters"),
            *[(quarter.isoformat(), quarter_label(quarter)) for quarter in quarters],
        ]
        for name in ("survey", "team"):
            self.fields[name].choices = _choices_read_once(self.fields[name])  # type: ignore[attr-defined, arg-type]
        self._apply_govuk_attributes()


def _choices_read_once(field: forms.ModelChoiceField) -> list[tuple[object, object]]:
    """A model choice field's choices in one plain query: left to the field, each rendering of the select counts the
    rows and reads them again through a server-side cursor."""
    iterator = field.iterator(field)
    choices: list[tuple[object, object]] = [("", field.empty_label)] if field.empty_label is not None else []
    choices += [iterator.choice(choice) for choice in field.queryset]  # type: ignore[union-attr]
    return choices


def results(request: HttpRequest) -> HttpResponse:
    data = request.GET if request.GET else None
    first = None if data else Survey.objects.order_by("audience", "name").first()
    form = ResultsFilterForm(data, initial={"survey": first})
    found = None
    if form.is_bound and form.is_valid():
        cleaned = form.cleaned_data
        quarter = cleaned["quarter"]
        filters = Filters(
            survey=cleaned["survey"],
            service=cleaned["service"],
            team=cleaned["team"],
            quarter=quarter_start(datetime.date.fromisoformat(quarter)) if quarter else None,
        )
        found = feedback_results(filters, today=timezone.localdate())
    elif first is not None:
        found = feedback_results(Filters(survey=first), today=timezone.localdate())
    return render(request, "feedback/results.html", {"form": form, "results": found})


CHECKERS = {Role.PRACTICE_LEAD, Role.DATA_OFFICER}


class TextCheckForm(GovukForm):
    decision = forms.ChoiceField(
        label="May these words be shown in results?",
        choices=[
            (TextCheck.SHOWN.value, "Yes, nothing in them could identify anyone"),
            (TextCheck.WITHHELD.value, "No, keep them out of results"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the words may be shown"},
    )


def _checker(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if user.role not in CHECKERS:
        raise Http404("Practice leads and data officers check people's words")
    return user


def texts_to_check(request: HttpRequest) -> HttpResponse:
    _checker(request)
    waiting = (
        Answer.objects.filter(question__kind=QuestionKind.TEXT, text_check=TextCheck.UNCHECKED)
        .exclude(text="")
        .select_related("question__version__survey", "response__team")
        .order_by("response__month", "pk")[:50]
    )
    return render(request, "feedback/texts_to_check.html", {"answers": waiting, "form": TextCheckForm()})


def text_check(request: HttpRequest, answer_id: int) -> HttpResponse:
    user = _checker(request)
    answer = Answer.objects.filter(question__kind=QuestionKind.TEXT, pk=answer_id).first()
    if answer is None:
        raise Http404("No words found")
    form = TextCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answer_text_check(acting_user=user, answer=answer, decision=form.cleaned_data["decision"])
        messages.success(request, "Checked.")
        return HttpResponseRedirect(reverse("feedback:texts"))
    return render(request, "feedback/text_check.html", {"answer": answer, "form": form})
