"""Per-child statutory records: what each service writes, and every refusal in plain words."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casemap.access.models import AccessLogEntry
from casemap.cases.models import (
    Assessment,
    AssessmentOutcome,
    ChildProtectionPlan,
    ChronologyEntry,
    EnquiryOutcome,
    Section47Enquiry,
    StrategyDecision,
)
from casemap.cases.services.statutory import (
    assessment_authorise,
    assessment_start,
    cin_plan_end,
    cin_plan_start,
    previous_plans,
    protection_plan_end,
    protection_plan_open,
    protection_plan_review,
    section47_complete,
    strategy_discussion_record,
)

TODAY = timezone.localdate()
DAYS_AGO = [TODAY - datetime.timedelta(days=n) for n in range(30)]


def discussion(world, *, decision=StrategyDecision.SECTION_47, held_on=None, children=None):
    return strategy_discussion_record(
        acting_user=world.worker,
        case=world.case,
        children=children or [world.child, world.sibling],
        held_on=held_on or DAYS_AGO[10],
        took_part="Sally (children's social care), PC Jones (police), Dr Rao (health)",
        decision=decision,
        reasons="Alkira said her dad hit her mum on Tuesday night.",
    )


def test_an_assessment_starts_on_the_childs_episode_and_is_authorised_by_a_manager(world):
    assessment = assessment_start(acting_user=world.worker, case=world.case, child=world.child, started_on=DAYS_AGO[20])
    assert assessment.episode is not None and assessment.episode.child == world.child
    assert assessment.referral is not None and assessment.referral.child == world.child
    assert ChronologyEntry.objects.filter(person=world.child, summary="Assessment started").exists()
    assert AccessLogEntry.objects.filter(record_type="assessment", record_id=str(assessment.pk)).exists()

    with pytest.raises(PermissionDenied, match="Only a manager"):
        assessment_authorise(
            acting_user=world.worker,
            assessment=assessment,
            expected_version=assessment.version,
            authorised_on=DAYS_AGO[2],
            factors=["3A"],
            outcome=AssessmentOutcome.STRATEGY_DISCUSSION,
        )
    authorised = assessment_authorise(
        acting_user=world.manager,
        assessment=assessment,
        expected_version=assessment.version,
        authorised_on=DAYS_AGO[2],
        factors=["3A", "4B"],
        outcome=AssessmentOutcome.STRATEGY_DISCUSSION,
    )
    assert authorised.factors == ["3A", "4B"]
    assert authorised.authorised_by == world.manager
    assert authorised.history.count() == 2


@pytest.mark.parametrize(
    ("factors", "authorised_on", "message"),
    [
        ([], DAYS_AGO[1], "Choose at least one factor"),
        (["21", "3A"], DAYS_AGO[1], "'No factors identified' cannot be chosen with other factors"),
        (["99Z"], DAYS_AGO[1], "Choose factors from the list"),
        (["3A"], TODAY + datetime.timedelta(days=1), "must be today or in the past"),
        (["3A"], DAYS_AGO[25], "cannot be authorised before it started"),
    ],
)
def test_an_impossible_authorisation_is_refused(world, factors, authorised_on, message):
    assessment = assessment_start(acting_user=world.worker, case=world.case, child=world.child, started_on=DAYS_AGO[20])
    with pytest.raises(ValidationError, match=message):
        assessment_authorise(
            acting_user=world.manager,
            assessment=assessment,
            expected_version=assessment.version,
            authorised_on=authorised_on,
            factors=factors,
            outcome=AssessmentOutcome.CHILD_IN_NEED_PLAN,
        )
    assert Assessment.objects.get(pk=assessment.pk).authorised_on is None


def test_an_assessment_cannot_start_before_the_case_or_in_the_future(world):
    with pytest.raises(ValidationError, match="cannot be before the case was opened"):
        assessment_start(
            acting_user=world.worker,
            case=world.case,
            child=world.child,
            started_on=world.case.opened_on - datetime.timedelta(days=1),
        )
    with pytest.raises(ValidationError, match="today or in the past"):
        assessment_start(
            acting_user=world.worker, case=world.case, child=world.child, started_on=TODAY + datetime.timedelta(days=1)
        )


def test_a_strategy_discussion_starts_an_enquiry_for_each_child_on_its_day(world):
    held = discussion(world)
    enquiries = Section47Enquiry.objects.filter(strategy_discussion=held)
    assert {enquiry.child for enquiry in enquiries} == {world.child, world.sibling}
    assert {enquiry.started_on for enquiry in enquiries} == {held.held_on}
    assert ChronologyEntry.objects.filter(person=world.sibling, summary="Section 47 enquiry started").exists()
    assert AccessLogEntry.objects.filter(record_type="strategy discussion").count() == 2


def test_a_discussion_deciding_no_enquiry_starts_none(world):
    held = discussion(world, decision=StrategyDecision.ASSESSMENT)
    assert not Section47Enquiry.objects.filter(strategy_discussion=held).exists()


def test_someone_who_may_not_see_the_case_cannot_record_a_discussion(world):
    with pytest.raises(PermissionDenied):
        strategy_discussion_record(
            acting_user=world.other_worker,
            case=world.case,
            children=[world.child],
            held_on=DAYS_AGO[1],
            took_part="Priya",
            decision=StrategyDecision.SECTION_47,
            reasons="No reason",
        )


def test_a_conference_not_required_needs_a_reason_and_the_manager_who_agreed(world):
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion(world), child=world.child)
    complete = {
        "acting_user": world.worker,
        "enquiry": enquiry,
        "expected_version": enquiry.version,
        "completed_on": DAYS_AGO[3],
        "outcome": EnquiryOutcome.CHILD_IN_NEED,
    }
    with pytest.raises(ValidationError, match="Say why a conference is not required"):
        section47_complete(**complete, agreed_by=world.manager)
    with pytest.raises(ValidationError, match="Choose the manager who agreed"):
        section47_complete(**complete, not_required_reason="Mum has moved to her sister's")
    with pytest.raises(ValidationError, match="must be a manager in the team's line"):
        section47_complete(**complete, not_required_reason="Mum has moved", agreed_by=world.teammate)
    done = section47_complete(**complete, not_required_reason="Mum has moved", agreed_by=world.manager)
    assert done.conference_not_required and done.not_required_agreed_by == world.manager
    with pytest.raises(ValidationError, match="This enquiry was completed on"):
        section47_complete(
            **{**complete, "expected_version": done.version}, not_required_reason="x", agreed_by=world.manager
        )


def test_an_enquiry_cannot_end_before_it_started(world):
    enquiry = Section47Enquiry.objects.get(strategy_discussion=discussion(world), child=world.child)
    with pytest.raises(ValidationError, match="cannot end before it started"):
        section47_complete(
            acting_user=world.worker,
            enquiry=enquiry,
            expected_version=enquiry.version,
            completed_on=DAYS_AGO[20],
            outcome=EnquiryOutcome.CONFERENCE,
        )


def test_a_plan_is_one_at_a_time_ends_after_it_starts_and_counts_earlier_plans(world):
    plan = protection_plan_open(
        acting_user=world.worker, case=world.case, child=world.child, started_on=DAYS_AGO[9], category="EMO"
    )
    with pytest.raises(ValidationError, match="already has a child protection plan"):
        protection_plan_open(
            acting_user=world.worker, case=world.case, child=world.child, started_on=DAYS_AGO[8], category="NEG"
        )
    reviewed = protection_plan_review(acting_user=world.worker, plan=plan, category="MUL", reviewed_on=DAYS_AGO[5])
    assert (reviewed.initial_category, reviewed.latest_category) == ("EMO", "MUL")
    with pytest.raises(ValidationError, match="cannot end before it started"):
        protection_plan_end(acting_user=world.worker, plan=plan, ended_on=DAYS_AGO[20], reason="no_longer_at_risk")
    ended = protection_plan_end(acting_user=world.worker, plan=plan, ended_on=DAYS_AGO[1], reason="no_longer_at_risk")
    with pytest.raises(ValidationError, match="This plan ended on"):
        protection_plan_end(acting_user=world.worker, plan=ended, ended_on=DAYS_AGO[0], reason="no_longer_at_risk")
    second = protection_plan_open(
        acting_user=world.worker,
        case=world.case,
        child=world.child,
        started_on=DAYS_AGO[0],
        category="NEG",
        previous_plans_elsewhere=2,
    )
    assert previous_plans(world.child, before=second) == 3
    assert ChildProtectionPlan.objects.filter(child=world.child).count() == 2


def test_a_child_in_need_plan_cannot_end_before_it_starts(world):
    plan = cin_plan_start(acting_user=world.worker, case=world.case, child=world.sibling, started_on=DAYS_AGO[10])
    with pytest.raises(ValidationError, match="already has a child in need plan"):
        cin_plan_start(acting_user=world.worker, case=world.case, child=world.sibling, started_on=DAYS_AGO[9])
    with pytest.raises(ValidationError, match="cannot end before it started"):
        cin_plan_end(acting_user=world.worker, plan=plan, expected_version=plan.version, ended_on=DAYS_AGO[11])
    ended = cin_plan_end(acting_user=world.worker, plan=plan, expected_version=plan.version, ended_on=DAYS_AGO[1])
    assert ended.ended_on == DAYS_AGO[1]
