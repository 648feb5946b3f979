"""What is recorded about a child while in care, beside the episodes: statutory reviews, missing and away
episodes, and unaccompanied asylum-seeking status. Adoption and previous permanence are in `care_adoption`, the
yearly outcomes in `care_outcomes`.

Each write runs in one transaction through the write guard, goes on the child's timeline and in the access log,
keeps a history row, and refuses what cannot be true in plain words.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from casemap.access.guard import guarded_change, held_case_to_add_to
from casemap.accounts.models import User
from casemap.cases.care_codes import (
    MissingKind,
    ReviewParticipation,
)
from casemap.cases.care_models import (
    CarePeriod,
    CareReview,
    MissingEpisode,
    UnaccompaniedStatus,
)
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, ChronologyKind
from casemap.cases.services.care_checks import (
    check_child_on_case,
    check_day,
    check_within_period,
    created_by,
    held_period,
    log_created,
)
from casemap.people.models import Person

REVIEW_SAME_DAY = "A review on {day:%-d %B %Y} is already recorded"
MISSING_OVERLAPS = "This overlaps the episode recorded from {day:%-d %B %Y}"
MISSING_ENDS_BEFORE_START = "The child cannot be back before they went missing on {day:%-d %B %Y}"
ALREADY_BACK = "The child's return was already recorded on {day:%-d %B %Y}"
ALREADY_UASC = "{child} is already recorded as an unaccompanied asylum-seeking child"
UASC_ENDS_BEFORE = "The status cannot end before it began on {day:%-d %B %Y}"


def care_review_record(
    *,
    acting_user: User,
    period: CarePeriod,
    held_on: datetime.date,
    participation: str,
    request: HttpRequest | None = None,
) -> CareReview:
    if participation not in ReviewParticipation.values:
        raise ValidationError({"participation": "Choose how the child took part"})
    check_day(held_on, period.child, "The date of the review", "held_on")
    with transaction.atomic():
        case, current = held_period(acting_user, period)
        check_within_period(current, held_on, "The review", "held_on")
        if CareReview.objects.filter(child=current.child, held_on=held_on, archived_at__isnull=True).exists():
            raise ValidationError({"held_on": REVIEW_SAME_DAY.format(day=held_on)})
        review = CareReview(
            period=current, case=case, child=current.child, held_on=held_on, participation=participation
        )
        created_by(review, acting_user)
        review.save()
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=case,
            kind=ChronologyKind.CARE_REVIEW,
            occurred_on=held_on,
            summary=f"Child in care review: {review.get_participation_display()}",
            source=review,
        )
        log_created(acting_user, "child in care review", review.pk, current.child, request)
    return review


def _check_no_overlap(child: Person, started_on: datetime.date, ended_on: datetime.date | None, exclude: int) -> None:
    others = MissingEpisode.objects.filter(child=child, archived_at__isnull=True).exclude(pk=exclude)
    last_day = ended_on or datetime.date.max
    for other in others:
        other_end = other.ended_on or datetime.date.max
        if other.started_on <= last_day and started_on <= other_end:
            raise ValidationError({"started_on": MISSING_OVERLAPS.format(day=other.started_on)})


def missing_episode_record(
    *,
    acting_user: User,
    period: CarePeriod,
    kind: str,
    started_on: datetime.date,
    ended_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> MissingEpisode:
    """The child went missing, or was away from placement without authorisation; `ended_on` when they came back,
    if they have."""
    if kind not in MissingKind.values:
        raise ValidationError({"kind": "Choose missing or away from placement"})
    check_day(started_on, period.child, "The date they went", "started_on")
    if ended_on is not None:
        check_day(ended_on, period.child, "The date they came back", "ended_on")
        if ended_on < started_on:
            raise ValidationError({"ended_on": MISSING_ENDS_BEFORE_START.format(day=started_on)})
    with transaction.atomic():
        case, current = held_period(acting_user, period)
        check_within_period(current, started_on, "The date they went", "started_on")
        _check_no_overlap(current.child, started_on, ended_on, exclude=0)
        missing = MissingEpisode(
            period=current, case=case, child=current.child, kind=kind, started_on=started_on, ended_on=ended_on
        )
        created_by(missing, acting_user)
        missing.save()
        back = f", back on {ended_on:%-d %B %Y}" if ended_on else ""
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=case,
            kind=ChronologyKind.MISSING,
            occurred_on=started_on,
            summary=f"{missing.get_kind_display()}{back}",
            source=missing,
        )
        log_created(acting_user, "missing episode", missing.pk, current.child, request)
    return missing


def missing_episode_end(
    *,
    acting_user: User,
    missing: MissingEpisode,
    expected_version: int | None,
    ended_on: datetime.date,
    request: HttpRequest | None = None,
) -> MissingEpisode:
    check_day(ended_on, missing.child, "The date they came back", "ended_on")

    def refuse(current: MissingEpisode) -> None:
        if current.ended_on is not None:
            raise ValidationError(ALREADY_BACK.format(day=current.ended_on))
        if ended_on < current.started_on:
            raise ValidationError({"ended_on": MISSING_ENDS_BEFORE_START.format(day=current.started_on)})

    with guarded_change(
        missing,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="missing episode",
        people=lambda current: [current.child],
        detail="came back",
        request=request,
        refuse=refuse,
        related=("case", "child"),
    ) as current:
        current.ended_on = ended_on
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=current.case,
            kind=ChronologyKind.MISSING,
            occurred_on=ended_on,
            summary="Came back after being " + current.get_kind_display().lower(),
            source=current,
        )
    return current


def unaccompanied_status_record(
    *,
    acting_user: User,
    case: Case,
    child: Person,
    since: datetime.date,
    request: HttpRequest | None = None,
) -> UnaccompaniedStatus:
    check_child_on_case(case, child)
    check_day(since, child, "The date", "since")
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        if UnaccompaniedStatus.objects.select_for_update().filter(child=child).exists():
            raise ValidationError(ALREADY_UASC.format(child=child.full_name))
        status = UnaccompaniedStatus(case=held, child=child, since=since)
        created_by(status, acting_user)
        status.save()
        chronology_record(
            acting_user=acting_user,
            people=[child],
            case=held,
            kind=ChronologyKind.CARE_PERIOD,
            occurred_on=since,
            summary="Unaccompanied asylum-seeking child",
            source=status,
        )
        log_created(acting_user, "unaccompanied status", status.pk, child, request)
    return status


def unaccompanied_status_cease(
    *,
    acting_user: User,
    status: UnaccompaniedStatus,
    expected_version: int | None,
    ceased_on: datetime.date,
    request: HttpRequest | None = None,
) -> UnaccompaniedStatus:
    check_day(ceased_on, status.child, "The date the status ended", "ceased_on")

    def refuse(current: UnaccompaniedStatus) -> None:
        if current.ceased_on is not None:
            raise ValidationError(f"The status already ended on {current.ceased_on:%-d %B %Y}")
        if ceased_on < current.since:
            raise ValidationError({"ceased_on": UASC_ENDS_BEFORE.format(day=current.since)})

    with guarded_change(
        status,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="unaccompanied status",
        people=lambda current: [current.child],
        detail="ceased",
        request=request,
        refuse=refuse,
        related=("case", "child"),
    ) as current:
        current.ceased_on = ceased_on
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=current.case,
            kind=ChronologyKind.CARE_PERIOD,
            occurred_on=ceased_on,
            summary="No longer an unaccompanied asylum-seeking child",
            source=current,
        )
    return current
