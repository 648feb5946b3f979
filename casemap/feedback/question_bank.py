"""The surveys every authority starts with: the Signs of Safety questions, worded for each kind of respondent.

The first three questions test what the approach promises a family: that they knew what people were worried
about, what was going well, and what needed to happen. Each question belongs to one of the themes councils
report feedback by. An authority changes them by publishing a new version; these are only the first.
"""

from dataclasses import dataclass, field
from typing import Any

from casemap.core.plain_language.readability import readability
from casemap.feedback.models import Audience, PrivacyMode, QuestionKind, Theme


@dataclass(frozen=True)
class BankQuestion:
    kind: str
    text: str
    theme: str
    hint: str = ""
    alert_answers: list[str] = field(default_factory=list)
    required: bool = False


@dataclass(frozen=True)
class BankSurvey:
    name: str
    audience: str
    privacy: str
    introduction: str
    questions: list[BankQuestion]


def reading_age(text: str) -> int:
    return readability(text).reading_age


AGREE, SCALE, TEXT = QuestionKind.AGREE, QuestionKind.SCALE, QuestionKind.TEXT

CHILD = BankSurvey(
    name="What children think of our help",
    audience=Audience.CHILD,
    privacy=PrivacyMode.NAMED,
    introduction="We want to know what you think. There are no right or wrong answers.",
    questions=[
        BankQuestion(AGREE, "Did you know what the grown-ups were worried about?", Theme.NEEDS),
        BankQuestion(AGREE, "Did we notice the good things in your family?", Theme.NEEDS),
        BankQuestion(AGREE, "Did we listen to you?", Theme.LISTENING_CHILDREN),
        BankQuestion(AGREE, "Do you feel safe at home now?", Theme.SAFETY, alert_answers=["no"]),
        BankQuestion(AGREE, "Did we help?", Theme.IMPROVEMENTS),
        BankQuestion(TEXT, "Is there anything else you want to tell us?", Theme.IMPROVEMENTS),
    ],
)


def _family_questions(listened_theme: str) -> list[BankQuestion]:
    return [
        BankQuestion(AGREE, "I knew what people were worried about", Theme.NEEDS),
        BankQuestion(AGREE, "People noticed what was going well", Theme.NEEDS),
        BankQuestion(AGREE, "I knew what needed to happen for the worries to end", Theme.NEEDS),
        BankQuestion(AGREE, "My views were listened to", listened_theme),
        BankQuestion(AGREE, "I was treated with respect", Theme.STAFF_BEHAVIOUR),
        BankQuestion(AGREE, "I knew what was going to happen next", Theme.CONTACT),
        BankQuestion(
            SCALE, "How helpful was our work?", Theme.IMPROVEMENTS, hint="0 is not helpful at all, 10 is very helpful"
        ),
        BankQuestion(TEXT, "Is there anything you want to tell us about our work with you?", Theme.IMPROVEMENTS),
    ]


YOUNG_PERSON = BankSurvey(
    name="What young people think of our help",
    audience=Audience.YOUNG_PERSON,
    privacy=PrivacyMode.CONFIDENTIAL,
    introduction="Tell us how our work with you went. It helps us do better for other young people.",
    questions=[
        *_family_questions(Theme.LISTENING_CHILDREN)[:6],
        BankQuestion(AGREE, "I feel safe where I live now", Theme.SAFETY, alert_answers=["no"]),
        *_family_questions(Theme.LISTENING_CHILDREN)[6:],
    ],
)

PARENT = BankSurvey(
    name="What parents think of our help",
    audience=Audience.PARENT,
    privacy=PrivacyMode.ANONYMOUS,
    introduction="Tell us how our work with your family went. We use what parents say to change how we work.",
    questions=_family_questions(Theme.LISTENING_PARENTS),
)

CARER = BankSurvey(
    name="What carers think of our help",
    audience=Audience.CARER,
    privacy=PrivacyMode.ANONYMOUS,
    introduction="Tell us how our work with you and the child you care for went.",
    questions=_family_questions(Theme.LISTENING_PARENTS),
)

PARTNER = BankSurvey(
    name="What partner agencies think of our work",
    audience=Audience.PARTNER,
    privacy=PrivacyMode.CONFIDENTIAL,
    introduction="Tell us how working with us on this family went for your agency.",
    questions=[
        BankQuestion(AGREE, "I knew what we were worried about for the children", Theme.NEEDS),
        BankQuestion(AGREE, "I knew what was going well in the family", Theme.NEEDS),
        BankQuestion(AGREE, "I knew what my agency was expected to do", Theme.SERVICES),
        BankQuestion(AGREE, "My agency's views were listened to", Theme.CONTACT),
        BankQuestion(AGREE, "I was told what was going to happen next", Theme.CONTACT),
        BankQuestion(
            SCALE, "How well did we work together?", Theme.IMPROVEMENTS, hint="0 is not well, 10 is very well"
        ),
        BankQuestion(TEXT, "What would have made it better?", Theme.IMPROVEMENTS),
    ],
)

STAFF = BankSurvey(
    name="Staff survey: working the Signs of Safety way",
    audience=Audience.STAFF,
    privacy=PrivacyMode.ANONYMOUS,
    introduction="Tell us how using Signs of Safety is going for you. Nobody can see who answered.",
    questions=[
        BankQuestion(AGREE, "I understand how to use Signs of Safety with families", Theme.IMPLEMENTATION),
        BankQuestion(AGREE, "I have had the training I need", Theme.IMPLEMENTATION),
        BankQuestion(AGREE, "My supervision helps me use the approach", Theme.IMPLEMENTATION),
        BankQuestion(AGREE, "Casemap helps me record my work the Signs of Safety way", Theme.IMPLEMENTATION),
        BankQuestion(
            SCALE,
            "How confident are you using Signs of Safety?",
            Theme.IMPLEMENTATION,
            hint="0 is not confident at all, 10 is fully confident",
        ),
        BankQuestion(TEXT, "What would help you most?", Theme.IMPLEMENTATION),
    ],
)

DEFAULT_SURVEYS = [CHILD, YOUNG_PERSON, PARENT, CARER, PARTNER, STAFF]


def install_default_surveys(survey_model: Any, version_model: Any, question_model: Any) -> None:
    """Creates each default survey that is missing, with its first version published. Takes the models so a
    migration can pass its own."""
    from django.utils import timezone

    for bank in DEFAULT_SURVEYS:
        survey, created = survey_model.objects.get_or_create(
            name=bank.name, defaults={"audience": bank.audience, "privacy": bank.privacy}
        )
        if not created:
            continue
        version = version_model.objects.create(
            survey=survey, number=1, introduction=bank.introduction, published_at=timezone.now()
        )
        for position, question in enumerate(bank.questions, start=1):
            question_model.objects.create(
                version=version, position=position, kind=question.kind, text=question.text, hint=question.hint,
                theme=question.theme, alert_answers=question.alert_answers, required=question.required,
                reading_age=reading_age(question.text),
            )  # fmt: skip


# After which events each survey is offered: children and parents after a conference and at closure, children
# and young people after a review of their care. An authority changes these in the admin.
DEFAULT_RULES = [
    ("conference", CHILD.name),
    ("conference", PARENT.name),
    ("closure", CHILD.name),
    ("closure", YOUNG_PERSON.name),
    ("closure", PARENT.name),
    ("closure", CARER.name),
    ("care_review", CHILD.name),
    ("care_review", YOUNG_PERSON.name),
]


def install_default_rules(rule_model: Any, survey_model: Any) -> None:
    for event, survey_name in DEFAULT_RULES:
        survey = survey_model.objects.filter(name=survey_name).first()
        if survey is not None:
            rule_model.objects.get_or_create(event=event, survey=survey)
