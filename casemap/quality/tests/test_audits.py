"""The audit's services: who may start and change one, the scores kept on the tool's scale, learning that never
names a worker, the safeguarding interrupt, completion (time-boxed access, moderation drawn, the response an
inadequate audit starts), moderation kept beside the auditor's grades, actions and the closure gate."""

import datetime
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casemap.access.models import AccessLogEntry, CaseAssignment
from casemap.access.policy import can_view_case
from casemap.accounts.models import Role, User
from casemap.cases.models import CaseService, ClosureReason
from casemap.cases.services import case_close
from casemap.conftest import UserFactory, World
from casemap.core.forms import StaleEditError
from casemap.core.working_days import add_months, add_working_days
from casemap.quality.default_tools import CLOSURE_AUDIT, SIGNS_OF_SAFETY_CASE_AUDIT
from casemap.quality.models import (
    AuditScore,
    AuditSettings,
    AuditTool,
    ClosureAuditRule,
    InadequateResponse,
    Moderation,
    ModerationReason,
)
from casemap.quality.selectors_audits import audit_work, concerns_waiting_for
from casemap.quality.services.audits import (
    AUDIT_PURPOSE,
    CriterionEntry,
    FamilyView,
    audit_action_add,
    audit_action_done,
    audit_complete,
    audit_save,
    audit_self_score,
    audit_start,
    moderation_assign,
    moderation_record,
    moderators_for,
    safeguarding_acknowledge,
)
from casemap.supervision.services.staff import supervision_profile_set

TODAY = timezone.localdate()


class Never(random.Random):
    def random(self) -> float:
        return 0.99


class Always(random.Random):
    def random(self) -> float:
        return 0.0


def case_tool() -> AuditTool:
    return AuditTool.objects.get(name=SIGNS_OF_SAFETY_CASE_AUDIT)


def give_case(world: World, user: User | None = None) -> User:
    user = user or world.practice_lead
    CaseAssignment.objects.create(
        case=world.case, user=user, purpose=AUDIT_PURPOSE, assigned_by=world.practice_lead, starts_on=TODAY
    )
    return user


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def started(world: World, tool: AuditTool | None = None):  # type: ignore[no-untyped-def]
    auditor = give_case(world)
    return audit_start(acting_user=auditor, case=world.case, tool=tool or case_tool())


def scored(world: World, score: int = 7, tool: AuditTool | None = None, **extra):  # type: ignore[no-untyped-def]
    audit = started(world, tool)
    entries = {
        c.pk: CriterionEntry(score=score, comment="Seen in the record") for c in audit.tool_version.criteria.all()
    }
    return audit_save(
        acting_user=world.practice_lead,
        audit=audit,
        expected_version=audit.version,
        entries=entries,
        overall_judgement=score,
        learning="Scaling questions asked of the children lead to better plans.",
        **extra,
    )


def test_an_auditor_starts_an_audit_only_of_a_case_they_may_see(world: World) -> None:
    with pytest.raises(PermissionDenied):
        audit_start(acting_user=world.practice_lead, case=world.case, tool=case_tool())
    audit = started(world)
    assert audit.team == world.team and audit.practitioner == world.worker
    assert audit.scores.count() == 8
    assert AccessLogEntry.objects.filter(record_type="practice audit", action="create").count() == 2  # two children


def test_practitioners_do_not_audit_and_nobody_audits_their_own_case(world: World) -> None:
    with pytest.raises(PermissionDenied):
        audit_start(acting_user=world.teammate, case=world.case, tool=case_tool())
    world.case.allocated_worker = world.manager
    world.case.save()
    with pytest.raises(ValidationError, match="allocated to you"):
        audit_start(acting_user=world.manager, case=world.case, tool=case_tool())


def test_scores_must_be_on_the_tools_scale(world: World) -> None:
    audit = started(world)
    criterion = audit.tool_version.criteria.first()
    with pytest.raises(ValidationError) as refused:
        audit_save(
            acting_user=world.practice_lead, audit=audit, expected_version=audit.version,
            entries={criterion.pk: CriterionEntry(score=11)},
        )  # fmt: skip
    assert "Choose one of the scores" in str(refused.value)


def test_learning_never_names_a_worker(world: World) -> None:
    audit = started(world)
    with pytest.raises(ValidationError) as refused:
        audit_save(
            acting_user=world.practice_lead, audit=audit, expected_version=audit.version, entries={},
            learning="sally's mapping was thorough",
        )  # fmt: skip
    assert "never names a worker: take out Sally" in str(refused.value)


def test_the_family_contact_is_chosen_from_the_case(world: World) -> None:
    audit = started(world)
    outsider = make_outsider(world)
    with pytest.raises(ValidationError, match="Choose someone from the family"):
        audit_save(
            acting_user=world.practice_lead, audit=audit, expected_version=audit.version, entries={},
            family=FamilyView(person=outsider),
        )  # fmt: skip
    saved = audit_save(
        acting_user=world.practice_lead, audit=audit, expected_version=audit.version, entries={},
        family=FamilyView(person=world.mother, method="phone", contacted_on=TODAY, words="They listened to us."),
    )  # fmt: skip
    assert saved.family_contact_person == world.mother and saved.family_words == "They listened to us."


def make_outsider(world: World):  # type: ignore[no-untyped-def]
    from casemap.people.services import person_create

    return person_create(acting_user=world.worker, first_name="Other", last_name="Person")


def test_a_stale_save_is_refused(world: World) -> None:
    audit = started(world)
    audit_save(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, entries={})
    with pytest.raises(StaleEditError):
        audit_save(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, entries={})


def test_only_the_auditor_changes_the_audit(world: World) -> None:
    audit = started(world)
    with pytest.raises(PermissionDenied):
        audit_save(acting_user=world.manager, audit=audit, expected_version=audit.version, entries={})


def test_the_practitioner_gives_their_own_scores_beside_the_auditors(world: World) -> None:
    audit = scored(world, score=6)
    criterion = audit.tool_version.criteria.first()
    with pytest.raises(PermissionDenied):
        audit_self_score(acting_user=world.teammate, audit=audit, expected_version=audit.version, scores={})
    audit_self_score(acting_user=world.worker, audit=audit, expected_version=audit.version, scores={criterion.pk: 8})
    row = AuditScore.objects.get(audit=audit, criterion=criterion)
    assert (row.score, row.practitioner_score) == (6, 8)


def test_a_safeguarding_concern_tells_the_team_manager_and_holds_completion(world: World) -> None:
    audit = scored(world, safeguarding_concern=True, safeguarding_detail="The children were left alone overnight.")
    assert audit.safeguarding_manager == world.manager and audit.safeguarding_raised_at is not None
    assert concerns_waiting_for(world.manager) == [audit]
    assert audit_work(world.manager).concerns == [audit]
    assert concerns_waiting_for(world.teammate) == []
    with pytest.raises(ValidationError, match="must acknowledge the safeguarding concern"):
        audit_complete(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, rng=Never())
    with pytest.raises(ValidationError, match="stays on the audit"):
        audit_save(
            acting_user=world.practice_lead, audit=audit, expected_version=audit.version, entries={},
            safeguarding_concern=False,
        )  # fmt: skip
    other_manager = User.objects.get(username="ruth")
    with pytest.raises(PermissionDenied):
        safeguarding_acknowledge(acting_user=other_manager, audit=audit, response="Seen")
    safeguarding_acknowledge(acting_user=world.manager, audit=audit, response="Visited today; the plan is changed.")
    audit.refresh_from_db()
    completed = audit_complete(
        acting_user=world.practice_lead, audit=audit, expected_version=audit.version, rng=Never()
    )
    assert completed.is_completed


def test_a_concern_needs_its_words(world: World) -> None:
    audit = started(world)
    with pytest.raises(ValidationError, match="Say what the immediate safeguarding concern is"):
        audit_save(
            acting_user=world.practice_lead, audit=audit, expected_version=audit.version, entries={},
            safeguarding_concern=True,
        )  # fmt: skip


def test_every_criterion_is_scored_before_completion(world: World) -> None:
    audit = started(world)
    with pytest.raises(ValidationError, match="Score every criterion"):
        audit_complete(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, rng=Never())


def test_completion_ends_the_auditors_access_after_the_configured_days(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    audit = scored(world)
    audit_complete(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, rng=Never())
    assignment = CaseAssignment.objects.get(user=world.practice_lead, case=world.case)
    assert assignment.ends_on == TODAY + datetime.timedelta(days=30)
    assert can_view_case(fresh(world.practice_lead), world.case)
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY + datetime.timedelta(days=30))
    assert can_view_case(fresh(world.practice_lead), world.case)
    monkeypatch.setattr(timezone, "localdate", lambda *args: TODAY + datetime.timedelta(days=31))
    assert not can_view_case(fresh(world.practice_lead), world.case)


def test_an_inadequate_audit_is_always_moderated_and_starts_the_response(world: World) -> None:
    audit = scored(world, score=2)
    audit_complete(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, rng=Never())
    assert Moderation.objects.get(audit=audit).reason == ModerationReason.INADEQUATE
    response = InadequateResponse.objects.get(audit=audit)
    assert response.manager == world.manager
    assert response.reply_due_on == add_working_days(TODAY, 5)
    assert response.reaudit_due_on == add_months(TODAY, 3)


def test_the_configured_share_is_drawn_at_random(world: World) -> None:
    audit = scored(world, score=8)
    audit_complete(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, rng=Never())
    assert not Moderation.objects.filter(audit=audit).exists()
    settings = AuditSettings.current()
    settings.moderation_percent = 100
    settings.save()
    second = scored(world, score=8)
    audit_complete(acting_user=world.practice_lead, audit=second, expected_version=second.version, rng=Never())
    assert Moderation.objects.get(audit=second).reason == ModerationReason.RANDOM


def test_about_a_tenth_is_drawn_by_default() -> None:
    draw = random.Random(20261130)
    drawn = sum(draw.random() * 100 < AuditSettings().moderation_percent for _ in range(10_000))
    assert 900 < drawn < 1100


def test_the_moderator_is_neither_the_auditor_nor_the_practitioners_manager(world: World) -> None:
    supervision_profile_set(
        acting_user=world.manager, staff=world.worker, supervisor=world.manager, line_manager=world.service_manager
    )
    moderator = UserFactory(username="mo", role=Role.PRACTICE_LEAD, first_name="Mo")
    audit = scored(world, score=1)
    audit_complete(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, rng=Never())
    moderation = Moderation.objects.get(audit=audit)
    eligible = {user.username for user in moderators_for(audit)}
    assert "mo" in eligible
    assert not eligible & {"liam", "dana", "grace"}
    second_lead = UserFactory(username="pat", role=Role.PRACTICE_LEAD)
    with pytest.raises(PermissionDenied):
        moderation_assign(acting_user=world.manager, moderation=moderation, moderator=moderator)
    with pytest.raises(ValidationError):
        moderation_assign(acting_user=second_lead, moderation=moderation, moderator=world.manager)
    moderation_assign(acting_user=second_lead, moderation=moderation, moderator=moderator)
    assert can_view_case(fresh(moderator), world.case)
    scores = {c.pk: 3 for c in audit.tool_version.criteria.all()}
    with pytest.raises(PermissionDenied):
        moderation_record(
            acting_user=second_lead, moderation=moderation, scores=scores, overall_judgement=3, comment=""
        )
    moderation_record(acting_user=moderator, moderation=moderation, scores=scores, overall_judgement=3, comment="")
    assert set(AuditScore.objects.filter(audit=audit).values_list("score", flat=True)) == {1}
    assert set(moderation.scores.values_list("score", flat=True)) == {3}
    assert CaseAssignment.objects.get(user=moderator).ends_on == TODAY + datetime.timedelta(days=30)


def test_actions_go_to_someone_on_the_case_and_are_done_by_their_owner(world: World) -> None:
    audit = started(world)
    with pytest.raises(ValidationError, match="Choose someone who works on this case"):
        audit_action_add(
            acting_user=world.practice_lead, audit=audit, description="Update the plan",
            owner=world.other_worker, due_on=TODAY,
        )  # fmt: skip
    with pytest.raises(ValidationError, match="today or later"):
        audit_action_add(
            acting_user=world.practice_lead, audit=audit, description="Update the plan", owner=world.worker,
            due_on=TODAY - datetime.timedelta(days=1),
        )  # fmt: skip
    action = audit_action_add(
        acting_user=world.practice_lead, audit=audit, description="Update the plan", owner=world.worker, due_on=TODAY
    )
    assert audit_work(world.worker).actions == [action]
    with pytest.raises(PermissionDenied):
        audit_action_done(acting_user=world.manager, action=action)
    audit_action_done(acting_user=world.worker, action=action, note="Done with Rose")
    assert audit_work(world.worker).actions == []


def test_a_service_can_require_a_closure_audit_before_a_case_closes(world: World) -> None:
    world.case.service = CaseService.CHILD_PROTECTION
    world.case.save()
    closure = AuditTool.objects.get(name=CLOSURE_AUDIT)
    ClosureAuditRule.objects.create(service=CaseService.CHILD_PROTECTION, tool=closure)
    with pytest.raises(ValidationError, match="close only after a completed closure audit, and this case has none"):
        case_close(acting_user=world.manager, case=world.case, closed_on=TODAY, closure_reason=ClosureReason.RC8)
    audit = scored(world, score=3, tool=closure)
    with pytest.raises(ValidationError, match="one in progress"):
        case_close(acting_user=world.manager, case=world.case, closed_on=TODAY, closure_reason=ClosureReason.RC8)
    audit_complete(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, rng=Never())
    world.case.refresh_from_db()
    closed = case_close(
        acting_user=world.manager, case=world.case, closed_on=TODAY, closure_reason=ClosureReason.RC8,
    )  # fmt: skip
    assert closed.closed_on == TODAY
