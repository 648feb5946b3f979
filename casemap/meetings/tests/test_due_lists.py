"""What is due for a family, step by step through child protection: each step's due date comes from the records,
and a meeting arranged for a step carries the date it was due when it was arranged."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casemap.cases.models import Case, StrategyDecision
from casemap.cases.services.statutory import assessment_start, protection_plan_open, strategy_discussion_record
from casemap.core.working_days import add_months, add_working_days
from casemap.meetings.models import MeetingKind
from casemap.meetings.selectors import ASSESSMENT_TO_AUTHORISE, DueLists, due_counts, due_lists
from casemap.meetings.services.arranging import meeting_arrange, meeting_conclude
from casemap.meetings.tests.conftest import arrange_initial_conference, at, next_weekday, quorate
from casemap.meetings.timescales import core_group_due, initial_conference_due

CONFERENCE_LABELS = {MeetingKind.INITIAL_CONFERENCE.label, MeetingKind.REVIEW_CONFERENCE.label}


def steps(lists: DueLists) -> dict[tuple[str, str], datetime.date]:
    """(what, child's first name) -> due date, over every list."""
    return {
        (item.what, item.child_name.split()[0]): item.due_on
        for items in (lists.overdue, lists.due_soon, lists.later)
        for item in items
    }


def family_lists(world, **options) -> DueLists:  # type: ignore[no-untyped-def]
    return due_lists(Case.objects.filter(pk=world.case.pk), **options)


def test_an_enquiry_waits_for_its_initial_conference_until_one_is_held(enquiries):
    world = enquiries.world
    due = initial_conference_due([enquiries.discussion_on])
    assert steps(family_lists(world)) == {
        (MeetingKind.INITIAL_CONFERENCE.label, world.child.first_name): due,
        (MeetingKind.INITIAL_CONFERENCE.label, world.sibling.first_name): due,
    }
    conference = arrange_initial_conference(world)
    listed = family_lists(world)
    assert {item.meeting for items in (listed.overdue, listed.due_soon, listed.later) for item in items} == {conference}

    quorate(world, conference)
    held_on = timezone.localtime(conference.starts_at).date()
    meeting_conclude(acting_user=world.chair, meeting=conference, expected_version=None, held_on=held_on)
    assert steps(family_lists(world)) == {}  # no plan yet, and the enquiries have had their conference


def test_a_plan_is_due_a_review_three_months_after_the_conference_and_core_groups_from_it(enquiries):
    world = enquiries.world
    conference = quorate(world, arrange_initial_conference(world, next_weekday(enquiries.discussion_on)))
    held_on = timezone.localtime(conference.starts_at).date()
    meeting_conclude(acting_user=world.chair, meeting=conference, expected_version=None, held_on=held_on)
    protection_plan_open(
        acting_user=world.worker, case=world.case, child=world.child, started_on=held_on, category="EMO"
    )

    assert steps(family_lists(world)) == {
        (MeetingKind.REVIEW_CONFERENCE.label, world.child.first_name): add_months(held_on, 3),
        (MeetingKind.CORE_GROUP.label, world.child.first_name): add_working_days(held_on, 10),
    }
    core_group_on = next_weekday(held_on + datetime.timedelta(days=7))
    core_group = meeting_arrange(
        acting_user=world.worker,
        case=world.case,
        kind=MeetingKind.CORE_GROUP,
        children=[world.child],
        starts_at=at(core_group_on),
        ends_at=None,
        venue="Children's centre",
    )
    meeting_conclude(acting_user=world.worker, meeting=core_group, expected_version=None, held_on=core_group_on)
    listed = steps(family_lists(world))
    assert listed[(MeetingKind.CORE_GROUP.label, world.child.first_name)] == core_group_due(held_on, core_group_on)

    # A chair's list keeps only the conferences.
    assert set(steps(family_lists(world, only=CONFERENCE_LABELS))) == {
        (MeetingKind.REVIEW_CONFERENCE.label, world.child.first_name)
    }


def test_a_review_held_moves_the_next_review_to_six_months_after_it(enquiries):
    world = enquiries.world
    conference = quorate(world, arrange_initial_conference(world, next_weekday(enquiries.discussion_on)))
    held_on = timezone.localtime(conference.starts_at).date()
    meeting_conclude(acting_user=world.chair, meeting=conference, expected_version=None, held_on=held_on)
    protection_plan_open(
        acting_user=world.worker, case=world.case, child=world.child, started_on=held_on, category="EMO"
    )
    review_on = next_weekday(held_on + datetime.timedelta(days=14))
    review = meeting_arrange(
        acting_user=world.worker,
        case=world.case,
        kind=MeetingKind.REVIEW_CONFERENCE,
        children=[world.child],
        starts_at=at(review_on),
        ends_at=None,
        venue="Room 2",
        chair=world.chair,
    )
    meeting_conclude(
        acting_user=world.chair,
        meeting=quorate(world, review),
        expected_version=None,
        held_on=review_on,
    )
    assert steps(family_lists(world))[(MeetingKind.REVIEW_CONFERENCE.label, world.child.first_name)] == add_months(
        review_on, 6
    )


def test_a_conference_held_after_its_date_is_listed_as_held_late_with_its_children(world):
    discussion_on = timezone.localdate() - datetime.timedelta(days=29)  # the case opened 30 days ago
    strategy_discussion_record(
        acting_user=world.worker,
        case=world.case,
        children=[world.child, world.sibling],
        held_on=discussion_on,
        took_part="Sally (children's social care), PC Jones (police)",
        decision=StrategyDecision.SECTION_47,
        reasons="Alkira said her dad hit her mum.",
    )
    late_day = add_working_days(discussion_on, 16)
    conference = quorate(world, arrange_initial_conference(world, late_day))
    assert conference.due_on is not None and conference.due_on < late_day
    meeting_conclude(acting_user=world.chair, meeting=conference, expected_version=None, held_on=late_day)

    [late] = family_lists(world).held_late
    assert (late.meeting_id, late.due_on, late.held_on) == (conference.pk, conference.due_on, late_day)
    assert late.children == [world.child.full_name, world.sibling.full_name]
    assert late.days_late == 1
    assert family_lists(world, only={MeetingKind.CORE_GROUP.label}).held_late == []


def test_an_assessment_waits_to_be_authorised(world):
    started_on = timezone.localdate() - datetime.timedelta(days=3)
    assessment_start(acting_user=world.worker, case=world.case, child=world.child, started_on=started_on)
    listed = family_lists(world)
    assert steps(listed) == {(ASSESSMENT_TO_AUTHORISE, world.child.first_name): add_working_days(started_on, 45)}
    assert (listed.later[0].case_id, listed.later[0].worker) == (world.case.pk, world.worker.get_full_name())


def test_my_caseloads_counts_agree_with_the_lists_for_less(enquiries):
    world = enquiries.world
    due = initial_conference_due([enquiries.discussion_on])
    cases = Case.objects.filter(pk=world.case.pk)
    for today in (due + datetime.timedelta(days=1), due, due - datetime.timedelta(days=40)):
        lists = due_lists(cases, today=today)
        counts = due_counts(cases, today=today)
        assert (counts.overdue, counts.due_soon) == (len(lists.overdue), len(lists.due_soon)), today
    assert due_counts(cases, today=due + datetime.timedelta(days=1)).overdue == 2
    assert due_counts(cases, today=due).due_soon == 2
    # Without the workers' names and the meetings held late: two queries fewer than the lists.
    with CaptureQueriesContext(connection) as for_lists:
        due_lists(cases, today=due)
    with CaptureQueriesContext(connection) as for_counts:
        due_counts(cases, today=due)
    assert len(for_counts) == len(for_lists) - 2
