"""The collaborative audit: starting one, the auditor's scores beside the practitioner's own, the family's view,
the safeguarding interrupt, actions tracked to done, and completing it, which draws moderation and starts the
response to an inadequate audit.

Every change is held with the row locked, refused when stale, kept in history and written to the access log as a
change to the records of the case's children.
"""

import datetime
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import REFUSED_MESSAGE, check_version
from casemap.access.models import AccessAction, CaseAssignment
from casemap.access.policy import READ_ONLY_ROLES, can_view_case, managed_team_ids, visible_audits
from casemap.access.services import access_log_append_each
from casemap.accounts.models import Role, User
from casemap.cases.models import Case, CaseMember
from casemap.cases.selectors import case_children
from casemap.core.models import recorded_save
from casemap.core.working_days import add_months, add_working_days
from casemap.people.models import Person
from casemap.quality.counts import count_audit
from casemap.quality.models import (
    AUDIT_PURPOSE,
    AUDITOR_ROLES,
    Audit,
    AuditAction,
    AuditCriterion,
    AuditScore,
    AuditSettings,
    AuditStatus,
    AuditTool,
    AuditToolVersion,
    InadequateResponse,
    Moderation,
    ModerationReason,
    SampledCase,
    is_inadequate,
)

NOT_AN_AUDITOR = "Audits are done by practice leads and managers"
OWN_CASE = "You cannot audit a case allocated to you"
NO_PUBLISHED_VERSION = "This tool has no published version yet"
NOT_YOUR_SAMPLE = "This sampled case is allocated to someone else"
ALREADY_STARTED = "An audit of this sampled case has already started"
ONLY_THE_AUDITOR = "Only the auditor can change the audit"
ONLY_THE_PRACTITIONER = "Only the practitioner whose work is audited can give their own scores"
COMPLETED = "This audit is completed and can no longer change"
SCORE_OUT_OF_SCALE = "Choose one of the scores on this tool's scale"
FAMILY_NOT_ON_CASE = "Choose someone from the family on this case"
CONCERN_STAYS = "A safeguarding concern, once raised, stays on the audit: the manager acknowledges it"
CONCERN_DETAIL_NEEDED = "Say what the immediate safeguarding concern is"
WAITS_FOR_MANAGER = "The team manager must acknowledge the safeguarding concern before the audit can be completed"
NOT_THE_MANAGER = "Only a manager of the audited team can acknowledge the concern"
NO_CONCERN = "There is no safeguarding concern waiting on this audit"
UNSCORED = "Score every criterion before completing the audit: {titles}"
NO_OVERALL = "Give the overall judgement before completing the audit"
OWNER_NOT_OFFERED = "Choose someone who works on this case or in its team"
DUE_IN_PAST = "The due date must be today or later"
ONLY_THE_OWNER = "Only the action's owner can mark it done"
ALREADY_DONE = "This action is already done"
LEARNING_NAMES_WORKER = "Learning is shared across the service and never names a worker: take out {names}"
NOT_A_MODERATOR = "The moderator must be neither the auditor nor the practitioner's manager"
MODERATOR_ROLE = "Moderation is done by practice leads and managers"
NOT_THE_MODERATOR = "Only the moderator chosen for this audit can record the moderation"
MODERATION_DONE = "This moderation is already recorded"
NOT_TO_MODERATE = "This audit is not waiting for moderation"
ASSIGN_MODERATORS = "Only a practice lead can choose the moderator"
REPLY_NOT_YOURS = "Only the manager asked can reply"
ALREADY_REPLIED = "The reply is already recorded"


def _log(user: User, audit: Audit, action: AccessAction, detail: str, request: HttpRequest | None) -> None:
    access_log_append_each(
        user=user, action=action, record_type="practice audit", record_id=audit.pk, detail=detail,
        people=case_children(audit.case) or [None], request=request,
    )  # fmt: skip


def latest_published_version(tool: AuditTool) -> AuditToolVersion | None:
    return tool.versions.filter(published_at__isnull=False).order_by("-number").first()


def audit_start(
    *,
    acting_user: User,
    case: Case,
    tool: AuditTool,
    sampled_case: SampledCase | None = None,
    reaudit_of: Audit | None = None,
    due_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> Audit:
    """Start an audit of a case the auditor may see (a sampled case through its time-boxed assignment)."""
    if acting_user.role not in AUDITOR_ROLES:
        raise PermissionDenied(NOT_AN_AUDITOR)
    if not can_view_case(acting_user, case):
        raise PermissionDenied(REFUSED_MESSAGE)
    if case.allocated_worker_id == acting_user.pk:
        raise ValidationError(OWN_CASE)
    version = latest_published_version(tool)
    if version is None:
        raise ValidationError(NO_PUBLISHED_VERSION)
    with transaction.atomic():
        if sampled_case is not None:
            held = SampledCase.objects.select_for_update().get(pk=sampled_case.pk)
            if held.auditor_id != acting_user.pk:
                raise PermissionDenied(NOT_YOUR_SAMPLE)
            if Audit.objects.filter(sampled_case=held).exists():
                raise ValidationError(ALREADY_STARTED)
            due_on = held.due_on
        audit = Audit(
            tool_version=version, case=case, sampled_case=sampled_case, team_id=case.team_id,
            practitioner_id=case.allocated_worker_id, auditor=acting_user, due_on=due_on, reaudit_of=reaudit_of,
            created_by=acting_user, modified_by=acting_user,
        )  # fmt: skip
        audit._history_user = acting_user  # type: ignore[attr-defined]
        audit.save()
        AuditScore.objects.bulk_create(
            [AuditScore(audit=audit, criterion=criterion) for criterion in version.criteria.all()]
        )
        _log(acting_user, audit, AccessAction.CREATE, f"started with {version}", request)
    return audit


def _held(acting_user: User, audit: Audit) -> Audit:
    held = visible_audits(acting_user).select_for_update(of=("self",)).filter(pk=audit.pk).first()
    if held is None:
        raise PermissionDenied(REFUSED_MESSAGE)
    return held


def _held_for_auditor(acting_user: User, audit: Audit, expected_version: int | None) -> Audit:
    held = _held(acting_user, audit)
    if held.auditor_id != acting_user.pk:
        raise PermissionDenied(ONLY_THE_AUDITOR)
    if held.is_completed:
        raise ValidationError(COMPLETED)
    check_version(held, expected_version)
    return held


def staff_names(users: Iterable[User]) -> set[str]:
    """The names a learning message must not carry: each worker's first, last and full name."""
    names: set[str] = set()
    for user in users:
        for name in (user.first_name, user.last_name, user.get_full_name()):
            if name and len(name.strip()) > 1:
                names.add(name.strip())
    return names


def names_in(text: str, names: Iterable[str]) -> list[str]:
    return sorted(
        {name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, flags=re.IGNORECASE)},
        key=str.lower,
    )


def _workers_of(audit: Audit) -> list[User]:
    """The practitioner, the auditor and everyone in the audited team."""
    return list(User.objects.filter(Q(team_id=audit.team_id) | Q(pk__in=[audit.practitioner_id, audit.auditor_id])))


@dataclass(frozen=True)
class CriterionEntry:
    score: int | None
    comment: str = ""


@dataclass(frozen=True)
class FamilyView:
    person: Person | None = None
    method: str = ""
    contacted_on: datetime.date | None = None
    outcome: str = ""
    words: str = ""


def family_on_case(case: Case) -> list[Person]:
    return list(
        Person.objects.filter(pk__in=CaseMember.objects.filter(case=case).values("person_id")).order_by(
            "last_name", "first_name", "pk"
        )
    )


def audit_save(
    *,
    acting_user: User,
    audit: Audit,
    expected_version: int | None,
    entries: Mapping[int, CriterionEntry],
    participation: str = "",
    family: FamilyView | None = None,
    strengths: str = "",
    learning: str = "",
    overall_judgement: int | None = None,
    safeguarding_concern: bool = False,
    safeguarding_detail: str = "",
    request: HttpRequest | None = None,
) -> Audit:
    """The auditor's scores and words. Saving with the safeguarding box ticked for the first time tells the
    allocated team manager at once (the concern is on their caseload and audit pages until acknowledged)."""
    family = family or FamilyView()
    with transaction.atomic():
        held = _held_for_auditor(acting_user, audit, expected_version)
        version = held.tool_version
        scores = {score.criterion_id: score for score in held.scores.select_for_update()}
        errors: dict[str, list[str]] = {}
        for criterion_id, entry in entries.items():
            if criterion_id not in scores:
                raise ValidationError(REFUSED_MESSAGE)
            if entry.score is not None and entry.score not in version.scores:
                errors.setdefault(f"score_{criterion_id}", []).append(SCORE_OUT_OF_SCALE)
        if overall_judgement is not None and overall_judgement not in version.scores:
            errors.setdefault("overall_judgement", []).append(SCORE_OUT_OF_SCALE)
        if family.person is not None and family.person.pk not in {p.pk for p in family_on_case(held.case)}:
            errors.setdefault("family_contact_person", []).append(FAMILY_NOT_ON_CASE)
        named = names_in(learning, staff_names(_workers_of(held)))
        if named:
            errors.setdefault("learning", []).append(LEARNING_NAMES_WORKER.format(names=", ".join(named)))
        if held.safeguarding_concern and not safeguarding_concern:
            errors.setdefault("safeguarding_concern", []).append(CONCERN_STAYS)
        if safeguarding_concern and not (safeguarding_detail.strip() or held.safeguarding_detail):
            errors.setdefault("safeguarding_detail", []).append(CONCERN_DETAIL_NEEDED)
        if errors:
            raise ValidationError(errors)
        for criterion_id, entry in entries.items():
            score = scores[criterion_id]
            score.score, score.comment = entry.score, entry.comment.strip()
            score.save()
        held.practitioner_participation = participation
        held.family_contact_person = family.person
        held.family_contact_method = family.method
        held.family_contacted_on = family.contacted_on
        held.family_contact_outcome = family.outcome.strip()
        held.family_words = family.words.strip()
        held.strengths = strengths.strip()
        held.learning = learning.strip()
        held.overall_judgement = overall_judgement
        raised = safeguarding_concern and not held.safeguarding_concern
        if raised:
            held.safeguarding_concern = True
            held.safeguarding_detail = safeguarding_detail.strip()
            held.safeguarding_raised_at = timezone.now()
            held.safeguarding_manager_id = held.case.team.manager_id
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, "safeguarding concern raised" if raised else "", request)
    return held


def audit_self_score(
    *,
    acting_user: User,
    audit: Audit,
    expected_version: int | None,
    scores: Mapping[int, int | None],
    request: HttpRequest | None = None,
) -> Audit:
    """The practitioner's own score for each criterion, kept beside the auditor's."""
    with transaction.atomic():
        held = _held(acting_user, audit)
        if held.practitioner_id != acting_user.pk:
            raise PermissionDenied(ONLY_THE_PRACTITIONER)
        if held.is_completed:
            raise ValidationError(COMPLETED)
        check_version(held, expected_version)
        allowed = held.tool_version.scores
        rows = {row.criterion_id: row for row in held.scores.select_for_update()}
        errors = {
            f"score_{criterion_id}": [SCORE_OUT_OF_SCALE]
            for criterion_id, value in scores.items()
            if value is not None and value not in allowed
        }
        if errors:
            raise ValidationError(errors)
        for criterion_id, value in scores.items():
            if criterion_id not in rows:
                raise ValidationError(REFUSED_MESSAGE)
            rows[criterion_id].practitioner_score = value
            rows[criterion_id].save()
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, "practitioner's own scores", request)
    return held


def may_acknowledge_concern(user: User, audit: Audit) -> bool:
    return audit.waits_for_manager and (
        audit.safeguarding_manager_id == user.pk or audit.team_id in managed_team_ids(user)
    )


def safeguarding_acknowledge(
    *, acting_user: User, audit: Audit, response: str, request: HttpRequest | None = None
) -> Audit:
    with transaction.atomic():
        held = _held(acting_user, audit)
        if not held.waits_for_manager:
            raise ValidationError(NO_CONCERN)
        if not may_acknowledge_concern(acting_user, held):
            raise PermissionDenied(NOT_THE_MANAGER)
        if not response.strip():
            raise ValidationError({"response": "Say what you have done or will do about the concern"})
        held.safeguarding_acknowledged_at = timezone.now()
        held.safeguarding_acknowledged_by = acting_user
        held.safeguarding_response = response.strip()
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, "safeguarding concern acknowledged", request)
    return held


def action_owners(audit: Audit) -> list[User]:
    """Who an action can be given to: the case's worker, the team's manager and staff, and the auditor."""
    ids = {audit.practitioner_id, audit.auditor_id, audit.team.manager_id, audit.case.allocated_worker_id}
    return list(
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=[i for i in ids if i]) | Q(team_id=audit.team_id))
        .order_by("first_name", "last_name", "pk")
    )


def audit_action_add(
    *,
    acting_user: User,
    audit: Audit,
    description: str,
    owner: User,
    due_on: datetime.date,
    request: HttpRequest | None = None,
) -> AuditAction:
    with transaction.atomic():
        held = _held(acting_user, audit)
        if held.auditor_id != acting_user.pk:
            raise PermissionDenied(ONLY_THE_AUDITOR)
        errors: dict[str, list[str]] = {}
        if owner.pk not in {user.pk for user in action_owners(held)}:
            errors["owner"] = [OWNER_NOT_OFFERED]
        if due_on < timezone.localdate():
            errors["due_on"] = [DUE_IN_PAST]
        if not description.strip():
            errors["description"] = ["Say what needs to happen"]
        if errors:
            raise ValidationError(errors)
        action = AuditAction.objects.create(audit=held, description=description.strip(), owner=owner, due_on=due_on)
        _log(acting_user, held, AccessAction.CHANGE, f"action {action.pk} added", request)
    return action


def audit_action_done(
    *, acting_user: User, action: AuditAction, note: str = "", request: HttpRequest | None = None
) -> AuditAction:
    with transaction.atomic():
        held = AuditAction.objects.select_for_update(of=("self",)).select_related("audit__case").get(pk=action.pk)
        if held.owner_id != acting_user.pk:
            raise PermissionDenied(ONLY_THE_OWNER)
        if held.done_at is not None:
            raise ValidationError(ALREADY_DONE)
        held.done_at = timezone.now()
        held.done_by = acting_user
        held.done_note = note.strip()
        held.save()
        _log(acting_user, held.audit, AccessAction.CHANGE, f"action {held.pk} done", request)
    return held


def audit_is_inadequate(audit: Audit) -> bool:
    scale = audit.tool_version.scale
    if is_inadequate(scale, audit.overall_judgement):
        return True
    return any(is_inadequate(scale, score) for score in audit.scores.values_list("score", flat=True))


MODERATION_PURPOSE = "Audit moderation"


def _end_access(*, case_id: int, user: User, purpose: str, completed_on: datetime.date) -> None:
    """Being given a case to audit or moderate opens it until the work is done plus the configured days."""
    ends_on = completed_on + datetime.timedelta(days=AuditSettings.current().access_days_after_completion)
    CaseAssignment.objects.filter(case_id=case_id, user=user, purpose=purpose, ends_on__isnull=True).update(
        ends_on=ends_on
    )


def reaudit_start(*, acting_user: User, response: InadequateResponse, request: HttpRequest | None = None) -> Audit:
    """A practice lead re-audits a case an inadequate audit found: they read it through a time-boxed assignment
    like a sampled case's, with the tool the first audit used."""
    if acting_user.role != Role.PRACTICE_LEAD:
        raise PermissionDenied(NOT_AN_AUDITOR)
    with transaction.atomic():
        first = Audit.objects.select_related("case", "tool_version__tool").get(pk=response.audit_id)
        if Audit.objects.filter(reaudit_of=first).exists():
            raise ValidationError("The re-audit has already started")
        CaseAssignment.objects.create(
            case=first.case, user=acting_user, purpose=AUDIT_PURPOSE, assigned_by=acting_user,
            starts_on=timezone.localdate(),
        )  # fmt: skip
        return audit_start(
            acting_user=acting_user, case=first.case, tool=first.tool_version.tool, reaudit_of=first,
            due_on=response.reaudit_due_on, request=request,
        )  # fmt: skip


def audit_complete(
    *,
    acting_user: User,
    audit: Audit,
    expected_version: int | None,
    rng: random.Random | None = None,
    request: HttpRequest | None = None,
) -> Audit:
    """Complete the audit: refused while a safeguarding concern waits or a criterion is unscored. An inadequate
    audit is always moderated and starts the configured response; others are moderated at the configured share."""
    with transaction.atomic():
        held = _held_for_auditor(acting_user, audit, expected_version)
        if held.waits_for_manager:
            raise ValidationError(WAITS_FOR_MANAGER)
        unscored = [score.criterion.title for score in held.scores.select_related("criterion") if score.score is None]
        if unscored:
            raise ValidationError(UNSCORED.format(titles="; ".join(unscored)))
        if held.tool_version.has_overall_judgement and held.overall_judgement is None:
            raise ValidationError(NO_OVERALL)
        today = timezone.localdate()
        held.status = AuditStatus.COMPLETED
        held.completed_at = timezone.now()
        recorded_save(held, acting_user=acting_user)
        count_audit(held)
        _end_access(case_id=held.case_id, user=acting_user, purpose=AUDIT_PURPOSE, completed_on=today)
        settings = AuditSettings.current()
        inadequate = audit_is_inadequate(held)
        rng = rng or random.SystemRandom()
        if inadequate:
            Moderation.objects.create(audit=held, reason=ModerationReason.INADEQUATE)
            InadequateResponse.objects.create(
                audit=held,
                manager_id=held.team.manager_id or acting_user.pk,
                reply_due_on=add_working_days(today, settings.manager_reply_working_days),
                reaudit_due_on=add_months(today, settings.reaudit_months),
            )
        elif rng.random() * 100 < settings.moderation_percent:
            Moderation.objects.create(audit=held, reason=ModerationReason.RANDOM)
        _log(acting_user, held, AccessAction.CHANGE, "completed", request)
    return held


def may_moderate(user: User, audit: Audit) -> bool:
    """Neither the auditor nor the practitioner's manager (the audited team's managers, or their supervisor)."""
    if user.role not in AUDITOR_ROLES or user.pk in {audit.auditor_id, audit.practitioner_id}:
        return False
    managers = {audit.team.manager_id, audit.team.service_manager_id}
    if audit.practitioner_id is not None:
        profile = getattr(audit.practitioner, "supervision_profile", None)
        if profile is not None:
            managers |= {profile.supervisor_id, getattr(profile, "line_manager_id", None)}
    return user.pk not in managers


def moderators_for(audit: Audit) -> list[User]:
    candidates = User.objects.filter(is_active=True, role__in=AUDITOR_ROLES).order_by("first_name", "last_name")
    return [user for user in candidates if may_moderate(user, audit)]


def moderation_assign(
    *, acting_user: User, moderation: Moderation, moderator: User, request: HttpRequest | None = None
) -> Moderation:
    """A practice lead chooses the moderator, who reads the case through a time-boxed assignment."""
    if acting_user.role != Role.PRACTICE_LEAD:
        raise PermissionDenied(ASSIGN_MODERATORS)
    with transaction.atomic():
        held = (
            Moderation.objects.select_for_update(of=("self",))
            .select_related("audit__team", "audit__case")
            .get(pk=moderation.pk)
        )
        if held.completed_at is not None:
            raise ValidationError(MODERATION_DONE)
        if not may_moderate(moderator, held.audit):
            raise ValidationError({"moderator": [NOT_A_MODERATOR]})
        held.moderator = moderator
        held.save(update_fields=["moderator"])
        CaseAssignment.objects.create(
            case=held.audit.case, user=moderator, purpose=MODERATION_PURPOSE, assigned_by=acting_user,
            starts_on=timezone.localdate(),
        )  # fmt: skip
        _log(acting_user, held.audit, AccessAction.CHANGE, f"moderator chosen: user {moderator.pk}", request)
    return held


def moderation_record(
    *,
    acting_user: User,
    moderation: Moderation,
    scores: Mapping[int, int],
    overall_judgement: int | None,
    comment: str,
    request: HttpRequest | None = None,
) -> Moderation:
    """The moderator's grades, kept beside the auditor's; the auditor's are never changed."""
    from casemap.quality.models import ModeratedScore

    with transaction.atomic():
        held = (
            Moderation.objects.select_for_update(of=("self",))
            .select_related("audit__tool_version")
            .get(pk=moderation.pk)
        )
        if held.moderator_id != acting_user.pk:
            raise PermissionDenied(NOT_THE_MODERATOR)
        if held.completed_at is not None:
            raise ValidationError(MODERATION_DONE)
        version = held.audit.tool_version
        criteria = set(version.criteria.values_list("pk", flat=True))
        errors: dict[str, list[str]] = {}
        for criterion_id in criteria:
            value = scores.get(criterion_id)
            if value is None or value not in version.scores:
                errors[f"score_{criterion_id}"] = [SCORE_OUT_OF_SCALE]
        if version.has_overall_judgement and overall_judgement not in version.scores:
            errors["overall_judgement"] = [SCORE_OUT_OF_SCALE]
        if errors:
            raise ValidationError(errors)
        ModeratedScore.objects.bulk_create(
            [ModeratedScore(moderation=held, criterion_id=cid, score=scores[cid]) for cid in sorted(criteria)]
        )
        held.overall_judgement = overall_judgement
        held.comment = comment.strip()
        held.completed_at = timezone.now()
        held.save()
        _end_access(
            case_id=held.audit.case_id, user=acting_user, purpose=MODERATION_PURPOSE, completed_on=timezone.localdate()
        )
        _log(acting_user, held.audit, AccessAction.CHANGE, "moderated", request)
    return held


def inadequate_reply(
    *, acting_user: User, response: InadequateResponse, reply: str, request: HttpRequest | None = None
) -> InadequateResponse:
    with transaction.atomic():
        held = (
            InadequateResponse.objects.select_for_update(of=("self",)).select_related("audit__case").get(pk=response.pk)
        )
        if held.manager_id != acting_user.pk and held.audit.team_id not in managed_team_ids(acting_user):
            raise PermissionDenied(REPLY_NOT_YOURS)
        if held.replied_at is not None:
            raise ValidationError(ALREADY_REPLIED)
        if not reply.strip():
            raise ValidationError({"reply": ["Write your reply to the audit"]})
        held.reply = reply.strip()
        held.replied_at = timezone.now()
        held.save()
        _log(acting_user, held.audit, AccessAction.CHANGE, "manager replied to inadequate audit", request)
    return held


def audit_viewed(*, acting_user: User, audit: Audit, request: HttpRequest | None = None) -> None:
    if acting_user.role in READ_ONLY_ROLES:
        raise PermissionDenied(REFUSED_MESSAGE)
    _log(acting_user, audit, AccessAction.VIEW, "", request)


def criteria_of(audit: Audit) -> list[AuditCriterion]:
    return list(audit.tool_version.criteria.all())
