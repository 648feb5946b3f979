"""The safety network: the family's friends, relatives and professionals who help keep the children safe."""

from django.db import models
from simple_history.models import HistoricalRecords

from casemap.core.models import RecordedModel
from casemap.people.models import RelationshipType


class NetworkRole(models.TextChoices):
    MENTOR = "mentor", "Mentor to the parents"
    SUPERVISES_FAMILY_TIME = "supervises_family_time", "Supervises family time"
    RESPONDS_TO_WORRIES = "responds_to_worries", "Responds when there are worries"
    GIVES_FEEDBACK = "gives_feedback", "Gives feedback on how the plan is going"


class SafetyNetworkMember(RecordedModel):
    """Someone in a case's safety network: a recorded person, a professional, or just a name.

    Never deleted: a member who leaves is made inactive with the date and the reason.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="network_members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="network_memberships"
    )
    professional = models.ForeignKey(
        "people.Professional", on_delete=models.PROTECT, null=True, blank=True, related_name="network_memberships"
    )
    name = models.CharField(max_length=160, blank=True)
    relationship_kind = models.CharField(max_length=32, choices=RelationshipType.choices, blank=True)
    relationship_text = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    roles = models.JSONField(default=list, blank=True)
    told_danger_statements_on = models.DateField(null=True, blank=True)
    agreed_to_plan_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    inactive_since = models.DateField(null=True, blank=True)
    inactive_reason = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_active", "pk"]
        indexes = [models.Index(fields=["case", "is_active"], name="network_case_active")]
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(person__isnull=False) & models.Q(professional__isnull=False)),
                name="network_member_person_or_professional",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.person is not None:
            return self.person.full_name
        if self.professional is not None:
            return self.professional.name
        return self.name

    @property
    def relationship_label(self) -> str:
        if self.relationship_text:
            return self.relationship_text
        if self.relationship_kind:
            return RelationshipType(self.relationship_kind).label
        if self.professional is not None:
            return self.professional.role or "Professional"
        return ""

    @property
    def role_labels(self) -> list[str]:
        labels = dict(NetworkRole.choices)
        return [labels.get(code, code) for code in self.roles or []]

    @property
    def has_way_to_reach(self) -> bool:
        return bool(self.phone.strip() or self.email.strip() or self.address.strip())
