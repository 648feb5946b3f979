"""The steps to adoption (the decision that the child should be placed for adoption, the match, the adopters, or
the decision that the child should no longer be placed) and previous permanence: the SSDA903 return's AD1,
PlacedAdoption and PrevPerm. Each write runs in one transaction through the write guard, goes on the child's
timeline and in the access log, and keeps a history row."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from casemap.access.guard import guarded_change
from casemap.accounts.models import User
from casemap.cases.care_codes import (
    ADOPTERS_FOR_STATUS,
    NO_PREVIOUS_ORDER,
    AdopterLegalStatus,
    AdopterSexes,
    AdoptionCeasedReason,
    PreviousPermanenceKind,
)
from casemap.cases.care_models import (
    AdoptionPlan,
    CarePeriod,
    PreviousPermanence,
)
from casemap.cases.chronology import chronology_record
from casemap.cases.models import ChronologyKind
from casemap.cases.services.care_checks import (
    check_day,
    check_within_period,
    created_by,
    held_period,
    log_created,
)

ADOPTION_ALREADY = "A decision that {child} should be placed for adoption is already recorded, on {day:%-d %B %Y}"
ADOPTION_CEASED = "The decision was reversed on {day:%-d %B %Y}"
MATCH_BEFORE_DECISION = "The match cannot be before the decision of {day:%-d %B %Y}"
MATCH_FIRST = "Record the match with the adopters first"
ADOPTERS_DO_NOT_FIT = "'{status}' cannot describe '{sexes}'"
PERMANENCE_ALREADY = "Previous permanence is already recorded for this period of care"
PERMANENCE_NEEDS_NOTHING = "Leave where and when empty when the child had no order, or it is not known"


# Adoption: the decision, the match, the adopters, or the decision reversed.


def adoption_decision_record(
    *, acting_user: User, period: CarePeriod, decided_on: datetime.date, request: HttpRequest | None = None
) -> AdoptionPlan:
    check_day(decided_on, period.child, "The date of the decision", "decided_on")
    with transaction.atomic():
        case, current = held_period(acting_user, period)
        check_within_period(current, decided_on, "The decision", "decided_on")
        already = AdoptionPlan.objects.filter(child=current.child, ceased_on__isnull=True).first()
        if already is not None:
            raise ValidationError(ADOPTION_ALREADY.format(child=current.child.full_name, day=already.decided_on))
        plan = AdoptionPlan(period=current, case=case, child=current.child, decided_on=decided_on)
        created_by(plan, acting_user)
        plan.save()
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=case,
            kind=ChronologyKind.ADOPTION,
            occurred_on=decided_on,
            summary="Decision that the child should be placed for adoption",
            source=plan,
        )
        log_created(acting_user, "adoption plan", plan.pk, current.child, request)
    return plan


def _refuse_ceased(current: AdoptionPlan) -> None:
    if current.ceased_on is not None:
        raise ValidationError(ADOPTION_CEASED.format(day=current.ceased_on))


def adoption_match_record(
    *,
    acting_user: User,
    plan: AdoptionPlan,
    expected_version: int | None,
    matched_on: datetime.date,
    request: HttpRequest | None = None,
) -> AdoptionPlan:
    check_day(matched_on, plan.child, "The date of the match", "matched_on")
    if matched_on < plan.decided_on:
        raise ValidationError({"matched_on": MATCH_BEFORE_DECISION.format(day=plan.decided_on)})
    with guarded_change(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="adoption plan",
        people=lambda current: [current.child],
        detail="matched",
        request=request,
        refuse=_refuse_ceased,
        related=("case", "child"),
    ) as current:
        current.matched_on = matched_on
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=current.case,
            kind=ChronologyKind.ADOPTION,
            occurred_on=matched_on,
            summary="Matched with prospective adopters",
            source=current,
        )
    return current


def adoption_adopters_record(
    *,
    acting_user: User,
    plan: AdoptionPlan,
    expected_version: int | None,
    by_foster_carers: bool,
    adopter_sexes: str,
    adopter_legal_status: str,
    request: HttpRequest | None = None,
) -> AdoptionPlan:
    """Who is adopting: whether they were the child's foster carers, their sexes and legal status (the number
    of adopters follows from their sexes)."""
    if adopter_sexes not in AdopterSexes.values:
        raise ValidationError({"adopter_sexes": "Choose who is adopting"})
    if adopter_legal_status not in AdopterLegalStatus.values:
        raise ValidationError({"adopter_legal_status": "Choose the adopters' legal status"})
    status = AdopterLegalStatus(adopter_legal_status)
    if adopter_sexes not in ADOPTERS_FOR_STATUS[status]:
        message = ADOPTERS_DO_NOT_FIT.format(status=status.label, sexes=AdopterSexes(adopter_sexes).label)
        raise ValidationError({"adopter_legal_status": message})

    def refuse(current: AdoptionPlan) -> None:
        _refuse_ceased(current)
        if current.matched_on is None:
            raise ValidationError(MATCH_FIRST)

    with guarded_change(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="adoption plan",
        people=lambda current: [current.child],
        detail="adopters",
        request=request,
        refuse=refuse,
        related=("case", "child"),
    ) as current:
        current.by_foster_carers = by_foster_carers
        current.adopter_sexes = adopter_sexes
        current.adopter_count = 1 if adopter_sexes in {AdopterSexes.M1, AdopterSexes.F1} else 2
        current.adopter_legal_status = adopter_legal_status
    return current


def adoption_decision_reverse(
    *,
    acting_user: User,
    plan: AdoptionPlan,
    expected_version: int | None,
    ceased_on: datetime.date,
    reason: str,
    request: HttpRequest | None = None,
) -> AdoptionPlan:
    """The decision that the child should no longer be placed for adoption."""
    if reason not in AdoptionCeasedReason.values:
        raise ValidationError({"reason": "Choose why the child should no longer be placed for adoption"})
    check_day(ceased_on, plan.child, "The date of the decision", "ceased_on")
    if ceased_on < plan.decided_on:
        raise ValidationError({"ceased_on": f"This cannot be before the decision of {plan.decided_on:%-d %B %Y}"})
    with guarded_change(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="adoption plan",
        people=lambda current: [current.child],
        detail="reversed",
        request=request,
        refuse=_refuse_ceased,
        related=("case", "child"),
    ) as current:
        current.ceased_on = ceased_on
        current.ceased_reason = reason
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=current.case,
            kind=ChronologyKind.ADOPTION,
            occurred_on=ceased_on,
            summary=f"No longer to be placed for adoption: {current.get_ceased_reason_display()}",
            source=current,
        )
    return current


def previous_permanence_record(
    *,
    acting_user: User,
    period: CarePeriod,
    kind: str,
    authority: str = "",
    order_made_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> PreviousPermanence:
    if kind not in PreviousPermanenceKind.values:
        raise ValidationError({"kind": "Choose whether the child had an order before"})
    if kind in NO_PREVIOUS_ORDER and (authority.strip() or order_made_on):
        raise ValidationError(PERMANENCE_NEEDS_NOTHING)
    if order_made_on is not None:
        check_day(order_made_on, period.child, "The date of the order", "order_made_on")
        if order_made_on > period.started_on:
            raise ValidationError({"order_made_on": "The order must be before this period of care began"})
    with transaction.atomic():
        case, current = held_period(acting_user, period)
        if PreviousPermanence.objects.filter(period=current).exists():
            raise ValidationError(PERMANENCE_ALREADY)
        record = PreviousPermanence(
            period=current,
            case=case,
            child=current.child,
            kind=kind,
            authority=authority.strip(),
            order_made_on=order_made_on,
        )
        created_by(record, acting_user)
        record.save()
        log_created(acting_user, "previous permanence", record.pk, current.child, request)
    return record
