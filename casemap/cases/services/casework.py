"""Changes to a case as a whole: allocation, the service it is under, the professionals involved, closure.

Each change to the case row goes through the write guard (`casemap.access.guard.guarded_change`), with the
manager's own refusal from `common.managers_only`; adding a professional asks the guard's policy inside the
transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import check_may_change, guarded_change
from casemap.access.models import AccessAction
from casemap.access.services import access_log_append
from casemap.accounts.models import Team, User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import (
    CHANGE_REASONS,
    Allocation,
    Case,
    CaseService,
    ChronologyKind,
    ClosureReason,
    Episode,
)
from casemap.cases.selectors import case_children, previous_worker
from casemap.cases.services.common import managers_only, moment_of
from casemap.core.models import recorded_save
from casemap.people.models import Agency, Professional
from casemap.quality.closure import missing_closure_audit


def case_allocate(
    *,
    acting_user: User,
    case: Case,
    worker: User | None,
    team: Team | None = None,
    reason: str = "",
    change_reason: str = "",
    allocated_on: datetime.date | None = None,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Give the case to `worker` in `team` (or hold it unallocated) from `allocated_on` (today unless given),
    ending the allocation before it. `change_reason` (a `SocialWorkerChangeReason` but first contact) is why the
    case goes to a different worker from the last one it had; it is kept only for such a change."""
    team = team or case.team
    if change_reason and change_reason not in dict(CHANGE_REASONS):
        raise ValidationError({"change_reason": "Choose why the social worker is changing from the list"})
    if worker is not None and worker.team_id != team.pk:
        raise ValidationError({"worker": f"{worker} is not a member of {team}"})
    day = allocated_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError("The allocation date must be today or in the past")
    if day < case.opened_on:
        raise ValidationError("The allocation date must be on or after the date the case was opened")
    with guarded_change(
        case,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="case",
        people=case_children,
        detail="allocation",
        request=request,
        refuse=managers_only(acting_user),
    ) as current:
        started_at = moment_of(day)
        latest = Allocation.objects.filter(case=current).order_by("-started_at").first()
        if latest is not None and started_at <= latest.started_at:
            # Two allocations on one day: the later one is recorded after the earlier.
            started_at = latest.started_at + datetime.timedelta(seconds=1)
        Allocation.objects.filter(case=current, ended_at__isnull=True).update(ended_at=started_at)
        last_worker = previous_worker(current) if worker is not None else None
        changes_worker = worker is not None and last_worker is not None and last_worker.pk != worker.pk
        Allocation.objects.create(
            case=current,
            team=team,
            worker=worker,
            started_at=started_at,
            allocated_by=acting_user,
            reason=reason,
            change_reason=change_reason if changes_worker else "",
        )
        current.team = team
        current.allocated_worker = worker
        summary = f"Allocated to {worker} in {team}" if worker else f"Held unallocated in {team}"
        chronology_record(
            acting_user=acting_user,
            people=case_children(current),
            case=current,
            kind=ChronologyKind.ALLOCATED,
            occurred_on=day,
            summary=summary,
            source=current,
        )
    return current


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
    missing = missing_closure_audit(case)
    if missing is not None:
        raise ValidationError(missing.message)
    with guarded_change(
        case,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="case",
        people=case_children,
        detail="closed",
        request=request,
        refuse=managers_only(acting_user),
    ) as current:
        for episode in current.episodes.filter(ended_on__isnull=True).select_for_update():
            episode.ended_on = max(closed_on, episode.started_on)
            episode.closure_reason = closure_reason
            recorded_save(episode, acting_user=acting_user)
        current.closed_on = closed_on
        current.closure_reason = closure_reason
        chronology_record(
            acting_user=acting_user,
            people=case_children(current),
            case=current,
            kind=ChronologyKind.CASE_CLOSED,
            occurred_on=closed_on,
            summary=f"Case closed: {ClosureReason(closure_reason).label}",
            source=current,
        )
    return current


STATUTORY_SERVICES = {CaseService.CHILD_IN_NEED, CaseService.CHILD_PROTECTION, CaseService.CHILD_IN_CARE}


def case_change_service(
    *,
    acting_user: User,
    case: Case,
    service: CaseService,
    changed_on: datetime.date,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Move the case to another service. Child protection and care sit inside a child-in-need episode for the
    census, so moving between them keeps each child's episode; any other change ends it and starts another."""
    if service == CaseService.REFERRAL:
        raise ValidationError({"service": "A case cannot go back to awaiting a referral decision"})
    if changed_on < case.opened_on:
        raise ValidationError({"changed_on": "The date must be on or after the date the case was opened"})
    with guarded_change(
        case,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="case",
        people=case_children,
        detail=f"service {service}",
        request=request,
        refuse=managers_only(acting_user),
    ) as current:
        previous = CaseService(current.service)
        children = case_children(current)
        if not (previous in STATUTORY_SERVICES and service in STATUTORY_SERVICES):
            for episode in current.episodes.filter(ended_on__isnull=True).select_for_update():
                episode.ended_on = changed_on
                episode.closure_reason = ClosureReason.RC7
                recorded_save(episode, acting_user=acting_user)
            Episode.objects.bulk_create(
                [
                    Episode(
                        case=current,
                        child=child,
                        service=service,
                        started_on=changed_on,
                        created_by=acting_user,
                        modified_by=acting_user,
                    )
                    for child in children
                ]
            )
        current.service = service
        chronology_record(
            acting_user=acting_user,
            people=children,
            case=current,
            kind=ChronologyKind.EPISODE_STARTED,
            occurred_on=changed_on,
            summary=f"Service changed from {previous.label} to {service.label}",
            source=current,
        )
    return current


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
        check_may_change(acting_user, case)
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
