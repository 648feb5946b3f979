"""Supervision: case supervision on each child discussed, personal supervision on the staff member, and the
per-staff facts and frequency rules that say who is overdue.

A record is a draft until its supervisor signs it; then its content is frozen. What is said afterwards is kept
beside it: additions appended in order, and the supervisee's acknowledgement with any comment or disagreement.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from casemap.core.models import RecordedModel

DEFAULT_INTERVAL_DAYS = 28


class SupervisionSchedule(models.Model):
    """How often a member of staff is supervised, by how long they have been in post under it: data, not code.
    Each step holds until its `until_day` (days since the schedule's start for that person); the last has none."""

    name = models.CharField(max_length=120, unique=True)
    is_default = models.BooleanField(default=False, help_text="Applies to staff with no schedule of their own")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="one_default_schedule"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScheduleStep(models.Model):
    schedule = models.ForeignKey(SupervisionSchedule, on_delete=models.CASCADE, related_name="steps")
    until_day = models.PositiveIntegerField(
        null=True, blank=True, help_text="Days since the start that this step lasts; empty for the last step"
    )
    interval_days = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        ordering = ["schedule", models.F("until_day").asc(nulls_last=True)]

    def __str__(self) -> str:
        return f"every {self.interval_days} days until day {self.until_day or 'the end'}"


class SupervisionProfile(models.Model):
    """A member of staff's supervision facts: who supervises them, their line manager, their schedule and the day
    it started (for a newly qualified worker, their first day in post)."""

    staff = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_profile")
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="supervisees"
    )
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="line_reports"
    )
    schedule = models.ForeignKey(SupervisionSchedule, on_delete=models.PROTECT, null=True, blank=True)
    schedule_starts_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"supervision profile of {self.staff_id}"


class StaffLeave(models.Model):
    """Leave pauses the supervision clock: its days are not counted towards the interval."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="leave_periods")
    starts_on = models.DateField()
    ends_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="leave_ends_after")
        ]

    def __str__(self) -> str:
        return f"leave of {self.staff_id} {self.starts_on} to {self.ends_on}"


class CaseDiscussionRule(models.Model):
    """How often every open case of a service must be discussed in case supervision (28 days for child
    protection by default)."""

    service = models.CharField(max_length=32, unique=True)
    interval_days = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    def __str__(self) -> str:
        return f"{self.service}: every {self.interval_days} days"


class SupervisionAuditAssignment(models.Model):
    """An auditor assigned to read one member of staff's personal supervision while the assignment lasts."""

    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_audit_assignments"
    )
    supervisee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=120)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.auditor_id} audits supervision of {self.supervisee_id}"


class SupervisionKind(models.TextChoices):
    CASE = "case", "Case supervision"
    PERSONAL = "personal", "Personal supervision"


class SupervisionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed by the supervisor"
    ACKNOWLEDGED = "acknowledged", "Acknowledged by the supervisee"


class Supervision(RecordedModel):
    """One supervision session. A case supervision names the case and each child discussed (one entry on each
    child's record); a personal supervision names neither and is seen only by the people the policy names."""

    kind = models.CharField(max_length=16, choices=SupervisionKind.choices)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="supervisions")
    children = models.ManyToManyField("people.Person", through="SupervisionChild", related_name="+")
    occurred_on = models.DateField(help_text="The day the supervision took place, not the day it was written")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    supervisee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    duration_minutes = models.PositiveIntegerField(null=True, blank=True)
    # The Signs of Safety structure (case supervision); a personal supervision uses the same three headings for
    # what is going well, what worries, and what needs to happen in the supervisee's work.
    worries = models.TextField(blank=True)
    working_well = models.TextField(blank=True)
    needs_to_happen = models.TextField(blank=True)
    scale_score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    scale_zero_anchor = models.TextField(blank=True)
    scale_ten_anchor = models.TextField(blank=True)
    scale_reasons = models.TextField(blank=True)
    decisions = models.TextField(blank=True)
    decision_reasons = models.TextField(blank=True)
    next_discussion_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=SupervisionStatus.choices, default=SupervisionStatus.DRAFT)
    signed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["children"])

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["supervisee", "status", "occurred_on"], name="supervision_supervisee"),
            models.Index(fields=["case", "status", "occurred_on"], name="supervision_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="case") & models.Q(case__isnull=False))
                | (models.Q(kind="personal") & models.Q(case__isnull=True)),
                name="supervision_case_only_for_case_kind",
            ),
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("supervisee")), name="supervision_two_people"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"

    @property
    def is_draft(self) -> bool:
        return self.status == SupervisionStatus.DRAFT

    @property
    def recorded_days_later(self) -> int:
        """How many days after the session it was written: a late entry says so."""
        return max((self.created_at.date() - self.occurred_on).days, 0) if self.created_at else 0


class SupervisionChild(models.Model):
    """The child's own entry for a case supervision: one per child discussed."""

    supervision = models.ForeignKey(Supervision, on_delete=models.PROTECT, related_name="child_entries")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="supervision_entries")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["supervision", "child"], name="supervision_child_once")]

    def __str__(self) -> str:
        return f"{self.child_id} in supervision {self.supervision_id}"


class SupervisionAction(models.Model):
    """Something agreed, with its owner and due date: on the owner's caseload until done."""

    supervision = models.ForeignKey(Supervision, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervision_actions")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_at"], name="supervision_action_owner")]

    def __str__(self) -> str:
        return f"action {self.pk} for {self.owner_id} by {self.due_on}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_at is None and self.due_on < today


class SupervisionAddition(models.Model):
    """Something added after signing: appended, never merged into the signed text."""

    supervision = models.ForeignKey(Supervision, on_delete=models.PROTECT, related_name="additions")
    text = models.TextField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"addition {self.pk} to supervision {self.supervision_id}"


class SupervisionAcknowledgement(models.Model):
    """The supervisee's response to the signed record, kept beside it: a comment, or their disagreement."""

    supervision = models.OneToOneField(Supervision, on_delete=models.PROTECT, related_name="acknowledgement")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)
    agrees = models.BooleanField()
    comment = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"acknowledgement of supervision {self.supervision_id}"


class GroupRole(models.TextChoices):
    FACILITATOR = "facilitator", "Facilitator"
    PRESENTER = "presenter", "Presenting worker"
    ADVISER = "adviser", "Adviser"
    OBSERVER = "observer", "Observer"


class GroupSupervision(RecordedModel):
    """A group supervision session about one family: the presenter's question, the map made in the session (a new
    draft version of the case's map), next steps, and each participant's learning note."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="group_supervisions")
    held_on = models.DateField()
    presenter_question = models.TextField()
    next_steps = models.TextField(blank=True)
    map = models.ForeignKey("mapping.Map", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"group supervision on {self.held_on}"


class GroupParticipant(models.Model):
    session = models.ForeignKey(GroupSupervision, on_delete=models.PROTECT, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="group_supervisions")
    role = models.CharField(max_length=16, choices=GroupRole.choices)
    learning_note = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="group_participant_once")]

    def __str__(self) -> str:
        return f"{self.user_id} as {self.role} in {self.session_id}"


class OversightDecision(RecordedModel):
    """A manager's oversight decision on the children's record: a record of its own, never a case note."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="oversight_decisions")
    children = models.ManyToManyField("people.Person", related_name="+")
    decided_on = models.DateField()
    decision = models.TextField()
    reasons = models.TextField()
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["children"])

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["case", "decided_on"], name="oversight_case_day")]

    def __str__(self) -> str:
        return f"oversight decision on {self.decided_on}"


class NoteOversightKind(models.TextChoices):
    AFFIRM = "affirm", "Affirmation"
    COMMENT = "comment", "Comment"


class NoteOversight(models.Model):
    """A manager's affirmation of, or comment on, a practitioner's case note: kept beside it, never in its text."""

    note = models.ForeignKey("cases.CaseNote", on_delete=models.PROTECT, related_name="oversight")
    kind = models.CharField(max_length=16, choices=NoteOversightKind.choices)
    text = models.TextField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} on note {self.note_id}"


class OversightEvent(models.TextChoices):
    ASSESSMENT_STARTED = "assessment_started", "An assessment started"


class OversightPoint(models.Model):
    """A required oversight point, as data: a manager's oversight decision is due within `by_day` days of the
    event (day 15 of an assessment, say); one not made by then is reported as missed."""

    name = models.CharField(max_length=120, unique=True)
    event = models.CharField(max_length=32, choices=OversightEvent.choices)
    by_day = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    def __str__(self) -> str:
        return self.name


class AppreciativeInquiry(RecordedModel):
    """A conversation about work done well, in the appreciative inquiry form's own questions, optionally about a
    case; the worker may later nominate it, with their consent, to the good-practice library."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="inquiries")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    held_on = models.DateField()
    went_well = models.TextField(help_text="What went well, or made you proud")
    how_made_it_happen = models.TextField()
    who_helped = models.TextField(blank=True)
    family_would_say = models.TextField(blank=True)
    learning = models.TextField()
    self_scale = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    closer_to_ten = models.TextField(blank=True)
    manager_comments = models.TextField(blank=True)
    manager_commented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nominated_at = models.DateTimeField(null=True, blank=True)
    worker_consented = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"appreciative inquiry on {self.held_on}"
