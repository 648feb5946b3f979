"""Supervision records for the route-wide bad-input test (`tests/test_no_server_errors.py`): the manager
supervises the worker; a signed case supervision with the worker's action, and a draft for the manager to change
and sign; a group supervision the worker presented; the worker's appreciative inquiry for the manager's comments."""

from django.utils import timezone

from casemap.conftest import World
from casemap.supervision.models import GroupRole
from casemap.supervision.services.group import Participant, group_supervision_record
from casemap.supervision.services.inquiry import inquiry_record
from casemap.supervision.services.records import case_supervision_record
from casemap.supervision.services.staff import supervision_profile_set
from casemap.supervision.tests.conftest import case_content, signed_case_supervision

# Routes the supervisor posts to (about the draft, or a manager's own); the others are the worker's.
SUPERVISOR_ROUTES = {
    "supervision:personal-new",
    "supervision:detail",
    "supervision:change",
    "supervision:action-new",
    "supervision:sign",
    "supervision:oversight-new",
    "supervision:note-oversight-new",
    "supervision:report",
    "supervision:inquiry-comment",
}


def seed_supervision_for_routes(world: World) -> tuple[dict[str, int | str], dict[tuple[str, str], int | str]]:
    supervision_profile_set(
        acting_user=world.manager, staff=world.worker, supervisor=world.manager, line_manager=world.service_manager
    )
    signed = signed_case_supervision(world)
    draft = case_supervision_record(
        acting_user=world.manager, case=world.case, children=[world.child], content=case_content(world)
    )
    session, _ = group_supervision_record(
        acting_user=world.manager, case=world.case, held_on=timezone.localdate(), presenter_question="What next?",
        participants=[Participant(world.manager, GroupRole.FACILITATOR), Participant(world.worker, GroupRole.PRESENTER)],
    )  # fmt: skip
    inquiry = inquiry_record(
        acting_user=world.worker, held_on=timezone.localdate(), case=world.case, went_well="She drew first.",
        how_made_it_happen="I waited.", learning="Let her lead.", self_scale=7,
    )  # fmt: skip
    objects: dict[str, int | str] = {
        "supervision_id": draft.pk,
        "inquiry_id": inquiry.pk,
        "action_id": signed.actions.get().pk,
        "group_id": session.pk,
    }
    per_route: dict[tuple[str, str], int | str] = {
        ("supervision:acknowledge", "supervision_id"): signed.pk,
        ("supervision:addition-new", "supervision_id"): signed.pk,
    }
    return objects, per_route
