"""Library test data made through the real services: Tom (the worker's teammate) is the team's practice champion,
Liam the practice lead checks, and Sally's signed map of the Cooper family is nominated."""

import datetime

from django.utils import timezone

from casemap.accounts.models import Team, User
from casemap.conftest import World
from casemap.library.models import LibraryTool, Nomination, PracticeChampion
from casemap.library.services import nomination_answer, nomination_create
from casemap.mapping.models import Map
from tests.browser.seed_map import record_seed_map

TODAY = timezone.localdate()


def make_champion(user: User, team: Team, *, starts_on: datetime.date | None = None) -> PracticeChampion:
    champion = PracticeChampion(user=user, team=team, starts_on=starts_on or TODAY - datetime.timedelta(days=30))
    champion.full_clean()
    champion.save()
    return champion


def library_world(world: World) -> World:
    """Staff with surnames of their own (the personas' shared "Worker" is also a word every map uses, and a name
    the record holds is never published), and the teammate a current practice champion of the team."""
    for user, surname in [(world.worker, "Morgan"), (world.teammate, "Okafor"), (world.manager, "Whitfield"),
                          (world.practice_lead, "Doyle"), (world.service_manager, "Adeyemi")]:  # fmt: skip
        user.last_name = surname
        user.save()
    make_champion(world.teammate, world.team)
    return world


def signed_map(world: World) -> Map:
    return record_seed_map(world)


def nominated_map(world: World, *, agreed: bool = False, tool: str = LibraryTool.MAP) -> Nomination:
    nomination = nomination_create(
        acting_user=world.teammate,
        source=signed_map(world),
        tool=tool,
        why_good_practice="Sally's danger statements are in Merinda's own words.",
        tags=["domestic abuse", "Cooper family"],
    )
    if agreed:
        nomination = nomination_answer(acting_user=world.worker, nomination=nomination, agrees=True)
    return nomination
