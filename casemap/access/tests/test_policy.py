"""Who may see a child's record. Every page is checked with the named personas."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import CaseAssignment
from casemap.access.policy import managed_cases, managed_team_ids, visible_cases, visible_people
from casemap.access.services import restricted_access_grant
from casemap.cases.models import Case
from casemap.conftest import REFUSED, SEES, World, make_case
from casemap.people.services import person_restrict, person_update

pytestmark = pytest.mark.django_db


def person_pages(world: World) -> list[str]:
    child = world.child.pk
    return [
        reverse("people:detail", args=[child]),
        reverse("people:section", args=[child, "family"]),
        reverse("people:section", args=[child, "episodes"]),
        reverse("people:section", args=[child, "timeline"]),
        reverse("people:print", args=[child]),
        reverse("people:detail", args=[world.mother.pk]),
        reverse("cases:detail", args=[world.case.pk]),
    ]


@pytest.mark.parametrize("persona", SEES)
def test_allocated_worker_team_and_line_see_the_child(world: World, client_for, persona: str) -> None:
    client = client_for(getattr(world, persona))
    for url in person_pages(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_else_gets_not_found(world: World, client_for, persona: str) -> None:
    client = client_for(getattr(world, persona))
    for url in person_pages(world):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Alkira" not in response.content


@pytest.mark.parametrize("persona", REFUSED)
def test_lists_hide_what_the_record_pages_refuse(world: World, persona: str) -> None:
    user = getattr(world, persona)
    assert not visible_people(user).filter(pk=world.child.pk).exists()
    assert not visible_cases(user).filter(pk=world.case.pk).exists()


def test_search_only_finds_visible_people(world: World, client_for) -> None:
    found = client_for(world.worker).post(reverse("people:search"), {"name": "cooper"})
    refused = client_for(world.other_worker).post(reverse("people:search"), {"name": "cooper"})
    assert b"Alkira Cooper" in found.content
    assert b"Alkira Cooper" not in refused.content
    assert b"0 people found" in refused.content


def test_search_terms_never_go_in_the_url(world: World, client_for) -> None:
    response = client_for(world.worker).get(reverse("people:search"), {"name": "cooper"})
    assert b"Alkira Cooper" not in response.content  # GET does not search
    assert 'method="post"' in response.content.decode()


def test_team_caseload_is_for_managers_only(world: World, client_for) -> None:
    assert client_for(world.manager).get(reverse("cases:team-caseload")).status_code == 200
    assert client_for(world.worker).get(reverse("cases:team-caseload")).status_code == 404
    other_manager_view = client_for(world.other_team.manager).get(reverse("cases:team-caseload"))
    assert b"Cooper family" not in other_manager_view.content


def test_only_managers_in_the_line_can_allocate_and_close(world: World, client_for) -> None:
    url = reverse("cases:close", args=[world.case.pk])
    data = {"closed_on_day": "1", "closed_on_month": "1", "closed_on_year": "2020", "closure_reason": "RC7"}
    assert client_for(world.worker).post(url, data).status_code == 404
    assert client_for(world.other_worker).post(url, data).status_code == 404


def test_assignment_gives_access_while_it_lasts(world: World, client_for) -> None:
    url = reverse("people:detail", args=[world.child.pk])
    today = timezone.localdate()
    assignment = CaseAssignment.objects.create(
        case=world.case,
        user=world.chair,
        purpose="Initial conference",
        assigned_by=world.manager,
        starts_on=today,
    )
    assert client_for(world.chair).get(url).status_code == 200
    assignment.ends_on = today - datetime.timedelta(days=1)
    assignment.save()
    assert client_for(world.chair).get(url).status_code == 404


def test_restricted_record_needs_an_explicit_logged_grant(world: World, client_for) -> None:
    person_update(
        acting_user=world.manager,
        person=world.child,
        expected_version=world.child.version,
        is_restricted=True,
    )
    url = reverse("people:detail", args=[world.child.pk])
    assert client_for(world.worker).get(url).status_code == 404
    # The whole case is hidden too, so the child cannot be reached through it.
    assert client_for(world.worker).get(reverse("cases:detail", args=[world.case.pk])).status_code == 404
    restricted_access_grant(
        acting_user=world.service_manager, person=world.child, user=world.worker, reason="Allocated worker"
    )
    assert client_for(world.worker).get(url).status_code == 200
    assert client_for(world.teammate).get(url).status_code == 404
    from casemap.access.models import AccessLogEntry

    assert AccessLogEntry.objects.filter(action="grant", person=world.child, user=world.service_manager).exists()


def test_expired_or_revoked_grant_gives_nothing(world: World, client_for) -> None:
    person_update(
        acting_user=world.manager,
        person=world.child,
        expected_version=world.child.version,
        is_restricted=True,
    )
    grant = restricted_access_grant(
        acting_user=world.service_manager,
        person=world.child,
        user=world.worker,
        reason="Cover",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert client_for(world.worker).get(reverse("people:detail", args=[world.child.pk])).status_code == 404
    grant.expires_at = None
    grant.revoked_at = timezone.now()
    grant.save()
    assert client_for(world.worker).get(reverse("people:detail", args=[world.child.pk])).status_code == 404


def test_who_has_looked_is_for_managers(world: World, client_for) -> None:
    client_for(world.worker).get(reverse("people:detail", args=[world.child.pk]))
    url = reverse("people:access-log", args=[world.child.pk])
    response = client_for(world.manager).get(url)
    assert response.status_code == 200
    assert "Sally" in response.content.decode()
    assert client_for(world.worker).get(url).status_code == 404
    assert client_for(world.other_worker).get(url).status_code == 404


def test_signed_out_users_are_sent_to_sign_in(world: World, client) -> None:
    response = client.get(reverse("people:detail", args=[world.child.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:sign-in"))


def other_teams_case(world: World) -> Case:
    """The Ellison family's case, held by the other team."""
    return make_case(
        acting=world.other_worker,
        team=world.other_team,
        worker=world.other_worker,
        manager=world.other_team.manager,
        surname="Ellison",
    )


def test_another_teams_case_is_not_visible_to_this_team(world: World, client_for) -> None:
    other_case = other_teams_case(world)
    assert client_for(world.worker).get(reverse("cases:detail", args=[other_case.pk])).status_code == 404
    assert client_for(world.other_worker).get(reverse("cases:detail", args=[other_case.pk])).status_code == 200
    # The service manager's line covers both teams.
    assert client_for(world.service_manager).get(reverse("cases:detail", args=[other_case.pk])).status_code == 200


def test_the_cases_in_a_managers_line_are_the_visible_cases_of_their_teams(world: World) -> None:
    other_case = other_teams_case(world)
    restricted_case = make_case(
        acting=world.worker, team=world.team, worker=world.worker, manager=world.manager, surname="Hill"
    )
    restricted_child = restricted_case.memberships.filter(role="child").first().person
    person_restrict(acting_user=world.service_manager, person=restricted_child, reason="A relative of staff")
    CaseAssignment.objects.create(
        case=other_case,
        user=world.manager,
        purpose="Covering",
        assigned_by=world.service_manager,
        starts_on=timezone.localdate(),
    )
    for user in [world.manager, world.service_manager, world.other_team.manager, world.worker, world.chair]:
        expected = set(visible_cases(user).filter(team_id__in=managed_team_ids(user)))
        assert set(managed_cases(user)) == expected, user.username
    # The service manager who restricted the child keeps the case; the team manager, with no grant, does not.
    assert restricted_case in managed_cases(world.service_manager)
    assert restricted_case not in managed_cases(world.manager)
    assert other_case not in managed_cases(world.manager)  # seen through the assignment, not in dana's line
    assert not managed_cases(world.worker).exists()
