"""What the children in care services share: dates, UK postcodes, Ofsted's reference numbers, the child on the
case, the period a record belongs to, and who created a record."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.care_models import CarePeriod
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.people.models import Person

NOT_IN_FUTURE = "{what} must be today or in the past"
BEFORE_BIRTH = "{what} cannot be before the child was born on {born:%-d %B %Y}"
ONLY_CHILDREN_ON_CASE = "Choose a child on this case"
POSTCODE_FORMAT = "Enter a full UK postcode, like SW1A 2AA"
URN_FORMAT = "Enter Ofsted's unique reference number: SC followed by 6 or 7 numbers (like SC123456), or 6 or 7 numbers"
OUTSIDE_PERIOD = "{what} must be within the period of care, which started on {start:%-d %B %Y}{end}"

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")
_URN = re.compile(r"^(SC[0-9]{6,7}|[0-9]{6,7})$")


def uk_postcode(value: str, field: str) -> str:
    """A UK postcode written the standard way (upper case, one space before the last three characters), or ''."""
    text = " ".join(value.upper().split())
    if not text:
        return ""
    found = _POSTCODE.match(text)
    if found is None:
        raise ValidationError({field: POSTCODE_FORMAT})
    return f"{found.group(1)} {found.group(2)}"


def ofsted_urn(value: str, field: str = "placement_urn") -> str:
    text = value.upper().replace(" ", "")
    if text and not _URN.match(text):
        raise ValidationError({field: URN_FORMAT})
    return text


def check_day(day: datetime.date, child: Person, what: str, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: NOT_IN_FUTURE.format(what=what)})
    if child.date_of_birth and day < child.date_of_birth:
        raise ValidationError({field: BEFORE_BIRTH.format(what=what, born=child.date_of_birth)})


def check_child_on_case(case: Case, child: Person) -> None:
    if child.pk not in {member.pk for member in case_children(case)}:
        raise ValidationError({"child": ONLY_CHILDREN_ON_CASE})


def log_created(
    acting_user: User, record_type: str, record_id: int, child: Person, request: HttpRequest | None
) -> None:
    access_log_append_each(
        user=acting_user,
        action=AccessAction.CREATE,
        record_type=record_type,
        record_id=record_id,
        people=[child],
        request=request,
    )


def created_by(record: object, acting_user: User) -> None:
    record.created_by = acting_user  # type: ignore[attr-defined]
    record.modified_by = acting_user  # type: ignore[attr-defined]
    record._history_user = acting_user  # type: ignore[attr-defined]


def check_within_period(period: CarePeriod, day: datetime.date, what: str, field: str) -> None:
    if day < period.started_on or (period.ended_on is not None and day > period.ended_on):
        end = f" and ended on {period.ended_on:%-d %B %Y}" if period.ended_on else ""
        raise ValidationError({field: OUTSIDE_PERIOD.format(what=what, start=period.started_on, end=end)})


def held_period(acting_user: User, period: CarePeriod) -> tuple[Case, CarePeriod]:
    """Inside a transaction: the case held for this user to add to, and the period read afresh."""
    held = held_case_to_add_to(acting_user, period.case)
    return held, CarePeriod.objects.select_for_update().select_related("child").get(pk=period.pk)
