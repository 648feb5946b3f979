"""Feedback as its users give it: a worker makes the card from the case page, and the respondent opens its link
in a browser with no account and answers the form as it is rendered."""

import re

from django.test import Client
from django.urls import reverse

from casemap.conftest import World
from casemap.core.tests.rendered_forms import form_on_page, post_changed, post_rendered
from casemap.feedback.models import Question, Survey
from casemap.people.models import Person

LINK_ON_CARD = re.compile(r'id="feedback-link">http://testserver(/feedback/link/[^<]+/)<')


def survey_named(name_part: str) -> Survey:
    return Survey.objects.get(name__icontains=name_part)


def card_for(client_for, world: World, survey: Survey, person: Person | None):  # type: ignore[no-untyped-def]
    """The worker asks for feedback from the case's feedback page, as the page offers it; returns the card page."""
    worker = client_for(world.worker)
    case_page = worker.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert reverse("feedback:case", args=[world.case.pk]) in case_page
    feedback_page = worker.get(reverse("feedback:case", args=[world.case.pk])).content.decode()
    assert reverse("feedback:invite", args=[world.case.pk]) in feedback_page
    return post_changed(
        worker,
        reverse("feedback:invite", args=[world.case.pk]),
        "choose-form",
        survey=str(survey.pk),
        person=str(person.pk) if person else "",
    )


def link_on(card) -> str:  # type: ignore[no-untyped-def]
    found = LINK_ON_CARD.search(card.content.decode())
    assert found, "the card shows the link"
    return found.group(1)


def link_for(client_for, world: World, survey: Survey, person: Person | None) -> str:  # type: ignore[no-untyped-def]
    card = card_for(client_for, world, survey, person)
    assert card.status_code == 200
    return link_on(card)


def open_link(link: str) -> tuple[Client, str]:
    """A respondent's browser with no account opens the link; returns it and the answer page."""
    respondent = Client()
    arrived = respondent.get(link)
    assert arrived.status_code == 303 and arrived["Location"] == reverse("feedback:answer")
    page = respondent.get(reverse("feedback:answer"))
    return respondent, page.content.decode()


def answer_as_rendered(respondent: Client, survey: Survey, answers: dict[str, str]):  # type: ignore[no-untyped-def]
    """Post the answer form as the page rendered it, choosing each answer by its question's words."""
    page = respondent.get(reverse("feedback:answer"))
    form = form_on_page(page, "feedback-form")
    changes = {}
    for text, value in answers.items():
        question = Question.objects.get(version__survey=survey, version__published_at__isnull=False, text=text)
        changes[f"question_{question.pk}"] = value
    return post_rendered(respondent, reverse("feedback:answer"), form, **changes)
