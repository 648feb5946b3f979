"""Writes to the access log and to restricted-record grants."""

import datetime
import hmac
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.models import (
    AccessAction,
    AccessLogEntry,
    HashScheme,
    RestrictedAccessGrant,
    access_log_key_id,
)
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


def _signing_key() -> tuple[str, bytes]:
    """The key id and key for new rows: settings.ACCESS_LOG_KEY, from the environment, never the database."""
    key = settings.ACCESS_LOG_KEY
    if not key:
        raise ImproperlyConfigured("ACCESS_LOG_KEY is empty: set CASEMAP_ACCESS_LOG_KEY.")
    return access_log_key_id(key), key.encode()


def _verification_keys() -> dict[str, bytes]:
    """Every key a row may have been written with: the current one and those rotated out."""
    keys = [settings.ACCESS_LOG_KEY, *settings.ACCESS_LOG_OLD_KEYS]
    return {access_log_key_id(key): key.encode() for key in keys if key}


def _printable(text: str, limit: int) -> str:
    # Control characters (a newline, a NUL from a crafted URL) could forge lines in a log reader or be refused
    # by PostgreSQL: drop them.
    return "".join(character for character in text if unicodedata.category(character) != "Cc")[:limit]


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
    key_id, key = _signing_key()
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
                detail=_printable(detail, 255),
                ip_address=ip_address,
                user_agent=_printable(user_agent, 255),
                previous_hash=previous,
                hash_scheme=HashScheme.HMAC_SHA256,
                key_id=key_id,
            )
            entry.entry_hash = entry.compute_hash(key=key)
            entry.save(force_insert=True)
            previous = entry.entry_hash
            entries.append(entry)
    return entries


def access_log_append_many(
    *,
    user: User,
    action: AccessAction,
    record_type: str,
    person_ids: Sequence[int],
    record_id: object = "",
    detail: str = "",
    request: HttpRequest | None = None,
    batch_size: int = 1000,
) -> int:
    """One row per person, chained as access_log_append_each does, but written in a few bulk inserts: an export
    of thousands of children's records holds the chain's lock for moments, not minutes."""
    ip_address, user_agent = _client_details(request)
    key_id, key = _signing_key()
    at = timezone.now()
    with transaction.atomic():
        previous = _lock_chain()
        entries = []
        for person_id in person_ids:
            entry = AccessLogEntry(
                at=at,
                user=user,
                action=action,
                person_id=person_id,
                record_type=record_type,
                record_id=str(record_id),
                detail=_printable(detail, 255),
                ip_address=ip_address,
                user_agent=_printable(user_agent, 255),
                previous_hash=previous,
                hash_scheme=HashScheme.HMAC_SHA256,
                key_id=key_id,
            )
            entry.entry_hash = entry.compute_hash(key=key)
            previous = entry.entry_hash
            entries.append(entry)
        # Inserted in the chain's order, so ids follow it.
        AccessLogEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)


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


def access_log_refused_request(*, user: User, request: HttpRequest) -> AccessLogEntry:
    """A signed-in user was refused a page: the method and path (never a query string) go in the log."""
    path = request.path.partition("?")[0]
    return access_log_append(
        user=user,
        action=AccessAction.DENIED,
        record_type="url",
        detail=f"{request.method} {path}",
        request=request,
    )


@dataclass(frozen=True)
class ChainCheck:
    """What access_log_verify_chain found: how many entries followed, and the first that did not."""

    entries: int
    last_id: int | None
    last_hash: str
    broken_id: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_id is None


def _why_broken(entry: AccessLogEntry, *, expected_previous: str, keys: dict[str, bytes], keyed_seen: bool) -> str:
    if entry.previous_hash != expected_previous:
        return "it does not follow from the entry before it (an entry was removed, added or moved)"
    if entry.hash_scheme == HashScheme.LEGACY_SHA256:
        if keyed_seen:
            return "it has an unkeyed hash after keyed entries (unkeyed hashes are only valid on old entries)"
        expected = entry.compute_hash()
    elif entry.hash_scheme == HashScheme.HMAC_SHA256:
        if entry.key_id not in keys:
            return f"it was hashed with a key this server does not hold (key id {entry.key_id!r})"
        expected = entry.compute_hash(key=keys[entry.key_id])
    else:
        return f"it names an unknown hash scheme ({entry.hash_scheme!r})"
    if not hmac.compare_digest(expected, entry.entry_hash):
        return "its hash does not match its contents (a column was changed, or it was hashed with another key)"
    return ""


def access_log_verify_chain(
    *, expect_entry: tuple[int, str] | None = None, start_after: tuple[int, str] | None = None
) -> ChainCheck:
    """Check every entry in order against the one before it and its own hash, by the entry's scheme.

    expect_entry is an (id, hash) kept from an earlier check: the chain cannot show entries removed from its end,
    but a kept entry that has gone or changed does. start_after is an (id, hash) named in an incident record, to
    check only the entries after a break that has been investigated."""
    keys = _verification_keys()
    entries = AccessLogEntry.objects.order_by("id")
    expected_previous, keyed_seen = GENESIS_HASH, False
    if start_after is not None:
        entries = entries.filter(id__gt=start_after[0])
        expected_previous = start_after[1]
        keyed_seen = AccessLogEntry.objects.filter(id__lte=start_after[0], hash_scheme=HashScheme.HMAC_SHA256).exists()
    count = 0
    last_id: int | None = None
    for entry in entries.iterator(chunk_size=2000):
        reason = _why_broken(entry, expected_previous=expected_previous, keys=keys, keyed_seen=keyed_seen)
        if reason:
            return ChainCheck(
                entries=count, last_id=last_id, last_hash=expected_previous, broken_id=entry.pk, reason=reason
            )
        keyed_seen = keyed_seen or entry.hash_scheme == HashScheme.HMAC_SHA256
        expected_previous = entry.entry_hash
        last_id = entry.pk
        count += 1
    if expect_entry is not None:
        # The chain holds from the start to here, so the kept entry unchanged means nothing before it changed.
        kept = AccessLogEntry.objects.filter(pk=expect_entry[0]).values_list("entry_hash", flat=True).first()
        reason = ""
        if kept is None:
            reason = "the kept entry is missing (entries were removed from the end of the log)"
        elif kept != expect_entry[1]:
            reason = "its hash is not the one kept for it"
        if reason:
            return ChainCheck(
                entries=count, last_id=last_id, last_hash=expected_previous, broken_id=expect_entry[0], reason=reason
            )
    return ChainCheck(entries=count, last_id=last_id, last_hash=expected_previous)


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
