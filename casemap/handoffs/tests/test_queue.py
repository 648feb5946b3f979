"""The one list of what waits for a manager: referrals to decide, cases to allocate, drafts to sign off, in the
teams of their line, oldest first; nobody else has one."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.accounts.models import Team, User
from casemap.cases.models import Case, ReferralDecision
from casemap.cases.services import case_allocate, case_close, referral_decide, referral_receive
from casemap.conftest import World
from casemap.handoffs.selectors import WaitingItem, waiting_for
from casemap.handoffs.services import sign_off_ask, sign_off_return
from casemap.handoffs.tests.records import draft_map
from casemap.mapping.services import map_sign_off
from casemap.people.services import person_create, person_restrict
from casemap.words.services import booklet_archive
from casemap.words.tests.booklets import booklet

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def referral(world: World, team: Team, surname: str, days_ago: int) -> Case:
    child = person_create(
        acting_user=world.worker,
        first_name="Jirra",
        last_name=surname,
        date_of_birth=TODAY - datetime.timedelta(days=2000),
        is_child=True,
    )
    return referral_receive(
        acting_user=world.worker,
        children=[child],
        team=team,
        received_on=TODAY - datetime.timedelta(days=days_ago),
        source="1A",
        what_was_reported="School worried about bruises.",
        family_name=f"{surname} family",
    )


def unallocated(world: World, team: Team, surname: str, manager: User) -> Case:
    case = referral(world, team, surname, days_ago=3)
    return referral_decide(
        acting_user=manager,
        case=case,
        decision=ReferralDecision.ASSESSMENT,
        decided_on=TODAY - datetime.timedelta(3),
        reasons="Needs an assessment",
    )


def rows(items: list[WaitingItem]) -> list[tuple[str, str]]:
    return [(item.what, item.case.family_name) for item in items]


def test_a_team_manager_sees_their_team_only_and_the_longest_waiting_first(world: World) -> None:
    referral(world, world.team, "Smith", days_ago=10)
    unallocated(world, world.team, "Jones", world.manager)  # waits from the day it was last left with no worker
    referral(world, world.other_team, "Brown", days_ago=20)
    map_ = draft_map(world)
    sign_off_ask(acting_user=world.worker, record=map_, expected_version=None, note="Please check the scores")
    items = waiting_for(world.manager)
    assert rows(items) == [
        ("Referral awaiting a decision", "Smith family"),
        ("Unallocated case", "Jones family"),
        ("Sign-off of Signs of Safety map 1", "Cooper family"),
    ]
    assert [item.days_waiting for item in items] == [10, 3, 0]
    assert items[2].url == reverse("mapping:map", args=[map_.pk])
    assert items[2].detail == f"Asked for by {world.worker}: Please check the scores"
    # A referral opens the case at its decision, a case with no worker at its allocation.
    assert items[0].url == reverse("cases:detail", args=[items[0].case.pk]) + "#decision"
    assert items[1].url == reverse("cases:detail", args=[items[1].case.pk]) + "#allocation"


def test_a_service_manager_sees_every_team_in_their_line_and_the_other_manager_only_theirs(world: World) -> None:
    sign_off_ask(acting_user=world.worker, record=draft_map(world), expected_version=None)
    referral(world, world.other_team, "Brown", days_ago=20)
    assert rows(waiting_for(world.service_manager)) == [
        ("Referral awaiting a decision", "Brown family"),
        ("Sign-off of Signs of Safety map 1", "Cooper family"),
    ]
    other_manager = world.other_team.manager
    assert other_manager is not None
    assert rows(waiting_for(other_manager)) == [("Referral awaiting a decision", "Brown family")]


@pytest.mark.parametrize("persona", ["worker", "teammate", "other_worker", "practice_lead", "chair", "data_officer"])
def test_nobody_but_a_manager_has_a_list(world: World, persona: str) -> None:
    sign_off_ask(acting_user=world.worker, record=draft_map(world), expected_version=None)
    referral(world, world.team, "Smith", days_ago=1)
    assert waiting_for(getattr(world, persona)) == []


def test_decided_allocated_closed_and_replaced_things_leave_the_list(world: World) -> None:
    map_ = draft_map(world)
    sign_off_ask(acting_user=world.worker, record=map_, expected_version=None)
    case = unallocated(world, world.team, "Jones", world.manager)
    made = booklet(world)
    sign_off_ask(acting_user=world.worker, record=made, expected_version=None)
    assert len(waiting_for(world.manager)) == 3
    map_sign_off(acting_user=world.manager, map_=map_, expected_version=None)
    case_allocate(acting_user=world.manager, case=case, worker=world.teammate)
    booklet_archive(acting_user=world.worker, booklet=made, expected_version=None, reason="Started again")
    assert waiting_for(world.manager) == []


def test_a_returned_draft_leaves_the_list_until_it_is_asked_for_again(world: World) -> None:
    map_ = draft_map(world)
    sign_off_ask(acting_user=world.worker, record=map_, expected_version=None)
    sign_off_return(acting_user=world.manager, record=map_, expected_version=None, reasons="Add the children's views")
    assert waiting_for(world.manager) == []
    sign_off_ask(acting_user=world.worker, record=map_, expected_version=None)
    assert rows(waiting_for(world.manager)) == [("Sign-off of Signs of Safety map 1", "Cooper family")]


def test_a_closed_case_leaves_the_list(world: World) -> None:
    sign_off_ask(acting_user=world.worker, record=draft_map(world), expected_version=None)
    case_close(acting_user=world.manager, case=world.case, closed_on=TODAY, closure_reason="RC8")
    assert waiting_for(world.manager) == []


def test_a_restricted_case_shows_only_to_a_manager_who_holds_a_grant(world: World) -> None:
    sign_off_ask(acting_user=world.worker, record=draft_map(world), expected_version=None)
    world.child.refresh_from_db()
    person_restrict(acting_user=world.service_manager, person=world.child, reason="A relative works in the team")
    assert waiting_for(world.manager) == []
    assert rows(waiting_for(world.service_manager)) == [("Sign-off of Signs of Safety map 1", "Cooper family")]
