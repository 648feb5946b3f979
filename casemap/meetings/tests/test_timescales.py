"""Due dates worked out from the events recorded: the chains of reviews, core groups and children's reviews."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from casemap.cases.models import Case
from casemap.cases.services.statutory import protection_plan_open
from casemap.core.working_days import add_months
from casemap.meetings.models import MeetingKind
from casemap.meetings.selectors import due_lists
from casemap.meetings.services.arranging import meeting_arrange, meeting_conclude
from casemap.meetings.tests.conftest import arrange_initial_conference, at, next_weekday, quorate
from casemap.meetings.timescales import (
    assessment_due,
    child_in_care_review_due,
    child_in_need_review_due,
    core_group_due,
    documents_due,
    initial_conference_due,
    review_conference_due,
)

D = datetime.date


@pytest.mark.parametrize(
    ("function", "arguments", "due"),
    [
        (initial_conference_due, ([D(2025, 12, 15)],), D(2026, 1, 8)),
        (initial_conference_due, ([D(2025, 12, 13)],), D(2026, 1, 7)),
        # Several enquiries: the latest strategy discussion counts.
        (initial_conference_due, ([D(2025, 12, 13), D(2025, 12, 15)],), D(2026, 1, 8)),
        (core_group_due, (D(2026, 1, 8), None), D(2026, 1, 22)),
        (core_group_due, (D(2023, 5, 2), None), D(2023, 5, 17)),
        (core_group_due, (D(2026, 1, 8), D(2026, 1, 20)), D(2026, 3, 3)),
        (review_conference_due, (MeetingKind.INITIAL_CONFERENCE, D(2023, 11, 30)), D(2024, 2, 29)),
        (review_conference_due, (MeetingKind.INITIAL_CONFERENCE, D(2024, 11, 30)), D(2025, 2, 28)),
        # Chained from the date the review was held, never the date it was due.
        (review_conference_due, (MeetingKind.REVIEW_CONFERENCE, D(2024, 2, 29)), D(2024, 8, 29)),
        (child_in_care_review_due, (D(2026, 12, 18), []), D(2027, 1, 20)),
        (child_in_care_review_due, (D(2026, 12, 18), [D(2027, 1, 15)]), D(2027, 4, 15)),
        (child_in_care_review_due, (D(2026, 12, 18), [D(2027, 1, 15), D(2027, 4, 10)]), D(2027, 10, 10)),
        (child_in_need_review_due, (D(2026, 3, 27), None), D(2026, 4, 14)),  # Easter
        (child_in_need_review_due, (D(2026, 3, 27), D(2026, 4, 10)), D(2026, 7, 3)),
        (assessment_due, (D(2026, 1, 5),), D(2026, 3, 9)),
    ],
)
def test_due_dates(db, function, arguments, due):
    assert function(*arguments) == due


def test_documents_are_due_one_and_fifteen_working_days_after(db):
    assert documents_due(D(2026, 3, 27)) == (D(2026, 3, 30), D(2026, 4, 21))


@override_settings(CASEMAP_TIMESCALES={"core_group_interval_weeks": 4, "later_review_months": 5})
def test_local_rules_are_settings(db):
    assert core_group_due(D(2026, 1, 8), D(2026, 1, 20)) == D(2026, 2, 17)
    assert review_conference_due(MeetingKind.REVIEW_CONFERENCE, D(2024, 2, 29)) == D(2024, 7, 29)


def test_a_review_arranged_after_the_conference_is_due_three_months_after_the_day_it_was_held(enquiries):
    world = enquiries.world
    conference = quorate(world, arrange_initial_conference(world))
    held_on = timezone.localtime(conference.starts_at).date()
    meeting_conclude(acting_user=world.chair, meeting=conference, expected_version=None, held_on=held_on)
    for child in (world.child, world.sibling):
        protection_plan_open(acting_user=world.worker, case=world.case, child=child, started_on=held_on, category="EMO")
    review = meeting_arrange(
        acting_user=world.worker,
        case=world.case,
        kind=MeetingKind.REVIEW_CONFERENCE,
        children=[world.child, world.sibling],
        starts_at=at(next_weekday(add_months(held_on, 3) - datetime.timedelta(days=5))),
        ends_at=None,
        venue="Room 2",
        chair=world.chair,
    )
    assert review.due_on == add_months(held_on, 3)
    assert review.previous == conference
    core_group = meeting_arrange(
        acting_user=world.worker,
        case=world.case,
        kind=MeetingKind.CORE_GROUP,
        children=[world.child],
        starts_at=at(next_weekday(held_on + datetime.timedelta(days=7))),
        ends_at=None,
        venue="Children's centre",
    )
    assert core_group.due_on == core_group_due(held_on, None)
    # The list of what is due gives the same date the meeting was arranged with.
    listed = due_lists(Case.objects.filter(pk=world.case.pk))
    core_groups = [item for lst in (listed.overdue, listed.due_soon, listed.later) for item in lst]
    assert {item.due_on for item in core_groups if item.what == "Core group"} == {core_group.due_on}
