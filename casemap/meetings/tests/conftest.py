"""A family part way through child protection: a strategy discussion started an enquiry for both children."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from casemap.cases.models import Section47Enquiry, StrategyDecision
from casemap.cases.services.statutory import strategy_discussion_record
from casemap.conftest import World
from casemap.core.working_days import add_working_days
from casemap.meetings.models import Attendance, Meeting, MeetingKind
from casemap.meetings.services.arranging import attendance_record, invitee_add, meeting_arrange
from casemap.people.models import Agency, Professional


def next_weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@dataclass
class Enquiries:
    world: World
    discussion_on: datetime.date

    @property
    def enquiries(self) -> list[Section47Enquiry]:
        return list(Section47Enquiry.objects.filter(case=self.world.case).order_by("pk"))


@pytest.fixture
def enquiries(world: World) -> Enquiries:
    discussion_on = timezone.localdate() - datetime.timedelta(days=20)
    strategy_discussion_record(
        acting_user=world.worker,
        case=world.case,
        children=[world.child, world.sibling],
        held_on=discussion_on,
        took_part="Sally (children's social care), PC Jones (police), Dr Rao (health)",
        decision=StrategyDecision.SECTION_47,
        reasons="Alkira said her dad hit her mum on Tuesday night.",
    )
    return Enquiries(world=world, discussion_on=discussion_on)


def professional(name: str, agency: str, kind: str) -> Professional:
    return Professional.objects.create(name=name, agency=Agency.objects.get_or_create(name=agency, kind=kind)[0])


def arrange_initial_conference(world: World, day: datetime.date | None = None) -> Meeting:
    day = day or next_weekday(timezone.localdate() - datetime.timedelta(days=3))
    return meeting_arrange(
        acting_user=world.worker,
        case=world.case,
        kind=MeetingKind.INITIAL_CONFERENCE,
        children=[world.child, world.sibling],
        starts_at=at(day),
        ends_at=at(day, 12),
        venue="Room 2, Civic Centre",
        chair=world.chair,
    )


def quorate(world: World, meeting: Meeting) -> Meeting:
    """Children's social care (the worker and chair), health and police in the room."""
    for name, agency, kind in (("Dr Rao", "Riverside Surgery", "health"), ("PC Jones", "County Police", "police")):
        world.case.professionals.add(professional(name, agency, kind))
    for prof in world.case.professionals.all():
        meeting.refresh_from_db()
        invitee_add(acting_user=world.worker, meeting=meeting, expected_version=meeting.version, professional=prof)
    for invitee in meeting.invitees.all():
        attendance_record(
            acting_user=world.worker, invitee=invitee, expected_version=invitee.version, attendance=Attendance.PRESENT
        )
    meeting.refresh_from_db()
    return meeting


__all__ = ["add_working_days"]
