"""A manager's sign-off of one version of a booklet. The booklet's own status is about the parents and the
children and does not change; the sign-off, with the manager's reasons, is kept by hand-offs (casemap/handoffs),
and it fixes the version's wording as a parent's view does."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from casemap.access.guard import check_version, guarded_change
from casemap.access.policy import can_manage_case
from casemap.accounts.models import User
from casemap.handoffs.models import SignOffOutcome
from casemap.handoffs.services import sign_off_decided, sign_off_refusal
from casemap.words.models import WordsAndPicturesBooklet
from casemap.words.services.common import RECORD_TYPE
from casemap.words.sign_off import booklet_children


def _refuse_sign_off(current: WordsAndPicturesBooklet, expected_version: int | None) -> None:
    reason = sign_off_refusal(current)
    if reason:
        raise ValidationError(reason)
    check_version(current, expected_version)  # the manager judged the version their page showed
    if not current.pages.exists():
        raise ValidationError("A booklet with no pages cannot be signed off")


def booklet_sign_off(
    *,
    acting_user: User,
    booklet: WordsAndPicturesBooklet,
    expected_version: int | None,
    reasons: str = "",
    request: HttpRequest | None = None,
) -> WordsAndPicturesBooklet:
    """A manager in the case team's line signs this version off with their reasons; any request for its
    sign-off closes."""
    if not can_manage_case(acting_user, booklet.case):
        raise PermissionDenied("Only a manager in the team's line can sign off a booklet")
    with transaction.atomic():
        with guarded_change(
            booklet,
            acting_user=acting_user,
            expected_version=expected_version,
            record_type=RECORD_TYPE,
            people=booklet_children,
            detail="signed off",
            request=request,
            refuse=lambda current: _refuse_sign_off(current, expected_version),
            related=("case",),
        ) as current:
            pass  # nothing on the booklet changes: the guard holds it, raises its version, keeps history and logs
        sign_off_decided(acting_user=acting_user, record=current, outcome=SignOffOutcome.SIGNED_OFF, reasons=reasons)
    return current
