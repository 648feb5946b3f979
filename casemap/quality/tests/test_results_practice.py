"""The practice panel counted by team: the same answer as the child record's panel, child by child, in one
statement; suppressed where small; read by the same people as the audit results."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemap.cases.models import CaseMember
from casemap.cases.services import case_close
from casemap.conftest import World, make_case
from casemap.mapping.services import map_sign_off
from casemap.quality.models import PracticeCount
from casemap.quality.practice_by_team import COUNT_MAX_AGE, ELEMENTS, counts_by_team, current_practice
from casemap.quality.selectors import RECENT_DAYS, child_practice_fidelity
from casemap.quality.tests.test_fidelity import a_map, a_plan
from casemap.safety.services import network_member_add
from casemap.voice.tests.sessions import record
from casemap.words.services import booklet_create, explanation_record_create

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def recorded_work(world: World) -> None:
    """The Coopers (the first team): a signed map, Alkira's voice, a network, a draft plan, a draft booklet for
    Alkira and an explanation for Darel. The Hughes (the other team): an old draft map and a network member nobody can
    reach. A closed case, not counted."""
    map_sign_off(acting_user=world.manager, map_=a_map(world), expected_version=None)
    record(world, used_on=TODAY - datetime.timedelta(days=3))
    a_plan(world, review_on=TODAY + datetime.timedelta(days=30))
    booklet_create(acting_user=world.worker, case=world.case, children=[world.child], title="Our story")
    explanation_record_create(
        acting_user=world.worker, child=world.sibling, case=world.case, explained_on=TODAY, how="With drawings.",
        explained_by="Sally",
    )  # fmt: skip
    hughes = make_case(
        acting=world.other_worker, team=world.other_team, worker=world.other_worker, manager=world.service_manager,
        surname="Hughes",
    )  # fmt: skip
    network_member_add(acting_user=world.other_worker, case=hughes, name="Pat", relationship_kind="friend")
    closed = make_case(acting=world.worker, team=world.team, worker=world.worker, manager=world.manager, surname="Lee")
    case_close(acting_user=world.manager, case=closed, closed_on=TODAY, closure_reason="RC1", expected_version=None)


def test_the_counts_by_team_are_the_panels_child_by_child(world: World) -> None:
    recorded_work(world)
    expected: dict[int, dict[str, Counter[str]]] = {}
    members = CaseMember.objects.filter(case__closed_on__isnull=True, person__is_child=True).select_related(
        "case", "person"
    )
    for member in members:
        panel = child_practice_fidelity(user=world.service_manager, child=member.person)
        by_element = expected.setdefault(member.case.team_id, {name: Counter() for _, name in ELEMENTS})
        for element in panel.elements:
            by_element[element.name][element.state.value] += 1
    with CaptureQueriesContext(connection) as queries:
        counted = counts_by_team(today=TODAY)
    assert len(queries) == 1, "one statement for every team"
    assert set(counted) == set(expected) == {world.team.pk, world.other_team.pk}
    for team_id, by_element in expected.items():
        for name, states in by_element.items():
            assert {state: n for state, n in counted[team_id][name].items() if n} == dict(states), (team_id, name)
    coopers = counted[world.team.pk]
    assert coopers["Map"]["in_place"] == 2 and coopers["Words and Pictures"] == {
        "in_place": 1, "draft": 1, "needs_review": 0, "not_recorded": 0,
    }  # fmt: skip
    assert counted[world.other_team.pk]["Safety network"]["needs_review"] == 2


def test_old_work_needs_review_as_on_the_panel(world: World) -> None:
    record(world, used_on=TODAY - datetime.timedelta(days=RECENT_DAYS + 1))
    assert counts_by_team(today=TODAY)[world.team.pk]["Child's voice"]["needs_review"] == 1
    record(world, tool="fairy", used_on=TODAY - datetime.timedelta(days=RECENT_DAYS))
    assert counts_by_team(today=TODAY)[world.team.pk]["Child's voice"]["in_place"] == 1


def test_the_page_suppresses_small_counts(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    recorded_work(world)
    page = client_for(world.practice_lead).get(reverse("quality:results-practice"))
    assert page.status_code == 200
    html = page.content.decode()
    for _, name in ELEMENTS:
        assert f"{name}: children on open cases by team".replace("'", "&#x27;") in html
    assert world.team.name in html and world.other_team.name in html
    numbers = {value for value in html.split('govuk-table__cell--numeric">')[1:] for value in [value.split("<")[0]]}
    assert numbers <= {"c", "0", ""}, numbers


def test_a_team_manager_sees_their_team_and_the_rest_together(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    recorded_work(world)
    html = client_for(world.manager).get(reverse("quality:results-practice")).content.decode()
    assert world.team.name in html and "Other teams" in html and world.other_team.name not in html


@pytest.mark.parametrize("persona", ["worker", "other_worker", "chair", "data_officer", "administrator"])
def test_others_get_not_found(client_for, world: World, persona: str) -> None:  # type: ignore[no-untyped-def]
    assert client_for(getattr(world, persona)).get(reverse("quality:results-practice")).status_code == 404


def kept_count(*, counted_at: datetime.datetime, counted_for: datetime.date) -> PracticeCount:
    """A count kept earlier, of nothing (as before any work was recorded)."""
    return PracticeCount.objects.create(counted_at=counted_at, counted_for=counted_for, counts={})


def test_a_count_within_its_age_is_read_as_it_is(world: World) -> None:
    now = timezone.now()
    kept = kept_count(
        counted_at=now - COUNT_MAX_AGE + datetime.timedelta(minutes=1), counted_for=timezone.localdate(now)
    )
    recorded_work(world)
    current = current_practice(now=now)
    assert (current.counted_at, current.by_team) == (kept.counted_at, {})
    assert list(PracticeCount.objects.all()) == [kept]


def test_an_older_count_is_shown_with_its_time_and_made_again_in_the_background(world: World) -> None:
    now = timezone.now()
    kept = kept_count(
        counted_at=now - COUNT_MAX_AGE - datetime.timedelta(minutes=1), counted_for=timezone.localdate(now)
    )
    recorded_work(world)
    shown = current_practice(now=now)
    assert (shown.counted_at, shown.by_team) == (kept.counted_at, {})  # this page: the count it had
    # The background task (run at once under the tests' task backend) has counted again and kept only the new count.
    [recounted] = PracticeCount.objects.all()
    assert recounted.counted_at >= now
    assert current_practice(now=timezone.now()).by_team == counts_by_team(today=timezone.localdate())


def test_a_new_day_is_counted_before_the_page_is_shown(world: World) -> None:
    now = timezone.now()
    kept_count(
        counted_at=now - datetime.timedelta(days=1), counted_for=timezone.localdate(now) - datetime.timedelta(days=1)
    )
    recorded_work(world)
    current = current_practice(now=now)
    assert current.counted_at == now
    assert current.by_team == counts_by_team(today=timezone.localdate(now)) != {}


def test_the_page_says_when_it_was_counted(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    recorded_work(world)
    html = client_for(world.practice_lead).get(reverse("quality:results-practice")).content.decode()
    counted = PracticeCount.objects.get()
    local = timezone.localtime(counted.counted_at)
    assert f"Counted at {local:%H:%M} on {local.day} {local:%B %Y}." in html
