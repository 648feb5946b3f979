"""The access log and explicit grants to restricted records."""

import hashlib
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


class AccessLogEntry(models.Model):
    """One row per view, print, export or change of a person's data.

    Append-only: the database refuses UPDATE and DELETE on this table (triggers in the
    migration), and each row carries a hash of the previous row so a gap or an edit
    made outside the application shows when the chain is checked.
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

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "-at"], name="accesslog_person_at")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.record_type} {self.record_id}"

    def compute_hash(self) -> str:
        payload = json.dumps(
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
        )
        return hashlib.sha256(payload.encode()).hexdigest()


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
