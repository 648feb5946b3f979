"""Model bases shared by every record that holds personal data, and the few records every app shares."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords


class RecordedModel(models.Model):
    """Who made and last changed a record, when, and its edit version.

    Records are archived, never deleted: `archived_at` set means hidden from working lists.
    `version` goes up by one on every change so a form can refuse a stale save.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    modified_at = models.DateTimeField(auto_now=True)
    modified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    archive_reason = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class KeptDraft(models.Model):
    """What a user was submitting when their session timed out, kept until they sign back in."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255)
    data = models.JSONField()
    kept_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"draft for {self.owner_id} at {self.path}"


def recorded_save(instance: RecordedModel, *, acting_user: object) -> None:
    """Save a change to an existing record: who changed it, one version up, and a history row.

    Callers hold the row (select_for_update) so the version read is the version replaced.
    """
    instance.modified_by = acting_user  # type: ignore[assignment]
    instance.version += 1
    instance._history_user = acting_user  # type: ignore[attr-defined]
    instance.save()


class StoredFileManager(models.Manager["StoredFile"]):
    """Leaves the bytes out of every query; reading `.content` fetches them (one query, for a download)."""

    def get_queryset(self) -> models.QuerySet["StoredFile"]:
        return super().get_queryset().defer("content")


class StoredFile(models.Model):
    """An uploaded file, already checked and cleaned (`casemap.core.uploads`), kept in the database.

    Keeping the bytes here means a file is private (never under a public media URL), backed up and restored with
    the record it belongs to, and the same on SQLite and PostgreSQL. It is served only by a view that authorises
    the person asking (`casemap.core.files.stored_file_response`). The default manager leaves the bytes out, so
    lists never load them; a file is never changed, only replaced.
    """

    content = models.BinaryField()
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    original_name = models.CharField(max_length=120, blank=True, help_text="The name it was uploaded with, made safe")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = StoredFileManager()

    class Meta:
        base_manager_name = "objects"

    def __str__(self) -> str:
        return f"{self.content_type} file {self.pk}"


class NationalHoliday(models.Model):
    """A one-off day off across England that the bank holiday tables do not know yet (a state funeral, a
    coronation), added by an administrator. It makes the day non-working for every due date computed after it is
    added (`casemap.core.working_days`). Kept for good, with its history: a due date worked out from it can be
    explained later."""

    date = models.DateField(unique=True, help_text="A weekday that is not already a bank holiday in England")
    name = models.CharField(max_length=100, help_text="For example: State Funeral of Queen Elizabeth II")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.name}, {self.date.day} {self.date:%B %Y}"

    def clean(self) -> None:
        # Imported here: the working-day engine reads this model.
        from casemap.core.working_days import england_bank_holidays

        if not isinstance(self.date, datetime.date):
            return
        if self.date.weekday() >= 5:
            raise ValidationError({"date": f"{self.date:%A} is never a working day: there is nothing to add."})
        known = england_bank_holidays(self.date.year).get(self.date)
        if known is not None:
            raise ValidationError({"date": f"This is already a bank holiday in England: {known}."})
