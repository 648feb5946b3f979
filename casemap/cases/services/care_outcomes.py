"""The yearly outcomes the SSDA903 return counts: for a child in care 12 months at 31 March (OC2) and for a care
leaver (OC3). Each write runs in one transaction, holding the case through the write guard, with the access log."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import held_case_to_add_to
from casemap.accounts.models import User
from casemap.cases.care_codes import (
    NOT_IN_TOUCH,
    CareLeaverAccommodation,
    CareLeaverActivity,
    InTouch,
    SdqReason,
)
from casemap.cases.care_models import (
    CareLeaverOutcome,
    CareOutcome,
)
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, ChronologyKind
from casemap.cases.services.care_checks import (
    check_child_on_case,
    check_day,
    created_by,
    log_created,
)
from casemap.people.models import Person

OUTCOMES_ALREADY = "Outcomes for {year} are already recorded for {child}"
SDQ_SCORE_OR_REASON = "Enter the score, or why there is none, not both"
SDQ_RANGE = "The score must be a whole number from 0 to 40"
INTERVENTION_WITHOUT_MISUSE = "Answer the questions about help only when the child had a substance misuse problem"
YEAR_RANGE = "Enter a year from 2000 to {latest}"
ACTIVITY_WHEN_NOT_IN_TOUCH = "When the young person is not in touch, choose 'Not in touch, or not known'"
ACTIVITY_WHEN_IN_TOUCH = "Choose what the young person is doing: they are in touch"


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
