"""The Signs of Safety assessment and planning framework: maps, their items, danger statements and
safety goals in pairs, scaling judgements and next steps. Framework variants are data."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from casemap.core.models import RecordedModel

if TYPE_CHECKING:
    from casemap.cases.models import Case


class FrameworkVariant(models.Model):
    """Signs of Safety, Signs of Wellbeing, Signs of Success: the same structure with their own words and scale."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    harm_label = models.CharField(max_length=80, default="Harm")
    danger_statement_label = models.CharField(max_length=80, default="Danger statement")
    danger_statements_label = models.CharField(max_length=80, default="Danger statements")
    safety_goal_label = models.CharField(max_length=80, default="Safety goal")
    safety_goals_label = models.CharField(max_length=80, default="Safety goals")
    scale_question = models.TextField()
    scale_zero_anchor = models.CharField(max_length=255)
    scale_ten_anchor = models.CharField(max_length=255)
    ten_is_best = models.BooleanField(
        default=True, help_text="Most authorities: 10 means safe enough to close. Untick where 0 is the best."
    )
    default_services = models.JSONField(
        default=list, blank=True, help_text="Case services that start maps in this variant, e.g. early_help"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MapSetting(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    MEETING = "meeting", "Family or network meeting"
    CONFERENCE = "conference", "Child protection conference"
    SUPERVISION = "supervision", "Supervision"
    FRONT_DOOR = "front_door", "Front door"


class MapStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED_OFF = "signed_off", "Signed off"
    SUPERSEDED = "superseded", "Superseded"


class Map(RecordedModel):
    """One mapping of a case. Drafts change; a signed-off map is frozen and renders from its snapshot."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="maps")
    children = models.ManyToManyField("people.Person", related_name="maps")
    variant = models.ForeignKey(FrameworkVariant, on_delete=models.PROTECT, related_name="maps")
    number = models.PositiveIntegerField(help_text="1 for the case's first map, 2 for the next, and so on")
    setting = models.CharField(max_length=20, choices=MapSetting.choices)
    held_on = models.DateField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=MapStatus.choices, default=MapStatus.DRAFT)
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    # Everything on the map as it was signed, so it always renders exactly as signed.
    snapshot = models.JSONField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["snapshot"])

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="map_number_per_case")]

    def __str__(self) -> str:
        return f"Map {self.number} of case {self.case_id}"

    @property
    def is_draft(self) -> bool:
        return self.status == MapStatus.DRAFT


class RaterRole(models.TextChoices):
    WORKER = "worker", "Worker"
    MANAGER = "manager", "Manager"
    PARENT = "parent", "Parent or carer"
    CHILD = "child", "Child or young person"
    NETWORK = "network", "Safety network member"
    PROFESSIONAL = "professional", "Other professional"
    OTHER = "other", "Other"


class MapParticipant(models.Model):
    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(max_length=160)
    role = models.CharField(max_length=16, choices=RaterRole.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class ItemCategory(models.TextChoices):
    HARM = "harm", "Harm"
    COMPLICATING_FACTOR = "complicating_factor", "Complicating factors"
    EXISTING_STRENGTH = "existing_strength", "Existing strengths"
    EXISTING_SAFETY = "existing_safety", "Existing safety"
    GREY_AREA = "grey_area", "Grey areas"


class MapItem(models.Model):
    """A worry or something working well, with who said or saw it and who disputes it."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="items")
    category = models.CharField(max_length=24, choices=ItemCategory.choices)
    text = models.TextField()
    said_by = models.CharField(max_length=160, blank=True, help_text="Who said or saw it")
    noted_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(blank=True)
    disputed_by = models.CharField(max_length=255, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["category", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class DangerStatement(models.Model):
    """A worry about the future, built from its parts and then put in the family's words."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="danger_statements")
    position = models.PositiveIntegerField(default=0)
    # The structured answers help to write the statement; a statement in the family's agreed words needs none.
    who_is_worried = models.CharField(max_length=255, blank=True)
    behaviour = models.TextField(blank=True, help_text="What behaviour or inaction, by whom")
    what_happened = models.TextField(blank=True, help_text="What has already happened")
    short_term_impact = models.TextField(blank=True, help_text="What could happen to the child soon if nothing changes")
    long_term_impact = models.TextField(blank=True, help_text="What could happen to the child in the long run")
    statement = models.TextField()
    family_view = models.TextField(blank=True, help_text="Where the family disagree, in their words")

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.statement[:60]


class SafetyGoal(models.Model):
    danger_statement = models.OneToOneField(DangerStatement, on_delete=models.CASCADE, related_name="goal")
    parents_will = models.TextField(blank=True, help_text="What the parents or carers will be doing")
    child_will_experience = models.TextField(blank=True, help_text="What the child will experience")
    professionals_will_see = models.TextField(blank=True)
    sustained_for = models.CharField(max_length=120, blank=True, help_text="For example 6 months")
    statement = models.TextField()
    family_version = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.statement[:60]


class ScalingJudgement(models.Model):
    """A score on the 0 to 10 scale, with the question, anchors and direction it was given against."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="judgements")
    danger_statement = models.ForeignKey(
        DangerStatement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="judgements",
        help_text="Empty for the overall scale",
    )
    rater_name = models.CharField(max_length=160)
    rater_role = models.CharField(max_length=16, choices=RaterRole.choices)
    rater_person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    reason = models.TextField()
    one_point_higher = models.TextField(blank=True, help_text="What would one point higher look like")
    question = models.TextField()
    zero_anchor = models.CharField(max_length=255)
    ten_anchor = models.CharField(max_length=255)
    ten_is_best = models.BooleanField(default=True)

    class Meta:
        ordering = ["danger_statement_id", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(score__lte=10), name="judgement_score_0_to_10")]

    def __str__(self) -> str:
        return f"{self.rater_name}: {self.score}"


class NextStep(RecordedModel):
    """A small action with an owner and a date. Finishing one is worked through after sign-off too, so a step
    carries its own version and history rather than changing the signed map."""

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="next_steps")
    action = models.TextField()
    owner_name = models.CharField(max_length=160)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="next_steps"
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner_user", "done_on", "due_on"], name="next_step_owner_due")]

    def __str__(self) -> str:
        return self.action[:60]

    @property
    def case(self) -> "Case":
        """The case the step is on, for the write guard's question "may this user change it?"."""
        return self.map.case
