"""A page read asks the policy which of a child's cases the user may see once; a request that changes something,
and anything outside a request, asks every time, so no answer outlives the read it was given for."""

import pytest
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from casemap.access.page_answers import PageAnswersMiddleware, answered_once
from casemap.access.policy import cases_of_person_seen
from casemap.cases.models import Case
from casemap.conftest import World

pytestmark = pytest.mark.django_db


def asked_twice(world: World, method: str) -> tuple[int, int]:
    """Queries made by the first and by the second time a view asks, inside the middleware."""
    counted: list[int] = []

    def view(request: HttpRequest) -> HttpResponse:
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                cases_of_person_seen(world.worker, world.child)
            counted.append(len(queries))
        return HttpResponse()

    PageAnswersMiddleware(view)(getattr(RequestFactory(), method)("/people/"))
    return counted[0], counted[1]


def test_a_page_read_asks_once(world: World) -> None:
    first, second = asked_twice(world, "get")
    assert first >= 1 and second == 0


def test_a_request_that_changes_something_asks_every_time(world: World) -> None:
    first, second = asked_twice(world, "post")
    assert first >= 1 and second == first


def test_outside_a_request_every_question_is_asked(world: World) -> None:
    asked: list[int] = []
    for _ in range(2):
        answered_once("question", lambda: asked.append(1))
    assert len(asked) == 2


def test_the_answer_is_the_policys_and_does_not_outlive_the_read(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    assert [case.case_id for case in cases_of_person_seen(world.worker, world.child)] == [world.case.pk]
    assert cases_of_person_seen(world.other_worker, world.child) == []
    page = client_for(world.worker).get(f"/people/{world.child.pk}/")
    assert page.status_code == 200 and world.case.family_name in page.content.decode()
    # The case moves to another team after the page was read: the next read asks afresh and is refused.
    Case.objects.filter(pk=world.case.pk).update(team=world.other_team, allocated_worker=world.other_worker)
    assert cases_of_person_seen(world.worker, world.child) == []
    assert client_for(world.worker).get(f"/people/{world.child.pk}/").status_code == 404
