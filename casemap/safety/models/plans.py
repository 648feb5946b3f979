"""The family's safety plan and the agency's trajectory to closure.

A plan is worked on as a draft, signed off by a manager and then frozen: it renders from the snapshot taken
when it was signed. Change makes a new version. The monitoring log carries on against the signed plan, since
it records how the plan is going, not a change to it.
"""

import calendar
import datetime

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from casemap.core.models import RecordedModel


class SafetyPlanKind(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate safety plan"
    INTERIM = "interim", "Interim safety plan"
    FAMILY = "family", "Family safety plan"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off"
    SUPERSEDED = "superseded", "Superseded"


class SafetyPlan(RecordedModel):
    """One version of a case's safety plan."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="safety_plans")
    kind = models.CharField(max_length=12, choices=SafetyPlanKind.choices)
    number = models.PositiveIntegerField(help_text="1 for the case's first plan, 2 for the next version, and so on")
    status = models.CharField(max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    review_on = models.DateField(null=True, blank=True)
    childrens_version = models.TextField(
        blank=True, help_text="How the children have their own version: Words and Pictures, a Safety House"
    )
    safety_house = models.ForeignKey(
        "voice.ChildVoiceRecord", on_delete=models.PROTECT, null=True, blank=True, related_name="safety_plans"
    )
    words_booklet = models.ForeignKey(
        "words.WordsAndPicturesBooklet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="safety_plans",
        help_text="The Words and Pictures booklet that tells the children about the plan",
    )
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    warnings_confirmed = models.JSONField(
        default=list, blank=True, help_text="The warnings the manager saw and accepted when signing off"
    )
    # Everything on the plan as it was signed, so it always renders exactly as signed.
    snapshot = models.JSONField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="safety_plan_number_per_case")]

    def __str__(self) -> str:
        return f"Safety plan {self.number} of case {self.case_id}"

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT


class SafetyPlanRule(models.Model):
    """A rule in the family's words, with who makes sure it happens and who checks.

    Each person is a member of the safety network or, for the parents, the children or a professional outside
    the network, a name as the family say it.
    """

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="rules")
    position = models.PositiveIntegerField(default=0)
    wording = models.TextField()
    responsible_member = models.ForeignKey(
        "safety.SafetyNetworkMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible_name = models.CharField(max_length=160, blank=True)
    checker_member = models.ForeignKey(
        "safety.SafetyNetworkMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checker_name = models.CharField(max_length=160, blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.wording[:60]

    @property
    def responsible(self) -> str:
        return self.responsible_member.display_name if self.responsible_member else self.responsible_name

    @property
    def checker(self) -> str:
        return self.checker_member.display_name if self.checker_member else self.checker_name


class PlanTrigger(models.Model):
    """A trigger or warning sign, and what everyone does when they see it."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="triggers")
    position = models.PositiveIntegerField(default=0)
    warning_sign = models.TextField()
    what_to_do = models.TextField()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.warning_sign[:60]


class PlanContact(models.Model):
    """Who to call, and when. A network member's number comes from the network unless another is given."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="contacts")
    position = models.PositiveIntegerField(default=0)
    member = models.ForeignKey(
        "safety.SafetyNetworkMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=160, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    when_to_call = models.TextField()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.member.display_name if self.member else self.name

    @property
    def display_phone(self) -> str:
        return self.phone or (self.member.phone if self.member else "")


class BottomLine(models.Model):
    """What must happen, or never be allowed to happen, whatever else changes: the agency's non-negotiables."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="bottom_lines")
    position = models.PositiveIntegerField(default=0)
    text = models.TextField()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanFollowed(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class PlanMonitoringEntry(RecordedModel):
    """One report of how the signed plan is going. A plan that was not followed is talked through with the
    network and improved in a new version; it has not failed."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="monitoring")
    happened_on = models.DateField()
    reported_by = models.CharField(max_length=160)
    followed = models.CharField(max_length=8, choices=PlanFollowed.choices)
    what_happened = models.TextField()
    what_was_done = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.happened_on}: {self.get_followed_display()}"


class SustainUnit(models.TextChoices):
    WEEKS = "weeks", "weeks"
    MONTHS = "months", "months"


def add_period(start: datetime.date, count: int, unit: str) -> datetime.date:
    """`start` moved on by whole weeks or calendar months (31 January plus 1 month is 28 or 29 February)."""
    if unit == SustainUnit.WEEKS:
        return start + datetime.timedelta(weeks=count)
    months = start.month - 1 + count
    year, month = start.year + months // 12, months % 12 + 1
    return datetime.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


class Trajectory(RecordedModel):
    """The agency's route to closure for a case: steps with target dates, ending when the safety goals have
    been sustained for the agreed time."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="trajectory")
    sustain_for = models.PositiveIntegerField(null=True, blank=True, help_text="How long the goals must be kept")
    sustain_unit = models.CharField(max_length=8, choices=SustainUnit.choices, default=SustainUnit.MONTHS)
    sustained_since = models.DateField(null=True, blank=True, help_text="The goals have been kept since this date")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Trajectory of case {self.case_id}"

    @property
    def sustain_label(self) -> str:
        if not self.sustain_for:
            return ""
        unit = self.get_sustain_unit_display()
        return f"{self.sustain_for} {unit[:-1] if self.sustain_for == 1 else unit}"

    @property
    def expected_closure(self) -> datetime.date | None:
        """When the goals will have been sustained for the agreed time, if they are being kept now."""
        if not self.sustain_for or self.sustained_since is None:
            return None
        return add_period(self.sustained_since, self.sustain_for, self.sustain_unit)


class TrajectoryStep(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveIntegerField(default=0)
    description = models.TextField()
    target_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["target_on", "position", "pk"]

    def __str__(self) -> str:
        return self.description[:60]
