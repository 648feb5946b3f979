"""Appreciative inquiry: the worker's record of work done well, their supervisor's comments, and the worker's
nomination of it, with consent, to the good-practice library."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import REFUSED_MESSAGE, check_version
from casemap.access.models import AccessAction
from casemap.access.policy import READ_ONLY_ROLES, can_view_case, visible_inquiries
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.core.models import recorded_save
from casemap.supervision.models import AppreciativeInquiry

NOT_IN_FUTURE = "The date must be today or in the past"
CONSENT_NEEDED = "Tick to say you agree to it being shared, without the family's details"
ONLY_THE_WORKER = "Only the worker can nominate their own appreciative inquiry"
ONLY_THE_SUPERVISOR = "Only the worker's supervisor can add manager comments"
ALREADY_NOMINATED = "This was already nominated to the good-practice library"
CASE_NOT_SEEN = "Choose a case you work on"


def _log(user: User, inquiry: AppreciativeInquiry, action: AccessAction, request: HttpRequest | None) -> None:
    access_log_append_each(
        user=user, action=action, record_type="appreciative inquiry", record_id=inquiry.pk, people=[None],
        request=request,
    )  # fmt: skip


def inquiry_record(
    *,
    acting_user: User,
    held_on: datetime.date,
    went_well: str,
    how_made_it_happen: str,
    learning: str,
    self_scale: int,
    who_helped: str = "",
    family_would_say: str = "",
    closer_to_ten: str = "",
    case: Case | None = None,
    request: HttpRequest | None = None,
) -> AppreciativeInquiry:
    if acting_user.role in READ_ONLY_ROLES:
        raise PermissionDenied(REFUSED_MESSAGE)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": NOT_IN_FUTURE})
    if case is not None and not can_view_case(acting_user, case):
        raise ValidationError({"case": CASE_NOT_SEEN})
    with transaction.atomic():
        inquiry = AppreciativeInquiry(
            worker=acting_user, case=case, held_on=held_on, went_well=went_well.strip(),
            how_made_it_happen=how_made_it_happen.strip(), who_helped=who_helped.strip(),
            family_would_say=family_would_say.strip(), learning=learning.strip(), self_scale=self_scale,
            closer_to_ten=closer_to_ten.strip(), created_by=acting_user, modified_by=acting_user,
        )  # fmt: skip
        inquiry._history_user = acting_user  # type: ignore[attr-defined]
        inquiry.full_clean()
        inquiry.save()
        _log(acting_user, inquiry, AccessAction.CREATE, request)
        return inquiry


def _held(acting_user: User, inquiry: AppreciativeInquiry) -> AppreciativeInquiry:
    held = visible_inquiries(acting_user).select_for_update(of=("self",)).filter(pk=inquiry.pk).first()
    if held is None:
        raise PermissionDenied(REFUSED_MESSAGE)
    return held


def inquiry_comment(
    *,
    acting_user: User,
    inquiry: AppreciativeInquiry,
    comments: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> AppreciativeInquiry:
    """The supervisor's comments, beside the worker's words; refused if the page showed an older version."""
    with transaction.atomic():
        held = _held(acting_user, inquiry)
        if held.worker_id == acting_user.pk:
            raise PermissionDenied(ONLY_THE_SUPERVISOR)
        check_version(held, expected_version)
        held.manager_comments = comments.strip()
        held.manager_commented_by = acting_user
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, request)
        return held


def inquiry_nominate(
    *, acting_user: User, inquiry: AppreciativeInquiry, consented: bool, request: HttpRequest | None = None
) -> AppreciativeInquiry:
    """The worker nominates their record to the good-practice library; never without their consent."""
    if not consented:
        raise ValidationError({"consented": CONSENT_NEEDED})
    with transaction.atomic():
        held = _held(acting_user, inquiry)
        if held.worker_id != acting_user.pk:
            raise PermissionDenied(ONLY_THE_WORKER)
        if held.nominated_at is not None:
            raise ValidationError(ALREADY_NOMINATED)
        held.nominated_at = timezone.now()
        held.worker_consented = True
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, request)
        return held
