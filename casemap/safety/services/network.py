"""Writes to the safety network. A change to a member enters through the one write guard (the policy asked
inside the transaction, a stale save refused, history and the access log); adding a member asks the same policy
in its transaction. Joining, leaving and rejoining the network go on each child's timeline."""

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change, held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, ChronologyKind
from casemap.cases.selectors import case_children
from casemap.people.models import Person, Professional, Relationship, RelationshipType
from casemap.safety.models import NetworkRole, SafetyNetworkMember
from casemap.safety.services.common import children_of

RECORD_TYPE = "safety_network_member"
ARCHIVED_MESSAGE = "This network member's record has been archived, so it cannot be changed"


def _timeline(acting_user: User, member: SafetyNetworkMember, occurred_on: datetime.date, summary: str) -> None:
    chronology_record(
        acting_user=acting_user,
        people=case_children(member.case),
        kind=ChronologyKind.SAFETY_NETWORK,
        occurred_on=occurred_on,
        summary=summary,
        source=member,
        case=member.case,
    )


def _check(
    *,
    person: Person | None,
    professional: Professional | None,
    name: str,
    relationship_kind: str,
    roles: Iterable[str],
    told_danger_statements_on: datetime.date | None,
    agreed_to_plan_on: datetime.date | None,
) -> list[str]:
    errors: dict[str, str] = {}
    if person is not None and professional is not None:
        errors["person"] = "Choose a person from the family's record or a professional, not both"
    if person is None and professional is None and not name.strip():
        errors["name"] = "Enter the name of the network member"
    if relationship_kind and relationship_kind not in RelationshipType.values:
        errors["relationship_kind"] = "Choose a relationship from the list"
    codes = list(dict.fromkeys(roles))
    unknown = set(codes) - set(NetworkRole.values)
    if unknown:
        errors["roles"] = f"Unknown roles: {', '.join(sorted(unknown))}"
    today = timezone.localdate()
    if told_danger_statements_on and told_danger_statements_on > today:
        errors["told_danger_statements_on"] = "The date they were told the danger statements must be today or earlier"
    if agreed_to_plan_on and agreed_to_plan_on > today:
        errors["agreed_to_plan_on"] = "The date they agreed to the plan must be today or earlier"
    if errors:
        raise ValidationError(errors)
    return codes


def _relationship_to_the_children(case: Case, person: Person) -> str:
    """What the person is recorded as to a child on the case ("grandparent", "friend"), or nothing."""
    found = (
        Relationship.objects.filter(relative=person, person__in=case_children(case), archived_at__isnull=True)
        .order_by("pk")
        .values_list("kind", flat=True)
        .first()
    )
    return found or ""


def network_member_add(
    *,
    acting_user: User,
    case: Case,
    person: Person | None = None,
    professional: Professional | None = None,
    name: str = "",
    relationship_kind: str = "",
    relationship_text: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    roles: Iterable[str] = (),
    told_danger_statements_on: datetime.date | None = None,
    agreed_to_plan_on: datetime.date | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> SafetyNetworkMember:
    """Add someone to the case's network. A member with no way to reach them is kept, and flagged."""
    codes = _check(
        person=person,
        professional=professional,
        name=name,
        relationship_kind=relationship_kind,
        roles=roles,
        told_danger_statements_on=told_danger_statements_on,
        agreed_to_plan_on=agreed_to_plan_on,
    )
    with transaction.atomic():
        held_case_to_add_to(acting_user, case)
        if person is not None and not case.memberships.filter(person=person).exists():
            raise ValidationError({"person": "Choose someone recorded on this case"})
        if professional is not None and not case.professionals.filter(pk=professional.pk).exists():
            raise ValidationError({"professional": "Choose a professional working with this case"})
        # A linked record's contact details and relationship are copied in when none are given, so the member
        # can be reached and the worker types nothing the record already holds.
        if person is not None and not (phone or email or address):
            phone = person.phone
            address = ", ".join(part for part in (person.address_line_1, person.town, person.postcode) if part)
        if professional is not None and not (phone or email or address):
            phone, email = professional.phone, professional.email
        if person is not None and not (relationship_kind or relationship_text.strip()):
            relationship_kind = _relationship_to_the_children(case, person)
        already = SafetyNetworkMember.objects.filter(case=case, is_active=True, archived_at__isnull=True)
        if person is not None and already.filter(person=person).exists():
            raise ValidationError({"person": f"{person.full_name} is already in the safety network"})
        if professional is not None and already.filter(professional=professional).exists():
            raise ValidationError({"professional": f"{professional.name} is already in the safety network"})
        member = SafetyNetworkMember(
            case=case,
            person=person,
            professional=professional,
            name=name.strip(),
            relationship_kind=relationship_kind,
            relationship_text=relationship_text.strip(),
            phone=phone.strip(),
            email=email.strip(),
            address=address.strip(),
            roles=codes,
            told_danger_statements_on=told_danger_statements_on,
            agreed_to_plan_on=agreed_to_plan_on,
            notes=notes,
            created_by=acting_user,
            modified_by=acting_user,
        )
        member._history_user = acting_user  # type: ignore[attr-defined]
        member.save()
        # Someone told the danger statements was already part of the network that day.
        joined_on = min(told_danger_statements_on or timezone.localdate(), timezone.localdate())
        _timeline(acting_user, member, joined_on, f"{member.display_name} joined the safety network")
        access_log_append_each(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type=RECORD_TYPE,
            record_id=member.pk,
            detail="added",
            people=children_of(member) or [None],
            request=request,
        )
    return member


def _refuse_if_archived(member: SafetyNetworkMember) -> None:
    if member.is_archived:
        raise ValidationError(ARCHIVED_MESSAGE)


@contextmanager
def _changing(
    member: SafetyNetworkMember,
    *,
    acting_user: User,
    expected_version: int | None,
    detail: str,
    request: HttpRequest | None,
) -> Iterator[SafetyNetworkMember]:
    """Hold the member for one change, through the write guard."""
    with guarded_change(
        member,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type=RECORD_TYPE,
        people=children_of,
        detail=detail,
        request=request,
        refuse=_refuse_if_archived,
        related=("case", "person", "professional"),
    ) as current:
        yield current


def network_member_update(
    *,
    acting_user: User,
    member: SafetyNetworkMember,
    expected_version: int | None,
    name: str = "",
    relationship_kind: str = "",
    relationship_text: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    roles: Iterable[str] = (),
    told_danger_statements_on: datetime.date | None = None,
    agreed_to_plan_on: datetime.date | None = None,
    notes: str = "",
    request: HttpRequest | None = None,
) -> SafetyNetworkMember:
    """Change a member's details. Who they are (the linked person or professional) stays as recorded."""
    codes = _check(
        person=member.person,
        professional=member.professional,
        name=name,
        relationship_kind=relationship_kind,
        roles=roles,
        told_danger_statements_on=told_danger_statements_on,
        agreed_to_plan_on=agreed_to_plan_on,
    )
    with _changing(
        member, acting_user=acting_user, expected_version=expected_version, detail="details", request=request
    ) as current:
        current.name = name.strip()
        current.relationship_kind = relationship_kind
        current.relationship_text = relationship_text.strip()
        current.phone, current.email, current.address = phone.strip(), email.strip(), address.strip()
        current.roles = codes
        current.told_danger_statements_on = told_danger_statements_on
        current.agreed_to_plan_on = agreed_to_plan_on
        current.notes = notes
    return current


def network_member_deactivate(
    *,
    acting_user: User,
    member: SafetyNetworkMember,
    expected_version: int | None,
    inactive_since: datetime.date,
    reason: str,
    request: HttpRequest | None = None,
) -> SafetyNetworkMember:
    """Record that someone has left the network: kept on the record as inactive, with the date and why."""
    if not reason.strip():
        raise ValidationError({"reason": "Enter why they are no longer in the safety network"})
    if inactive_since > timezone.localdate():
        raise ValidationError({"inactive_since": "The date they left must be today or earlier"})
    with _changing(
        member, acting_user=acting_user, expected_version=expected_version, detail="made inactive", request=request
    ) as current:
        if not current.is_active:
            raise ValidationError("They are already inactive")
        current.is_active = False
        current.inactive_since = inactive_since
        current.inactive_reason = reason.strip()
        _timeline(
            acting_user, current, inactive_since, f"{current.display_name} left the safety network: {reason.strip()}"
        )
    return current


def network_member_reactivate(
    *,
    acting_user: User,
    member: SafetyNetworkMember,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> SafetyNetworkMember:
    with _changing(
        member, acting_user=acting_user, expected_version=expected_version, detail="made active", request=request
    ) as current:
        if current.is_active:
            raise ValidationError("They are already active")
        current.is_active = True
        current.inactive_since = None
        current.inactive_reason = ""
        _timeline(acting_user, current, timezone.localdate(), f"{current.display_name} rejoined the safety network")
    return current
