"""The results read counts kept as responses are given (`casemap.feedback.counts`): the same as counting every
answer again, for every team and for one, and never short when two people answer at once."""

import datetime
import threading
from collections.abc import Callable
from io import StringIO
from typing import TypeVar

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from casemap.accounts.models import Team
from casemap.conftest import TeamFactory, World, make_case
from casemap.feedback.changes import not_a_plain_yes_by_theme
from casemap.feedback.counts import count_response, recount
from casemap.feedback.models import (
    Answer,
    AnswerCount,
    Channel,
    Question,
    QuestionKind,
    Response,
    ResponseCount,
    TextCheck,
    Theme,
)
from casemap.feedback.reports import TEXTS_SHOWN
from casemap.feedback.services import answer_text_check, current_version, response_enter
from casemap.feedback.tests.helpers import survey_named
from casemap.feedback.tests.test_results import CELL, results_page


def kept() -> dict[tuple[object, ...], int]:
    counts: dict[tuple[object, ...], int] = {}
    for row in ResponseCount.objects.values_list("version_id", "service", "team_id", "month", "n"):
        counts[("response", *row[:-1])] = row[-1]
    for row in AnswerCount.objects.values_list("question_id", "service", "team_id", "month", "answer", "n"):
        counts[("answer", *row[:-1])] = row[-1]
    return counts


def parents_answer(world: World, case, given: dict[str, str], *, days_ago: int = 0) -> None:  # type: ignore[no-untyped-def]
    parents = survey_named("What parents think")
    by_words = {
        question.text: question.pk
        for question in Question.objects.filter(version__survey=parents, version__published_at__isnull=False)
    }
    worker = world.worker if case.team == world.team else world.other_worker
    parent = case.members.filter(is_child=False).first()
    response_enter(
        acting_user=worker, case=case, survey=parents, person=parent,
        channel=Channel.PAPER, given_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        given={by_words[text]: value for text, value in given.items()},
    )  # fmt: skip


def other_teams_case(world: World):  # type: ignore[no-untyped-def]
    """A family of the early help team: another team, in another service."""
    return make_case(
        acting=world.other_worker, team=world.other_team, worker=world.other_worker,
        manager=world.other_team.manager, surname="Hughes",
    )  # fmt: skip


@pytest.mark.django_db
def test_the_counts_kept_as_answers_are_given_are_those_counted_again(world: World) -> None:
    hughes = other_teams_case(world)
    for days_ago, respect, helpful in [(0, "yes", "7"), (0, "partly", "7"), (40, "no", ""), (100, "yes", "10")]:
        given = {"I was treated with respect": respect, **({"How helpful was our work?": helpful} if helpful else {})}
        parents_answer(world, world.case, given, days_ago=days_ago)
    parents_answer(world, hughes, {"I was treated with respect": "yes", "How helpful was our work?": "7"})
    as_given = kept()
    respect = Question.objects.get(
        version__survey=survey_named("What parents think"), text="I was treated with respect"
    )
    month = timezone.localdate().replace(day=1)
    service = world.team.service
    assert as_given[("answer", respect.pk, service, world.team.pk, month, "yes")] == 1
    assert as_given[("answer", respect.pk, service, None, month, "yes")] == 1
    assert as_given[("answer", respect.pk, world.other_team.service, None, month, "yes")] == 1
    recount()
    assert kept() == as_given


def test_every_team_and_one_team_are_counted_from_their_own_rows(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    hughes = other_teams_case(world)
    for _ in range(6):
        parents_answer(world, world.case, {"I was treated with respect": "yes"})
    for _ in range(7):
        parents_answer(world, hughes, {"I was treated with respect": "no"})
    parents = survey_named("What parents think")
    manager = client_for(world.service_manager)

    def respect_row(page: str) -> list[str]:
        return CELL.findall(page.split("I was treated with respect</th>", 1)[1].split("</tr>", 1)[0])

    assert respect_row(results_page(manager, parents)) == ["6", "0", "7", "13", "46%"]
    assert respect_row(results_page(manager, parents, team=str(world.team.pk))) == ["6", "0", "0", "6", "c"]
    assert respect_row(results_page(manager, parents, team=str(world.other_team.pk))) == ["0", "0", "7", "7", "c"]


def test_the_most_recent_words_are_shown_with_a_note_when_there_are_more(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    for number in range(TEXTS_SHOWN + 2):
        parents_answer(world, world.case, {"I was treated with respect": "yes", WORDS_QUESTION: f"Comment {number}."})
    for answer in Question.objects.get(
        version__survey=survey_named("What parents think"), text=WORDS_QUESTION
    ).answers.all():
        answer_text_check(acting_user=world.practice_lead, answer=answer, decision=TextCheck.SHOWN)
    page = results_page(client_for(world.manager), survey_named("What parents think"))
    shown = [f"Comment {number}." for number in range(TEXTS_SHOWN + 2) if f"<li>Comment {number}.</li>" in page]
    assert shown == [f"Comment {number}." for number in range(2, TEXTS_SHOWN + 2)], "the most recent"
    assert page.index("<li>Comment 51.</li>") < page.index("<li>Comment 2.</li>"), "newest first"
    assert f"The {TEXTS_SHOWN} most recent for each question, newest first." in page


T = TypeVar("T")
WORDS_QUESTION = "Is there anything you want to tell us about our work with you?"


def committed(work: Callable[[], T]) -> T:
    """Runs `work` in a thread of its own, on its own connection, so what it writes is committed: outside the test's
    transaction, where other connections see it."""
    done: list[T] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with transaction.atomic():
                done.append(work())
        except BaseException as failure:
            failures.append(failure)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failures:
        raise failures[0]
    return done[0]


@pytest.mark.postgres_operations
@pytest.mark.django_db
def test_people_answering_at_once_are_all_counted() -> None:
    """Respondents of one team in one month count into the same rows at the same moment: none is lost, and none
    waits forever. Each answers on a connection of its own, as the services save answers (the case and access log
    around them are left out), and what they wrote is removed at the end."""
    assert connection.vendor == "postgresql"
    version = current_version(survey_named("What parents think"))
    asked = list(version.questions.filter(kind__in=[QuestionKind.AGREE, QuestionKind.SCALE]))
    team = committed(lambda: TeamFactory(name="Answering at once"))
    respondents = 6
    ready = threading.Barrier(respondents)

    def answer() -> Response:
        ready.wait()
        response = Response.objects.create(
            version=version, service=team.service, team=team, month=timezone.localdate().replace(day=1),
            channel=Channel.LINK,
        )  # fmt: skip
        answers = [
            Answer(response=response, question=question, agreement="yes" if question.kind == QuestionKind.AGREE else "",
                   scale=8 if question.kind == QuestionKind.SCALE else None)
            for question in asked
        ]  # fmt: skip
        Answer.objects.bulk_create(answers)
        count_response(response, answers)
        return response

    pool = [threading.Thread(target=lambda: given.append(committed(answer))) for _ in range(respondents)]
    given: list[Response] = []
    try:
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        assert len(given) == respondents, "every respondent's answers were saved"
        responses = ResponseCount.objects.filter(team=team)
        answers = AnswerCount.objects.filter(service=team.service, question__in=asked)
        assert [row.n for row in responses] == [respondents]
        assert answers.filter(team=team).count() == len(asked) == answers.filter(team__isnull=True).count()
        assert {row.n for row in answers} == {respondents}
    finally:
        committed(lambda: _remove(team))


def _remove(team: Team) -> None:
    AnswerCount.objects.filter(service=team.service).delete()
    ResponseCount.objects.filter(team=team).delete()
    Answer.objects.filter(response__team=team).delete()
    Response.objects.filter(team=team).delete()
    team.delete()


@pytest.mark.django_db
def test_the_command_counts_again_what_was_lost(world: World) -> None:
    parents_answer(world, world.case, {"I was treated with respect": "yes", "How helpful was our work?": "9"})
    as_given = kept()
    AnswerCount.objects.update(n=0)  # a count gone wrong outside the services
    printed = StringIO()
    call_command("recount_results", stdout=printed)
    assert kept() == as_given
    assert printed.getvalue().strip() == "Feedback responses counted: 1. Completed audits counted: 0."


@pytest.mark.django_db
def test_you_said_we_did_counts_the_answers_that_were_not_a_plain_yes_by_theme(world: World) -> None:
    hughes = other_teams_case(world)
    for case, respect, days_ago in [
        (world.case, "partly", 0), (world.case, "no", 30), (hughes, "no", 60), (world.case, "yes", 0),
        (world.case, "no", 400),  # more than a year ago: not counted
    ]:  # fmt: skip
        parents_answer(world, case, {"I was treated with respect": respect}, days_ago=days_ago)
    by_theme, total = not_a_plain_yes_by_theme(timezone.localdate())
    theme = Question.objects.get(version__survey=survey_named("What parents think"), text="I was treated with respect")
    since = timezone.localdate().replace(day=1) - datetime.timedelta(days=365)
    answered = Answer.objects.filter(
        question__theme=theme.theme, agreement__in=["partly", "no"], response__month__gte=since
    ).count()
    assert answered == 3
    assert by_theme[Theme(theme.theme).label].count == answered
    assert total.count == answered
