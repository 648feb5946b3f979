"""Who an event says should be asked for feedback: the people on a case after a child protection conference is
held, when the case closes, and a child after a review of their care, by the authority's invitation rules.

`invitations_due_refresh` is run daily (`manage.py feedback_invitations_due`). It never asks anyone itself: it puts
the person on their worker's list, due within the rule's working days, and the worker gives the card in person,
posts a letter to an address that is not confidential, or says why they were not asked. Nobody is put on the list
who was asked in the last 90 days, or who is already waiting.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import REFUSED_MESSAGE
from casemap.access.policy import READ_ONLY_ROLES, can_view_case
from casemap.accounts.models import User
from casemap.cases.care_models import CareReview
from casemap.cases.models import Case
from casemap.core.working_days import add_working_days
from casemap.feedback.models import (
    Audience,
    DueOutcome,
    InvitationDue,
    InvitationEvent,
    InvitationRule,
    InvitationSent,
)
from casemap.feedback.services import DAYS_BETWEEN_INVITATIONS, invitation_create
from casemap.meetings.models import CONFERENCE_KINDS, Meeting, MeetingStatus
from casemap.people.models import Person

# Events older than this are not looked back at: a rule added today does not flood the lists with last year.
LOOK_BACK_DAYS = 30
YOUNG_PERSON_FROM_AGE = 12
ADDRESS_CONFIDENTIAL = "{name}'s address is confidential, so nothing is posted to it: give them the card in person"
NO_ADDRESS = "There is no address for {name} on the record: give them the card in person"
SAY_WHY = "Say why they were not asked"


@dataclass(frozen=True)
class Event:
    kind: str
    key: str
    case_id: int
    on: datetime.date
    person_ids: list[int] | None  # None: everyone on the case


def _age_on(person: Person, day: datetime.date) -> int | None:
    if person.date_of_birth is None:
        return None
    born = person.date_of_birth
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def fits(audience: str, person: Person, on: datetime.date) -> bool:
    """Whether a survey for this audience is the one for this person: children under 12 answer the children's
    survey, older ones the young people's; adults the parents' or carers'."""
    age = _age_on(person, on)
    if audience == Audience.CHILD:
        return person.is_child and (age is None or age < YOUNG_PERSON_FROM_AGE) and (age is None or age >= 5)
    if audience == Audience.YOUNG_PERSON:
        return person.is_child and age is not None and age >= YOUNG_PERSON_FROM_AGE
    if audience in {Audience.PARENT, Audience.CARER}:
        return not person.is_child
    return False


def _events(kind: str, since: datetime.date, case: Case | None) -> Iterator[Event]:
    if kind == InvitationEvent.CONFERENCE:
        meetings = Meeting.objects.filter(kind__in=CONFERENCE_KINDS, status=MeetingStatus.HELD, held_on__gte=since)
        if case is not None:
            meetings = meetings.filter(case=case)
        for meeting_id, case_id, held_on in meetings.values_list("pk", "case_id", "held_on"):
            yield Event(kind, f"conference:{meeting_id}", case_id, held_on, None)
    elif kind == InvitationEvent.CLOSURE:
        cases = Case.objects.filter(closed_on__gte=since)
        if case is not None:
            cases = cases.filter(pk=case.pk)
        for case_id, closed_on in cases.values_list("pk", "closed_on"):
            yield Event(kind, f"closure:{case_id}", case_id, closed_on, None)
    elif kind == InvitationEvent.CARE_REVIEW:
        reviews = CareReview.objects.filter(held_on__gte=since)
        if case is not None:
            reviews = reviews.filter(case=case)
        for review_id, case_id, child_id, held_on in reviews.values_list("pk", "case_id", "child_id", "held_on"):
            yield Event(kind, f"care_review:{review_id}", case_id, held_on, [child_id])


def invitations_due_refresh(*, today: datetime.date | None = None, case: Case | None = None) -> int:
    """Puts on the lists everyone recent events say should be asked; returns how many were added."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=LOOK_BACK_DAYS)
    rules = list(InvitationRule.objects.filter(is_active=True, survey__is_active=True).select_related("survey"))
    asked_lately = set(
        InvitationSent.objects.filter(
            sent_on__gt=today - datetime.timedelta(days=DAYS_BETWEEN_INVITATIONS)
        ).values_list("person_id", flat=True)
    )
    waiting = set(InvitationDue.objects.filter(outcome=DueOutcome.WAITING).values_list("person_id", flat=True))
    added = 0
    for kind in InvitationEvent.values:
        kind_rules = [rule for rule in rules if rule.event == kind]
        if not kind_rules:
            continue
        for event in _events(kind, since, case):
            people = Person.objects.filter(case_memberships__case_id=event.case_id)
            if event.person_ids is not None:
                people = people.filter(pk__in=event.person_ids)
            for person in people:
                if person.pk in asked_lately or person.pk in waiting:
                    continue
                rule = next((rule for rule in kind_rules if fits(rule.survey.audience, person, event.on)), None)
                if rule is None:
                    continue
                _, created = InvitationDue.objects.get_or_create(
                    person=person,
                    event_key=event.key,
                    defaults={
                        "rule": rule, "case_id": event.case_id, "event_on": event.on,
                        "due_by": add_working_days(event.on, rule.within_working_days),
                    },
                )  # fmt: skip
                if created:
                    waiting.add(person.pk)
                    added += 1
    return added


def _held_due(acting_user: User, due: InvitationDue) -> InvitationDue:
    if acting_user.role in READ_ONLY_ROLES or not can_view_case(acting_user, due.case):
        raise PermissionDenied(REFUSED_MESSAGE)
    held = InvitationDue.objects.select_for_update().select_related("rule__survey", "person", "case").get(pk=due.pk)
    if held.outcome != DueOutcome.WAITING:
        raise ValidationError("This was already dealt with")
    return held


def _close(held: InvitationDue, acting_user: User, outcome: str, reason: str = "") -> None:
    held.outcome, held.outcome_reason = outcome, reason
    held.outcome_by, held.outcome_at = acting_user, timezone.now()
    held.save(update_fields=["outcome", "outcome_reason", "outcome_by", "outcome_at"])


def due_ask(*, acting_user: User, due: InvitationDue, by_post: bool = False, request: HttpRequest | None = None) -> str:
    """The card for someone on the list, to give in person or post; returns the link's token."""
    with transaction.atomic():
        held = _held_due(acting_user, due)
        person = held.person
        if by_post and person.address_confidential:
            raise ValidationError(ADDRESS_CONFIDENTIAL.format(name=person.first_name))
        if by_post and not (person.address_line_1 and person.postcode):
            raise ValidationError(NO_ADDRESS.format(name=person.first_name))
        token = invitation_create(
            acting_user=acting_user, case=held.case, survey=held.rule.survey, person=person, event=held.event_key,
            request=request,
        )  # fmt: skip
        _close(held, acting_user, DueOutcome.ASKED, "posted" if by_post else "card")
        return token


def due_not_asked(*, acting_user: User, due: InvitationDue, reason: str) -> InvitationDue:
    if not reason.strip():
        raise ValidationError({"reason": SAY_WHY})
    with transaction.atomic():
        held = _held_due(acting_user, due)
        _close(held, acting_user, DueOutcome.NOT_ASKED, reason.strip()[:200])
        return held
