"""Writes to cases: referrals, decisions, allocation, notes and closure.

Each service names the acting user, runs in one transaction, writes the chronology entries
for every child concerned and appends to the access log.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append
from casemap.accounts.models import Team, User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import (
    VISIT_KINDS,
    Allocation,
    Case,
    CaseMember,
    CaseNote,
    CaseService,
    ChronologyEntry,
    ChronologyKind,
    ClosureReason,
    Episode,
    MemberRole,
    NoteKind,
    PrimaryNeed,
    Referral,
    ReferralDecision,
)
from casemap.core.forms import StaleEditError
from casemap.core.models import recorded_save
from casemap.people.models import Agency, Person, Professional


def _lock_case(case: Case, expected_version: int | None) -> Case:
    """The case row, held for this transaction; refused if it changed since the form was loaded."""
    current = Case.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEditError(str(current.modified_by or "Someone"), current.modified_at)
    return current


def _children(case: Case) -> list[Person]:
    return [member.person for member in case.memberships.select_related("person") if member.role == MemberRole.CHILD]


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
            started_at=timezone.now(),
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
    primary_need: str = PrimaryNeed.N0,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Case:
    """Record the front door's decision for every child on the case's open referrals."""
    if decision == ReferralDecision.PENDING:
        raise ValidationError({"decision": "Choose a decision"})
    with transaction.atomic():
        case = _lock_case(case, expected_version)
        referrals = list(case.referrals.filter(decision="").select_related("child"))
        if not referrals:
            raise ValidationError("There is no undecided referral on this case")
        if decided_on < min(referral.received_on for referral in referrals):
            raise ValidationError(
                {"decided_on": "The decision date must be on or after the date the referral was received"}
            )
        for referral in referrals:
            referral.decision = decision
            referral.decided_on = decided_on
            referral.decided_by = acting_user
            recorded_save(referral, acting_user=acting_user)
            nfa = decision == ReferralDecision.NO_FURTHER_ACTION
            episode = Episode.objects.create(
                case=case,
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
                case=case,
                kind=ChronologyKind.REFERRAL_DECISION,
                occurred_on=decided_on,
                summary=f"Referral decision: {ReferralDecision(decision).label}",
                source=episode,
            )
        if decision == ReferralDecision.NO_FURTHER_ACTION:
            case.closed_on = decided_on
            case.closure_reason = ClosureReason.RC8
        else:
            case.service = DECISION_SERVICE[decision]
        recorded_save(case, acting_user=acting_user)
        access_log_append(
            user=acting_user,
            action=AccessAction.CHANGE,
            record_type="case",
            record_id=case.pk,
            detail=f"referral decision {decision}",
            request=request,
        )
    return case


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
        case = _lock_case(case, expected_version)
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
            people=_children(case),
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
        case = _lock_case(case, expected_version)
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
            people=_children(case),
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


def case_note_add(
    *,
    acting_user: User,
    case: Case,
    children: Sequence[Person],
    kind: str,
    occurred_on: datetime.date,
    text: str,
    present: str = "",
    child_seen: bool = False,
    child_seen_alone: bool = False,
    request: HttpRequest | None = None,
) -> CaseNote:
    if not children:
        raise ValidationError({"children": "Choose which children this note is about"})
    member_ids = set(case.memberships.filter(role=MemberRole.CHILD).values_list("person_id", flat=True))
    if any(child.pk not in member_ids for child in children):
        raise ValidationError({"children": "A note can only be about children on this case"})
    with transaction.atomic():
        note = CaseNote(
            case=case,
            kind=kind,
            occurred_on=occurred_on,
            text=text,
            present=present,
            child_seen=child_seen,
            child_seen_alone=child_seen_alone,
            created_by=acting_user,
            modified_by=acting_user,
        )
        note.full_clean()
        note._history_user = acting_user  # type: ignore[attr-defined]
        note.save()
        note.children.set(children)
        is_visit = NoteKind(kind) in VISIT_KINDS
        if is_visit and child_seen and (case.last_visit_on is None or occurred_on > case.last_visit_on):
            # A derived date for the caseload, not an edit of the case: no version or history row.
            Case.objects.filter(pk=case.pk).update(last_visit_on=occurred_on)
            case.last_visit_on = occurred_on
        seen = " (child seen alone)" if child_seen_alone else " (child seen)" if child_seen else ""
        chronology_record(
            acting_user=acting_user,
            people=children,
            case=case,
            kind=ChronologyKind.VISIT if is_visit else ChronologyKind.NOTE,
            occurred_on=occurred_on,
            summary=f"{note.get_kind_display()}{seen}",
            detail=text,
            source=note,
        )
        for child in children:
            access_log_append(
                user=acting_user,
                action=AccessAction.CREATE,
                record_type="case_note",
                record_id=note.pk,
                person=child,
                request=request,
            )
    return note


def case_note_update(
    *,
    acting_user: User,
    note: CaseNote,
    expected_version: int,
    text: str,
    present: str,
    request: HttpRequest | None = None,
) -> CaseNote:
    with transaction.atomic():
        current = CaseNote.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=note.pk)
        if current.version != expected_version:
            raise StaleEditError(str(current.modified_by or "Someone"), current.modified_at)
        current.text = text
        current.present = present
        recorded_save(current, acting_user=acting_user)
        # The timeline shows the note as it is now; its history keeps every earlier wording.
        ChronologyEntry.objects.filter(source_type="cases.casenote", source_id=current.pk).update(detail=text)
        for child in current.children.all():
            access_log_append(
                user=acting_user,
                action=AccessAction.CHANGE,
                record_type="case_note",
                record_id=current.pk,
                person=child,
                request=request,
            )
    return current


# Child protection and care sit inside a child-in-need episode for the census, so moving
# between them keeps the episode; any other change of service ends it and starts another.
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
                    for child in _children(case)
                ]
            )
        case = _lock_case(case, None)
        case.service = service
        recorded_save(case, acting_user=acting_user)
        chronology_record(
            acting_user=acting_user,
            people=_children(case),
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
            people=_children(case),
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
