"""Writing a survey's questions: each one is read by the plain-language coach (its reading age, and any jargon it
uses) as it is written, and publishing makes a new version; the versions already answered never change."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from casemap.access.guard import REFUSED_MESSAGE
from casemap.accounts.models import Role, User
from casemap.core.plain_language.checks import jargon_hints
from casemap.core.plain_language.readability import readability
from casemap.feedback.models import Agreement, Audience, Question, QuestionKind, Survey, SurveyVersion, Theme

AUTHORS = {Role.PRACTICE_LEAD, Role.ADMINISTRATOR}
MOST_QUESTIONS = 10
MOST_QUESTIONS_FOR_A_CHILD = 6
QUESTION_LENGTH = 200


@dataclass(frozen=True)
class QuestionDraft:
    text: str
    kind: str
    theme: str
    hint: str = ""
    alert_on_no: bool = False


@dataclass(frozen=True)
class Coached:
    """What the coach says of one question's words."""

    reading_age: int
    hints: list[str] = field(default_factory=list)


def coach(text: str) -> Coached:
    return Coached(readability(text).reading_age, [hint.message for hint in jargon_hints(text)])


def survey_publish_version(
    *, acting_user: User, survey: Survey, introduction: str, questions: list[QuestionDraft]
) -> SurveyVersion:
    if acting_user.role not in AUTHORS:
        raise PermissionDenied(REFUSED_MESSAGE)
    asked = [question for question in questions if question.text.strip()]
    limit = MOST_QUESTIONS_FOR_A_CHILD if survey.audience == Audience.CHILD else MOST_QUESTIONS
    if not asked:
        raise ValidationError("Write at least one question")
    if len(asked) > limit:
        raise ValidationError(f"A survey for {survey.get_audience_display().lower()} has at most {limit} questions")
    if not introduction.strip():
        raise ValidationError({"introduction": "Write a sentence to open the survey"})
    for number, question in enumerate(asked, start=1):
        if len(question.text.strip()) > QUESTION_LENGTH:
            raise ValidationError(f"Question {number}: keep it to {QUESTION_LENGTH} characters")
        if question.kind not in QuestionKind.values or question.theme not in Theme.values:
            raise ValidationError(f"Question {number}: choose what kind of answer it takes and its theme")
        if question.alert_on_no and question.kind != QuestionKind.AGREE:
            raise ValidationError(f"Question {number}: only a yes, partly or no question can start a safety task")
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        previous = survey.versions.filter(published_at__isnull=False).order_by("-number").first()
        carried = {q.text: q.translations for q in previous.questions.all()} if previous else {}
        number = (survey.versions.aggregate(most=Max("number"))["most"] or 0) + 1
        version = SurveyVersion.objects.create(
            survey=survey, number=number, introduction=introduction.strip(), published_at=timezone.now(),
            created_by=acting_user,
            introduction_translations=(
                previous.introduction_translations
                if previous and previous.introduction == introduction.strip() else {}
            ),
        )  # fmt: skip
        for position, question in enumerate(asked, start=1):
            text = question.text.strip()
            Question.objects.create(
                version=version, position=position, kind=question.kind, text=text, hint=question.hint.strip(),
                theme=question.theme, alert_answers=[Agreement.NO.value] if question.alert_on_no else [],
                reading_age=coach(text).reading_age, translations=carried.get(text, {}),
            )  # fmt: skip
        return version
