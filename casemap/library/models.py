"""The good-practice library: examples of Signs of Safety practice, nominated from a child's record, agreed to by
the worker whose work it is, anonymised, checked by a second person and published for all staff to read.

A `Nomination` holds the link to the record it came from (the case, the map, plan, booklet or appreciative
inquiry) and the people who took part. What readers see is a `GoodPracticeExample` and its sections: anonymised
text with no link back to the record, the case, or the worker. The nomination points at its example; the example
never points back.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from casemap.core.models import RecordedModel


class PracticeChampion(RecordedModel):
    """A member of staff who is a practice champion for a team, from one date to another (open-ended while it
    lasts). Current champions, with practice leads, nominate examples to the library and check them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="champion_roles")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="champions")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Leave empty while they are the team's champion")

    history = HistoricalRecords()

    class Meta:
        ordering = ["team__name", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="champion_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} for {self.team}"

    def clean(self) -> None:
        # Imported here: the access policy reads accounts, and this model is read by the library's own rules.
        from casemap.access.policy import READ_ONLY_ROLES

        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be on or after the start date"
        user = getattr(self, "user", None) if self.user_id else None
        if user is not None and user.role in READ_ONLY_ROLES:
            errors["user"] = f"A {user.get_role_display().lower()} cannot be a practice champion"
        if errors:
            raise ValidationError(errors)

    def is_current_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class LibraryTool(models.TextChoices):
    """The Signs of Safety tool an example shows: every published example is tagged with one."""

    MAP = "map", "Mapping"
    DANGER_STATEMENTS = "danger_statements", "Danger statements and safety goals"
    SAFETY_PLAN = "safety_plan", "Safety plan"
    WORDS_AND_PICTURES = "words_and_pictures", "Words and Pictures"
    APPRECIATIVE_INQUIRY = "appreciative_inquiry", "Appreciative inquiry"


class GoodPracticeExample(RecordedModel):
    """The anonymised example. While its nomination is worked through it is a draft, seen only by the people
    working on it; once published every member of staff may read it. It holds no link to the record it came from."""

    tool = models.CharField(max_length=24, choices=LibraryTool.choices)
    title = models.CharField(max_length=200)
    why_good_practice = models.TextField(blank=True)
    happened_in = models.DateField(help_text="When the work was done, shifted by the example's own number of days")
    tags = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["tool", "published_at"], name="example_tool_published")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ExampleSection(models.Model):
    """One part of an example: a heading and its anonymised text."""

    example = models.ForeignKey(GoodPracticeExample, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=200)
    text = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.heading


class NominationStatus(models.TextChoices):
    AWAITING_CONSENT = "awaiting_consent", "Waiting for the worker's agreement"
    DECLINED = "declined", "The worker did not agree"
    AWAITING_CHECK = "awaiting_check", "Waiting for a second person to check"
    SENT_BACK = "sent_back", "Sent back to the nominator"
    PUBLISHED = "published", "Published"


class Nomination(RecordedModel):
    """An example of good practice taken from a child's record or a worker's appreciative inquiry, on its way to
    the library: the worker's agreement, the anonymised draft and its check by a second person."""

    tool = models.CharField(max_length=24, choices=LibraryTool.choices)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    map = models.ForeignKey("mapping.Map", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    safety_plan = models.ForeignKey(
        "safety.SafetyPlan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booklet = models.ForeignKey(
        "words.WordsAndPicturesBooklet", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    inquiry = models.ForeignKey(
        "supervision.AppreciativeInquiry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nominated_at = models.DateTimeField()
    status = models.CharField(max_length=20, choices=NominationStatus.choices)
    consented_at = models.DateTimeField(null=True, blank=True)
    declined_reason = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_back_reason = models.TextField(blank=True)
    # The number of days every date in the example was moved by: kept with the nomination, never with the example.
    date_shift_days = models.IntegerField()
    example = models.OneToOneField(GoodPracticeExample, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-nominated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(map__isnull=False, safety_plan__isnull=True, booklet__isnull=True, inquiry__isnull=True)
                    | models.Q(map__isnull=True, safety_plan__isnull=False, booklet__isnull=True, inquiry__isnull=True)
                    | models.Q(map__isnull=True, safety_plan__isnull=True, booklet__isnull=False, inquiry__isnull=True)
                    | models.Q(map__isnull=True, safety_plan__isnull=True, booklet__isnull=True, inquiry__isnull=False)
                ),
                name="nomination_one_source",
            ),
            # An appreciative inquiry is taken into the library once.
            models.UniqueConstraint(fields=["inquiry"], name="nomination_inquiry_once"),
        ]
        indexes = [models.Index(fields=["status", "worker"], name="nomination_status_worker")]

    def __str__(self) -> str:
        return f"Nomination {self.pk} ({self.get_tool_display()})"

    @property
    def source(self) -> RecordedModel:
        return self.map or self.safety_plan or self.booklet or self.inquiry  # type: ignore[return-value]

    @property
    def is_open_to_check(self) -> bool:
        return self.status == NominationStatus.AWAITING_CHECK

    @property
    def is_editable(self) -> bool:
        return self.status in {NominationStatus.AWAITING_CHECK, NominationStatus.SENT_BACK}
