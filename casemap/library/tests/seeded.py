"""The library for the route-wide bad-input test (`tests/test_no_server_errors.py`): the worker is the team's
practice champion and nominates the family's signed map (waiting for her agreement as its worker) and the signed
safety plan (agreed, waiting for the practice lead's check); three of her appreciative inquiries are nominated by
her, one taken in and published, one taken in and sent back to her, one waiting to be taken in."""

from django.utils import timezone

from casemap.conftest import World
from casemap.library.models import LibraryTool
from casemap.library.services import (
    inquiry_take,
    nomination_answer,
    nomination_create,
    nomination_publish,
    nomination_send_back,
)
from casemap.library.tests.examples import make_champion
from casemap.mapping.models import Map
from casemap.safety.models import SafetyPlan
from casemap.supervision.services.inquiry import inquiry_nominate, inquiry_record

# Routes the practice lead posts to, about the draft waiting for their check; the worker posts to the others.
LIBRARY_CHECKER_ROUTES = {"library:draft", "library:publish", "library:send-back"}


def _nominated_inquiry(world: World):  # type: ignore[no-untyped-def]
    inquiry = inquiry_record(
        acting_user=world.worker, held_on=timezone.localdate(), case=world.case, went_well="Alkira drew first.",
        how_made_it_happen="I waited.", learning="Let her lead.", self_scale=7,
    )  # fmt: skip
    return inquiry_nominate(acting_user=world.worker, inquiry=inquiry, consented=True)


def seed_library_for_routes(
    world: World, *, signed_map: Map, signed_plan: SafetyPlan
) -> tuple[dict[str, int | str], dict[tuple[str, str], int | str]]:
    make_champion(world.worker, world.team)
    waiting = nomination_create(acting_user=world.worker, source=signed_map, tool=LibraryTool.MAP)
    to_check = nomination_create(acting_user=world.worker, source=signed_plan, tool=LibraryTool.SAFETY_PLAN)
    to_check = nomination_answer(acting_user=world.worker, nomination=to_check, agrees=True)
    published = inquiry_take(acting_user=world.worker, inquiry=_nominated_inquiry(world))
    example = nomination_publish(acting_user=world.practice_lead, nomination=published)
    sent_back = inquiry_take(acting_user=world.worker, inquiry=_nominated_inquiry(world))
    sent_back = nomination_send_back(acting_user=world.practice_lead, nomination=sent_back, reason="Shorter, please")
    to_take = _nominated_inquiry(world)
    objects: dict[str, int | str] = {"nomination_id": waiting.pk, "example_id": example.pk}
    per_route: dict[tuple[str, str], int | str] = {
        ("library:take-inquiry", "inquiry_id"): to_take.pk,
        ("library:resubmit", "nomination_id"): sent_back.pk,
        **{(route, "nomination_id"): to_check.pk for route in LIBRARY_CHECKER_ROUTES},
    }
    return objects, per_route
