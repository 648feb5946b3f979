"""Hand-offs between a worker and their manager: a worker asks for a draft to be signed off, and the manager signs
it off or returns it with reasons. Each ask and each decision is kept on the record it is about."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from simple_history.models import HistoricalRecords


class SignOffOutcome(models.TextChoices):
    WAITING = "", "Waiting for a decision"
    SIGNED_OFF = "signed_off", "Signed off"
    RETURNED = "returned", "Returned to the worker"


class SignOffRequest(models.Model):
    """One ask for sign-off of a draft (a map, a safety plan, a Words and Pictures booklet) and its decision.

    A manager who signs off or returns a draft nobody asked about makes a row too, with no one as having asked,
    so every decision keeps its reasons in one place. A record has at most one request waiting at a time."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="sign_off_requests")
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    record_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("record_type", "record_id")
    # How the record was known when asked, for the manager's list, without reading every record.
    record_label = models.CharField(max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="What the worker wants the manager to know")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=12, choices=SignOffOutcome.choices, blank=True)
    reasons = models.TextField(blank=True, help_text="The manager's reasons for signing off or returning")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["record_type", "record_id"], name="sign_off_request_record"),
            models.Index(fields=["case", "outcome"], name="sign_off_request_case"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id"],
                condition=models.Q(outcome=""),
                name="sign_off_request_one_waiting",
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="", requested_at__isnull=False, decided_at__isnull=True)
                | (~models.Q(outcome="") & models.Q(decided_at__isnull=False)),
                name="sign_off_request_waiting_or_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"Sign-off of {self.record_label}: {self.get_outcome_display()}"

    @property
    def is_waiting(self) -> bool:
        return self.outcome == SignOffOutcome.WAITING
