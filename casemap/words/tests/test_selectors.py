"""The child record's question: is a child on a plan without the worries and the plan explained to them?"""

import datetime

import pytest

from casemap.cases.models import CaseService
from casemap.cases.services import case_change_service
from casemap.conftest import World, make_case
from casemap.people.models import Person
from casemap.words import services
from casemap.words.selectors import explanation_for_child, explanations_for_children
from casemap.words.tests.booklets import TODAY, booklet

pytestmark = pytest.mark.django_db


def give(world: World, child: Person, given_on: datetime.date = TODAY) -> None:
    """A booklet of two pages given to one child."""
    services.given_record(
        acting_user=world.worker,
        booklet=booklet(world),
        expected_version=None,
        child=child,
        details=services.GivenDetails(given_on=given_on, explained_by="Sally", child_kept_copy=True),
    )


def test_a_child_on_a_plan_with_no_explanation_is_flagged(world: World) -> None:
    status = explanation_for_child(user=world.worker, child=world.child)
    assert status.on_plan and status.needs_explanation
    assert status.booklet_given_on is None and status.explained_on is None


def test_a_booklet_given_to_the_child_clears_the_flag_for_that_child_only(world: World) -> None:
    made = booklet(world)
    given_on = TODAY - datetime.timedelta(days=2)
    services.given_record(
        acting_user=world.worker,
        booklet=made,
        expected_version=None,
        child=world.child,
        details=services.GivenDetails(given_on=given_on, explained_by="Sally", child_kept_copy=True),
    )
    status = explanation_for_child(user=world.worker, child=world.child)
    assert (status.needs_explanation, status.booklet_given_on, status.last_explained_on) == (False, given_on, given_on)
    assert explanation_for_child(user=world.worker, child=world.sibling).needs_explanation


def test_a_booklet_that_is_only_drafted_does_not_count(world: World) -> None:
    booklet(world)
    assert explanation_for_child(user=world.worker, child=world.child).needs_explanation


def test_a_record_of_how_it_was_explained_clears_the_flag(world: World) -> None:
    services.explanation_record_create(
        acting_user=world.worker,
        child=world.sibling,
        case=world.case,
        explained_on=TODAY,
        how="Explained with drawings, with mum there",
        explained_by="Sally",
    )
    status = explanation_for_child(user=world.worker, child=world.sibling)
    assert (status.on_plan, status.needs_explanation, status.explained_on) == (True, False, TODAY)


def test_a_child_not_on_a_plan_is_not_flagged(world: World) -> None:
    case = make_case(acting=world.worker, team=world.team, worker=world.worker, manager=world.manager, surname="Lee")
    case_change_service(acting_user=world.manager, case=case, service=CaseService.EARLY_HELP, changed_on=TODAY)
    child = case.memberships.filter(role="child").first().person
    status = explanation_for_child(user=world.worker, child=child)
    assert (status.on_plan, status.needs_explanation) == (False, False)
    assert explanation_for_child(user=world.worker, child=world.mother).needs_explanation is False


def test_child_protection_and_care_count_as_on_a_plan(world: World) -> None:
    case_change_service(
        acting_user=world.manager, case=world.case, service=CaseService.CHILD_PROTECTION, changed_on=TODAY
    )
    assert explanation_for_child(user=world.worker, child=world.child).needs_explanation


def test_the_list_read_is_three_queries_however_many_children(world: World, django_assert_num_queries) -> None:
    children = [world.child, world.sibling]
    for index in range(4):
        case = make_case(
            acting=world.worker, team=world.team, worker=world.worker, manager=world.manager, surname=f"Family{index}"
        )
        children += [member.person for member in case.memberships.filter(role="child").select_related("person")]
    made = booklet(world)
    services.given_record(
        acting_user=world.worker,
        booklet=made,
        expected_version=None,
        child=world.child,
        details=services.GivenDetails(given_on=TODAY, explained_by="Sally", child_kept_copy=False),
    )
    with django_assert_num_queries(3):
        statuses = explanations_for_children(user=world.worker, children=children)
    assert len(statuses) == 10
    assert [statuses[c.pk].needs_explanation for c in children].count(True) == 9
