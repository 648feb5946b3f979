"""The conference record: agency reports and their sharing, the conference map, the child's view, scores sealed and
revealed parents first, and the decision for each child, signed and frozen, opening, reviewing or ending the plan."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casemap.access.models import AccessLogEntry
from casemap.cases.models import AbuseCategory, ChildProtectionPlan, ChronologyEntry, PlanEndReason
from casemap.conftest import World
from casemap.core.forms import StaleEditError
from casemap.core.working_days import add_working_days
from casemap.mapping.models import DangerStatement, MapSetting, MapStatus, RaterRole, ScalingJudgement
from casemap.mapping.services import danger_pair_remove, danger_pair_save, map_sign_off
from casemap.meetings.models import (
    Attendance,
    Invitee,
    InviteeRole,
    Meeting,
    MeetingKind,
    SealedScore,
    ShareRestriction,
)
from casemap.meetings.services.arranging import attendance_record, invitee_add, meeting_arrange, meeting_conclude
from casemap.meetings.services.conference import (
    ReportAnswers,
    agency_report_add,
    agency_report_update,
    childs_view_record,
    conference_day,
    conference_map_start,
    decision_save,
    decision_sign,
    scaling_status,
    scores_reveal,
    sealed_score_give,
    share_by,
    sharing_warnings,
)
from casemap.meetings.tests.conftest import arrange_initial_conference, at, next_weekday, quorate
from casemap.people.models import Person
from tests.browser.seed_map import record_seed_map

TODAY = timezone.localdate()
ANSWERS = ReportAnswers(
    worries="Alkira has missed 12 days of school this term.",
    working_well="Merinda brings Darel to school every day.",
    needs_to_happen="Alkira is in school every day, on time.",
    childs_wishes="Alkira wants her mum to stop crying.",
    score=4,
    score_reason="Attendance is better since the half term.",
)


# The family's conference, through the real services


def conference_with_family(world: World) -> Meeting:
    """An initial conference arranged, with Merinda (parent) and Darel (child) invited, then quorate: everyone
    invited is in the room."""
    meeting = arrange_initial_conference(world)
    meeting.refresh_from_db()
    invitee_add(
        acting_user=world.worker,
        meeting=meeting,
        expected_version=meeting.version,
        person=world.mother,
        role=InviteeRole.PARENT,
    )
    meeting.refresh_from_db()
    invitee_add(
        acting_user=world.worker,
        meeting=meeting,
        expected_version=meeting.version,
        person=world.sibling,
        role=InviteeRole.CHILD,
    )
    return quorate(world, meeting)


def invitee(meeting: Meeting, **lookup: object) -> Invitee:
    return meeting.invitees.get(**lookup)


def with_map(world: World, meeting: Meeting, statements: tuple[str, ...] = ("Dad may hit Mum",)) -> Meeting:
    conference_map_start(acting_user=world.worker, meeting=meeting, expected_version=meeting.version)
    meeting.refresh_from_db()
    assert meeting.map is not None
    for statement in statements:
        meeting.map.refresh_from_db()
        danger_pair_save(
            acting_user=world.worker,
            map_=meeting.map,
            expected_version=meeting.map.version,
            statement_fields={"statement": statement},
            goal_fields={"statement": "Everyone is safe at home"},
        )
    return meeting


def conclude(world: World, meeting: Meeting) -> Meeting:
    meeting.refresh_from_db()
    return meeting_conclude(
        acting_user=world.chair,
        meeting=meeting,
        expected_version=meeting.version,
        held_on=conference_day(meeting),
    )


def record_childs_view(world: World, meeting: Meeting, words: str = "Alkira drew her house with a sad face.") -> None:
    meeting.refresh_from_db()
    childs_view_record(acting_user=world.worker, meeting=meeting, expected_version=meeting.version, childs_view=words)


def save_decision(world: World, meeting: Meeting, child: Person, **answers: object) -> object:
    existing = meeting.decisions.filter(child=child).first()
    fields: dict[str, object] = {
        "significant_harm": True,
        "needs_plan": True,
        "category": AbuseCategory.EMOTIONAL,
        "reasons": "Alkira has seen her dad hit her mum three times this year.",
        "lead_worker": world.worker,
        "core_group": "Sally, Merinda Cooper, Dr Rao",
        **answers,
    }
    return decision_save(
        acting_user=world.chair,
        meeting=meeting,
        child=child,
        expected_version=existing.version if existing else 0,
        **fields,  # type: ignore[arg-type]
    )


def sign(user: object, meeting: Meeting, child: Person) -> object:
    decision = meeting.decisions.get(child=child)
    return decision_sign(acting_user=user, meeting=meeting, child=child, expected_version=decision.version)  # type: ignore[arg-type]


@pytest.fixture
def conference(enquiries) -> Meeting:  # type: ignore[no-untyped-def]
    return conference_with_family(enquiries.world)


# Agency reports


def test_a_report_is_written_by_a_professional_or_member_of_staff_invited(enquiries, conference):
    world = enquiries.world
    doctor = invitee(conference, name="Dr Rao")
    mother = invitee(conference, person=world.mother)
    with pytest.raises(ValidationError, match="Choose the author from the professionals"):
        agency_report_add(acting_user=world.worker, meeting=conference, author=mother, answers=ANSWERS)
    report = agency_report_add(acting_user=world.worker, meeting=conference, author=doctor, answers=ANSWERS)
    assert report.author.agency_name == "Riverside Surgery"
    assert AccessLogEntry.objects.filter(record_type="agency report", record_id=str(report.pk)).count() == 2
    with pytest.raises(ValidationError, match="Dr Rao has already given a report"):
        agency_report_add(acting_user=world.worker, meeting=conference, author=doctor, answers=ANSWERS)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"worries": " "}, "worries", "Enter what the agency is worried about"),
        ({"score": 7, "score_reason": ""}, "score_reason", "Say why the agency gave this score"),
        ({"score": 11}, "score", "from 0 to 10"),
        ({"score": None, "score_reason": "Because"}, "score", "Give the agency's score"),
        ({"shared_with_family_on": TODAY + datetime.timedelta(days=1)}, "shared_with_family_on", "today or in"),
        ({"share_restriction": ShareRestriction.POLICE}, "restriction_reason", "Say why the report may not be"),
        ({"share_restriction": "spies"}, "share_restriction", "from the list"),
    ],
)
def test_a_report_refuses_what_cannot_be_true(enquiries, conference, changes, field, message):
    answers = ReportAnswers(**{**ANSWERS.__dict__, **changes})
    with pytest.raises(ValidationError) as refused:
        agency_report_add(
            acting_user=enquiries.world.worker,
            meeting=conference,
            author=invitee(conference, name="PC Jones"),
            answers=answers,
        )
    assert message in refused.value.message_dict[field][0]


def test_a_report_changed_from_an_old_page_is_refused(enquiries, conference):
    world = enquiries.world
    report = agency_report_add(
        acting_user=world.worker, meeting=conference, author=invitee(conference, name="PC Jones"), answers=ANSWERS
    )
    changed = agency_report_update(
        acting_user=world.teammate,
        report=report,
        expected_version=report.version,
        answers=ReportAnswers(**{**ANSWERS.__dict__, "shared_with_family_on": TODAY}),
    )
    assert changed.version == report.version + 1 and changed.shared_with_family_on == TODAY
    with pytest.raises(StaleEditError):
        agency_report_update(acting_user=world.worker, report=report, expected_version=report.version, answers=ANSWERS)


def test_a_report_shared_too_late_is_warned_about(enquiries, conference):
    world = enquiries.world
    deadline = share_by(conference)
    assert deadline == add_working_days(conference_day(conference), -3)
    shared = {}
    for name, on, restriction in (
        ("Dr Rao", deadline, ""),
        ("PC Jones", deadline + datetime.timedelta(days=1), ""),
        ("Sally", None, ""),
        ("First", None, ShareRestriction.POLICE),
    ):
        author = conference.invitees.filter(name__startswith=name).first()
        assert author is not None, name
        shared[name] = agency_report_add(
            acting_user=world.worker,
            meeting=conference,
            author=author,
            answers=ReportAnswers(
                **{
                    **ANSWERS.__dict__,
                    "shared_with_family_on": on if on and on <= TODAY else None,
                    "share_restriction": restriction,
                    "restriction_reason": "Police are still interviewing" if restriction else "",
                }
            ),
        )
    warnings = sharing_warnings(conference, list(conference.agency_reports.all()))
    assert shared["Dr Rao"].pk not in warnings
    assert shared["First"].pk not in warnings, "a report that may not be shared is never warned about"
    assert shared["Sally"].pk in warnings
    assert "3 working days before the initial child protection conference" in warnings[shared["Sally"].pk].message
    if deadline + datetime.timedelta(days=1) <= TODAY:
        assert warnings[shared["PC Jones"].pk].message.startswith("Shared with the family on")


def test_a_review_shares_reports_5_working_days_before(db):
    day = datetime.date(2026, 4, 9)  # the Thursday after Easter Monday
    review = Meeting(kind=MeetingKind.REVIEW_CONFERENCE, starts_at=at(day))
    initial = Meeting(kind=MeetingKind.INITIAL_CONFERENCE, starts_at=at(day))
    assert share_by(review) == datetime.date(2026, 3, 31)
    assert share_by(initial) == datetime.date(2026, 4, 2)


# The conference map and the child's view


def test_the_conference_starts_its_own_map_of_the_case(enquiries, conference):
    world = enquiries.world
    meeting = with_map(world, conference)
    assert meeting.map is not None
    assert meeting.map.setting == MapSetting.CONFERENCE and meeting.map.status == MapStatus.DRAFT
    assert set(meeting.map.children.all()) == {world.child, world.sibling}
    assert ChronologyEntry.objects.filter(person=world.child, summary__startswith="Conference map started").exists()
    with pytest.raises(ValidationError, match="already has its map"):
        conference_map_start(acting_user=world.worker, meeting=meeting, expected_version=meeting.version)


def test_the_childs_view_cannot_be_left_empty(enquiries, conference):
    world = enquiries.world
    with pytest.raises(ValidationError, match="Enter the child's view"):
        childs_view_record(
            acting_user=world.worker, meeting=conference, expected_version=conference.version, childs_view=" "
        )
    record_childs_view(world, conference)
    conference.refresh_from_db()
    assert conference.childs_view.startswith("Alkira drew")


def test_a_worker_in_another_team_cannot_add_to_the_record(enquiries, conference):
    world = enquiries.world
    with pytest.raises(PermissionDenied):
        agency_report_add(
            acting_user=world.other_worker,
            meeting=conference,
            author=invitee(conference, name="Dr Rao"),
            answers=ANSWERS,
        )
    with pytest.raises(PermissionDenied):
        childs_view_record(
            acting_user=world.other_worker, meeting=conference, expected_version=conference.version, childs_view="x"
        )
    with pytest.raises(PermissionDenied):
        conference_map_start(acting_user=world.other_worker, meeting=conference, expected_version=conference.version)


# Scores in private, revealed together


def test_scores_are_given_once_each_by_someone_who_took_part(enquiries, conference):
    world = enquiries.world
    doctor = invitee(conference, name="Dr Rao")
    with pytest.raises(ValidationError, match="Start the conference map"):
        sealed_score_give(
            acting_user=world.worker, meeting=conference, invitee=doctor, danger_statement=None, score=3, reason="x"
        )
    meeting = with_map(world, conference)
    statement = DangerStatement.objects.get(map=meeting.map)
    sealed_score_give(
        acting_user=world.worker, meeting=meeting, invitee=doctor, danger_statement=None, score=3, reason="Bruises"
    )
    sealed_score_give(
        acting_user=world.worker, meeting=meeting, invitee=doctor, danger_statement=statement, score=2, reason="x"
    )
    with pytest.raises(ValidationError, match="Dr Rao has already given their score for the overall scale"):
        sealed_score_give(
            acting_user=world.worker, meeting=meeting, invitee=doctor, danger_statement=None, score=5, reason="y"
        )
    police = invitee(meeting, name="PC Jones")
    attendance_record(
        acting_user=world.worker, invitee=police, expected_version=police.version, attendance=Attendance.APOLOGIES
    )
    with pytest.raises(ValidationError, match="Choose who is giving the score"):
        sealed_score_give(
            acting_user=world.worker, meeting=meeting, invitee=police, danger_statement=None, score=5, reason="y"
        )
    with pytest.raises(ValidationError) as refused:
        sealed_score_give(
            acting_user=world.worker, meeting=meeting, invitee=doctor, danger_statement=None, score=12, reason=""
        )
    assert set(refused.value.message_dict) == {"score", "reason"}
    # The log says a score was given, never what it was.
    logged = AccessLogEntry.objects.filter(record_type="sealed score").values_list("detail", flat=True)
    assert logged and not any("Bruises" in detail or "3" in detail for detail in logged)
    status = scaling_status(meeting)
    assert [(scale.given, scale.taking_part) for scale in status.scales] == [(1, 5), (1, 5)]


def test_scores_are_revealed_together_parents_first(enquiries, conference):
    world = enquiries.world
    meeting = with_map(world, conference, ("Dad may hit Mum", "Alkira may miss school"))
    first, second = DangerStatement.objects.filter(map=meeting.map).order_by("position")
    # Given in the opposite order to the reveal: professionals, staff, the child, the parent.
    for who, score in (({"name": "PC Jones"}, 2), ({"user": world.worker}, 3), ({"person": world.sibling}, 6)):
        for statement in (second, None, first):
            sealed_score_give(
                acting_user=world.worker,
                meeting=meeting,
                invitee=invitee(meeting, **who),
                danger_statement=statement,
                score=score,
                reason=f"Reason of {who}",
            )
    mother = invitee(meeting, person=world.mother)
    sealed_score_give(
        acting_user=world.worker, meeting=meeting, invitee=mother, danger_statement=None, score=8, reason="He left"
    )
    assert not ScalingJudgement.objects.filter(map=meeting.map).exists(), "nothing is on the map before the reveal"
    with pytest.raises(PermissionDenied, match="Only the chair or a manager"):
        scores_reveal(acting_user=world.worker, meeting=meeting, expected_version=meeting.version)
    revealed = scores_reveal(acting_user=world.chair, meeting=meeting, expected_version=meeting.version)
    assert revealed.scores_revealed_at is not None
    judgements = list(ScalingJudgement.objects.filter(map=meeting.map).order_by("pk"))
    assert len(judgements) == SealedScore.objects.filter(meeting=meeting).count() == 10
    assert [j.rater_role for j in judgements[:4]] == [
        RaterRole.PARENT,
        RaterRole.CHILD,
        RaterRole.CHILD,
        RaterRole.CHILD,
    ]
    assert judgements[0].rater_name == "Merinda Cooper" and judgements[0].score == 8
    # Each person's scores in the map's order: the danger statements, then the overall scale.
    assert [j.danger_statement for j in judgements[1:4]] == [first, second, None]
    assert {j.rater_role for j in judgements[4:]} == {RaterRole.WORKER, RaterRole.PROFESSIONAL}
    assert ChronologyEntry.objects.filter(person=world.child, summary__startswith="Conference scores revealed").exists()
    with pytest.raises(ValidationError, match="no more can be given"):
        sealed_score_give(
            acting_user=world.worker, meeting=revealed, invitee=mother, danger_statement=first, score=1, reason="z"
        )
    with pytest.raises(ValidationError, match="The scores were revealed"):
        scores_reveal(acting_user=world.chair, meeting=revealed, expected_version=revealed.version)


def test_a_manager_in_the_line_may_reveal_but_not_with_no_scores(enquiries, conference):
    world = enquiries.world
    meeting = with_map(world, conference)
    with pytest.raises(ValidationError, match="No one has given a score yet"):
        scores_reveal(acting_user=world.manager, meeting=meeting, expected_version=meeting.version)
    sealed_score_give(
        acting_user=world.worker,
        meeting=meeting,
        invitee=invitee(meeting, name="Dr Rao"),
        danger_statement=None,
        score=4,
        reason="Better",
    )
    revealed = scores_reveal(acting_user=world.manager, meeting=meeting, expected_version=meeting.version)
    assert ScalingJudgement.objects.get(map=meeting.map).rater_name == "Dr Rao"
    assert revealed.scores_revealed_at is not None


def test_a_reveal_that_fails_reveals_nothing(enquiries, conference):
    world = enquiries.world
    meeting = with_map(world, conference)
    sealed_score_give(
        acting_user=world.worker,
        meeting=meeting,
        invitee=invitee(meeting, name="Dr Rao"),
        danger_statement=None,
        score=4,
        reason="Better",
    )
    assert meeting.map is not None
    meeting.map.refresh_from_db()
    map_sign_off(acting_user=world.manager, map_=meeting.map, expected_version=meeting.map.version)
    with pytest.raises(ValidationError, match="signed off"):
        scores_reveal(acting_user=world.chair, meeting=meeting, expected_version=meeting.version)
    meeting.refresh_from_db()
    assert meeting.scores_revealed_at is None
    assert not ScalingJudgement.objects.filter(map=meeting.map).exists()


# The decision for each child


@pytest.mark.parametrize(
    ("answers", "field", "message"),
    [
        ({"category": ""}, "category", "Choose the category of abuse"),
        ({"needs_plan": False, "core_group": ""}, "category", "only when the child has a child protection plan"),
        ({"significant_harm": False}, "needs_plan", "needs the conference to find the child at risk"),
        ({"significant_harm": None}, "significant_harm", "Say whether the child is suffering"),
        ({"needs_plan": None}, "needs_plan", "Say whether the child needs"),
        ({"reasons": " "}, "reasons", "Enter the reasons"),
        ({"lead_worker": None}, "lead_worker", "Choose the lead social worker for the plan"),
        ({"core_group": ""}, "core_group", "Choose who is in the core group"),
        ({"needs_plan": False, "category": ""}, "core_group", "only when the child has a child protection plan"),
    ],
)
def test_a_decision_refuses_what_cannot_be_true(enquiries, conference, answers, field, message):
    with pytest.raises(ValidationError) as refused:
        save_decision(enquiries.world, conference, enquiries.world.child, **answers)
    assert message in refused.value.message_dict[field][0]


def test_the_lead_worker_is_from_the_team_and_dissent_from_who_took_part(enquiries, conference):
    world = enquiries.world
    with pytest.raises(ValidationError, match="from the case's team"):
        save_decision(world, conference, world.child, lead_worker=world.other_worker)
    mother = invitee(conference, person=world.mother)
    with pytest.raises(ValidationError, match="Choose each agency that disagrees"):
        save_decision(world, conference, world.child, dissents=[(mother, "She does not agree")])
    police = invitee(conference, name="PC Jones")
    with pytest.raises(ValidationError, match="Say why PC Jones disagrees"):
        save_decision(world, conference, world.child, dissents=[(police, " ")])
    decision = save_decision(world, conference, world.child, dissents=[(police, "A child in need plan is enough")])
    assert [(d.invitee, d.reason) for d in decision.dissents.all()] == [(police, "A child in need plan is enough")]  # type: ignore[attr-defined]
    kept = decision.dissents.get()  # type: ignore[attr-defined]
    again = save_decision(world, conference, world.child, dissents=[(police, "A child in need plan is enough")])
    assert again.dissents.get().pk == kept.pk, "an unchanged dissent keeps when it was recorded"  # type: ignore[attr-defined]


def test_signing_opens_the_plan_on_the_day_of_the_conference_and_freezes_the_decision(enquiries, conference):
    world = enquiries.world
    save_decision(world, conference, world.child)
    save_decision(world, conference, world.sibling, needs_plan=False, category="", core_group="", lead_worker=None)
    with pytest.raises(ValidationError, match="Record that the conference took place"):
        sign(world.chair, conference, world.child)
    held = conclude(world, conference)
    with pytest.raises(ValidationError, match="Record the child's view"):
        sign(world.chair, held, world.child)
    record_childs_view(world, held)
    with pytest.raises(PermissionDenied, match="Only the chair or a manager"):
        sign(world.worker, held, world.child)
    signed = sign(world.chair, held, world.child)
    plan = ChildProtectionPlan.objects.get(child=world.child)
    assert plan.started_on == held.held_on and plan.initial_category == AbuseCategory.EMOTIONAL
    assert signed.plan == plan and signed.signed_by == world.chair  # type: ignore[attr-defined]
    assert held.meeting_children.get(child=world.child).plan == plan
    assert ChronologyEntry.objects.filter(
        person=world.child,
        summary="Initial child protection conference decision: a child protection plan (Emotional abuse)",
    ).exists()
    # Signed means frozen.
    with pytest.raises(ValidationError, match="This decision was signed"):
        save_decision(world, held, world.child, reasons="Changed my mind")
    with pytest.raises(ValidationError, match="This decision was signed"):
        sign(world.chair, held, world.child)
    # The other child's decision is still open, so the record is too; once it is signed, the record is concluded.
    record_childs_view(world, held, "Darel said home is OK now.")
    sign(world.manager, held, world.sibling)
    assert not ChildProtectionPlan.objects.filter(child=world.sibling).exists()
    with pytest.raises(ValidationError, match="Every decision of this conference is signed"):
        record_childs_view(world, held, "Something new")


def test_a_review_keeps_the_plan_with_its_category_or_ends_it(enquiries, conference):
    world = enquiries.world
    for child in (world.child, world.sibling):
        save_decision(world, conference, child)
    held = conclude(world, conference)
    record_childs_view(world, held)
    for child in (world.child, world.sibling):
        sign(world.chair, held, child)
    assert held.held_on is not None
    review = meeting_arrange(
        acting_user=world.worker,
        case=world.case,
        kind=MeetingKind.REVIEW_CONFERENCE,
        children=[world.child, world.sibling],
        starts_at=at(held.held_on, 14),
        ends_at=None,
        venue="Room 2",
        chair=world.chair,
    )
    review = quorate(world, review)
    with pytest.raises(ValidationError, match="Say whether the category of the plan is still relevant"):
        save_decision(world, review, world.child)
    with pytest.raises(ValidationError, match="The plan's category is Emotional abuse"):
        save_decision(world, review, world.child, category=AbuseCategory.NEGLECT, category_still_relevant=True)
    with pytest.raises(ValidationError, match="choose the one that is"):
        save_decision(world, review, world.child, category_still_relevant=False)
    continuing = save_decision(world, review, world.child, category="", category_still_relevant=True)
    assert continuing.category == AbuseCategory.EMOTIONAL  # type: ignore[attr-defined]
    save_decision(world, review, world.sibling, needs_plan=False, category="", core_group="", lead_worker=None)
    review = conclude(world, review)
    record_childs_view(world, review)
    sign(world.chair, review, world.child)
    sign(world.chair, review, world.sibling)
    kept = ChildProtectionPlan.objects.get(child=world.child)
    assert kept.ended_on is None and kept.latest_category == AbuseCategory.EMOTIONAL
    ended = ChildProtectionPlan.objects.get(child=world.sibling)
    assert ended.ended_on == review.held_on and ended.end_reason == PlanEndReason.NO_LONGER_AT_RISK
    assert review.decisions.get(child=world.sibling).plan == ended


def test_a_review_with_a_new_category(enquiries, conference):
    world = enquiries.world
    save_decision(world, conference, world.child)
    save_decision(world, conference, world.sibling)
    held = conclude(world, conference)
    record_childs_view(world, held)
    sign(world.chair, held, world.child)
    sign(world.chair, held, world.sibling)
    assert held.held_on is not None
    review = quorate(
        world,
        meeting_arrange(
            acting_user=world.worker,
            case=world.case,
            kind=MeetingKind.REVIEW_CONFERENCE,
            children=[world.child],
            starts_at=at(next_weekday(held.held_on), 15),
            ends_at=None,
            venue="Online",
            chair=world.chair,
        ),
    )
    save_decision(world, review, world.child, category=AbuseCategory.NEGLECT, category_still_relevant=False)
    review = conclude(world, review)
    record_childs_view(world, review)
    sign(world.chair, review, world.child)
    assert ChildProtectionPlan.objects.get(child=world.child).latest_category == AbuseCategory.NEGLECT


def test_the_conference_re_maps_from_the_cases_signed_map_of_the_same_children(world, enquiries):
    signed = record_seed_map(world)
    meeting = arrange_initial_conference(world)
    conference_map_start(acting_user=world.worker, meeting=meeting, expected_version=meeting.version)
    meeting.refresh_from_db()
    assert meeting.map is not None and meeting.map.previous == signed
    assert meeting.map.setting == MapSetting.CONFERENCE
    copied = list(meeting.map.danger_statements.values_list("statement", flat=True))
    assert copied and copied == list(signed.danger_statements.values_list("statement", flat=True))
    assert not ScalingJudgement.objects.filter(map=meeting.map).exists()  # scored afresh at the conference


def test_the_conference_starts_a_new_map_when_the_latest_is_a_draft(world, enquiries):
    draft = record_seed_map(world, sign_off=False)
    meeting = arrange_initial_conference(world)
    conference_map_start(acting_user=world.worker, meeting=meeting, expected_version=meeting.version)
    meeting.refresh_from_db()
    assert meeting.map is not None and meeting.map.previous is None and meeting.map.pk != draft.pk
    assert not meeting.map.danger_statements.exists()


def test_a_danger_statement_taken_off_the_map_takes_its_private_scores_with_it(enquiries, conference):
    world = enquiries.world
    meeting = with_map(world, conference)
    statement = DangerStatement.objects.get(map=meeting.map)
    doctor = invitee(conference, name="Dr Rao")
    sealed_score_give(
        acting_user=world.worker, meeting=meeting, invitee=doctor, danger_statement=statement, score=2, reason="x"
    )
    sealed_score_give(
        acting_user=world.worker, meeting=meeting, invitee=doctor, danger_statement=None, score=3, reason="y"
    )
    meeting.map.refresh_from_db()
    danger_pair_remove(acting_user=world.worker, map_=meeting.map, expected_version=None, danger_statement=statement)
    assert list(SealedScore.objects.filter(meeting=meeting).values_list("score", flat=True)) == [3]
