"""What is recorded about a child while in care, beside the episodes: statutory reviews, missing and away
episodes, unaccompanied asylum-seeking status, the steps to adoption, previous permanence, and the outcomes the
SSDA903 return counts for children in care 12 months and for care leavers.

Each write runs in one transaction through the write guard, goes on the child's timeline and in the access log,
keeps a history row, and refuses what cannot be true in plain words.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change, held_case_to_add_to
from casemap.accounts.models import User
from casemap.cases.care_codes import (
    ADOPTERS_FOR_STATUS,
    NO_PREVIOUS_ORDER,
    NOT_IN_TOUCH,
    AdopterLegalStatus,
    AdopterSexes,
    AdoptionCeasedReason,
    CareLeaverAccommodation,
    CareLeaverActivity,
    InTouch,
    MissingKind,
    PreviousPermanenceKind,
    ReviewParticipation,
    SdqReason,
)
from casemap.cases.care_models import (
    AdoptionPlan,
    CareLeaverOutcome,
    CareOutcome,
    CarePeriod,
    CareReview,
    MissingEpisode,
    PreviousPermanence,
    UnaccompaniedStatus,
)
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, ChronologyKind
from casemap.cases.services.care import check_child_on_case, check_day, created_by, log_created
from casemap.people.models import Person

OUTSIDE_PERIOD = "{what} must be within the period of care, which started on {start:%-d %B %Y}{end}"
REVIEW_SAME_DAY = "A review on {day:%-d %B %Y} is already recorded"
MISSING_OVERLAPS = "This overlaps the episode recorded from {day:%-d %B %Y}"
MISSING_ENDS_BEFORE_START = "The child cannot be back before they went missing on {day:%-d %B %Y}"
ALREADY_BACK = "The child's return was already recorded on {day:%-d %B %Y}"
ALREADY_UASC = "{child} is already recorded as an unaccompanied asylum-seeking child"
UASC_ENDS_BEFORE = "The status cannot end before it began on {day:%-d %B %Y}"
ADOPTION_ALREADY = "A decision that {child} should be placed for adoption is already recorded, on {day:%-d %B %Y}"
ADOPTION_CEASED = "The decision was reversed on {day:%-d %B %Y}"
MATCH_BEFORE_DECISION = "The match cannot be before the decision of {day:%-d %B %Y}"
MATCH_FIRST = "Record the match with the adopters first"
ADOPTERS_DO_NOT_FIT = "'{status}' cannot describe '{sexes}'"
PERMANENCE_ALREADY = "Previous permanence is already recorded for this period of care"
PERMANENCE_NEEDS_NOTHING = "Leave where and when empty when the child had no order, or it is not known"
OUTCOMES_ALREADY = "Outcomes for {year} are already recorded for {child}"
SDQ_SCORE_OR_REASON = "Enter the score, or why there is none, not both"
SDQ_RANGE = "The score must be a whole number from 0 to 40"
INTERVENTION_WITHOUT_MISUSE = "Answer the questions about help only when the child had a substance misuse problem"
YEAR_RANGE = "Enter a year from 2000 to {latest}"
ACTIVITY_WHEN_NOT_IN_TOUCH = "When the young person is not in touch, choose 'Not in touch, or not known'"
ACTIVITY_WHEN_IN_TOUCH = "Choose what the young person is doing: they are in touch"


def _within(period: CarePeriod, day: datetime.date, what: str, field: str) -> None:
    if day < period.started_on or (period.ended_on is not None and day > period.ended_on):
        end = f" and ended on {period.ended_on:%-d %B %Y}" if period.ended_on else ""
        raise ValidationError({field: OUTSIDE_PERIOD.format(what=what, start=period.started_on, end=end)})


def _on_period(acting_user: User, period: CarePeriod) -> tuple[Case, CarePeriod]:
    """Inside a transaction: the case held for this user to add to, and the period read afresh."""
    held = held_case_to_add_to(acting_user, period.case)
    return held, CarePeriod.objects.select_for_update().select_related("child").get(pk=period.pk)


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
        case, current = _on_period(acting_user, period)
        _within(current, held_on, "The review", "held_on")
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
        case, current = _on_period(acting_user, period)
        _within(current, started_on, "The date they went", "started_on")
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


# Adoption: the decision, the match, the adopters, or the decision reversed.


def adoption_decision_record(
    *, acting_user: User, period: CarePeriod, decided_on: datetime.date, request: HttpRequest | None = None
) -> AdoptionPlan:
    check_day(decided_on, period.child, "The date of the decision", "decided_on")
    with transaction.atomic():
        case, current = _on_period(acting_user, period)
        _within(current, decided_on, "The decision", "decided_on")
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
        case, current = _on_period(acting_user, period)
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


def _check_year(year: int) -> None:
    latest = timezone.localdate().year + 1
    if not 2000 <= year <= latest:
        raise ValidationError({"year": YEAR_RANGE.format(latest=latest)})


def care_outcome_record(
    *,
    acting_user: User,
    case: Case,
    child: Person,
    year: int,
    sdq_score: int | None,
    sdq_reason: str,
    answers: dict[str, bool | None],
    request: HttpRequest | None = None,
) -> CareOutcome:
    """A child in care 12 months at 31 March: the strengths and difficulties score (or why there is none),
    health checks, offending and substance misuse. `answers` holds the yes/no questions, None for not known."""
    _check_year(year)
    check_child_on_case(case, child)
    if (sdq_score is None) == (not sdq_reason):
        raise ValidationError({"sdq_score": SDQ_SCORE_OR_REASON})
    if sdq_score is not None and not 0 <= sdq_score <= 40:
        raise ValidationError({"sdq_score": SDQ_RANGE})
    if sdq_reason and sdq_reason not in SdqReason.values:
        raise ValidationError({"sdq_reason": "Choose why there is no score"})
    fields = {field.name for field in CareOutcome._meta.get_fields()}
    unknown = set(answers) - fields
    if unknown:
        raise ValueError(f"not outcome questions: {sorted(unknown)}")
    helped = answers.get("intervention_received") is not None or answers.get("intervention_offered") is not None
    if helped and answers.get("substance_misuse") is not True:
        raise ValidationError({"intervention_received": INTERVENTION_WITHOUT_MISUSE})
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        if CareOutcome.objects.filter(child=child, year=year).exists():
            raise ValidationError({"year": OUTCOMES_ALREADY.format(year=year, child=child.full_name)})
        outcome = CareOutcome(case=held, child=child, year=year, sdq_score=sdq_score, sdq_reason=sdq_reason, **answers)
        created_by(outcome, acting_user)
        outcome.save()
        log_created(acting_user, "care outcomes", outcome.pk, child, request)
    return outcome


def care_leaver_outcome_record(
    *,
    acting_user: User,
    case: Case,
    child: Person,
    year: int,
    in_touch: str,
    activity: str,
    accommodation: str,
    recorded_on: datetime.date,
    request: HttpRequest | None = None,
) -> CareLeaverOutcome:
    """A care leaver's contact, activity and accommodation for the year's return."""
    _check_year(year)
    check_child_on_case(case, child)
    check_day(recorded_on, child, "The date", "recorded_on")
    if in_touch not in InTouch.values:
        raise ValidationError({"in_touch": "Choose whether the council is in touch"})
    if activity not in CareLeaverActivity.values:
        raise ValidationError({"activity": "Choose what the young person is doing"})
    if accommodation not in CareLeaverAccommodation.values:
        raise ValidationError({"accommodation": "Choose where the young person lives"})
    away = in_touch in NOT_IN_TOUCH
    if away and (activity != CareLeaverActivity.NOT_KNOWN or accommodation != CareLeaverAccommodation.NOT_KNOWN):
        raise ValidationError({"activity": ACTIVITY_WHEN_NOT_IN_TOUCH})
    if not away and CareLeaverActivity.NOT_KNOWN in {activity, accommodation}:
        raise ValidationError({"activity": ACTIVITY_WHEN_IN_TOUCH})
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        if CareLeaverOutcome.objects.filter(child=child, year=year).exists():
            raise ValidationError({"year": OUTCOMES_ALREADY.format(year=year, child=child.full_name)})
        outcome = CareLeaverOutcome(
            case=held, child=child, year=year, in_touch=in_touch, activity=activity, accommodation=accommodation
        )
        created_by(outcome, acting_user)
        outcome.save()
        chronology_record(
            acting_user=acting_user,
            people=[child],
            case=held,
            kind=ChronologyKind.LEAVING_CARE,
            occurred_on=recorded_on,
            summary=f"Care leaver: {outcome.get_in_touch_display()}, {outcome.get_activity_display()}",
            detail=outcome.get_accommodation_display(),
            source=outcome,
        )
        log_created(acting_user, "care leaver outcomes", outcome.pk, child, request)
    return outcome
