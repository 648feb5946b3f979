"""The access log and explicit grants to restricted records."""

import datetime
import hashlib
import hmac
import ipaddress
import json

from django.conf import settings
from django.db import models


class AccessAction(models.TextChoices):
    VIEW = "view", "Viewed"
    PRINT = "print", "Printed"
    EXPORT = "export", "Exported"
    CREATE = "create", "Created"
    CHANGE = "change", "Changed"
    ARCHIVE = "archive", "Archived"
    SEARCH = "search", "Searched"
    GRANT = "grant", "Granted access"
    DENIED = "denied", "Was refused"


class HashScheme(models.IntegerChoices):
    """How a row's entry_hash was made. Rows are never re-hashed: each is checked by its own scheme."""

    LEGACY_SHA256 = 1, "SHA-256 of nine columns, without a key (rows written before keyed hashing)"
    HMAC_SHA256 = 2, "HMAC-SHA256 of every column, keyed from the environment"


def access_log_key_id(key: str) -> str:
    """A short name for a key, stored on each row so the right key is found after a rotation."""
    return hashlib.sha256(key.encode()).hexdigest()[:8]


def _canonical_ip(value: str | None) -> str | None:
    # PostgreSQL hands back its own spelling of an address (IPv6 in lower case, compressed): hash the address.
    if value is None:
        return None
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return value


class AccessLogEntry(models.Model):
    """One row per view, print, export or change of a person's data, or a refused request.

    Append-only: the database refuses UPDATE, DELETE and REPLACE on this table (triggers in the
    migrations), and each row carries a keyed hash of all its columns and of the previous row, so a gap
    or an edit made outside the application shows when the chain is checked (docs/access-log.md).
    """

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=16, choices=AccessAction.choices)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    record_type = models.CharField(max_length=64)
    record_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=255, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)
    # The database default only describes rows written before these columns existed; the application
    # always says which scheme and key it used.
    hash_scheme = models.PositiveSmallIntegerField(choices=HashScheme.choices, db_default=HashScheme.LEGACY_SHA256)
    key_id = models.CharField(max_length=16, blank=True, db_default="")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"], name="accesslog_person_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.record_type} {self.record_id}"

    def compute_hash(self, *, key: bytes | None = None) -> str:
        """This row's hash under its own scheme; a keyed scheme needs the key named by key_id."""
        if self.hash_scheme == HashScheme.LEGACY_SHA256:
            return hashlib.sha256(self._legacy_payload()).hexdigest()
        if self.hash_scheme == HashScheme.HMAC_SHA256:
            if not key:
                raise ValueError("A keyed access-log hash needs its key.")
            return hmac.new(key, self.canonical_payload(), hashlib.sha256).hexdigest()
        raise ValueError(f"Unknown access-log hash scheme {self.hash_scheme!r}.")

    def canonical_payload(self) -> bytes:
        """Every column but the id (the chain fixes the order) and the hash itself, in one fixed encoding."""
        at = self.at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return json.dumps(
            [
                "casemap-access-log",
                self.hash_scheme,
                self.key_id,
                self.previous_hash,
                at,
                self.user_id,
                str(self.action),
                self.person_id,
                self.record_type,
                self.record_id,
                self.detail,
                _canonical_ip(self.ip_address),
                self.user_agent,
            ],
            ensure_ascii=True,
            separators=(",", ":"),
        ).encode("ascii")

    def _legacy_payload(self) -> bytes:
        # Exactly as rows were hashed before keyed hashing: only used to check those rows.
        return json.dumps(
            [
                self.previous_hash,
                self.at.isoformat(),
                self.user_id,
                self.action,
                self.person_id,
                self.record_type,
                self.record_id,
                self.detail,
                self.ip_address,
            ],
            separators=(",", ":"),
        ).encode()


class RestrictedAccessGrant(models.Model):
    """Permission for one user to see one restricted person's record, given by a manager with a reason."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="access_grants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "person"], name="grant_user_person")]

    def __str__(self) -> str:
        return f"grant {self.user_id} -> {self.person_id}"


class CaseAssignment(models.Model):
    """A conference chair or auditor assigned to a case sees it while the assignment lasts."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments")
    purpose = models.CharField(max_length=120)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "case"], name="assignment_user_case")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.case_id} for {self.purpose}"
