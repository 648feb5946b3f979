from django.contrib.auth.models import AbstractUser
from django.db import models


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

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_manager(self) -> bool:
        return self.role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}
