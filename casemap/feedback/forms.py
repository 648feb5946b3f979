"""Forms for feedback: the survey's questions as the respondent sees them, and the staff forms around them."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from casemap.core.forms import GovukDateField, GovukForm
from casemap.feedback.models import Audience, Channel, Question, QuestionKind, Survey, SurveyVersion
from casemap.people.models import Person

# A child answers with three faces; the words under them are the same answers in a child's words. Welsh answers
# "yes" with the question's own verb, so each list has its own context and a question may word its own answers
# (its translation's "answers").
CHILD_AGREEMENT = [
    ("yes", pgettext_lazy("a child's answer", "Yes")),
    ("partly", pgettext_lazy("a child's answer", "A bit")),
    ("no", pgettext_lazy("a child's answer", "No")),
]
AGREEMENT = [
    ("yes", pgettext_lazy("an answer to a statement", "Yes")),
    ("partly", pgettext_lazy("an answer to a statement", "Partly")),
    ("no", pgettext_lazy("an answer to a statement", "No")),
]
TEXT_LIMIT = 2000
ANSWER_NEEDED = _("Answer this question")
CHOOSE_AN_ANSWER = _("Choose one of the answers")
SCALE_RANGE = _("Choose a number from 0 to 10")
TOO_LONG = _("Your answer must be %(limit)s characters or fewer. It has %(count)s.")
NOTHING_ANSWERED = _("Answer at least one question before you send your answers")


def question_field_name(question: Question) -> str:
    return f"question_{question.pk}"


def _in_language(translations: dict[str, Any]) -> Any:
    """The active language's entry of a translations mapping, trying "cy-gb" then "cy"; None when it has none."""
    language = translation.get_language() or ""
    return translations.get(language) or translations.get(language.split("-")[0])


def question_words(question: Question) -> dict[str, Any]:
    """The question's text, hint and answer words in the active language, each falling back to the English."""
    words = _in_language(question.translations or {}) or {}
    return {
        "text": words.get("text") or question.text,
        "hint": words.get("hint") or question.hint,
        "answers": words.get("answers") or {},
    }


def introduction_words(version: SurveyVersion) -> str:
    return _in_language(version.introduction_translations or {}) or version.introduction


class AnswerLengthValidator(MaxLengthValidator):
    """The length check in the respondent's language (the shared one words its message in English)."""

    def __call__(self, value: Any) -> None:
        if len(value) > self.limit_value:
            raise ValidationError(
                TOO_LONG, code="max_length", params={"limit": f"{self.limit_value:,}", "count": f"{len(value):,}"}
            )


def _question_field(question: Question, *, for_child: bool) -> forms.Field:
    words = question_words(question)
    required = {"required": ANSWER_NEEDED}
    if question.kind == QuestionKind.AGREE:
        choices = CHILD_AGREEMENT if for_child else AGREEMENT
        return forms.ChoiceField(
            label=words["text"],
            help_text=words["hint"],
            choices=[(value, words["answers"].get(value) or label) for value, label in choices],
            required=question.required,
            widget=forms.RadioSelect(attrs={"faces": for_child}),
            error_messages={**required, "invalid_choice": CHOOSE_AN_ANSWER},
        )
    if question.kind == QuestionKind.SCALE:
        return forms.ChoiceField(
            label=words["text"],
            help_text=words["hint"],
            choices=[(str(n), str(n)) for n in range(11)],
            required=question.required,
            widget=forms.RadioSelect(attrs={"inline": True}),
            error_messages={**required, "invalid_choice": SCALE_RANGE},
        )
    return forms.CharField(
        label=words["text"],
        help_text=words["hint"],
        required=question.required,
        validators=[AnswerLengthValidator(TEXT_LIMIT)],
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=required,
    )


class AnswersForm(GovukForm):
    """One field per question of the version, in its order."""

    def __init__(self, *args: Any, version: SurveyVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(version.questions.all())
        for_child = version.survey.audience == Audience.CHILD
        for question in self.questions:
            self.fields[question_field_name(question)] = _question_field(question, for_child=for_child)
        self._apply_govuk_attributes()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not any(self.answers().values()):
            raise forms.ValidationError(NOTHING_ANSWERED)
        return cleaned

    def answers(self) -> dict[int, str]:
        return {question.pk: self.cleaned_data.get(question_field_name(question)) or "" for question in self.questions}


class EnteredAnswersForm(AnswersForm):
    """The same questions, typed by a worker: how and when the answers were given come first."""

    def __init__(self, *args: Any, version: SurveyVersion, **kwargs: Any) -> None:
        super().__init__(*args, version=version, **kwargs)
        entered = {
            "channel": forms.ChoiceField(
                label="How were the answers given?",
                choices=[
                    (Channel.WITH_WORKER.value, "With me, on this device"),
                    (Channel.PAPER.value, "On a paper form"),
                ],
                widget=forms.RadioSelect,
                error_messages={"required": "Choose how the answers were given"},
            ),
            "given_on": GovukDateField(
                label="When were they given?",
                help_text=f"For example, {timezone.localdate():%-d %-m %Y}",
                error_messages={"required": "Enter the date the answers were given"},
            ),
        }
        self.fields = {**entered, **self.fields}
        self._apply_govuk_attributes()


class InviteForm(GovukForm):
    """Who to ask, chosen from the people on the family's record, and which survey."""

    survey: "forms.ModelChoiceField[Survey]" = forms.ModelChoiceField(
        label="Which survey?",
        queryset=Survey.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a survey", "invalid_choice": "Choose one of the surveys"},
    )
    person: "forms.ModelChoiceField[Person]" = forms.ModelChoiceField(
        label="Who is it for?",
        help_text="Leave this for a partner agency's survey",
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose someone on this family's record"},
    )

    def __init__(self, *args: Any, surveys: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survey"].queryset = surveys  # type: ignore[attr-defined]
        self.fields["survey"].label_from_instance = lambda survey: f"{survey.name} ({survey.get_privacy_display()})"  # type: ignore[attr-defined]
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].empty_label = "Nobody in the family (a partner agency)"  # type: ignore[attr-defined]
        self._apply_govuk_attributes()


class SafetyTaskDoneForm(GovukForm):
    what_was_done = forms.CharField(
        label="What was done?",
        help_text="For example, who saw the child and when",
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what was done"},
    )
