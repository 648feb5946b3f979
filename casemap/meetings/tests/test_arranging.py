"""Arranging, attending and ending meetings: due dates from the records, quorum, and every refusal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casemap.access.models import AccessLogEntry, CaseAssignment
from casemap.access.policy import can_view_case
from casemap.cases.models import ChronologyEntry, EnquiryOutcome, Section47Enquiry
from casemap.core.working_days import add_working_days
from casemap.meetings.models import Attendance, ConferencePart, Meeting, MeetingKind, MeetingStatus
from casemap.meetings.quorum import quorum_of
from casemap.meetings.services.arranging import (
    attendance_record,
    invitee_add,
    meeting_arrange,
    meeting_cancel,
    meeting_conclude,
    meeting_reschedule,
)
from casemap.meetings.tests.conftest import arrange_initial_conference, at, next_weekday, quorate

TODAY = timezone.localdate()


def test_an_initial_conference_is_due_15_working_days_after_the_strategy_discussion(enquiries):
    world = enquiries.world
    conference = arrange_initial_conference(world)
    assert conference.due_on == add_working_days(enquiries.discussion_on, 15)
    assert {link.enquiry for link in conference.meeting_children.all()} == set(enquiries.enquiries)
    assert ChronologyEntry.objects.filter(person=world.sibling, summary__startswith="Initial child protection").exists()
    assert AccessLogEntry.objects.filter(record_type="meeting", record_id=str(conference.pk)).count() == 2
    # The allocated worker and the chair are invited; the chair is assigned to the case and may now see it.
    assert {invitee.user for invitee in conference.invitees.all()} == {world.worker, world.chair}
    assert CaseAssignment.objects.filter(case=world.case, user=world.chair).exists()
    assert can_view_case(world.chair, world.case)


def test_rescheduling_never_moves_the_due_date(enquiries):
    conference = arrange_initial_conference(enquiries.world)
    later = next_weekday(TODAY + datetime.timedelta(days=30))
    moved = meeting_reschedule(
        acting_user=enquiries.world.worker,
        meeting=conference,
        expected_version=conference.version,
        starts_at=at(later),
        ends_at=None,
        venue="Online",
    )
    assert moved.due_on == conference.due_on
    assert moved.calendar_sequence == conference.calendar_sequence + 1


def test_a_conference_on_a_weekend_is_refused(enquiries):
    saturday = TODAY + datetime.timedelta(days=(5 - TODAY.weekday()) % 7 or 7)
    with pytest.raises(ValidationError, match="cannot be on a Saturday or Sunday"):
        arrange_initial_conference(enquiries.world, saturday)


def test_two_open_conferences_for_one_enquiry_are_refused(enquiries):
    arrange_initial_conference(enquiries.world)
    with pytest.raises(ValidationError, match="already has a conference arranged"):
        arrange_initial_conference(enquiries.world)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (MeetingKind.REVIEW_CONFERENCE, "has no child protection plan to review"),
        (MeetingKind.CORE_GROUP, "has no child protection plan to review"),
        (MeetingKind.CHILD_IN_NEED_REVIEW, "has no child in need plan to review"),
        (MeetingKind.CHILD_IN_CARE_REVIEW, "is not in care"),
    ],
)
def test_a_meeting_the_records_give_no_reason_for_is_refused(world, kind, message):
    with pytest.raises(ValidationError, match=message):
        meeting_arrange(
            acting_user=world.worker,
            case=world.case,
            kind=kind,
            children=[world.child],
            starts_at=at(next_weekday(TODAY + datetime.timedelta(days=3))),
            ends_at=None,
            venue="Room 1",
            chair=world.chair,
        )


def test_an_initial_conference_needs_an_enquiry_and_a_chair(world, enquiries):
    with pytest.raises(ValidationError, match="Choose who will chair"):
        meeting_arrange(
            acting_user=world.worker,
            case=world.case,
            kind=MeetingKind.INITIAL_CONFERENCE,
            children=[world.child],
            starts_at=at(next_weekday(TODAY + datetime.timedelta(days=3))),
            ends_at=None,
            venue="Room 1",
        )
    with pytest.raises(ValidationError, match="must be a conference chair or a manager"):
        meeting_arrange(
            acting_user=world.worker,
            case=world.case,
            kind=MeetingKind.INITIAL_CONFERENCE,
            children=[world.child],
            starts_at=at(next_weekday(TODAY + datetime.timedelta(days=3))),
            ends_at=None,
            venue="Room 1",
            chair=world.teammate,
        )


def test_a_worker_in_another_team_cannot_arrange_a_meeting(enquiries):
    world = enquiries.world
    with pytest.raises(PermissionDenied):
        meeting_arrange(
            acting_user=world.other_worker,
            case=world.case,
            kind=MeetingKind.INITIAL_CONFERENCE,
            children=[world.child],
            starts_at=at(next_weekday(TODAY + datetime.timedelta(days=3))),
            ends_at=None,
            venue="Room 1",
            chair=world.chair,
        )


def test_quorum_is_social_care_and_two_other_agencies_in_the_room(enquiries):
    world = enquiries.world
    conference = arrange_initial_conference(world)
    assert not quorum_of(conference.invitees.all()).is_quorate
    conference = quorate(world, conference)
    quorum = quorum_of(conference.invitees.all())
    assert quorum.is_quorate, quorum.summary
    police = conference.invitees.get(agency_type="police")
    attendance_record(
        acting_user=world.worker,
        invitee=police,
        expected_version=police.version,
        attendance=Attendance.PRESENT,
        arrived_at=datetime.time(10),
        left_at=datetime.time(10, 30),
    )
    after = quorum_of(conference.invitees.all())
    assert not after.is_quorate
    assert after.missing == "1 more agency needed."


def test_an_inquorate_conference_can_only_be_adjourned_unless_the_chair_says_why(enquiries):
    world = enquiries.world
    conference = arrange_initial_conference(world)
    held_on = timezone.localtime(conference.starts_at).date()
    with pytest.raises(ValidationError, match="not quorate"):
        meeting_conclude(
            acting_user=world.chair, meeting=conference, expected_version=conference.version, held_on=held_on
        )
    with pytest.raises(ValidationError, match="Give the date the conference will meet again"):
        meeting_conclude(
            acting_user=world.chair,
            meeting=conference,
            expected_version=conference.version,
            held_on=held_on,
            adjourned=True,
            interim_plan="Dad stays at his brother's",
        )
    too_late = at(next_weekday(add_working_days(held_on, 12)))
    with pytest.raises(ValidationError, match="within 10 working days"):
        meeting_conclude(
            acting_user=world.chair,
            meeting=conference,
            expected_version=conference.version,
            held_on=held_on,
            adjourned=True,
            reconvene_at=too_late,
            interim_plan="Dad stays at his brother's",
        )
    again_on = add_working_days(held_on, 5)
    adjourned = meeting_conclude(
        acting_user=world.chair,
        meeting=conference,
        expected_version=conference.version,
        held_on=held_on,
        adjourned=True,
        reconvene_at=at(again_on),
        interim_plan="Dad stays at his brother's",
    )
    assert adjourned.status == MeetingStatus.ADJOURNED
    again = Meeting.objects.get(previous=adjourned)
    assert again.due_on == conference.due_on
    # The chair carries on through the reconvened conference's own assignment.
    assignments = CaseAssignment.objects.filter(case=world.case, user=world.chair).order_by("pk")
    assert [a.ends_on for a in assignments] == [TODAY, None]
    assert assignments.last().purpose.endswith(again.reference)
    assert again.invitees.count() == conference.invitees.count()
    assert {link.enquiry_id for link in again.meeting_children.all()} == {e.pk for e in enquiries.enquiries}


def test_the_chair_may_record_why_an_inquorate_conference_went_ahead(enquiries):
    world = enquiries.world
    conference = arrange_initial_conference(world)
    held = meeting_conclude(
        acting_user=world.chair,
        meeting=conference,
        expected_version=conference.version,
        held_on=timezone.localtime(conference.starts_at).date(),
        quorum_override_reason="Police sent a full report and could not attend; the risk could not wait",
    )
    assert held.status == MeetingStatus.HELD
    assert {enquiry.outcome for enquiry in Section47Enquiry.objects.all()} == {EnquiryOutcome.CONFERENCE}


def test_only_the_chair_or_a_manager_ends_a_conference(enquiries):
    world = enquiries.world
    conference = quorate(world, arrange_initial_conference(world))
    with pytest.raises(PermissionDenied, match="Only the chair"):
        meeting_conclude(
            acting_user=world.teammate,
            meeting=conference,
            expected_version=conference.version,
            held_on=timezone.localtime(conference.starts_at).date(),
        )
    held = meeting_conclude(
        acting_user=world.chair,
        meeting=conference,
        expected_version=conference.version,
        held_on=timezone.localtime(conference.starts_at).date(),
    )
    assert held.status == MeetingStatus.HELD
    assignment = CaseAssignment.objects.get(case=world.case, user=world.chair)
    assert assignment.ends_on is not None and assignment.ends_on > TODAY


def test_attendance_refusals(enquiries):
    world = enquiries.world
    conference = arrange_initial_conference(world)
    conference.refresh_from_db()
    mother = invitee_add(
        acting_user=world.worker, meeting=conference, expected_version=conference.version, person=world.mother
    )
    with pytest.raises(ValidationError, match="after the time they arrived"):
        attendance_record(
            acting_user=world.worker,
            invitee=mother,
            expected_version=mother.version,
            attendance=Attendance.PRESENT,
            arrived_at=datetime.time(11),
            left_at=datetime.time(10),
        )
    with pytest.raises(ValidationError, match="Say why they were asked to leave"):
        attendance_record(
            acting_user=world.worker,
            invitee=mother,
            expected_version=mother.version,
            attendance=Attendance.PRESENT,
            excluded_from=[ConferencePart.AGENCY_REPORTS],
        )
    worker_invitee = conference.invitees.get(user=world.worker)
    with pytest.raises(ValidationError, match="Only a family member"):
        attendance_record(
            acting_user=world.worker,
            invitee=worker_invitee,
            expected_version=worker_invitee.version,
            attendance=Attendance.PRESENT,
            excluded_from=[ConferencePart.AGENCY_REPORTS],
            exclusion_reason="x",
        )
    conference.refresh_from_db()
    with pytest.raises(ValidationError, match="already invited"):
        invitee_add(
            acting_user=world.worker, meeting=conference, expected_version=conference.version, person=world.mother
        )


def test_a_cancelled_meeting_cannot_be_changed_and_ends_the_chairs_assignment(enquiries):
    world = enquiries.world
    conference = arrange_initial_conference(world)
    with pytest.raises(ValidationError, match="Say why"):
        meeting_cancel(acting_user=world.worker, meeting=conference, expected_version=conference.version, reason=" ")
    cancelled = meeting_cancel(
        acting_user=world.worker, meeting=conference, expected_version=conference.version, reason="Family moved away"
    )
    assert CaseAssignment.objects.get(case=world.case, user=world.chair).ends_on == TODAY
    with pytest.raises(ValidationError, match="This meeting is cancelled"):
        meeting_reschedule(
            acting_user=world.worker,
            meeting=cancelled,
            expected_version=cancelled.version,
            starts_at=at(next_weekday(TODAY + datetime.timedelta(days=9))),
            ends_at=None,
            venue="Room 1",
        )
