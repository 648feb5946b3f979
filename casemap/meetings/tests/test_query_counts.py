"""The lists of what is due and the meeting page cost a fixed number of queries, however much there is."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemap.cases.models import StrategyDecision
from casemap.cases.selectors import case_children
from casemap.cases.services.statutory import assessment_start, cin_plan_start, strategy_discussion_record
from casemap.conftest import World, make_case
from casemap.meetings.models import Attendance, MeetingKind
from casemap.meetings.services.arranging import attendance_record, invitee_add, meeting_arrange, meeting_conclude
from casemap.meetings.tests.conftest import arrange_initial_conference, at, professional

TODAY = timezone.localdate()


def family_with_work(world: World, surname: str) -> None:
    """An initial conference held late for one child, an enquiry waiting for the other, an assessment and a child
    in need plan."""
    case = make_case(acting=world.worker, team=world.team, worker=world.worker, manager=world.manager, surname=surname)
    children = case_children(case)
    strategy_discussion_record(
        acting_user=world.worker,
        case=case,
        children=children[:1],
        held_on=TODAY - datetime.timedelta(days=29),
        took_part="Sally, police",
        decision=StrategyDecision.SECTION_47,
        reasons="Worried",
    )
    held_on = TODAY - datetime.timedelta(days=1)
    while held_on.weekday() >= 5:
        held_on -= datetime.timedelta(days=1)
    conference = meeting_arrange(
        acting_user=world.worker,
        case=case,
        kind=MeetingKind.INITIAL_CONFERENCE,
        children=children[:1],
        starts_at=at(held_on),
        ends_at=None,
        venue="Room 1",
        chair=world.chair,
    )
    meeting_conclude(
        acting_user=world.chair,
        meeting=conference,
        expected_version=None,
        held_on=held_on,
        quorum_override_reason="The police sent a report",
    )
    assert conference.due_on is not None and conference.due_on < held_on  # held late
    strategy_discussion_record(
        acting_user=world.worker,
        case=case,
        children=children[1:],
        held_on=TODAY - datetime.timedelta(days=10),
        took_part="Sally, police",
        decision=StrategyDecision.SECTION_47,
        reasons="Worried",
    )
    assessment_start(
        acting_user=world.worker, case=case, child=children[0], started_on=TODAY - datetime.timedelta(days=9)
    )
    cin_plan_start(
        acting_user=world.worker, case=case, child=children[1], started_on=TODAY - datetime.timedelta(days=8)
    )


def queries_for(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("scope", ["mine", "team"])
def test_what_is_due_costs_the_same_for_one_family_and_for_six(world, client_for, enquiries, scope):
    arrange_initial_conference(world)
    client = client_for(world.worker if scope == "mine" else world.manager)
    url = reverse("meetings:due") + f"?for={scope}"
    queries_for(client, url)  # the first request of a session also reads and saves the session
    one = queries_for(client, url)
    for index in range(5):
        family_with_work(world, f"Family{index}")
    assert queries_for(client, url) == one


def test_the_meeting_page_costs_the_same_for_three_invitees_and_for_twelve(world, client_for, enquiries):
    meeting = arrange_initial_conference(world)
    client = client_for(world.worker)
    url = reverse("meetings:detail", args=[meeting.pk])
    queries_for(client, url)  # the first request of a session also reads and saves the session
    few = queries_for(client, url)
    for index in range(10):
        world.case.professionals.add(professional(f"Professional {index}", f"Agency {index}", "health"))
    for prof in world.case.professionals.all():
        meeting.refresh_from_db()
        invitee = invitee_add(acting_user=world.worker, meeting=meeting, expected_version=None, professional=prof)
        attendance_record(
            acting_user=world.worker, invitee=invitee, expected_version=None, attendance=Attendance.PRESENT
        )
    assert queries_for(client, url) == few
