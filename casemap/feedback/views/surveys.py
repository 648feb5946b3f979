"""The surveys and their questions, for practice leads and administrators: each question with its reading age and
the coach's hints, and a page to write and publish a new version."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from casemap.accounts.models import User
from casemap.core.forms import GovukForm, show_refusal
from casemap.feedback.authoring import (
    AUTHORS,
    MOST_QUESTIONS,
    MOST_QUESTIONS_FOR_A_CHILD,
    QuestionDraft,
    coach,
    survey_publish_version,
)
from casemap.feedback.models import Audience, QuestionKind, Survey, SurveyVersion, Theme


def _author(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    if user.role not in AUTHORS:
        raise Http404("Practice leads and administrators write the surveys")
    return user


def _current(survey: Survey) -> SurveyVersion | None:
    return survey.versions.filter(published_at__isnull=False).order_by("-number").first()


def surveys(request: HttpRequest) -> HttpResponse:
    _author(request)
    shown = []
    for survey in Survey.objects.order_by("audience", "name"):
        version = _current(survey)
        questions = list(version.questions.all()) if version else []
        shown.append({"survey": survey, "version": version, "questions": [(q, coach(q.text)) for q in questions]})
    return render(request, "feedback/surveys.html", {"surveys": shown})


class VersionForm(GovukForm):
    introduction = forms.CharField(
        label="Opening words", help_text="Shown before the first question", max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": "Write a sentence to open the survey"},
    )  # fmt: skip

    def __init__(self, *args: Any, rows: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for number in range(1, rows + 1):
            self.fields[f"text_{number}"] = forms.CharField(
                label=f"Question {number}", required=False, max_length=200,
                help_text="Leave it empty to leave the question out" if number > 1 else "",
            )  # fmt: skip
            self.fields[f"kind_{number}"] = forms.ChoiceField(
                label=f"Question {number}: answered with", choices=QuestionKind.choices
            )
            self.fields[f"theme_{number}"] = forms.ChoiceField(label=f"Question {number}: theme", choices=Theme.choices)
            self.fields[f"hint_{number}"] = forms.CharField(
                label=f"Question {number}: hint (optional)", required=False, max_length=200
            )
            self.fields[f"alert_{number}"] = forms.BooleanField(
                label=f"Question {number}: an answer of “No” starts a safety task for the team", required=False
            )
        self._apply_govuk_attributes()

    def drafts(self) -> list[QuestionDraft]:
        data = self.cleaned_data
        return [
            QuestionDraft(
                text=data[f"text_{n}"],
                kind=data[f"kind_{n}"],
                theme=data[f"theme_{n}"],
                hint=data[f"hint_{n}"],
                alert_on_no=data[f"alert_{n}"],
            )
            for n in range(1, self.rows + 1)
        ]

    def question_rows(self) -> list[list[Any]]:
        return [
            [self[f"{part}_{n}"] for part in ("text", "kind", "theme", "hint", "alert")]
            for n in range(1, self.rows + 1)
        ]


def _initial(version: SurveyVersion | None) -> dict[str, Any]:
    if version is None:
        return {}
    initial: dict[str, Any] = {"introduction": version.introduction}
    for number, question in enumerate(version.questions.all(), start=1):
        initial.update({
            f"text_{number}": question.text, f"kind_{number}": question.kind, f"theme_{number}": question.theme,
            f"hint_{number}": question.hint, f"alert_{number}": bool(question.alert_answers),
        })  # fmt: skip
    return initial


def survey_new_version(request: HttpRequest, survey_id: int) -> HttpResponse:
    user = _author(request)
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None:
        raise Http404("No survey found")
    rows = MOST_QUESTIONS_FOR_A_CHILD if survey.audience == Audience.CHILD else MOST_QUESTIONS
    form = VersionForm(request.POST or None, initial=_initial(_current(survey)), rows=rows)
    coached: dict[int, Any] = {}
    if request.method == "POST" and form.is_valid():
        drafts = form.drafts()
        coached = {n: coach(draft.text) for n, draft in enumerate(drafts, start=1) if draft.text.strip()}
        if request.POST.get("action") == "publish":
            try:
                version = survey_publish_version(
                    acting_user=user, survey=survey, introduction=form.cleaned_data["introduction"], questions=drafts
                )
            except (ValidationError, PermissionDenied) as error:
                show_refusal(form, error)
            else:
                messages.success(request, f"Version {version.number} of “{survey.name}” is published.")
                return HttpResponseRedirect(reverse("feedback:surveys"))
    rows_shown = [(n, fields, coached.get(n)) for n, fields in enumerate(form.question_rows(), start=1)]
    return render(request, "feedback/survey_version.html", {"form": form, "survey": survey, "rows": rows_shown})
