"""Shared fixtures: the named personas of every access test, and a case made through the real services."""

import datetime
from dataclasses import dataclass

import factory
import pytest
from django.test import Client
from django.utils import timezone

from casemap.accounts.models import Role, Service, Team, User
from casemap.accounts.services import administrators_group_sync
from casemap.cases.models import Case, NoteKind, ReferralDecision
from casemap.cases.services import case_allocate, case_note_add, referral_decide, referral_receive
from casemap.people.models import Person, RelationshipType
from casemap.people.services import person_create, relationship_add

TEST_PASSWORD = "correct-horse-battery-staple"

# Who may open the Cooper family's records (`World`) and who gets "not found": the one table the access tests read.
SEES = ["worker", "teammate", "manager", "service_manager"]
REFUSED = ["other_worker", "practice_lead", "chair", "data_officer", "administrator"]
# Everyone but a data officer: the statutory returns' pages are "not found" to them.
NOT_DATA_OFFICERS = [persona for persona in SEES + REFUSED if persona != "data_officer"]


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    service = Service.CIN_CP


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"First{n}")
    last_name = "Worker"
    role = Role.PRACTITIONER
    # Hashed before the row is written, so a user is one INSERT.
    password = factory.django.Password(TEST_PASSWORD)


@dataclass
class World:
    """The personas: who must and must not see the case."""

    team: Team
    other_team: Team
    worker: User  # allocated worker: sees
    teammate: User  # practitioner in the same team: sees
    manager: User  # team manager: sees, allocates, closes
    service_manager: User  # manages both teams
    other_worker: User  # practitioner in another team: 404
    practice_lead: User  # not assigned: 404
    chair: User  # conference chair, not assigned: 404
    data_officer: User
    administrator: User
    case: Case
    child: Person
    sibling: Person
    mother: Person


def make_case(*, acting: User, team: Team, worker: User | None, manager: User, surname: str = "Cooper") -> Case:
    born = timezone.localdate() - datetime.timedelta(days=7 * 365)
    child = person_create(acting_user=acting, first_name="Alkira", last_name=surname, date_of_birth=born, is_child=True)
    sibling = person_create(
        acting_user=acting,
        first_name="Darel",
        last_name=surname,
        date_of_birth=born - datetime.timedelta(days=1400),
        is_child=True,
    )
    mother = person_create(
        acting_user=acting, first_name="Merinda", last_name=surname, date_of_birth=datetime.date(1990, 5, 1)
    )
    received = timezone.localdate() - datetime.timedelta(days=30)
    case = referral_receive(
        acting_user=acting,
        children=[child, sibling],
        adults=[mother],
        team=team,
        received_on=received,
        source="6",
        what_was_reported="Police called to a fight at home.",
        family_name=f"{surname} family",
    )
    relationship_add(acting_user=acting, person=child, relative=mother, kind=RelationshipType.MOTHER, lives_with=True)
    case = referral_decide(
        acting_user=manager,
        case=case,
        decision=ReferralDecision.ASSESSMENT,
        decided_on=received,
        reasons="Needs an assessment",
    )
    if worker is not None:
        case = case_allocate(acting_user=manager, case=case, worker=worker)
    return case


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def make_world() -> World:
    """The personas and the Cooper case, for a fixture of any scope."""
    team = TeamFactory(name="Child protection")
    other_team = TeamFactory(name="Early help", service=Service.EARLY_HELP)
    manager = UserFactory(username="dana", role=Role.TEAM_MANAGER, team=team)
    service_manager = UserFactory(username="grace", role=Role.SERVICE_MANAGER)
    team.manager = manager
    team.service_manager = service_manager
    team.save()
    other_manager = UserFactory(username="ruth", role=Role.TEAM_MANAGER, team=other_team)
    other_team.manager = other_manager
    other_team.service_manager = service_manager
    other_team.save()
    worker = UserFactory(username="sally", first_name="Sally", team=team)
    teammate = UserFactory(username="tom", team=team)
    other_worker = UserFactory(username="priya", team=other_team)
    practice_lead = UserFactory(username="liam", role=Role.PRACTICE_LEAD, team=team)
    chair = UserFactory(username="hannah", role=Role.CONFERENCE_CHAIR)
    data_officer = UserFactory(username="omar", role=Role.DATA_OFFICER)
    administrator = UserFactory(username="admin", role=Role.ADMINISTRATOR, is_staff=True)
    administrator.groups.add(administrators_group_sync())  # the admin's permissions: never a superuser
    case = make_case(acting=worker, team=team, worker=worker, manager=manager)
    members = {m.person.first_name: m.person for m in case.memberships.select_related("person")}
    return World(
        team=team,
        other_team=other_team,
        worker=worker,
        teammate=teammate,
        manager=manager,
        service_manager=service_manager,
        other_worker=other_worker,
        practice_lead=practice_lead,
        chair=chair,
        data_officer=data_officer,
        administrator=administrator,
        case=case,
        child=members["Alkira"],
        sibling=members["Darel"],
        mother=members["Merinda"],
    )


@pytest.fixture
def client_for(client: Client):  # type: ignore[no-untyped-def]
    """A signed-in client for a user, past two-factor (tests of two-factor itself sign in by hand)."""

    def sign_in(user: User) -> Client:
        new_client = Client()
        new_client.force_login(user)
        session = new_client.session
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
        session["otp_device_id"] = device.persistent_id
        session.save()
        return new_client

    return sign_in


def add_note(world: World, text: str = "Visited at home. Alkira showed me her room.") -> None:
    case_note_add(
        acting_user=world.worker,
        case=world.case,
        children=[world.child],
        kind=NoteKind.HOME_VISIT,
        occurred_on=timezone.localdate(),
        text=text,
        child_seen=True,
    )
