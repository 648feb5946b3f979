"""A meeting as a calendar invitation (RFC 5545), for staff to put in their own calendars.

The file leaves the case record: it goes to mail servers, phones and shared calendars. So it says only what kind
of meeting it is, its reference, when and where; the children, the family and their address stay in Casemap.
One UID for the life of the meeting and SEQUENCE from `calendar_sequence` let a calendar replace the event it
already holds when the meeting is moved or cancelled.
"""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from icalendar import Calendar, Event

from casemap.meetings.models import Meeting, MeetingStatus

PRODID = "-//Casemap//Meetings//EN"
# Meetings are held in England: the invitation keeps the local wall-clock time across a clock change.
LONDON = ZoneInfo("Europe/London")
DEFAULT_LENGTH = datetime.timedelta(hours=1)


def meeting_calendar_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@casemap"


def _description(meeting: Meeting, link: str) -> str:
    title = f"{meeting.get_kind_display()} {meeting.reference}"
    lines = [f"{title}: cancelled." if meeting.status == MeetingStatus.CANCELLED else f"{title}."]
    lines.append(f"The details are in Casemap: {link}" if link else "The details are in Casemap.")
    return "\n".join(lines)


def meeting_calendar(meeting: Meeting, *, link: str = "", stamp: datetime.datetime | None = None) -> bytes:
    """The meeting as an .ics file: a request, or a cancellation once it is cancelled. `link` is the meeting's
    page; `stamp` is when the file was made (now unless given)."""
    cancelled = meeting.status == MeetingStatus.CANCELLED
    # Arithmetic in UTC, then local: an hour added across a clock change is still an hour.
    ends_at = meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH
    starts, ends = meeting.starts_at.astimezone(LONDON), ends_at.astimezone(LONDON)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", meeting_calendar_uid(meeting))
    event.add("sequence", meeting.calendar_sequence)
    event.add("dtstamp", (stamp or timezone.now()).astimezone(datetime.UTC))
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", f"{meeting.get_kind_display()} {meeting.reference}")
    event.add("description", _description(meeting, link))
    event.add("location", meeting.venue)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    # The rules of the meeting's own years only: both offsets, and a short file.
    calendar.add_missing_timezones(
        first_date=datetime.date(starts.year, 1, 1), last_date=datetime.date(ends.year + 1, 1, 1)
    )
    return calendar.to_ical()
