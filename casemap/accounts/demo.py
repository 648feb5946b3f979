"""Demo teams and personas: one sign-in for each role, all with the same published demo password."""

from dataclasses import dataclass

from django.db import transaction

from casemap.accounts.models import Role, Service, Team, User
from casemap.accounts.services import administrators_group_sync

DEMO_PASSWORD = "demo-casemap-2026"  # noqa: S105 - printed on purpose: demo data only


@dataclass(frozen=True)
class Persona:
    username: str
    first_name: str
    last_name: str
    role: Role
    team: str | None
    job_title: str


TEAMS = {
    "Front door and assessment": Service.ASSESSMENT,
    "Child protection": Service.CIN_CP,
    "Early help": Service.EARLY_HELP,
    "Youth and care": Service.YOUTH_JUSTICE,
}

PERSONAS = [
    Persona("sally", "Sally", "Morgan", Role.PRACTITIONER, "Child protection", "Child protection social worker"),
    Persona("tom", "Tom", "Okafor", Role.PRACTITIONER, "Child protection", "Social worker"),
    Persona("jo", "Jo", "Fraser", Role.PRACTITIONER, "Front door and assessment", "Assessment social worker"),
    Persona("priya", "Priya", "Shah", Role.PRACTITIONER, "Early help", "Early help worker"),
    Persona("marcus", "Marcus", "Bell", Role.PRACTITIONER, "Youth and care", "Youth worker"),
    Persona("dana", "Dana", "Whitfield", Role.TEAM_MANAGER, "Child protection", "Team manager, child protection"),
    Persona("ayo", "Ayo", "Mensah", Role.TEAM_MANAGER, "Front door and assessment", "Team manager, front door"),
    Persona("ruth", "Ruth", "Kaur", Role.TEAM_MANAGER, "Early help", "Team manager, early help"),
    Persona("glen", "Glen", "Harris", Role.TEAM_MANAGER, "Youth and care", "Team manager, youth and care"),
    Persona("grace", "Grace", "Adeyemi", Role.SERVICE_MANAGER, None, "Service manager"),
    Persona("hannah", "Hannah", "Price", Role.CONFERENCE_CHAIR, None, "Child protection conference chair"),
    Persona("liam", "Liam", "Doyle", Role.PRACTICE_LEAD, None, "Practice lead and auditor"),
    Persona("omar", "Omar", "Rahman", Role.DATA_OFFICER, None, "Performance and data officer"),
    Persona("admin", "Alex", "Stone", Role.ADMINISTRATOR, None, "Casemap administrator"),
]


# The demo's registered social workers and their Social Work England numbers (made up): what the SSDA903 return
# reports each child's social workers by.
SOCIAL_WORK_ENGLAND_NUMBERS = {
    "sally": "SW104417",
    "tom": "SW118260",
    "jo": "SW126534",
    "marcus": "SW131982",
    "dana": "SW087215",
    "ayo": "SW090346",
    "ruth": "SW094471",
    "glen": "SW099628",
}


@transaction.atomic
def demo_personas_create() -> dict[str, User]:
    teams = {
        name: Team.objects.get_or_create(name=name, defaults={"service": service})[0] for name, service in TEAMS.items()
    }
    administrators = administrators_group_sync()
    users: dict[str, User] = {}
    for persona in PERSONAS:
        user, _ = User.objects.get_or_create(username=persona.username)
        user.first_name = persona.first_name
        user.last_name = persona.last_name
        user.role = persona.role
        user.team = teams[persona.team] if persona.team else None
        user.job_title = persona.job_title
        user.social_work_england_number = SOCIAL_WORK_ENGLAND_NUMBERS.get(persona.username, "")
        # The administrator has the admin's pages for staff, teams and the framework's words, never a
        # superuser's run of everything.
        user.is_staff = persona.role == Role.ADMINISTRATOR
        user.is_superuser = False
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set([administrators] if persona.role == Role.ADMINISTRATOR else [])
        users[persona.username] = user
    for team in teams.values():
        manager = next(u for u in users.values() if u.role == Role.TEAM_MANAGER and u.team_id == team.pk)
        team.manager = manager
        team.service_manager = users["grace"]
        team.save()
    return users
