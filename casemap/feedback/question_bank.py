"""The surveys every authority starts with: the Signs of Safety questions, worded for each kind of respondent.

The first three questions test what the approach promises a family: that they knew what people were worried
about, what was going well, and what needed to happen. Each question belongs to one of the themes councils
report feedback by. An authority changes them by publishing a new version; these are only the first.

Each question and introduction carries its Welsh words. The children's questions speak to the child as "ti";
the rest as "chi", as Welsh public services do.
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
    # As Question.translations: {"cy": {"text": …, "hint": …, "answers": {"yes": …}}}.
    translations: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class BankSurvey:
    name: str
    audience: str
    privacy: str
    introduction: str
    questions: list[BankQuestion]
    introduction_translations: dict[str, str] = field(default_factory=dict)


def cy(text: str, hint: str = "", answers: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    """A question's Welsh words. `answers` words a question's own yes, partly and no: Welsh answers with the
    question's verb ("Ydw" to "Wyt ti…?"), where the faces' "Do" and "Naddo" answer "Wnaethon ni…?"."""
    words: dict[str, Any] = {"text": text}
    if hint:
        words["hint"] = hint
    if answers:
        words["answers"] = answers
    return {"cy": words}


def reading_age(text: str) -> int:
    return readability(text).reading_age


AGREE, SCALE, TEXT = QuestionKind.AGREE, QuestionKind.SCALE, QuestionKind.TEXT

CHILD = BankSurvey(
    name="What children think of our help",
    audience=Audience.CHILD,
    privacy=PrivacyMode.NAMED,
    introduction="We want to know what you think. There are no right or wrong answers.",
    introduction_translations={
        "cy": "Rydyn ni eisiau gwybod beth rwyt ti'n ei feddwl. Does dim atebion cywir nac anghywir."
    },
    questions=[
        BankQuestion(
            AGREE,
            "Did you know what the grown-ups were worried about?",
            Theme.NEEDS,
            translations=cy(
                "Oeddet ti'n gwybod beth oedd yn poeni'r oedolion?",
                answers={"yes": "Oeddwn", "no": "Nac oeddwn"},
            ),
        ),
        BankQuestion(
            AGREE,
            "Did we notice the good things in your family?",
            Theme.NEEDS,
            translations=cy("Wnaethon ni sylwi ar y pethau da yn dy deulu di?"),
        ),
        BankQuestion(
            AGREE, "Did we listen to you?", Theme.LISTENING_CHILDREN, translations=cy("Wnaethon ni wrando arnat ti?")
        ),
        BankQuestion(
            AGREE,
            "Do you feel safe at home now?",
            Theme.SAFETY,
            alert_answers=["no"],
            translations=cy("Wyt ti'n teimlo'n ddiogel gartref nawr?", answers={"yes": "Ydw", "no": "Nac ydw"}),
        ),
        BankQuestion(AGREE, "Did we help?", Theme.IMPROVEMENTS, translations=cy("Wnaethon ni helpu?")),
        BankQuestion(
            TEXT,
            "Is there anything else you want to tell us?",
            Theme.IMPROVEMENTS,
            translations=cy("Oes unrhyw beth arall rwyt ti eisiau ei ddweud wrthon ni?"),
        ),
    ],
)


def _family_questions(listened_theme: str) -> list[BankQuestion]:
    return [
        BankQuestion(
            AGREE,
            "I knew what people were worried about",
            Theme.NEEDS,
            translations=cy("Roeddwn i'n gwybod beth oedd yn poeni pobl"),
        ),
        BankQuestion(
            AGREE,
            "People noticed what was going well",
            Theme.NEEDS,
            translations=cy("Sylwodd pobl ar beth oedd yn mynd yn dda"),
        ),
        BankQuestion(
            AGREE,
            "I knew what needed to happen for the worries to end",
            Theme.NEEDS,
            translations=cy("Roeddwn i'n gwybod beth oedd angen digwydd i'r pryderon ddod i ben"),
        ),
        BankQuestion(
            AGREE, "My views were listened to", listened_theme, translations=cy("Roedd pobl yn gwrando ar fy marn")
        ),
        BankQuestion(
            AGREE, "I was treated with respect", Theme.STAFF_BEHAVIOUR, translations=cy("Ces i fy nhrin â pharch")
        ),
        BankQuestion(
            AGREE,
            "I knew what was going to happen next",
            Theme.CONTACT,
            translations=cy("Roeddwn i'n gwybod beth fyddai'n digwydd nesaf"),
        ),
        BankQuestion(
            SCALE,
            "How helpful was our work?",
            Theme.IMPROVEMENTS,
            hint="0 is not helpful at all, 10 is very helpful",
            translations=cy(
                "Pa mor ddefnyddiol oedd ein gwaith?",
                hint="Mae 0 yn golygu dim help o gwbl, mae 10 yn golygu help mawr",
            ),
        ),
        BankQuestion(
            TEXT,
            "Is there anything you want to tell us about our work with you?",
            Theme.IMPROVEMENTS,
            translations=cy("Oes unrhyw beth rydych chi eisiau ei ddweud wrthym am ein gwaith gyda chi?"),
        ),
    ]


YOUNG_PERSON = BankSurvey(
    name="What young people think of our help",
    audience=Audience.YOUNG_PERSON,
    privacy=PrivacyMode.CONFIDENTIAL,
    introduction="Tell us how our work with you went. It helps us do better for other young people.",
    introduction_translations={
        "cy": "Dywedwch wrthym sut aeth ein gwaith gyda chi. Mae'n ein helpu i wneud yn well i bobl ifanc eraill."
    },
    questions=[
        *_family_questions(Theme.LISTENING_CHILDREN)[:6],
        BankQuestion(
            AGREE,
            "I feel safe where I live now",
            Theme.SAFETY,
            alert_answers=["no"],
            translations=cy("Rwy'n teimlo'n ddiogel lle rwy'n byw nawr"),
        ),
        *_family_questions(Theme.LISTENING_CHILDREN)[6:],
    ],
)

PARENT = BankSurvey(
    name="What parents think of our help",
    audience=Audience.PARENT,
    privacy=PrivacyMode.ANONYMOUS,
    introduction="Tell us how our work with your family went. We use what parents say to change how we work.",
    introduction_translations={
        "cy": "Dywedwch wrthym sut aeth ein gwaith gyda'ch teulu. Rydyn ni'n defnyddio'r hyn mae rhieni'n ei ddweud "
        "i newid sut rydyn ni'n gweithio."
    },
    questions=_family_questions(Theme.LISTENING_PARENTS),
)

CARER = BankSurvey(
    name="What carers think of our help",
    audience=Audience.CARER,
    privacy=PrivacyMode.ANONYMOUS,
    introduction="Tell us how our work with you and the child you care for went.",
    introduction_translations={
        "cy": "Dywedwch wrthym sut aeth ein gwaith gyda chi a'r plentyn rydych chi'n gofalu amdano."
    },
    questions=_family_questions(Theme.LISTENING_PARENTS),
)

PARTNER = BankSurvey(
    name="What partner agencies think of our work",
    audience=Audience.PARTNER,
    privacy=PrivacyMode.CONFIDENTIAL,
    introduction="Tell us how working with us on this family went for your agency.",
    introduction_translations={"cy": "Dywedwch wrthym sut aeth gweithio gyda ni ar y teulu hwn i'ch asiantaeth."},
    questions=[
        BankQuestion(
            AGREE,
            "I knew what we were worried about for the children",
            Theme.NEEDS,
            translations=cy("Roeddwn i'n gwybod beth oedd yn ein poeni ni am y plant"),
        ),
        BankQuestion(
            AGREE,
            "I knew what was going well in the family",
            Theme.NEEDS,
            translations=cy("Roeddwn i'n gwybod beth oedd yn mynd yn dda yn y teulu"),
        ),
        BankQuestion(
            AGREE,
            "I knew what my agency was expected to do",
            Theme.SERVICES,
            translations=cy("Roeddwn i'n gwybod beth oedd disgwyl i fy asiantaeth ei wneud"),
        ),
        BankQuestion(
            AGREE,
            "My agency's views were listened to",
            Theme.CONTACT,
            translations=cy("Roedd pobl yn gwrando ar farn fy asiantaeth"),
        ),
        BankQuestion(
            AGREE,
            "I was told what was going to happen next",
            Theme.CONTACT,
            translations=cy("Ces i wybod beth fyddai'n digwydd nesaf"),
        ),
        BankQuestion(
            SCALE,
            "How well did we work together?",
            Theme.IMPROVEMENTS,
            hint="0 is not well, 10 is very well",
            translations=cy(
                "Pa mor dda wnaethon ni gydweithio?", hint="Mae 0 yn golygu ddim yn dda, mae 10 yn golygu da iawn"
            ),
        ),
        BankQuestion(
            TEXT,
            "What would have made it better?",
            Theme.IMPROVEMENTS,
            translations=cy("Beth fyddai wedi gwneud pethau'n well?"),
        ),
    ],
)

# "Signs of Safety" is the approach's name, kept in English as Welsh authorities use it.
STAFF = BankSurvey(
    name="Staff survey: working the Signs of Safety way",
    audience=Audience.STAFF,
    privacy=PrivacyMode.ANONYMOUS,
    introduction="Tell us how using Signs of Safety is going for you. Nobody can see who answered.",
    introduction_translations={
        "cy": "Dywedwch wrthym sut mae defnyddio Signs of Safety yn mynd i chi. Does neb yn gallu gweld pwy atebodd."
    },
    questions=[
        BankQuestion(
            AGREE,
            "I understand how to use Signs of Safety with families",
            Theme.IMPLEMENTATION,
            translations=cy("Rwy'n deall sut i ddefnyddio Signs of Safety gyda theuluoedd"),
        ),
        BankQuestion(
            AGREE,
            "I have had the training I need",
            Theme.IMPLEMENTATION,
            translations=cy("Rwyf wedi cael yr hyfforddiant sydd ei angen arnaf"),
        ),
        BankQuestion(
            AGREE,
            "My supervision helps me use the approach",
            Theme.IMPLEMENTATION,
            translations=cy("Mae fy ngoruchwyliaeth yn fy helpu i ddefnyddio'r dull"),
        ),
        BankQuestion(
            AGREE,
            "Casemap helps me record my work the Signs of Safety way",
            Theme.IMPLEMENTATION,
            translations=cy("Mae Casemap yn fy helpu i gofnodi fy ngwaith yn null Signs of Safety"),
        ),
        BankQuestion(
            SCALE,
            "How confident are you using Signs of Safety?",
            Theme.IMPLEMENTATION,
            hint="0 is not confident at all, 10 is fully confident",
            translations=cy(
                "Pa mor hyderus ydych chi wrth ddefnyddio Signs of Safety?",
                hint="Mae 0 yn golygu ddim yn hyderus o gwbl, mae 10 yn golygu hollol hyderus",
            ),
        ),
        BankQuestion(
            TEXT,
            "What would help you most?",
            Theme.IMPLEMENTATION,
            translations=cy("Beth fyddai'n eich helpu chi fwyaf?"),
        ),
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
    install_default_translations(version_model, question_model)


def install_default_translations(version_model: Any, question_model: Any) -> None:
    """Gives each default survey's first version the bank's translations, in each language it has none of yet.
    Questions are matched by their text, so words an authority has changed are left alone."""
    if not any(f.name == "translations" for f in question_model._meta.get_fields()):
        return  # the migration that first installs the surveys runs before translations were kept
    for bank in DEFAULT_SURVEYS:
        version = version_model.objects.filter(survey__name=bank.name, number=1).first()
        if version is None:
            continue
        introductions = {
            k: v for k, v in bank.introduction_translations.items() if k not in version.introduction_translations
        }
        if introductions:
            version.introduction_translations = {**version.introduction_translations, **introductions}
            version.save(update_fields=["introduction_translations"])
        by_text = {question.text: question for question in bank.questions}
        for question in question_model.objects.filter(version=version):
            bank_question = by_text.get(question.text)
            if bank_question is None:
                continue
            missing = {k: v for k, v in bank_question.translations.items() if k not in question.translations}
            if missing:
                question.translations = {**question.translations, **missing}
                question.save(update_fields=["translations"])


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
