"""Writing case and personal supervision: a draft, the supervisor's signature, the supervisee's acknowledgement,
and what is appended afterwards.

Each write runs in one transaction: it holds the record, asks the access policy, refuses a stale save, keeps a
history row and writes the access log. A case supervision goes on the timeline of each child discussed when it is
signed (a draft is on nobody's record); a personal supervision is logged against nobody's record, since it is not
about a child.
"""

import datetime
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import REFUSED_MESSAGE, check_version, held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.policy import (
    READ_ONLY_ROLES,
    can_add_to_signed_supervision,
    can_change_supervision,
    can_respond_to_supervision,
    visible_supervisions,
)
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, ChronologyKind
from casemap.cases.selectors import case_children
from casemap.core.models import recorded_save
from casemap.people.models import Person
from casemap.supervision.models import (
    Supervision,
    SupervisionAcknowledgement,
    SupervisionAction,
    SupervisionAddition,
    SupervisionChild,
    SupervisionKind,
    SupervisionStatus,
)

NOT_IN_FUTURE = "The date of the supervision must be today or in the past"
NOT_BEFORE_CASE = "The date of the supervision cannot be before the case was opened on {opened:%-d %B %Y}"
ONLY_CHILDREN_ON_CASE = "Choose the children discussed, from the children on this case"
SUPERVISEE_NOT_SUPERVISOR = "Choose someone other than yourself as the supervisee"
NEXT_AFTER_MEETING = "The next discussion must be after the supervision"
SCORE_NEEDS_ANCHORS = "Say what 0 and 10 mean on this scale, and why you chose the score"
DECISION_NEEDS_REASONS = "Give the reasons for the decisions"
ONLY_DRAFTS_CHANGE = "This supervision was signed, so it cannot be changed: add to it instead"
ONLY_SUPERVISOR = "Only the supervisor can change or sign this supervision"
ONLY_SUPERVISEE = "Only the supervisee can acknowledge this supervision, once it is signed"
DISAGREEMENT_NEEDS_WORDS = "Say what you disagree with"
ADDITION_NEEDS_WORDS = "Enter what you want to add"
ACTION_ALREADY_DONE = "This action was already marked done"
ACTION_NOT_YOURS = "Only the action's owner or the supervisor can mark it done"


@dataclass(frozen=True)
class SupervisionContent:
    """What is discussed and decided, in the Signs of Safety structure."""

    occurred_on: datetime.date
    supervisee: User
    duration_minutes: int | None = None
    worries: str = ""
    working_well: str = ""
    needs_to_happen: str = ""
    scale_score: int | None = None
    scale_zero_anchor: str = ""
    scale_ten_anchor: str = ""
    scale_reasons: str = ""
    decisions: str = ""
    decision_reasons: str = ""
    next_discussion_on: datetime.date | None = None


@dataclass(frozen=True)
class ActionAgreed:
    description: str
    owner: User
    due_on: datetime.date


def _check_content(content: SupervisionContent, supervisor: User, case: Case | None) -> None:
    errors: dict[str, str] = {}
    if content.occurred_on > timezone.localdate():
        errors["occurred_on"] = NOT_IN_FUTURE
    elif case is not None and content.occurred_on < case.opened_on:
        errors["occurred_on"] = NOT_BEFORE_CASE.format(opened=case.opened_on)
    if content.supervisee.pk == supervisor.pk:
        errors["supervisee"] = SUPERVISEE_NOT_SUPERVISOR
    if content.next_discussion_on is not None and content.next_discussion_on <= content.occurred_on:
        errors["next_discussion_on"] = NEXT_AFTER_MEETING
    if content.scale_score is not None and not (
        content.scale_zero_anchor.strip() and content.scale_ten_anchor.strip() and content.scale_reasons.strip()
    ):
        errors["scale_reasons"] = SCORE_NEEDS_ANCHORS
    if content.decisions.strip() and not content.decision_reasons.strip():
        errors["decision_reasons"] = DECISION_NEEDS_REASONS
    if errors:
        raise ValidationError(errors)


def _people(supervision: Supervision) -> list[Person | None]:
    """Whose records the access log counts: each child discussed, or nobody's for personal supervision."""
    if supervision.kind == SupervisionKind.PERSONAL:
        return [None]
    return list(Person.objects.filter(supervision_entries__supervision=supervision).order_by("pk"))


def _log(
    acting_user: User,
    supervision: Supervision,
    action: AccessAction,
    request: HttpRequest | None,
    detail: str = "",
) -> None:
    access_log_append_each(
        user=acting_user,
        action=action,
        record_type=f"{supervision.kind} supervision",
        record_id=supervision.pk,
        people=_people(supervision),
        detail=detail,
        request=request,
    )


def _apply(supervision: Supervision, content: SupervisionContent) -> None:
    for name, value in content.__dict__.items():
        setattr(supervision, name, value)


def _add_actions(supervision: Supervision, actions: Sequence[ActionAgreed]) -> None:
    SupervisionAction.objects.bulk_create(
        SupervisionAction(supervision=supervision, description=a.description, owner=a.owner, due_on=a.due_on)
        for a in actions
    )


def case_supervision_record(
    *,
    acting_user: User,
    case: Case,
    children: Sequence[Person],
    content: SupervisionContent,
    actions: Sequence[ActionAgreed] = (),
    request: HttpRequest | None = None,
) -> Supervision:
    """A draft case supervision, with the acting user as supervisor, for the children discussed."""
    member_ids = {child.pk for child in case_children(case)}
    if not children or any(child.pk not in member_ids for child in children):
        raise ValidationError({"children": ONLY_CHILDREN_ON_CASE})
    _check_content(content, acting_user, case)
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        supervision = Supervision(kind=SupervisionKind.CASE, case=held, supervisor=acting_user)
        return _create(supervision, acting_user, content, actions, children, request)


def personal_supervision_record(
    *,
    acting_user: User,
    content: SupervisionContent,
    actions: Sequence[ActionAgreed] = (),
    request: HttpRequest | None = None,
) -> Supervision:
    """A draft personal supervision of the supervisee, with the acting user as supervisor."""
    if acting_user.role in READ_ONLY_ROLES:
        raise PermissionDenied(REFUSED_MESSAGE)
    _check_content(content, acting_user, None)
    with transaction.atomic():
        supervision = Supervision(kind=SupervisionKind.PERSONAL, supervisor=acting_user)
        return _create(supervision, acting_user, content, actions, [], request)


def _create(
    supervision: Supervision,
    acting_user: User,
    content: SupervisionContent,
    actions: Sequence[ActionAgreed],
    children: Sequence[Person],
    request: HttpRequest | None,
) -> Supervision:
    _apply(supervision, content)
    supervision.created_by = acting_user
    supervision.modified_by = acting_user
    supervision._history_user = acting_user  # type: ignore[attr-defined]
    supervision.full_clean()
    supervision.save()
    SupervisionChild.objects.bulk_create(SupervisionChild(supervision=supervision, child=c) for c in children)
    _add_actions(supervision, actions)
    _log(acting_user, supervision, AccessAction.CREATE, request)
    return supervision


@contextmanager
def _held(supervision: Supervision, acting_user: User) -> Iterator[Supervision]:
    """The record held for one change, read afresh through the policy: a record the user may no longer see is
    refused as if it were not there."""
    held = (
        visible_supervisions(acting_user)
        .select_for_update(of=("self",))
        .select_related("case", "modified_by")
        .filter(pk=supervision.pk)
        .first()
    )
    if held is None:
        raise PermissionDenied(REFUSED_MESSAGE)
    yield held


def _refuse_unless_changeable(acting_user: User, held: Supervision) -> None:
    if held.status != SupervisionStatus.DRAFT:
        raise ValidationError(ONLY_DRAFTS_CHANGE)
    if not can_change_supervision(acting_user, held):
        raise PermissionDenied(ONLY_SUPERVISOR)


def supervision_update(
    *,
    acting_user: User,
    supervision: Supervision,
    expected_version: int | None,
    content: SupervisionContent,
    request: HttpRequest | None = None,
) -> Supervision:
    """Change a draft. A signed record is frozen: this refuses it."""
    with transaction.atomic(), _held(supervision, acting_user) as held:
        _refuse_unless_changeable(acting_user, held)
        check_version(held, expected_version)
        _check_content(content, acting_user, held.case)
        _apply(held, content)
        held.full_clean()
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, request)
        return held


def supervision_action_add(
    *,
    acting_user: User,
    supervision: Supervision,
    expected_version: int | None,
    action: ActionAgreed,
    request: HttpRequest | None = None,
) -> SupervisionAction:
    """An action agreed, added to a draft; the record moves one version on."""
    with transaction.atomic(), _held(supervision, acting_user) as held:
        _refuse_unless_changeable(acting_user, held)
        check_version(held, expected_version)
        if action.due_on < held.occurred_on:
            raise ValidationError({"due_on": "The action cannot be due before the supervision took place"})
        _add_actions(held, [action])
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, request, detail="action added")
        return held.actions.order_by("-pk")[0]


def supervision_sign(
    *,
    acting_user: User,
    supervision: Supervision,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> Supervision:
    """The supervisor signs: the content is frozen, and a case supervision goes on each child's timeline."""
    with transaction.atomic(), _held(supervision, acting_user) as held:
        _refuse_unless_changeable(acting_user, held)
        check_version(held, expected_version)
        held.status = SupervisionStatus.SIGNED
        held.signed_at = timezone.now()
        recorded_save(held, acting_user=acting_user)
        if held.kind == SupervisionKind.CASE:
            chronology_record(
                acting_user=acting_user,
                people=[p for p in _people(held) if p is not None],
                case=held.case,
                kind=ChronologyKind.CASE_SUPERVISION,
                occurred_on=held.occurred_on,
                summary=f"Case supervision with {held.supervisee} signed by {acting_user}",
                source=held,
            )
        _log(acting_user, held, AccessAction.CHANGE, request, detail="signed")
        return held


def supervision_acknowledge(
    *,
    acting_user: User,
    supervision: Supervision,
    expected_version: int | None,
    agrees: bool,
    comment: str = "",
    request: HttpRequest | None = None,
) -> SupervisionAcknowledgement:
    """The supervisee acknowledges the signed record, with a comment or their disagreement, kept beside it."""
    if not agrees and not comment.strip():
        raise ValidationError({"comment": DISAGREEMENT_NEEDS_WORDS})
    with transaction.atomic(), _held(supervision, acting_user) as held:
        if not can_respond_to_supervision(acting_user, held):
            raise PermissionDenied(ONLY_SUPERVISEE)
        check_version(held, expected_version)
        acknowledgement = SupervisionAcknowledgement.objects.create(
            supervision=held, acknowledged_by=acting_user, agrees=agrees, comment=comment.strip()
        )
        held.status = SupervisionStatus.ACKNOWLEDGED
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, request, detail="acknowledged" if agrees else "disagreed")
        return acknowledgement


def supervision_addition_add(
    *,
    acting_user: User,
    supervision: Supervision,
    text: str,
    request: HttpRequest | None = None,
) -> SupervisionAddition:
    """Something said after signing, appended below the signed record with who added it and when."""
    if not text.strip():
        raise ValidationError({"text": ADDITION_NEEDS_WORDS})
    with transaction.atomic(), _held(supervision, acting_user) as held:
        if not can_add_to_signed_supervision(acting_user, held):
            raise PermissionDenied(REFUSED_MESSAGE)
        addition = SupervisionAddition.objects.create(supervision=held, text=text.strip(), added_by=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, request, detail="addition")
        return addition


def supervision_action_done(
    *,
    acting_user: User,
    action: SupervisionAction,
    request: HttpRequest | None = None,
) -> SupervisionAction:
    """The owner (or the supervisor) marks an action done: it leaves the owner's caseload."""
    with transaction.atomic():
        held = (
            SupervisionAction.objects.select_for_update(of=("self",))
            .select_related("supervision")
            .filter(pk=action.pk, supervision__in=visible_supervisions(acting_user))
            .first()
        )
        if held is None:
            raise PermissionDenied(REFUSED_MESSAGE)
        if acting_user.pk not in {held.owner_id, held.supervision.supervisor_id}:
            raise PermissionDenied(ACTION_NOT_YOURS)
        if held.done_at is not None:
            raise ValidationError(ACTION_ALREADY_DONE)
        held.done_at = timezone.now()
        held.done_by = acting_user
        held.save(update_fields=["done_at", "done_by"])
        _log(acting_user, held.supervision, AccessAction.CHANGE, request, detail="action done")
        return held
