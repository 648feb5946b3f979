"""Children in care, per child on a case: periods of care and their episodes, reviews, missing episodes,
unaccompanied asylum-seeking status, adoption, previous permanence and the outcomes the SSDA903 return counts.

Each row holds what the return needs in the return's own codes (`casemap.cases.care_codes`); the services in
`casemap/cases/services/care*.py` are the only writers.
"""

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from casemap.cases.care_codes import (
    AdopterLegalStatus,
    AdopterSexes,
    AdoptionCeasedReason,
    CareLeaverAccommodation,
    CareLeaverActivity,
    CareNeed,
    EpisodeEndReason,
    InTouch,
    LegalStatus,
    MissingKind,
    NewEpisodeReason,
    PlacementChangeReason,
    PlacementProvider,
    PlacementType,
    PreviousPermanenceKind,
    ReviewParticipation,
    SdqReason,
)
from casemap.cases.models import Case
from casemap.core.models import RecordedModel

__all__ = [
    "AdoptionPlan",
    "CareEpisode",
    "CareLeaverOutcome",
    "CareOutcome",
    "CarePeriod",
    "CareReview",
    "MissingEpisode",
    "PreviousPermanence",
    "UnaccompaniedStatus",
]


def _ends_after_start(name: str, start: str = "started_on", end: str = "ended_on") -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}), name=name)


class CarePeriod(RecordedModel):
    """A period of being looked after: from the first episode's start to the last episode's end."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="care_periods")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_periods")
    started_on = models.DateField()
    category_of_need = models.CharField(max_length=2, choices=CareNeed.choices)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=3, choices=EpisodeEndReason.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            _ends_after_start("care_period_ends_after_start"),
            models.UniqueConstraint(fields=["child"], condition=Q(ended_on__isnull=True), name="care_period_one_open"),
        ]

    def __str__(self) -> str:
        return f"Period of care for {self.child_id} from {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class CareEpisode(RecordedModel):
    """One legal status and placement. A change of either ends this episode and starts the next on the same day,
    so a period's episodes never overlap and leave no gap."""

    period = models.ForeignKey(CarePeriod, on_delete=models.PROTECT, related_name="episodes")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="care_episodes")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_episodes")
    started_on = models.DateField()
    new_episode_reason = models.CharField(max_length=1, choices=NewEpisodeReason.choices)
    legal_status = models.CharField(max_length=2, choices=LegalStatus.choices)
    placement_type = models.CharField(max_length=3, choices=PlacementType.choices)
    provider = models.CharField(max_length=3, choices=PlacementProvider.choices, blank=True)
    placement_urn = models.CharField(max_length=8, blank=True, help_text="Ofsted's unique reference number")
    home_postcode = models.CharField(max_length=8, blank=True)
    placement_postcode = models.CharField(max_length=8, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=3, choices=EpisodeEndReason.choices, blank=True)
    placement_change_reason = models.CharField(max_length=6, choices=PlacementChangeReason.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "id"]
        constraints = [
            _ends_after_start("care_episode_ends_after_start"),
            models.UniqueConstraint(
                fields=["period"], condition=Q(ended_on__isnull=True), name="care_episode_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"Care episode for {self.child_id} from {self.started_on}"

    def same_placement(self, *, placement_type: str, provider: str, urn: str, postcode: str) -> bool:
        return (self.placement_type, self.provider, self.placement_urn, self.placement_postcode) == (
            placement_type,
            provider,
            urn,
            postcode,
        )


class CareReview(RecordedModel):
    """A statutory review of the child's care plan, and how the child took part."""

    period = models.ForeignKey(CarePeriod, on_delete=models.PROTECT, related_name="reviews")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="care_reviews")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_reviews")
    held_on = models.DateField()
    participation = models.CharField(max_length=3, choices=ReviewParticipation.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-held_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["child", "held_on"], name="care_review_one_a_day")]

    def __str__(self) -> str:
        return f"Review for {self.child_id} on {self.held_on}"


class MissingEpisode(RecordedModel):
    """The child missing, or away from their placement without authorisation, while in care."""

    period = models.ForeignKey(CarePeriod, on_delete=models.PROTECT, related_name="missing_episodes")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="missing_episodes")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=MissingKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            _ends_after_start("missing_episode_ends_after_start"),
            models.UniqueConstraint(fields=["child"], condition=Q(ended_on__isnull=True), name="missing_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.child_id} from {self.started_on}"


class UnaccompaniedStatus(RecordedModel):
    """The child is an unaccompanied asylum-seeking child; `ceased_on` is the return's DUC."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="unaccompanied_statuses")
    child = models.OneToOneField("people.Person", on_delete=models.PROTECT, related_name="unaccompanied_status")
    since = models.DateField()
    ceased_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "unaccompanied statuses"
        constraints = [_ends_after_start("uasc_ceases_after_start", start="since", end="ceased_on")]

    def __str__(self) -> str:
        return f"Unaccompanied asylum-seeking child {self.child_id} from {self.since}"


class AdoptionPlan(RecordedModel):
    """The decision that the child should be placed for adoption, the match, the adopters, or the decision that
    the child should no longer be placed (the return's AD1 and PlacedAdoption)."""

    period = models.ForeignKey(CarePeriod, on_delete=models.PROTECT, related_name="adoption_plans")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="adoption_plans")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="adoption_plans")
    decided_on = models.DateField()
    matched_on = models.DateField(null=True, blank=True)
    by_foster_carers = models.BooleanField(null=True, blank=True)
    adopter_count = models.PositiveSmallIntegerField(null=True, blank=True)
    adopter_sexes = models.CharField(max_length=2, choices=AdopterSexes.choices, blank=True)
    adopter_legal_status = models.CharField(max_length=3, choices=AdopterLegalStatus.choices, blank=True)
    ceased_on = models.DateField(null=True, blank=True)
    ceased_reason = models.CharField(max_length=3, choices=AdoptionCeasedReason.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            _ends_after_start("adoption_matched_after_decision", start="decided_on", end="matched_on"),
            _ends_after_start("adoption_ceased_after_decision", start="decided_on", end="ceased_on"),
            models.UniqueConstraint(
                fields=["child"], condition=Q(ceased_on__isnull=True), name="adoption_plan_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"Adoption decision for {self.child_id} on {self.decided_on}"

    @property
    def has_adopters(self) -> bool:
        return bool(self.adopter_sexes)


class PreviousPermanence(RecordedModel):
    """Whether the child had an adoption, special guardianship or child arrangements order before this period of
    care, and where and when (the return's PrevPerm)."""

    period = models.OneToOneField(CarePeriod, on_delete=models.PROTECT, related_name="previous_permanence")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="previous_permanences")
    kind = models.CharField(max_length=2, choices=PreviousPermanenceKind.choices)
    authority = models.CharField(max_length=60, blank=True, help_text="The council that made or arranged the order")
    order_made_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Previous permanence for {self.child_id}: {self.kind}"


class CareOutcome(RecordedModel):
    """The outcomes of a child looked after for 12 months at 31 March (the return's OC2), one per child a year.
    `year` is the year the return's collection ends in."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="care_outcomes")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_outcomes")
    year = models.PositiveSmallIntegerField()
    sdq_score = models.PositiveSmallIntegerField(null=True, blank=True)
    sdq_reason = models.CharField(max_length=4, choices=SdqReason.choices, blank=True)
    convicted = models.BooleanField(null=True, blank=True)
    health_check = models.BooleanField(null=True, blank=True)
    immunisations = models.BooleanField(null=True, blank=True)
    teeth_check = models.BooleanField(null=True, blank=True)
    health_assessment = models.BooleanField(null=True, blank=True)
    substance_misuse = models.BooleanField(null=True, blank=True)
    intervention_received = models.BooleanField(null=True, blank=True)
    intervention_offered = models.BooleanField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["child", "year"], name="care_outcome_one_a_year")]

    def __str__(self) -> str:
        return f"Outcomes for {self.child_id} in {self.year}"


class CareLeaverOutcome(RecordedModel):
    """A care leaver's contact, activity and accommodation around their birthday (the return's OC3)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="care_leaver_outcomes")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="care_leaver_outcomes")
    year = models.PositiveSmallIntegerField()
    in_touch = models.CharField(max_length=4, choices=InTouch.choices)
    activity = models.CharField(max_length=2, choices=CareLeaverActivity.choices)
    accommodation = models.CharField(max_length=2, choices=CareLeaverAccommodation.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["child", "year"], name="care_leaver_outcome_one_a_year")]

    def __str__(self) -> str:
        return f"Care leaver outcomes for {self.child_id} in {self.year}"
