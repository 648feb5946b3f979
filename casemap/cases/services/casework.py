"""Changes to a case as a whole: allocation, the service it is under, the professionals involved, closure."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append
from casemap.accounts.models import Team, User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import (
    Allocation,
    Case,
    CaseService,
    ChronologyKind,
    ClosureReason,
    Episode,
)
from casemap.cases.services.locking import case_children, lock_case
from casemap.core.models import recorded_save
from casemap.people.models import Agency, Professional


def case_allocate(
    *,
    acting_user: User,
    case: Case,
    worker: User | None,
    team: Team | None = None,
    reason: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Case:
    team = team or case.team
    if worker is not None and worker.team_id != team.pk:
        raise ValidationError({"worker": f"{worker} is not a member of {team}"})
    now = timezone.now()
    with transaction.atomic():
        case = lock_case(case, expected_version)
        Allocation.objects.filter(case=case, ended_at__isnull=True).update(ended_at=now)
        Allocation.objects.create(
            case=case, team=team, worker=worker, started_at=now, allocated_by=acting_user, reason=reason
        )
        case.team = team
        case.allocated_worker = worker
        recorded_save(case, acting_user=acting_user)
        summary = f"Allocated to {worker} in {team}" if worker else f"Held unallocated in {team}"
        chronology_record(
            acting_user=acting_user,
            people=case_children(case),
            case=case,
            kind=ChronologyKind.ALLOCATED,
            occurred_on=timezone.localdate(),
            summary=summary,
            source=case,
        )
        access_log_append(
            user=acting_user,
            action=AccessAction.CHANGE,
            record_type="case",
            record_id=case.pk,
            detail="allocation",
            request=request,
        )
    return case


def case_close(
    *,
    acting_user: User,
    case: Case,
    closed_on: datetime.date,
    closure_reason: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Case:
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": "The closing date must be on or after the date the case was opened"})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": "The closing date must be today or in the past"})
    with transaction.atomic():
        case = lock_case(case, expected_version)
        if case.closed_on is not None:
            raise ValidationError("This case is already closed")
        for episode in case.episodes.filter(ended_on__isnull=True).select_for_update():
            episode.ended_on = max(closed_on, episode.started_on)
            episode.closure_reason = closure_reason
            recorded_save(episode, acting_user=acting_user)
        case.closed_on = closed_on
        case.closure_reason = closure_reason
        recorded_save(case, acting_user=acting_user)
        chronology_record(
            acting_user=acting_user,
            people=case_children(case),
            case=case,
            kind=ChronologyKind.CASE_CLOSED,
            occurred_on=closed_on,
            summary=f"Case closed: {ClosureReason(closure_reason).label}",
            source=case,
        )
        access_log_append(
            user=acting_user,
            action=AccessAction.CHANGE,
            record_type="case",
            record_id=case.pk,
            detail="closed",
            request=request,
        )
    return case


STATUTORY_SERVICES = {CaseService.CHILD_IN_NEED, CaseService.CHILD_PROTECTION, CaseService.CHILD_IN_CARE}


def case_change_service(
    *,
    acting_user: User,
    case: Case,
    service: CaseService,
    changed_on: datetime.date,
    request: HttpRequest | None = None,
) -> Case:
    if service == CaseService.REFERRAL:
        raise ValidationError({"service": "A case cannot go back to awaiting a referral decision"})
    if changed_on < case.opened_on:
        raise ValidationError({"changed_on": "The date must be on or after the date the case was opened"})
    previous = CaseService(case.service)
    with transaction.atomic():
        if not (previous in STATUTORY_SERVICES and service in STATUTORY_SERVICES):
            for episode in case.episodes.filter(ended_on__isnull=True).select_for_update():
                episode.ended_on = changed_on
                episode.closure_reason = ClosureReason.RC7
                recorded_save(episode, acting_user=acting_user)
            Episode.objects.bulk_create(
                [
                    Episode(
                        case=case,
                        child=child,
                        service=service,
                        started_on=changed_on,
                        created_by=acting_user,
                        modified_by=acting_user,
                    )
                    for child in case_children(case)
                ]
            )
        case = lock_case(case, None)
        case.service = service
        recorded_save(case, acting_user=acting_user)
        chronology_record(
            acting_user=acting_user,
            people=case_children(case),
            case=case,
            kind=ChronologyKind.EPISODE_STARTED,
            occurred_on=changed_on,
            summary=f"Service changed from {previous.label} to {service.label}",
            source=case,
        )
        access_log_append(
            user=acting_user,
            action=AccessAction.CHANGE,
            record_type="case",
            record_id=case.pk,
            detail=f"service {service}",
            request=request,
        )
    return case


def case_professional_add(
    *,
    acting_user: User,
    case: Case,
    name: str,
    agency_name: str,
    role: str = "",
    email: str = "",
    phone: str = "",
    request: HttpRequest | None = None,
) -> Professional:
    """Record a professional working with the family (a teacher, health visitor, police officer)."""
    with transaction.atomic():
        agency, _ = Agency.objects.get_or_create(name=agency_name.strip())
        professional = Professional(
            name=name.strip(),
            role=role,
            agency=agency,
            email=email,
            phone=phone,
            created_by=acting_user,
            modified_by=acting_user,
        )
        professional.full_clean()
        professional._history_user = acting_user  # type: ignore[attr-defined]
        professional.save()
        case.professionals.add(professional)
        chronology_record(
            acting_user=acting_user,
            people=case_children(case),
            case=case,
            kind=ChronologyKind.RELATIONSHIP,
            occurred_on=timezone.localdate(),
            summary=f"{professional.name} ({agency.name}) involved with the family",
            source=professional,
        )
        access_log_append(
            user=acting_user,
            action=AccessAction.CHANGE,
            record_type="case",
            record_id=case.pk,
            detail="professional added",
            request=request,
        )
    return professional
