"""The respondent's pages in Welsh: chosen on the page or asked for by the browser, kept for the visit, with the
questions' own Welsh words; answers saved as the same values whatever the language; staff pages stay in English;
and the message catalogue is complete and compiled."""

import ast
import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from casemap.conftest import World
from casemap.core.tests.rendered_forms import form_on_page, post_rendered
from casemap.feedback.models import Question, Response, Survey, SurveyVersion
from casemap.feedback.question_bank import DEFAULT_SURVEYS, install_default_translations
from casemap.feedback.tests.helpers import answer_as_rendered, link_for, open_link, survey_named

ANSWER = reverse("feedback:answer")
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES"
PUBLIC_TEMPLATES = [
    Path(settings.BASE_DIR) / "casemap" / "feedback" / "templates" / "feedback" / f"{name}.html"
    for name in ["public_base", "answer", "link_problem", "limited", "thank_you"]
]


@pytest.fixture
def child_survey(db: None) -> Survey:
    return survey_named("What children think")


@pytest.fixture
def parent_survey(db: None) -> Survey:
    return survey_named("What parents think")


def words_on(response) -> str:  # type: ignore[no-untyped-def]
    """The page as read: a template's own words are written as they are, words from data are escaped."""
    return html.unescape(response.content.decode())


def in_welsh(respondent: Client) -> str:
    page = respondent.get(f"{ANSWER}?lang=cy")
    assert page.status_code == 200
    return words_on(page)


def field_for(survey: Survey, text: str) -> str:
    question = Question.objects.get(version__survey=survey, version__published_at__isnull=False, text=text)
    return f"question_{question.pk}"


def test_a_respondent_choosing_cymraeg_sees_the_survey_in_welsh(client_for, world: World, child_survey) -> None:  # type: ignore[no-untyped-def]
    respondent, page = open_link(link_for(client_for, world, child_survey, world.child))
    assert '<html lang="en-GB"' in page
    assert '<span lang="en-GB" aria-current="true">English</span>' in page, "the current language is not a link"
    assert '<a class="govuk-link" href="?lang=cy" lang="cy" hreflang="cy">Cymraeg</a>' in page

    page = in_welsh(respondent)
    assert '<html lang="cy"' in page
    assert '<span lang="cy" aria-current="true">Cymraeg</span>' in page
    assert '<a class="govuk-link" href="?lang=en-gb" lang="en-GB" hreflang="en-GB">English</a>' in page
    for welsh in [
        "Dywed wrthon ni beth rwyt ti'n ei feddwl",  # the heading
        "Beth sy'n digwydd i'ch atebion",
        "Bydd eich atebion yn cael eu cadw ar gofnod eich teulu.",  # a named survey's privacy words
        "Rydyn ni eisiau gwybod beth rwyt ti'n ei feddwl.",  # the introduction
        "Wnaethon ni wrando arnat ti?",
        "Wyt ti'n teimlo'n ddiogel gartref nawr?",
        "Darllena fe i mi",
        "Anfon fy atebion",
        "Mae Childline am ddim ar 0800 1111",
    ]:
        assert welsh in page, welsh
    faces = set(re.findall(r'value="(\w+)" id="[^"]+">.*?<span class="casemap-face__words">([^<]+)</span>', page, re.S))
    assert {("yes", "Do"), ("partly", "Ychydig"), ("no", "Naddo")} <= faces
    assert {("yes", "Ydw"), ("no", "Nac ydw"), ("yes", "Oeddwn")} <= faces, "a question words its own yes and no"
    for english in ["What happens to your answers", "Did we listen to you?", "Send my answers", "Read it to me"]:
        assert english not in page, english
    # The choice is kept for the rest of the visit.
    again = respondent.get(ANSWER)
    assert '<html lang="cy"' in words_on(again) and again["Content-Language"] == "cy"


def test_the_welsh_form_posted_as_rendered_saves_the_same_answers(client_for, world: World, child_survey) -> None:  # type: ignore[no-untyped-def]
    respondent, _ = open_link(link_for(client_for, world, child_survey, world.child))
    in_welsh(respondent)
    sent = answer_as_rendered(
        respondent,
        child_survey,
        {
            "Did we listen to you?": "yes",
            "Did we help?": "partly",
            "Do you feel safe at home now?": "no",
            "Is there anything else you want to tell us?": "Roedd Sally yn garedig",
        },
    )
    assert sent.status_code == 303 and sent["Location"] == reverse("feedback:thank-you")
    thanks = words_on(respondent.get(sent["Location"]))
    assert '<html lang="cy"' in thanks and "Diolch" in thanks and "Rydyn ni wedi cael eich atebion" in thanks
    assert "Dywedoch chi wrthym nad ydych chi'n teimlo'n ddiogel." in thanks
    response = Response.objects.get()
    assert {a.question.text: a.given for a in response.answers.select_related("question")} == {
        "Did we listen to you?": "yes",
        "Did we help?": "partly",
        "Do you feel safe at home now?": "no",
        "Is there anything else you want to tell us?": "Roedd Sally yn garedig",
    }
    assert hasattr(response, "safety_task"), "a Welsh 'Nac ydw' starts the same task"


def test_errors_are_in_welsh(client_for, world: World, parent_survey) -> None:  # type: ignore[no-untyped-def]
    respondent, _ = open_link(link_for(client_for, world, parent_survey, world.mother))
    in_welsh(respondent)
    refused = post_rendered(respondent, ANSWER, form_on_page(respondent.get(ANSWER), "feedback-form"))
    page = words_on(refused)
    assert refused.status_code == 200
    assert "<title>Gwall: Eich adborth" in page and "Mae problem wedi codi" in page
    assert "Atebwch o leiaf un cwestiwn cyn i chi anfon eich atebion" in page
    assert "Answer at least one question" not in page

    scale = field_for(parent_survey, "How helpful was our work?")
    words = field_for(parent_survey, "Is there anything you want to tell us about our work with you?")
    refused = words_on(respondent.post(ANSWER, {scale: "11", words: "x" * 2001}))
    assert "Dewiswch rif o 0 i 10" in refused
    assert "Mae'n rhaid i'ch ateb fod yn 2,000 o nodau neu lai. Mae 2,001 o nodau ynddo." in refused
    # The same in English, worded as before.
    respondent.get(f"{ANSWER}?lang=en-gb")
    refused = words_on(respondent.post(ANSWER, {scale: "11", words: "x" * 2001}))
    assert "Choose a number from 0 to 10" in refused
    assert "Your answer must be 2,000 characters or fewer. It has 2,001." in refused
    assert Response.objects.count() == 0


def test_a_browser_asking_for_welsh_gets_it_first(client_for, world: World, child_survey) -> None:  # type: ignore[no-untyped-def]
    link = link_for(client_for, world, child_survey, world.child)
    respondent = Client(HTTP_ACCEPT_LANGUAGE="cy-GB,cy;q=0.9,en;q=0.5")
    respondent.get(link)
    shown = respondent.get(ANSWER)
    page = words_on(shown)
    assert '<html lang="cy"' in page and "Wnaethon ni wrando arnat ti?" in page
    assert "Accept-Language" in shown["Vary"]
    # A choice on the page wins over the browser for the rest of the visit.
    respondent.get(f"{ANSWER}?lang=en-gb")
    assert "Did we listen to you?" in words_on(respondent.get(ANSWER))
    # A language not offered falls back to English.
    elsewhere = Client(HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    page = words_on(elsewhere.get(ANSWER))
    assert '<html lang="en-GB"' in page and "Open the link you were given" in page
    assert '<html lang="en-GB"' in words_on(elsewhere.get(f"{ANSWER}?lang=xx"))


def test_a_link_problem_is_said_again_in_welsh(client_for, world: World, child_survey) -> None:  # type: ignore[no-untyped-def]
    link = link_for(client_for, world, child_survey, world.child)
    respondent, _ = open_link(link)
    answer_as_rendered(respondent, child_survey, {"Did we listen to you?": "yes"})
    respondent.get(link)
    assert "This link has already been used" in words_on(respondent.get(ANSWER))
    page = in_welsh(respondent)
    assert "Does dim modd defnyddio'r ddolen hon" in page
    assert "Mae'r ddolen hon wedi cael ei defnyddio'n barod." in page


def test_staff_pages_stay_in_english_after_a_welsh_choice(client_for, world: World, child_survey) -> None:  # type: ignore[no-untyped-def]
    worker = client_for(world.worker)
    assert '<html lang="cy"' in words_on(worker.get(f"{ANSWER}?lang=cy"))
    assert worker.session["feedback_language"] == "cy"
    case_page = worker.get(reverse("cases:detail", args=[world.case.pk]))
    body = words_on(case_page)
    assert case_page.status_code == 200 and '<html lang="en-GB"' in body
    assert "Cymraeg" not in body and "Neidio i'r prif gynnwys" not in body
    assert translation.get_language() == settings.LANGUAGE_CODE, "the Welsh page put English back"


def test_the_default_surveys_are_in_welsh(db: None) -> None:
    for bank in DEFAULT_SURVEYS:
        assert bank.introduction_translations.get("cy"), bank.name
        for question in bank.questions:
            welsh = question.translations.get("cy", {})
            assert welsh.get("text"), question.text
            assert bool(welsh.get("hint")) == bool(question.hint), question.text
    # Installed by the migrations: every default survey's first version has them.
    for version in SurveyVersion.objects.filter(number=1, survey__name__in=[b.name for b in DEFAULT_SURVEYS]):
        assert version.introduction_translations.get("cy"), version
        assert all(q.translations.get("cy", {}).get("text") for q in version.questions.all()), version


def test_filling_translations_keeps_an_authoritys_own_welsh(child_survey) -> None:  # type: ignore[no-untyped-def]
    version = child_survey.versions.get(number=1)
    own = version.questions.get(text="Did we help?")
    own.translations = {"cy": {"text": "Oedden ni'n help?"}}
    own.save()
    version.questions.exclude(pk=own.pk).update(translations={})
    SurveyVersion.objects.filter(pk=version.pk).update(introduction_translations={})
    install_default_translations(SurveyVersion, Question)
    version.refresh_from_db()
    assert version.introduction_translations["cy"].startswith("Rydyn ni eisiau gwybod")
    assert version.questions.get(text="Did we listen to you?").translations["cy"]["text"] == (
        "Wnaethon ni wrando arnat ti?"
    )
    assert version.questions.get(pk=own.pk).translations == {"cy": {"text": "Oedden ni'n help?"}}


def read_po(path: Path) -> list[dict[str, object]]:
    """The entries of a .po file: context, msgid, msgstr and flags (enough for this catalogue: no plurals)."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {}
    current = ""

    def finish() -> None:
        if "msgid" in entry:
            entries.append(dict(entry))
        entry.clear()

    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            finish()
        elif line.startswith("#,"):
            entry["flags"] = [flag.strip() for flag in line[2:].split(",")]
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgctxt ", "msgid ", "msgstr ")):
            current, _, quoted = line.partition(" ")
            entry[current] = ast.literal_eval(quoted)
        elif line.startswith('"'):
            entry[current] = str(entry[current]) + ast.literal_eval(line)
    return entries


def test_the_welsh_catalogue_is_complete_and_compiled() -> None:
    entries = [entry for entry in read_po(CATALOGUE / "django.po") if entry["msgid"]]
    assert entries
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    for entry in entries:
        assert entry["msgstr"], f"{entry['msgid']} has no Welsh"
        assert "fuzzy" not in entry.get("flags", []), f"{entry['msgid']} is marked fuzzy"  # type: ignore[operator]
        context, msgid = entry.get("msgctxt"), str(entry["msgid"])
        found = catalogue.pgettext(str(context), msgid) if context else catalogue.gettext(msgid)
        assert found == entry["msgstr"], f"django.mo is out of date for {msgid}: run msgfmt"
    # Every string the public templates mark is in the catalogue, or it would show in English.
    translated = {entry["msgid"] for entry in entries}
    for template in PUBLIC_TEMPLATES:
        for msgid in re.findall(r'{% translate "([^"]+)"', template.read_text()):
            assert msgid in translated, f"{template.name}: {msgid}"


def test_the_questions_drawn_once_are_shown_to_the_next_respondent_in_their_own_language(  # type: ignore[no-untyped-def]
    client_for, world: World, child_survey
) -> None:
    """The unanswered questions are drawn once for each version and language and kept; answers sent back with a
    problem are never kept for the next respondent."""
    first, page = open_link(link_for(client_for, world, child_survey, world.child))
    assert "Did we listen to you?" in html.unescape(page)
    refused = words_on(post_rendered(first, ANSWER, form_on_page(first.get(ANSWER), "feedback-form")))
    assert "Answer at least one question" in refused

    second, page = open_link(link_for(client_for, world, child_survey, world.sibling))
    page = html.unescape(page)
    assert "Did we listen to you?" in page and "Wnaethon ni wrando arnat ti?" not in page
    assert "govuk-error-message" not in page and "Answer at least one question" not in page
    welsh = in_welsh(second)
    assert "Wnaethon ni wrando arnat ti?" in welsh and "Did we listen to you?" not in welsh
    second.get(f"{ANSWER}?lang=en-gb")
    assert "Did we listen to you?" in words_on(second.get(ANSWER))
    sent = answer_as_rendered(second, child_survey, {"Did we listen to you?": "yes"})
    assert sent.status_code == 303
    assert Response.objects.get().answers.get().given == "yes"
