"""Referrals coming in, and the decision on each: a case and an episode per child, or no further action."""

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change
from casemap.access.models import AccessAction
from casemap.access.services import access_log_append
from casemap.accounts.models import Team, User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import (
    Allocation,
    Case,
    CaseMember,
    CaseService,
    ChronologyKind,
    ClosureReason,
    Episode,
    MemberRole,
    PrimaryNeed,
    Referral,
    ReferralDecision,
)
from casemap.cases.selectors import can_record_referrals, case_children
from casemap.cases.services.common import managers_only, moment_of
from casemap.core.models import recorded_save
from casemap.people.models import Person
from casemap.people.services import person_create


def referral_receive(
    *,
    acting_user: User,
    children: Sequence[Person],
    adults: Sequence[Person] = (),
    team: Team,
    received_on: datetime.date,
    source: str,
    what_was_reported: str,
    referrer_name: str = "",
    family_name: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """Open a case for a new referral about one or more children, held by `team` until a decision."""
    if not can_record_referrals(acting_user):
        raise PermissionDenied("Only practitioners and managers in a team can record a referral")
    if not children:
        raise ValidationError("A referral must be about at least one child")
    if received_on > timezone.localdate():
        raise ValidationError({"received_on": "The date the referral was received must be today or in the past"})
    with transaction.atomic():
        case = Case(
            service=CaseService.REFERRAL,
            team=team,
            opened_on=received_on,
            family_name=family_name or f"{children[0].last_name} family",
            created_by=acting_user,
            modified_by=acting_user,
        )
        case._history_user = acting_user  # type: ignore[attr-defined]
        case.save()
        CaseMember.objects.bulk_create(
            [CaseMember(case=case, person=child, role=MemberRole.CHILD) for child in children]
            + [CaseMember(case=case, person=adult, role=MemberRole.ADULT) for adult in adults]
        )
        Allocation.objects.create(
            case=case,
            team=team,
            worker=None,
            started_at=moment_of(received_on, start_of_day=True),
            allocated_by=acting_user,
            reason="Referral received",
        )
        for child in children:
            referral = Referral(
                child=child,
                case=case,
                received_on=received_on,
                source=source,
                referrer_name=referrer_name,
                what_was_reported=what_was_reported,
                created_by=acting_user,
                modified_by=acting_user,
            )
            referral.full_clean()
            referral._history_user = acting_user  # type: ignore[attr-defined]
            referral.save()
            chronology_record(
                acting_user=acting_user,
                people=[child],
                case=case,
                kind=ChronologyKind.REFERRAL,
                occurred_on=received_on,
                summary=f"Referral received from {referral.get_source_display()}",
                detail=what_was_reported,
                source=referral,
            )
        access_log_append(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="case",
            record_id=case.pk,
            person=children[0],
            request=request,
        )
    return case


def referral_receive_new_children(
    *,
    acting_user: User,
    children: Sequence[Mapping[str, Any]],
    address: Mapping[str, str],
    team: Team,
    received_on: datetime.date,
    source: str,
    what_was_reported: str,
    referrer_name: str = "",
    request: HttpRequest | None = None,
) -> Case:
    """A referral about children not yet recorded: each child's record (with the family's address, typed once)
    and the case for them all, in one transaction, so a refusal of any part leaves nothing half made."""
    if not can_record_referrals(acting_user):
        raise PermissionDenied("Only practitioners and managers in a team can record a referral")
    if not children:
        raise ValidationError("A referral must be about at least one child")
    with transaction.atomic():
        people = []
        for number, details in enumerate(children, start=1):
            try:
                people.append(
                    person_create(acting_user=acting_user, request=request, is_child=True, **details, **address)
                )
            except ValidationError as error:
                raise ValidationError([f"Child {number}: {message}" for message in error.messages]) from error
        return referral_receive(
            acting_user=acting_user,
            children=people,
            team=team,
            received_on=received_on,
            source=source,
            what_was_reported=what_was_reported,
            referrer_name=referrer_name,
            request=request,
        )


NO_REASONS_MESSAGE = "Enter why you made this decision"

DECISION_SERVICE = {
    ReferralDecision.EARLY_HELP: CaseService.EARLY_HELP,
    ReferralDecision.ASSESSMENT: CaseService.CHILD_IN_NEED,
}


def referral_decide(
    *,
    acting_user: User,
    case: Case,
    decision: ReferralDecision,
    decided_on: datetime.date,
    reasons: str,
    primary_need: str = PrimaryNeed.N0,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Record the front door's decision and why for every child on the case's open referrals: an episode each,
    and the case moved to the service decided, or closed for no further action. The reasons go on the referrals
    and the children's timelines; the access log has only the decision's code."""
    if decision == ReferralDecision.PENDING:
        raise ValidationError({"decision": "Choose a decision"})
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError({"reasons": NO_REASONS_MESSAGE})
    with guarded_change(
        case,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="case",
        people=case_children,
        detail=f"referral decision {decision}",
        request=request,
        refuse=managers_only(acting_user),
    ) as current:
        referrals = list(current.referrals.filter(decision="").select_related("child").select_for_update(of=("self",)))
        if not referrals:
            raise ValidationError("There is no undecided referral on this case")
        if decided_on < min(referral.received_on for referral in referrals):
            raise ValidationError(
                {"decided_on": "The decision date must be on or after the date the referral was received"}
            )
        nfa = decision == ReferralDecision.NO_FURTHER_ACTION
        for referral in referrals:
            # Part of the decision on the case held above: the referral rows are the case's own.
            referral.decision = decision
            referral.decided_on = decided_on
            referral.decided_by = acting_user
            referral.decision_reasons = reasons
            recorded_save(referral, acting_user=acting_user)
            episode = Episode.objects.create(
                case=current,
                child=referral.child,
                referral=referral,
                service=CaseService.CHILD_IN_NEED if nfa else DECISION_SERVICE[decision],
                started_on=referral.received_on,
                ended_on=decided_on if nfa else None,
                closure_reason=ClosureReason.RC8 if nfa else "",
                primary_need=primary_need,
                created_by=acting_user,
                modified_by=acting_user,
            )
            chronology_record(
                acting_user=acting_user,
                people=[referral.child],
                case=current,
                kind=ChronologyKind.REFERRAL_DECISION,
                occurred_on=decided_on,
                summary=f"Referral decision: {ReferralDecision(decision).label}",
                detail=reasons,
                source=episode,
            )
        if nfa:
            current.closed_on = decided_on
            current.closure_reason = ClosureReason.RC8
        else:
            current.service = DECISION_SERVICE[decision]
    return current
