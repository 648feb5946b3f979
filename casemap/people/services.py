"""Writes to people and their relationships. Each takes the acting user and logs in one transaction."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import REFUSED_MESSAGE, check_may_change, guarded_change
from casemap.access.models import AccessAction, RestrictedAccessGrant
from casemap.access.policy import can_change_person, can_grant_restricted_access, restricted_cases_hidden_from
from casemap.access.services import access_log_append, restricted_access_grant
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, CaseMember, ChronologyKind, MemberRole
from casemap.people.models import Person, Relationship
from casemap.people.selectors import other_children_on_open_cases

PERSON_FIELDS = {
    "first_name",
    "last_name",
    "known_as",
    "is_child",
    "date_of_birth",
    "expected_birth_date",
    "sex",
    "ethnicity",
    "upn",
    "upn_unknown_reason",
    "disabilities",
    "former_identifier",
    "first_language",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "is_restricted",
}


def person_create(*, acting_user: User, request: HttpRequest | None = None, **fields: Any) -> Person:
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    with transaction.atomic():
        person = Person(created_by=acting_user, modified_by=acting_user, **fields)
        person.full_clean()
        person._history_user = acting_user  # type: ignore[attr-defined]
        person.save()
        access_log_append(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="person",
            record_id=person.pk,
            person=person,
            request=request,
        )
    return person


def person_update(
    *,
    acting_user: User,
    person: Person,
    expected_version: int | None,
    request: HttpRequest | None = None,
    **fields: Any,
) -> Person:
    """Save changed details, refusing if someone else saved since `expected_version` was read."""
    unknown = set(fields) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    # For the access log: the fields this change alters, as the caller read the record (a stale read is refused).
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    with guarded_change(
        person,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="person",
        people=lambda current: [current],
        detail=",".join(changed),
        request=request,
    ) as current:
        altered = [name for name, value in fields.items() if getattr(current, name) != value]
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean()
        if altered and current.is_child:
            labels = ", ".join(str(getattr(Person._meta.get_field(name), "verbose_name", name)) for name in altered)
            chronology_record(
                acting_user=acting_user,
                people=[current],
                kind=ChronologyKind.PERSON_CHANGED,
                occurred_on=timezone.localdate(),
                summary=f"Details changed: {labels}",
                source=current,
            )
    return current


def person_archive(*, acting_user: User, person: Person, reason: str, request: HttpRequest | None = None) -> None:
    with guarded_change(
        person,
        acting_user=acting_user,
        expected_version=None,
        record_type="person",
        people=lambda current: [current],
        detail=reason,
        request=request,
        action=AccessAction.ARCHIVE,
    ) as current:
        current.archived_at = timezone.now()
        current.archived_by = acting_user
        current.archive_reason = reason


def person_restrict(
    *, acting_user: User, person: Person, reason: str, request: HttpRequest | None = None
) -> list[RestrictedAccessGrant]:
    """Make a record restricted (staff as service user, a relative of staff, adoption). The workers allocated to
    the person's open cases, and the service manager restricting it, keep access through explicit grants;
    everyone else loses it. Only a service manager whose line holds the person's case may."""
    if not can_grant_restricted_access(acting_user, person):
        raise PermissionDenied("Only a service manager over the person's case can restrict their record")
    with transaction.atomic():
        person_update(
            acting_user=acting_user,
            person=person,
            expected_version=person.version,
            is_restricted=True,
            request=request,
        )
        keep = {acting_user.pk: acting_user}
        for case in Case.objects.filter(memberships__person=person, closed_on__isnull=True).select_related(
            "allocated_worker"
        ):
            if case.allocated_worker is not None:
                keep[case.allocated_worker.pk] = case.allocated_worker
        return [
            restricted_access_grant(
                acting_user=acting_user,
                person=person,
                user=user,
                reason=f"Kept when restricted: {reason}",
                request=request,
            )
            for user in keep.values()
        ]


def _check_may_relate(acting_user: User, person: Person, relative: Person) -> None:
    """The user may change the person's record, and the relative's too unless the relative is new (on no case
    yet, so on nobody's record)."""
    check_may_change(acting_user, person)
    if CaseMember.objects.filter(person=relative).exists() and not can_change_person(acting_user, relative):
        raise PermissionDenied(REFUSED_MESSAGE)


def relationship_add(
    *,
    acting_user: User,
    person: Person,
    relative: Person,
    kind: str,
    lives_with: bool = False,
    has_parental_responsibility: bool = False,
    notes: str = "",
    request: HttpRequest | None = None,
) -> Relationship:
    """Record that `relative` is the `kind` of `person`, and bring the relative into the person's open cases,
    except a restricted case the acting user may not see."""
    with transaction.atomic():
        _check_may_relate(acting_user, person, relative)
        relationship = Relationship(
            person=person,
            relative=relative,
            kind=kind,
            lives_with=lives_with,
            has_parental_responsibility=has_parental_responsibility,
            notes=notes,
            created_by=acting_user,
            modified_by=acting_user,
        )
        relationship.full_clean()
        relationship._history_user = acting_user  # type: ignore[attr-defined]
        relationship.save()
        open_case_ids = (
            CaseMember.objects.filter(person=person, case__closed_on__isnull=True)
            .exclude(case__in=restricted_cases_hidden_from(acting_user).values("pk"))
            .values_list("case_id", flat=True)
        )
        for case_id in open_case_ids:
            CaseMember.objects.get_or_create(
                case_id=case_id,
                person=relative,
                defaults={"role": MemberRole.CHILD if relative.is_child else MemberRole.ADULT},
            )
        summary = f"{relative.full_name} recorded as {relationship.get_kind_display().lower()} of {person.full_name}"
        children = [someone for someone in (person, relative) if someone.is_child]
        chronology_record(
            acting_user=acting_user,
            people=children,
            kind=ChronologyKind.RELATIONSHIP,
            occurred_on=timezone.localdate(),
            summary=summary,
            source=relationship,
        )
        access_log_append(
            user=acting_user,
            action=AccessAction.CHANGE,
            record_type="relationship",
            record_id=relationship.pk,
            person=person,
            request=request,
        )
    return relationship


def family_member_add(
    *,
    acting_user: User,
    person: Person,
    details: Mapping[str, Any],
    kind: str,
    lives_with: bool = False,
    has_parental_responsibility: bool = False,
    also_for: Sequence[Person] = (),
    request: HttpRequest | None = None,
) -> Person:
    """Record someone new in a person's family: their own record, what they are to the person, and the same to
    each of `also_for` (other children on the person's open cases), so the family tree reads the same from every
    child's side. One transaction: a refusal of any part leaves nothing half made."""
    with transaction.atomic():
        check_may_change(acting_user, person)
        if also_for:
            offered = {child.pk for child in other_children_on_open_cases(user=acting_user, person=person)}
            if not person.is_child or any(child.pk not in offered for child in also_for):
                raise ValidationError({"also_for": "Choose only other children on this child's cases"})
        relative = person_create(acting_user=acting_user, request=request, **details)
        for child in [person, *also_for]:
            relationship_add(
                acting_user=acting_user,
                person=child,
                relative=relative,
                kind=kind,
                lives_with=lives_with,
                has_parental_responsibility=has_parental_responsibility,
                request=request,
            )
    return relative
