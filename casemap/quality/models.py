"""Learning-focused practice audit: tools as versioned data, reproducible samples, the collaborative audit,
moderation and calibration, and the response an inadequate audit starts.

A tool's criteria live in numbered versions; a version is frozen once published and every audit keeps the version
it used, so editing a tool makes a new version and never changes a finished audit. Scores are whole numbers on the
tool's scale: 0 to 10 for a Signs of Safety scale, 1 (inadequate) to 4 (outstanding) for Ofsted's grades.
A moderator's grade is kept beside the auditor's, never over it.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from casemap.accounts.models import Role
from casemap.cases.models import CaseService
from casemap.core.models import RecordedModel

# Who audits and moderates: practice leads and managers, never on their own case.
AUDITOR_ROLES = {Role.PRACTICE_LEAD, Role.TEAM_MANAGER, Role.SERVICE_MANAGER}
# The purpose of the case assignment that gives an auditor time-boxed read access to the case.
AUDIT_PURPOSE = "Practice audit"


class Scale(models.TextChoices):
    SIGNS_OF_SAFETY = "sos", "Signs of Safety scale, 0 to 10"
    OFSTED = "ofsted", "Ofsted's four grades"


class OfstedGrade(models.IntegerChoices):
    INADEQUATE = 1, "Inadequate"
    REQUIRES_IMPROVEMENT = 2, "Requires improvement to be good"
    GOOD = 3, "Good"
    OUTSTANDING = 4, "Outstanding"


SCALE_SCORES = {Scale.SIGNS_OF_SAFETY: list(range(0, 11)), Scale.OFSTED: [1, 2, 3, 4]}
# The scores a tool's criteria must each have an anchor for.
REQUIRED_ANCHORS = {Scale.SIGNS_OF_SAFETY: [0, 10], Scale.OFSTED: [1, 2, 3, 4]}
# At or below this a score counts as inadequate: it is moderated and starts the configured response.
INADEQUATE_AT_MOST = {Scale.SIGNS_OF_SAFETY: 2, Scale.OFSTED: OfstedGrade.INADEQUATE.value}


def score_label(scale: str, score: int | None) -> str:
    if score is None:
        return "Not scored"
    if scale == Scale.OFSTED:
        return str(OfstedGrade(score).label)
    return str(score)


def is_inadequate(scale: str, score: int | None) -> bool:
    return score is not None and score <= INADEQUATE_AT_MOST[Scale(scale)]


class ToolPurpose(models.TextChoices):
    CASE = "case", "Case audit"
    CLOSURE = "closure", "Closure audit"
    THEMATIC = "thematic", "Thematic audit"


class AuditTool(models.Model):
    name = models.CharField(max_length=160, unique=True)
    purpose = models.CharField(max_length=16, choices=ToolPurpose.choices, default=ToolPurpose.CASE)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AuditToolVersion(models.Model):
    """One numbered set of criteria. A draft version can change; once published it is frozen."""

    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    scale = models.CharField(max_length=8, choices=Scale.choices)
    has_overall_judgement = models.BooleanField(default=True)
    overall_guidance = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["tool", "-number"]
        constraints = [models.UniqueConstraint(fields=["tool", "number"], name="audit_tool_version_number")]

    def __str__(self) -> str:
        return f"{self.tool} version {self.number}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def scores(self) -> list[int]:
        return SCALE_SCORES[Scale(self.scale)]


class AuditCriterion(models.Model):
    version = models.ForeignKey(AuditToolVersion, on_delete=models.PROTECT, related_name="criteria")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    guidance = models.TextField()
    # What each score means, keyed by the score as text ("0", "10", or "1" to "4" for Ofsted's grades).
    anchors = models.JSONField(default=dict)

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="audit_criterion_position")]

    def __str__(self) -> str:
        return self.title

    def anchor(self, score: int) -> str:
        return str(self.anchors.get(str(score), ""))


class AuditSettings(models.Model):
    """The authority's audit rules, one row: how much is moderated and what an inadequate audit starts."""

    moderation_percent = models.PositiveSmallIntegerField(
        default=10, validators=[MaxValueValidator(100)], help_text="The share of completed audits drawn at random"
    )
    manager_reply_working_days = models.PositiveSmallIntegerField(default=5)
    reaudit_months = models.PositiveSmallIntegerField(default=3)
    access_days_after_completion = models.PositiveSmallIntegerField(default=30)

    def __str__(self) -> str:
        return "audit settings"

    @classmethod
    def current(cls) -> "AuditSettings":
        held, _ = cls.objects.get_or_create(pk=1)
        return held


class ClosureAuditRule(models.Model):
    """A service that may close a case only after a completed closure audit."""

    service = models.CharField(max_length=32, choices=CaseService.choices, unique=True)
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="+")
    is_required = models.BooleanField(
        default=True, help_text="Untick to let the service close cases without a closure audit again"
    )

    def __str__(self) -> str:
        return f"closure audit for {self.service}"


class ProgrammeKind(models.TextChoices):
    RANDOM = "random", "A random sample"
    INSPECTION = "inspection", "An inspection sample (a named list of children)"


class CaseStatusFilter(models.TextChoices):
    OPEN = "open", "Open cases"
    CLOSED = "closed", "Cases closed in the last N days"
    EITHER = "either", "Open, or closed in the last N days"


class Period(models.TextChoices):
    MONTH = "month", "Each month"
    QUARTER = "quarter", "Each quarter"
    YEAR = "year", "Each year"


class SamplingProgramme(RecordedModel):
    """Which cases are drawn for audit, how many, and with which tool. A draw records its seed and data cut-off,
    so drawing again with both gives the identical sample."""

    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=16, choices=ProgrammeKind.choices, default=ProgrammeKind.RANDOM)
    tool = models.ForeignKey(AuditTool, on_delete=models.PROTECT, related_name="programmes")
    services = models.JSONField(default=list, blank=True, help_text="Case services drawn from; empty for all")
    teams = models.ManyToManyField("accounts.Team", blank=True, related_name="+")
    case_status = models.CharField(max_length=8, choices=CaseStatusFilter.choices, default=CaseStatusFilter.OPEN)
    closed_within_days = models.PositiveIntegerField(null=True, blank=True)
    size_number = models.PositiveIntegerField(null=True, blank=True)
    size_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    period = models.CharField(max_length=8, choices=Period.choices, default=Period.MONTH)
    monthly_cap = models.PositiveIntegerField(null=True, blank=True)
    exclude_audited_months = models.PositiveSmallIntegerField(
        null=True, blank=True, default=12, help_text="Leave out cases audited in this many months; empty for none"
    )
    exclude_auditors_own_team = models.BooleanField(default=True)
    stratify_by_team = models.BooleanField(default=False)
    audit_due_days = models.PositiveSmallIntegerField(default=28)
    # An inspection sample's due date and the inspector's reference.
    due_on = models.DateField(null=True, blank=True)
    auditors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="audit_programmes")

    history = HistoricalRecords(m2m_fields=[teams])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InspectionChild(models.Model):
    """A child named by an inspector for an inspection sample."""

    programme = models.ForeignKey(SamplingProgramme, on_delete=models.PROTECT, related_name="inspection_children")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "child"], name="inspection_child_once")]

    def __str__(self) -> str:
        return f"{self.child_id} in {self.programme_id}"


class SampleDraw(models.Model):
    programme = models.ForeignKey(SamplingProgramme, on_delete=models.PROTECT, related_name="draws")
    seed = models.BigIntegerField()
    # The data cut-off: only cases as they stood at this moment are in the population.
    cut_off = models.DateTimeField()
    period_start = models.DateField()
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drawn_at = models.DateTimeField(auto_now_add=True)
    population_size = models.PositiveIntegerField(default=0)
    # The programme's rules as this draw used them, so the draw can be repeated after the programme is edited.
    rules = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"draw {self.pk} of {self.programme_id} with seed {self.seed}"


class SampledCase(models.Model):
    draw = models.ForeignKey(SampleDraw, on_delete=models.PROTECT, related_name="cases")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField()
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="sampled_cases"
    )
    due_on = models.DateField()
    # The read access being sampled gives the auditor, through the one access policy.
    assignment = models.OneToOneField(
        "access.CaseAssignment", on_delete=models.PROTECT, null=True, blank=True, related_name="sampled_case"
    )

    class Meta:
        ordering = ["draw", "position"]
        constraints = [models.UniqueConstraint(fields=["draw", "case"], name="sampled_case_once")]

    def __str__(self) -> str:
        return f"{self.case_id} in draw {self.draw_id}"


class Participation(models.TextChoices):
    PRESENT = "present", "Present for the audit"
    CONSULTED = "consulted", "Consulted"
    NOT_INVOLVED = "not_involved", "Not involved"


class FamilyContactMethod(models.TextChoices):
    VISIT = "visit", "Visit"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    SURVEY = "survey", "Feedback survey"
    LETTER = "letter", "Letter or email"


class AuditStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class Audit(RecordedModel):
    """One audit of one case, collaborative: the practitioner's self-score beside the auditor's, and the family's
    view in their words."""

    tool_version = models.ForeignKey(AuditToolVersion, on_delete=models.PROTECT, related_name="audits")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="audits")
    sampled_case = models.OneToOneField(
        SampledCase, on_delete=models.PROTECT, null=True, blank=True, related_name="audit"
    )
    # The case's team and worker when the audit started, so results stay with the team audited.
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="audits_of_practice"
    )
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audits")
    status = models.CharField(max_length=16, choices=AuditStatus.choices, default=AuditStatus.IN_PROGRESS)
    due_on = models.DateField(null=True, blank=True)
    practitioner_participation = models.CharField(max_length=16, choices=Participation.choices, blank=True)
    family_contact_person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    family_contact_method = models.CharField(max_length=16, choices=FamilyContactMethod.choices, blank=True)
    family_contacted_on = models.DateField(null=True, blank=True)
    family_contact_outcome = models.TextField(blank=True)
    family_words = models.TextField(blank=True)
    strengths = models.TextField(blank=True)
    learning = models.TextField(blank=True, help_text="Learning for the service; never names a worker")
    overall_judgement = models.PositiveSmallIntegerField(null=True, blank=True)
    safeguarding_concern = models.BooleanField(default=False)
    safeguarding_detail = models.TextField(blank=True)
    safeguarding_raised_at = models.DateTimeField(null=True, blank=True)
    safeguarding_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    safeguarding_acknowledged_at = models.DateTimeField(null=True, blank=True)
    safeguarding_acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    safeguarding_response = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reaudit_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="reaudits")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["case", "completed_at"], name="audit_case_completed"),
            models.Index(fields=["team", "completed_at"], name="audit_team_completed"),
            models.Index(fields=["auditor", "status"], name="audit_auditor_status"),
        ]

    def __str__(self) -> str:
        return f"audit {self.pk} of case {self.case_id}"

    @property
    def is_completed(self) -> bool:
        return self.status == AuditStatus.COMPLETED

    @property
    def waits_for_manager(self) -> bool:
        return self.safeguarding_concern and self.safeguarding_acknowledged_at is None


class AuditScore(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AuditCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    practitioner_score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["audit", "criterion__position"]
        constraints = [models.UniqueConstraint(fields=["audit", "criterion"], name="audit_score_once")]

    def __str__(self) -> str:
        return f"{self.criterion_id} in audit {self.audit_id}"


class AuditCount(models.Model):
    """Completed audits counted as they are completed (`casemap.quality.counts`), by tool version, team, month and
    overall judgement: the results add up these rows for each team and month, not every audit in the authority."""

    tool_version = models.ForeignKey(AuditToolVersion, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()  # the first day of the month it was completed, in local time
    overall_judgement = models.PositiveSmallIntegerField(null=True, blank=True)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tool_version", "team", "month", "overall_judgement"],
                condition=models.Q(overall_judgement__isnull=False),
                name="one_audit_count_a_judgement",
            ),
            models.UniqueConstraint(
                fields=["tool_version", "team", "month"],
                condition=models.Q(overall_judgement__isnull=True),
                name="one_audit_count_without_judgement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.n} audits"


class AuditScoreCount(models.Model):
    """Completed audits' scores counted as they are completed, by criterion, month and score: once in the team's
    row, once in the row of every team (no team), which the results of every team read."""

    criterion = models.ForeignKey(AuditCriterion, on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    month = models.DateField()
    score = models.PositiveSmallIntegerField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "team", "month", "score"],
                condition=models.Q(team__isnull=False),
                name="one_score_count_a_team",
            ),
            models.UniqueConstraint(
                fields=["criterion", "month", "score"],
                condition=models.Q(team__isnull=True),
                name="one_score_count_every_team",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.n} scores of {self.score}"


class AuditAction(models.Model):
    """Something the audit asks for, with its owner and due date: on the owner's caseload until done."""

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_actions")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_at"], name="audit_action_owner")]

    def __str__(self) -> str:
        return f"audit action {self.pk} for {self.owner_id} by {self.due_on}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_at is None and self.due_on < today


class ModerationReason(models.TextChoices):
    RANDOM = "random", "Drawn at random"
    INADEQUATE = "inadequate", "Graded inadequate"


class Moderation(models.Model):
    """A second look by someone who is neither the auditor nor the practitioner's manager; the moderated grades
    sit beside the auditor's."""

    audit = models.OneToOneField(Audit, on_delete=models.PROTECT, related_name="moderation")
    reason = models.CharField(max_length=16, choices=ModerationReason.choices)
    selected_at = models.DateTimeField(auto_now_add=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="moderations"
    )
    overall_judgement = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"moderation of audit {self.audit_id}"


class ModeratedScore(models.Model):
    moderation = models.ForeignKey(Moderation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(AuditCriterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["moderation", "criterion"], name="moderated_score_once")]

    def __str__(self) -> str:
        return f"{self.criterion_id} moderated"


class InadequateResponse(models.Model):
    """What an inadequate audit starts: the manager's reply within working days, and a re-audit within months."""

    audit = models.OneToOneField(Audit, on_delete=models.PROTECT, related_name="inadequate_response")
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reply_due_on = models.DateField()
    reply = models.TextField(blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    reaudit_due_on = models.DateField()

    def __str__(self) -> str:
        return f"response to audit {self.audit_id}"


class CalibrationExercise(RecordedModel):
    """A pre-graded, anonymised case that every auditor grades, to show how far their grades agree."""

    tool_version = models.ForeignKey(AuditToolVersion, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=160)
    case_summary = models.TextField(help_text="The anonymised case as the auditors read it")
    # The agreed grades, keyed by criterion id as text.
    reference_scores = models.JSONField(default=dict)
    is_open = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class CalibrationAttempt(models.Model):
    exercise = models.ForeignKey(CalibrationExercise, on_delete=models.PROTECT, related_name="attempts")
    auditor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    scores = models.JSONField(default=dict)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["exercise", "auditor"], name="calibration_once")]

    def __str__(self) -> str:
        return f"{self.auditor_id} on {self.exercise_id}"


class PracticeCount(models.Model):
    """The practice panel counted by team for every child on an open case (`casemap.quality.practice_by_team`),
    kept so the page reads one row rather than every open case in the authority. Counted again in the background
    when the page finds the newest count older than its age limit, and afresh on a new day."""

    counted_at = models.DateTimeField()
    counted_for = models.DateField(help_text="The day whose rules were applied (work recent as of that day)")
    counts = models.JSONField(help_text="Team id -> element -> state -> children")

    class Meta:
        ordering = ["-counted_at", "-pk"]

    def __str__(self) -> str:
        return f"Practice counted at {self.counted_at:%Y-%m-%d %H:%M}"
