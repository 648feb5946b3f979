"""The results page: every count through the suppression, shares hidden on small bases, people's words shown
only for large groups and only once checked."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_changed
from casemap.feedback.models import Answer, Channel, Question, Survey, TextCheck
from casemap.feedback.services import response_enter
from casemap.feedback.tests.helpers import survey_named

CELL = re.compile(r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>')


def parents_said(world: World, times: int, *, respect: str = "yes", words: str = "") -> None:
    parents = survey_named("What parents think")
    respect_question = Question.objects.get(version__survey=parents, text="I was treated with respect")
    text_question = Question.objects.get(version__survey=parents, kind="text")
    for _ in range(times):
        given = {respect_question.pk: respect, **({text_question.pk: words} if words else {})}
        response_enter(
            acting_user=world.worker, case=world.case, survey=parents, person=world.mother, channel=Channel.PAPER,
            given_on=timezone.localdate(), given=given,
        )  # fmt: skip


def results_page(client, survey: Survey, **filters: str) -> str:  # type: ignore[no-untyped-def]
    page = client.get(
        reverse("feedback:results"), {"survey": survey.pk, "service": "", "team": "", "quarter": "", **filters}
    )
    assert page.status_code == 200
    return page.content.decode()


def test_a_team_with_four_responses_shows_c_everywhere(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    parents_said(world, 4)
    page = results_page(client_for(world.manager), survey_named("What parents think"))
    shown = CELL.findall(page)
    assert shown, "the tables are on the page"
    assert set(shown) <= {"c", "0", ""}, shown
    assert "4" not in shown and "Responses: c" in page


def test_larger_counts_are_shown_with_the_share_answering_yes(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    parents_said(world, 8, respect="yes")
    parents_said(world, 7, respect="partly")
    page = results_page(client_for(world.practice_lead), survey_named("What parents think"))
    row = page.split("I was treated with respect</th>", 1)[1].split("</tr>", 1)[0]
    assert CELL.findall(row) == ["8", "7", "0", "15", "53%"]
    assert "Responses: 15" in page
    assert ">53%</text>" in page, "the chart shows the same share as the table"


def test_a_share_on_fewer_than_ten_answers_is_hidden(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    parents_said(world, 9, respect="yes")
    page = results_page(client_for(world.manager), survey_named("What parents think"))
    row = page.split("I was treated with respect</th>", 1)[1].split("</tr>", 1)[0]
    assert CELL.findall(row) == ["9", "0", "0", "9", "c"]


def test_peoples_words_only_for_ten_or_more_and_once_checked(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    parents = survey_named("What parents think")
    parents_said(world, 9, words="The worker came back when she said she would")
    page = results_page(client_for(world.manager), parents)
    assert "came back when she said" not in page and "groups of 10 or more" in page
    parents_said(world, 1, words="The worker came back when she said she would")
    page = results_page(client_for(world.manager), parents)
    assert "came back when she said" not in page and "checked for showing" in page
    checker = client_for(world.practice_lead)
    waiting = checker.get(reverse("feedback:texts")).content.decode()
    answer = Answer.objects.filter(question__kind="text").order_by("pk").first()
    assert reverse("feedback:text-check", args=[answer.pk]) in waiting  # type: ignore[union-attr]
    checked = post_changed(
        checker, reverse("feedback:text-check", args=[answer.pk]), "text-check-form", decision="shown"
    )  # type: ignore[union-attr]
    assert checked.status_code == 302
    assert Answer.objects.get(pk=answer.pk).text_check == TextCheck.SHOWN  # type: ignore[union-attr]
    page = results_page(client_for(world.manager), parents)
    assert page.count("came back when she said") == 1, "only the checked words are shown"


@pytest.mark.parametrize("persona", ["worker", "manager", "other_worker"])
def test_only_practice_leads_and_data_officers_check_words(client_for, world: World, persona: str) -> None:  # type: ignore[no-untyped-def]
    assert client_for(getattr(world, persona)).get(reverse("feedback:texts")).status_code == 404
