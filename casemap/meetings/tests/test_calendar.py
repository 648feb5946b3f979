"""Calendar invitations: one UID for the life of a meeting, SEQUENCE on each change, a cancellation that cancels,
local time across a clock change, and nothing about the family in the file."""

import datetime
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import World
from casemap.meetings.calendar import meeting_calendar
from casemap.meetings.models import Meeting, MeetingKind
from casemap.meetings.services.arranging import invitee_add, meeting_arrange, meeting_cancel, meeting_reschedule
from casemap.meetings.tests.conftest import Enquiries, arrange_initial_conference, at, next_weekday
from casemap.people.services import person_update

TODAY = timezone.localdate()


def parsed(ics: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(ics)
    (event,) = calendar.events
    return calendar, event


def times(event: Event) -> tuple[datetime.datetime, datetime.datetime]:
    start, end = event.start, event.end
    assert isinstance(start, datetime.datetime) and isinstance(end, datetime.datetime)
    return start, end


def unfolded(ics: bytes) -> str:
    """The file's text with folded lines joined and escapes undone, so a name split over two lines is found."""
    text = ics.decode().replace("\r\n ", "").replace("\r\n\t", "")
    return text.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n").replace("\\\\", "\\")


def test_the_uid_stays_while_the_sequence_counts_each_change_and_a_cancellation_cancels(
    enquiries: Enquiries,
) -> None:
    world = enquiries.world
    conference = arrange_initial_conference(world)
    calendar, first = parsed(meeting_calendar(conference))
    assert calendar.version == "2.0" and "Casemap" in calendar.prodid
    assert calendar.method == "REQUEST" and first.status == "CONFIRMED"
    assert first.uid == f"{conference.uid}@casemap"
    assert first.summary == f"Initial child protection conference {conference.reference}"
    assert first.location == "Room 2, Civic Centre"
    assert times(first)[1] - times(first)[0] == datetime.timedelta(hours=2)
    assert first.DTSTAMP is not None

    moved = meeting_reschedule(
        acting_user=world.worker,
        meeting=conference,
        expected_version=conference.version,
        starts_at=at(next_weekday(TODAY + datetime.timedelta(days=9)), 14),
        ends_at=None,
        venue="Online: the link is in the invitation email",
    )
    calendar, second = parsed(meeting_calendar(moved))
    assert second.uid == first.uid
    assert second.sequence == first.sequence + 1
    assert calendar.method == "REQUEST"
    starts, ends = times(second)
    assert starts.hour == 14 and ends - starts == datetime.timedelta(hours=1)

    cancelled = meeting_cancel(
        acting_user=world.worker, meeting=moved, expected_version=moved.version, reason="Family moved away"
    )
    calendar, third = parsed(meeting_calendar(cancelled))
    assert third.uid == first.uid
    assert third.sequence == second.sequence + 1
    assert calendar.method == "CANCEL" and third.status == "CANCELLED"
    assert "Family moved away" not in unfolded(meeting_calendar(cancelled))


def test_no_name_or_address_of_anyone_on_the_case_is_in_the_file(enquiries: Enquiries) -> None:
    world = enquiries.world
    for person in (world.mother, world.child):
        person.refresh_from_db()
        person_update(
            acting_user=world.worker,
            person=person,
            expected_version=person.version,
            address_line_1="14 Wattle Street",
            postcode="ZX9 8YW",
        )
    conference = arrange_initial_conference(world)
    conference.refresh_from_db()
    invitee_add(acting_user=world.worker, meeting=conference, expected_version=conference.version, person=world.mother)
    conference.refresh_from_db()
    text = unfolded(meeting_calendar(conference, link="https://casemap.example/meetings/1/")).lower()

    members = [member.person for member in world.case.memberships.select_related("person")]
    assert len(members) == 3
    private = {world.case.family_name, "Cooper"}
    for person in members:
        private |= {person.first_name, person.last_name, person.known_as, person.address_line_1, person.postcode}
    private.discard("")
    assert {"14 Wattle Street", "ZX9 8YW", "Alkira", "Darel", "Merinda"} <= private
    for word in private:
        assert word.lower() not in text, word
    assert f"initial child protection conference {conference.reference.lower()}" in text
    assert "the details are in casemap: https://casemap.example/meetings/1/" in text


def _monday_after_the_october_change(year: int) -> datetime.date:
    last_sunday = datetime.date(year, 10, 31)
    last_sunday -= datetime.timedelta(days=(last_sunday.weekday() + 1) % 7)
    return last_sunday + datetime.timedelta(days=1)


def _in_july(year: int) -> datetime.date:
    return next_weekday(datetime.date(year, 7, 14))


@pytest.mark.parametrize(
    ("day_in", "utc_hour"), [(_monday_after_the_october_change, 10), (_in_july, 9)], ids=["winter", "summer"]
)
def test_ten_oclock_in_london_stays_ten_oclock_either_side_of_a_clock_change(
    enquiries: Enquiries, day_in: Callable[[int], datetime.date], utc_hour: int
) -> None:
    world = enquiries.world
    day = day_in(TODAY.year + 1)
    conference = meeting_arrange(
        acting_user=world.worker,
        case=world.case,
        kind=MeetingKind.INITIAL_CONFERENCE,
        children=[world.child],
        starts_at=at(day, 10),
        ends_at=None,
        venue="Room 2, Civic Centre",
        chair=world.chair,
    )
    ics = meeting_calendar(conference)
    calendar, event = parsed(ics)
    assert f"DTSTART;TZID=Europe/London:{day:%Y%m%d}T100000" in ics.decode()
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    starts, ends = times(event)
    assert (starts.date(), starts.hour) == (day, 10)
    assert starts.astimezone(datetime.UTC).hour == utc_hour
    assert ends.astimezone(datetime.UTC).hour == utc_hour + 1
    (zone,) = calendar.timezones
    assert zone["TZID"] == "Europe/London"
    assert {part.name for part in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


@pytest.mark.parametrize(
    ("persona", "status"),
    [("worker", 200), ("teammate", 200), ("chair", 200), ("other_worker", 404), ("practice_lead", 404)],
)
def test_the_invitation_downloads_for_those_who_see_the_case_and_is_logged(
    enquiries: Enquiries, client_for: Callable, persona: str, status: int
) -> None:
    world: World = enquiries.world
    conference: Meeting = arrange_initial_conference(world)
    user = getattr(world, persona)
    url = reverse("meetings:calendar", args=[conference.pk])
    assert url == f"/meetings/{conference.pk}/calendar.ics"
    response = client_for(user).get(url)
    assert response.status_code == status
    exports = AccessLogEntry.objects.filter(
        user=user, action=AccessAction.EXPORT, record_type="meeting", record_id=str(conference.pk)
    )
    if status == 404:
        assert not exports.exists()
        return
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{conference.reference}.ics"'
    _calendar, event = parsed(response.content)
    assert event.uid == f"{conference.uid}@casemap"
    assert f"http://testserver/meetings/{conference.pk}/" in unfolded(response.content)
    assert {entry.person for entry in exports} == {world.child, world.sibling}


def test_the_invitation_is_only_read(enquiries: Enquiries, client_for: Callable) -> None:
    conference = arrange_initial_conference(enquiries.world)
    response = client_for(enquiries.world.worker).post(reverse("meetings:calendar", args=[conference.pk]))
    assert response.status_code == 405
