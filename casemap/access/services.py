"""Writes to the access log and to restricted-record grants."""

import datetime
from collections.abc import Sequence

from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.models import AccessAction, AccessLogEntry, RestrictedAccessGrant
from casemap.accounts.models import User
from casemap.core.client_address import client_address
from casemap.people.models import Person

GENESIS_HASH = "0" * 64
# Any fixed number: PostgreSQL advisory lock that makes appends to the hash chain one at a time.
ACCESS_LOG_LOCK_KEY = 742_311_001


def _client_details(request: HttpRequest | None) -> tuple[str | None, str]:
    if request is None:
        return None, ""
    return client_address(request), request.META.get("HTTP_USER_AGENT", "")[:255]


def _lock_chain() -> str:
    """Take the chain's lock for this transaction and return the last hash."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ACCESS_LOG_LOCK_KEY])
    # SQLite: the IMMEDIATE transaction already holds the database's only write lock.
    previous = AccessLogEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    return previous or GENESIS_HASH


def access_log_append_each(
    *,
    user: User,
    action: AccessAction,
    record_type: str,
    people: Sequence[Person | None],
    record_id: object = "",
    detail: str = "",
    request: HttpRequest | None = None,
) -> list[AccessLogEntry]:
    """One row per person (a map or case about three children is three children's records seen)."""
    ip_address, user_agent = _client_details(request)
    entries = []
    with transaction.atomic():
        previous = _lock_chain()
        for person in people:
            entry = AccessLogEntry(
                at=timezone.now(),
                user=user,
                action=action,
                person=person,
                record_type=record_type,
                record_id=str(record_id),
                detail=detail[:255],
                ip_address=ip_address,
                user_agent=user_agent,
                previous_hash=previous,
            )
            entry.entry_hash = entry.compute_hash()
            entry.save(force_insert=True)
            previous = entry.entry_hash
            entries.append(entry)
    return entries


def access_log_append(
    *,
    user: User,
    action: AccessAction,
    record_type: str,
    record_id: object = "",
    person: Person | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AccessLogEntry:
    return access_log_append_each(
        user=user,
        action=action,
        record_type=record_type,
        people=[person],
        record_id=record_id,
        detail=detail,
        request=request,
    )[0]


def access_log_verify_chain() -> int | None:
    """The id of the first entry whose hash does not follow from the one before, or None if intact."""
    expected_previous = GENESIS_HASH
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.previous_hash != expected_previous or entry.compute_hash() != entry.entry_hash:
            return entry.pk
        expected_previous = entry.entry_hash
    return None


def restricted_access_grant(
    *,
    acting_user: User,
    person: Person,
    user: User,
    reason: str,
    expires_at: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> RestrictedAccessGrant:
    with transaction.atomic():
        grant = RestrictedAccessGrant.objects.create(
            person=person, user=user, granted_by=acting_user, reason=reason, expires_at=expires_at
        )
        access_log_append(
            user=acting_user,
            action=AccessAction.GRANT,
            record_type="person",
            record_id=person.pk,
            person=person,
            detail=f"granted to user {user.pk}",
            request=request,
        )
    return grant


def restricted_access_revoke(
    *, acting_user: User, grant: RestrictedAccessGrant, request: HttpRequest | None = None
) -> RestrictedAccessGrant:
    with transaction.atomic():
        grant = RestrictedAccessGrant.objects.select_for_update().get(pk=grant.pk)
        if grant.revoked_at is None:
            grant.revoked_at = timezone.now()
            grant.save(update_fields=["revoked_at"])
            access_log_append(
                user=acting_user,
                action=AccessAction.GRANT,
                record_type="person",
                record_id=grant.person_id,
                person=grant.person,
                detail=f"revoked from user {grant.user_id}",
                request=request,
            )
    return grant


def person_restrict(
    *, acting_user: User, person: Person, reason: str, request: HttpRequest | None = None
) -> list[RestrictedAccessGrant]:
    """Make a record restricted. The workers allocated to the person's open cases, and the manager
    restricting it, keep access through explicit grants; everyone else loses it."""
    from casemap.cases.models import Case
    from casemap.people.services import person_update

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
