"""Group supervision: the session about one family, with its roles, the presenter's question, the map made in the
session and next steps; then each participant's learning note.

The map is saved as a new draft version of the case's map: re-mapped from the latest signed map (so nothing signed
is changed), or started if the case has none, with the session's worries and what is working well added to it.
A case with a draft map already open is refused: the session's map would otherwise be written over the draft.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import REFUSED_MESSAGE, held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, ChronologyKind
from casemap.cases.selectors import case_children
from casemap.mapping.models import ItemCategory, Map, MapSetting, MapStatus
from casemap.mapping.services import item_save, map_remap, map_start
from casemap.supervision.models import GroupParticipant, GroupRole, GroupSupervision

FEWEST, MOST = 4, 10
ONE_FACILITATOR = "Choose exactly one facilitator"
A_PRESENTER = "Choose at least one presenting worker"
ONE_ADVISER = "Choose no more than one adviser"
ONCE_EACH = "Each person can have only one role in the session"
QUESTION_NEEDED = "Enter the presenter's question"
NOT_IN_FUTURE = "The date of the session must be today or in the past"
DRAFT_MAP_OPEN = (
    "This case already has a draft map. Finish and sign it off first, so the session's map is saved as a new draft "
    "rather than over it"
)
SIZE_WARNING = "Group supervision works best with {fewest} to {most} people: this session had {count}"
NOT_A_PARTICIPANT = "Only someone who took part can write a learning note for this session"


@dataclass(frozen=True)
class Participant:
    user: User
    role: GroupRole


@dataclass(frozen=True)
class SessionMap:
    """The map made in the session: each line of a column is one item."""

    worries: str = ""
    working_well: str = ""


def _check_roles(participants: Sequence[Participant]) -> list[str]:
    """Refuse what cannot be a group supervision; warn (not refuse) outside 4 to 10 people."""
    errors: dict[str, str] = {}
    roles = [p.role for p in participants]
    if roles.count(GroupRole.FACILITATOR) != 1:
        errors["facilitator"] = ONE_FACILITATOR
    if roles.count(GroupRole.PRESENTER) < 1:
        errors["presenters"] = A_PRESENTER
    if roles.count(GroupRole.ADVISER) > 1:
        errors["adviser"] = ONE_ADVISER
    if len({p.user.pk for p in participants}) != len(participants):
        errors["observers"] = ONCE_EACH
    if errors:
        raise ValidationError(errors)
    if not FEWEST <= len(participants) <= MOST:
        return [SIZE_WARNING.format(fewest=FEWEST, most=MOST, count=len(participants))]
    return []


def _session_map(acting_user: User, case: Case, held_on: datetime.date, drawn: SessionMap) -> Map | None:
    lines = [(ItemCategory.HARM, line) for line in drawn.worries.splitlines() if line.strip()]
    lines += [(ItemCategory.EXISTING_STRENGTH, line) for line in drawn.working_well.splitlines() if line.strip()]
    if not lines:
        return None
    if Map.objects.filter(case=case, status=MapStatus.DRAFT).exists():
        raise ValidationError({"worries": DRAFT_MAP_OPEN})
    signed = Map.objects.filter(case=case).exclude(status=MapStatus.DRAFT).order_by("-number").first()
    if signed is not None:
        draft = map_remap(acting_user=acting_user, map_=signed, held_on=held_on, setting=MapSetting.SUPERVISION)
    else:
        draft = map_start(acting_user=acting_user, case=case, setting=MapSetting.SUPERVISION, held_on=held_on)
    for category, text in lines:
        item_save(
            acting_user=acting_user,
            map_=draft,
            expected_version=None,
            category=category,
            text=text.strip(),
            said_by="Group supervision",
        )
    draft.refresh_from_db()
    return draft


def group_supervision_record(
    *,
    acting_user: User,
    case: Case,
    held_on: datetime.date,
    participants: Sequence[Participant],
    presenter_question: str,
    next_steps: str = "",
    session_map: SessionMap = SessionMap(),
    request: HttpRequest | None = None,
) -> tuple[GroupSupervision, list[str]]:
    """Record the session; returns it and any warnings (too few or too many people)."""
    errors: dict[str, str] = {}
    if held_on > timezone.localdate():
        errors["held_on"] = NOT_IN_FUTURE
    if not presenter_question.strip():
        errors["presenter_question"] = QUESTION_NEEDED
    if errors:
        raise ValidationError(errors)
    warnings = _check_roles(participants)
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        session = GroupSupervision(
            case=held,
            held_on=held_on,
            presenter_question=presenter_question.strip(),
            next_steps=next_steps.strip(),
            created_by=acting_user,
            modified_by=acting_user,
        )
        session.map = _session_map(acting_user, held, held_on, session_map)
        session._history_user = acting_user  # type: ignore[attr-defined]
        session.save()
        GroupParticipant.objects.bulk_create(
            GroupParticipant(session=session, user=p.user, role=p.role) for p in participants
        )
        children = case_children(held)
        chronology_record(
            acting_user=acting_user,
            people=children,
            case=held,
            kind=ChronologyKind.CASE_SUPERVISION,
            occurred_on=held_on,
            summary=f"Group supervision with {len(participants)} people",
            source=session,
        )
        access_log_append_each(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="group supervision",
            record_id=session.pk,
            people=list(children),
            request=request,
        )
    return session, warnings


def group_learning_note_save(
    *, acting_user: User, session: GroupSupervision, note: str, request: HttpRequest | None = None
) -> GroupParticipant:
    """A participant's own short learning note: what they take from the session, written without the family's
    details, so it can be shown to them even if they may not see the family."""
    with transaction.atomic():
        participant = GroupParticipant.objects.select_for_update().filter(session=session, user=acting_user).first()
        if participant is None:
            raise PermissionDenied(NOT_A_PARTICIPANT if acting_user.is_authenticated else REFUSED_MESSAGE)
        participant.learning_note = note.strip()
        participant.save(update_fields=["learning_note"])
        access_log_append_each(
            user=acting_user,
            action=AccessAction.CHANGE,
            record_type="group supervision",
            record_id=session.pk,
            detail="learning note",
            people=[None],
            request=request,
        )
        return participant
