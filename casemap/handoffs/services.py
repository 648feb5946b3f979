"""Writes for hand-offs: a worker asks for sign-off of a draft; a manager signs it off or returns it, with reasons.

Each goes through the write guard on the record itself, so the record is held while it is asked about or decided,
a stale page is refused, and the change is in the record's history and the access log. Each goes on the timeline
of every child the record is about. The apps' own sign-off services (`map_sign_off`, `plan_sign_off`,
`booklet_sign_off`) freeze what is theirs and call `sign_off_decided` in the same transaction."""

import datetime
from contextlib import AbstractContextManager
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change
from casemap.access.policy import can_manage_case
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import ChronologyKind
from casemap.core.models import RecordedModel
from casemap.handoffs.models import SignOffOutcome, SignOffRequest
from casemap.handoffs.records import SignableRecord, signable_for

RETURN_NEEDS_REASONS = "Say what needs to change before it can be signed off"


def day(moment: datetime.datetime | None) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y}" if moment else ""


def _requests_for(record: Model) -> Any:
    return SignOffRequest.objects.filter(
        record_type=ContentType.objects.get_for_model(type(record)), record_id=record.pk
    )


def sign_off_refusal(record: RecordedModel, *, asking: bool = False) -> str:
    """Why the record cannot be asked about or decided now, in plain words; "" when it can."""
    signable = signable_for(record)
    reason = signable.not_signable(record)
    if reason:
        return reason
    decided = _requests_for(record).filter(outcome=SignOffOutcome.SIGNED_OFF).select_related("decided_by").first()
    if decided is not None:
        return f"This {signable.noun} was signed off by {decided.decided_by} on {day(decided.decided_at)}"
    if asking:
        waiting = _requests_for(record).filter(outcome=SignOffOutcome.WAITING).select_related("requested_by").first()
        if waiting is not None:
            return f"Sign-off was asked for by {waiting.requested_by} on {day(waiting.requested_at)}"
    return ""


def _refuse(asking: bool) -> Any:
    def refuse(current: RecordedModel) -> None:
        reason = sign_off_refusal(current, asking=asking)
        if reason:
            raise ValidationError(reason)

    return refuse


def _guarded(
    record: RecordedModel,
    signable: SignableRecord,
    *,
    acting_user: User,
    expected_version: int | None,
    detail: str,
    request: HttpRequest | None,
    asking: bool,
) -> AbstractContextManager[RecordedModel]:
    return guarded_change(
        record,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type=signable.record_type,
        people=signable.children,
        detail=detail,
        request=request,
        refuse=_refuse(asking),
        related=("case",),
    )


def sign_off_ask(
    *,
    acting_user: User,
    record: RecordedModel,
    expected_version: int | None,
    note: str = "",
    request: HttpRequest | None = None,
) -> SignOffRequest:
    """A worker who may add to the case asks the managers in its team's line to sign the draft off."""
    signable = signable_for(record)
    with _guarded(
        record,
        signable,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="sign-off asked for",
        request=request,
        asking=True,
    ) as current:
        asked = SignOffRequest(
            case=current.case,  # type: ignore[attr-defined]
            record_type=ContentType.objects.get_for_model(type(current)),
            record_id=current.pk,
            record_label=signable.label(current),
            requested_by=acting_user,
            requested_at=timezone.now(),
            note=note.strip(),
        )
        asked._history_user = acting_user  # type: ignore[attr-defined]
        asked.save()
        _timeline(
            acting_user,
            current,
            signable,
            ChronologyKind.SIGN_OFF,
            f"Sign-off of {asked.record_label} asked for by {acting_user}",
            asked.note,
        )
    return asked


def sign_off_return(
    *,
    acting_user: User,
    record: RecordedModel,
    expected_version: int | None,
    reasons: str,
    request: HttpRequest | None = None,
) -> SignOffRequest:
    """A manager sends the draft back to the worker with reasons. It stays a draft the worker can change, and
    the request closes as returned."""
    signable = signable_for(record)
    _check_manager(acting_user, record, signable)
    if not reasons.strip():
        raise ValidationError({"reasons": RETURN_NEEDS_REASONS})
    with _guarded(
        record,
        signable,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="returned to the worker",
        request=request,
        asking=False,
    ) as current:
        return sign_off_decided(
            acting_user=acting_user, record=current, outcome=SignOffOutcome.RETURNED, reasons=reasons
        )


def sign_off_decided(
    *, acting_user: User, record: RecordedModel, outcome: SignOffOutcome, reasons: str
) -> SignOffRequest:
    """Record a manager's decision on the record, with their reasons, and put it on the children's timelines.

    Called by the services that hold the record for the decision (`sign_off_return`, and each app's sign-off
    service), inside their transaction. It closes the request waiting on the record, or, when nobody asked,
    keeps the decision in a request of its own."""
    signable = signable_for(record)
    _check_manager(acting_user, record, signable)
    if outcome == SignOffOutcome.WAITING:
        raise ValueError("A decision is signed off or returned")
    with transaction.atomic():
        decision = _requests_for(record).select_for_update().filter(outcome=SignOffOutcome.WAITING).first()
        if decision is None:
            decision = SignOffRequest(
                case=record.case,  # type: ignore[attr-defined]
                record_type=ContentType.objects.get_for_model(type(record)),
                record_id=record.pk,
            )
        decision.record_label = signable.label(record)
        decision.decided_by = acting_user
        decision.decided_at = timezone.now()
        decision.outcome = outcome
        decision.reasons = reasons.strip()
        decision._history_user = acting_user
        decision.save()
        if outcome == SignOffOutcome.SIGNED_OFF:
            kind, summary = signable.signed_off_kind, f"{decision.record_label} signed off by {acting_user}"
        else:
            to = decision.requested_by or "the worker"
            kind, summary = ChronologyKind.SIGN_OFF, f"{decision.record_label} returned to {to} by {acting_user}"
        _timeline(acting_user, record, signable, kind, summary, decision.reasons)
    return decision


def _check_manager(acting_user: User, record: RecordedModel, signable: SignableRecord) -> None:
    if not can_manage_case(acting_user, record.case):  # type: ignore[attr-defined]
        raise PermissionDenied(f"Only a manager in the team's line can sign off or return a {signable.noun}")


def _timeline(
    acting_user: User,
    record: RecordedModel,
    signable: SignableRecord,
    kind: ChronologyKind,
    summary: str,
    detail: str,
) -> None:
    chronology_record(
        acting_user=acting_user,
        people=signable.children(record),
        case=record.case,  # type: ignore[attr-defined]
        kind=kind,
        occurred_on=timezone.localdate(),
        summary=summary,
        detail=detail,
        source=record,
    )
