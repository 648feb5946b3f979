from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

# A social worker's registration with Social Work England: "SW" and their number, as on the register. The DfE's
# SSDA903 return takes it as the social worker's ID (rule SW02STG1: it begins "SW" and has at least four characters).
SOCIAL_WORK_ENGLAND_NUMBER = RegexValidator(
    r"\ASW[0-9]{2,10}\Z",
    "Enter the Social Work England registration number as it is on the register: SW followed by its digits, "
    "like SW123456",
)


class Service(models.TextChoices):
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Assessment"
    CIN_CP = "cin_cp", "Child in need and child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"


class Role(models.TextChoices):
    PRACTITIONER = "practitioner", "Practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    CONFERENCE_CHAIR = "conference_chair", "Conference chair"
    PRACTICE_LEAD = "practice_lead", "Practice lead or auditor"
    DATA_OFFICER = "data_officer", "Data officer"
    ADMINISTRATOR = "administrator", "Administrator"


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    service = models.CharField(max_length=32, choices=Service.choices)
    manager = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="managed_teams"
    )
    service_manager = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="service_managed_teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    role = models.CharField(max_length=32, choices=Role.choices, default=Role.PRACTITIONER)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    job_title = models.CharField(max_length=120, blank=True)
    # Blank for staff who are not registered social workers.
    social_work_england_number = models.CharField(
        "Social Work England registration number",
        max_length=12,
        blank=True,
        validators=[SOCIAL_WORK_ENGLAND_NUMBER],
        help_text="For a registered social worker: SW followed by the digits, like SW123456. Leave it empty for "
        "anyone else. The SSDA903 return reports each child's social workers by it.",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["social_work_england_number"],
                condition=~Q(social_work_england_number=""),
                name="user_social_work_england_number_unique",
                violation_error_message="Another member of staff has this Social Work England registration number",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_manager(self) -> bool:
        return self.role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}
