"""Asking for sign-off, signing off and returning with reasons: who may, what is kept, and what is refused."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casemap.access.models import AccessLogEntry
from casemap.cases.models import ChronologyEntry, ChronologyKind
from casemap.conftest import REFUSED, World
from casemap.core.forms import StaleEditError
from casemap.handoffs.models import SignOffOutcome, SignOffRequest
from casemap.handoffs.selectors import record_sign_offs
from casemap.handoffs.services import sign_off_ask, sign_off_return
from casemap.handoffs.tests.records import draft_map
from casemap.mapping.models import MapStatus
from casemap.mapping.services import item_save, map_sign_off
from casemap.safety.models import PlanStatus
from casemap.safety.services.plans import plan_sign_off
from casemap.safety.tests.plan_data import draft_plan
from casemap.words.services import booklet_new_version, booklet_sign_off, page_add
from casemap.words.tests.booklets import booklet

pytestmark = pytest.mark.django_db


def test_a_worker_asks_and_the_request_is_kept_on_the_map_and_the_timelines(world: World) -> None:
    map_ = draft_map(world)
    asked = sign_off_ask(
        acting_user=world.worker, record=map_, expected_version=map_.version, note="Please look at the scores"
    )
    assert (asked.requested_by, asked.note, asked.outcome, asked.record_label) == (
        world.worker,
        "Please look at the scores",
        SignOffOutcome.WAITING,
        "Signs of Safety map 1",
    )
    assert record_sign_offs(map_) == [asked]
    for child in (world.child, world.sibling):
        entry = ChronologyEntry.objects.get(person=child, kind=ChronologyKind.SIGN_OFF)
        assert entry.summary == f"Sign-off of Signs of Safety map 1 asked for by {world.worker}"
        assert entry.detail == "Please look at the scores"
    logged = AccessLogEntry.objects.filter(user=world.worker, record_type="map", detail="sign-off asked for")
    assert {row.person_id for row in logged} == {world.child.pk, world.sibling.pk}
    map_.refresh_from_db()
    assert map_.status == MapStatus.DRAFT


def test_the_manager_signs_off_with_reasons_and_the_request_closes(world: World) -> None:
    map_ = draft_map(world)
    asked = sign_off_ask(acting_user=world.worker, record=map_, expected_version=None)
    signed = map_sign_off(
        acting_user=world.manager, map_=map_, expected_version=map_.version + 1, reasons="Clear danger statement."
    )
    assert signed.status == MapStatus.SIGNED_OFF
    asked.refresh_from_db()
    assert (asked.outcome, asked.decided_by, asked.reasons) == (
        SignOffOutcome.SIGNED_OFF,
        world.manager,
        "Clear danger statement.",
    )
    entry = ChronologyEntry.objects.get(person=world.child, kind=ChronologyKind.MAP_SIGNED_OFF)
    assert (entry.summary, entry.detail) == (
        f"Signs of Safety map 1 signed off by {world.manager}",
        "Clear danger statement.",
    )
    assert SignOffRequest.objects.count() == 1


def test_returning_keeps_the_draft_open_to_the_worker_and_needs_reasons(world: World) -> None:
    map_ = draft_map(world)
    sign_off_ask(acting_user=world.worker, record=map_, expected_version=None)
    with pytest.raises(ValidationError, match="what needs to change"):
        sign_off_return(acting_user=world.manager, record=map_, expected_version=None, reasons="  ")
    returned = sign_off_return(
        acting_user=world.manager, record=map_, expected_version=None, reasons="Say who is worried, in Eddy's words."
    )
    assert (returned.outcome, returned.reasons) == (SignOffOutcome.RETURNED, "Say who is worried, in Eddy's words.")
    entry = ChronologyEntry.objects.get(person=world.child, kind=ChronologyKind.SIGN_OFF, summary__contains="returned")
    assert entry.summary == f"Signs of Safety map 1 returned to {world.worker} by {world.manager}"
    assert entry.detail == "Say who is worried, in Eddy's words."
    map_.refresh_from_db()
    assert map_.status == MapStatus.DRAFT
    item_save(acting_user=world.worker, map_=map_, expected_version=map_.version, category="harm", text="Eddy's words")
    again = sign_off_ask(acting_user=world.worker, record=map_, expected_version=None, note="Changed as you asked")
    assert [row.outcome for row in record_sign_offs(map_)] == [SignOffOutcome.RETURNED, SignOffOutcome.WAITING]
    assert again.is_waiting


@pytest.mark.parametrize("persona", ["worker", "teammate", "other_worker", "practice_lead", "data_officer"])
def test_only_a_manager_in_the_line_decides(world: World, persona: str) -> None:
    map_ = draft_map(world)
    sign_off_ask(acting_user=world.worker, record=map_, expected_version=None)
    with pytest.raises(PermissionDenied):
        sign_off_return(acting_user=getattr(world, persona), record=map_, expected_version=None, reasons="No")
    with pytest.raises(PermissionDenied):
        map_sign_off(acting_user=getattr(world, persona), map_=map_, expected_version=None, reasons="Yes")
    assert [row.outcome for row in record_sign_offs(map_)] == [SignOffOutcome.WAITING]


@pytest.mark.parametrize("persona", REFUSED)
def test_someone_outside_the_team_or_read_only_cannot_ask(world: World, persona: str) -> None:
    map_ = draft_map(world)
    with pytest.raises(PermissionDenied):
        sign_off_ask(acting_user=getattr(world, persona), record=map_, expected_version=None)
    assert not SignOffRequest.objects.exists()


def test_a_signed_map_cannot_be_asked_for_again_nor_decided_again(world: World) -> None:
    map_ = map_sign_off(acting_user=world.manager, map_=draft_map(world), expected_version=None)
    with pytest.raises(ValidationError, match="has been signed off"):
        sign_off_ask(acting_user=world.worker, record=map_, expected_version=None)
    with pytest.raises(ValidationError, match="has been signed off"):
        sign_off_return(acting_user=world.manager, record=map_, expected_version=None, reasons="Too late")
    (decision,) = record_sign_offs(map_)
    assert (decision.requested_by, decision.outcome) == (None, SignOffOutcome.SIGNED_OFF)


def test_one_request_waits_at_a_time(world: World) -> None:
    map_ = draft_map(world)
    sign_off_ask(acting_user=world.worker, record=map_, expected_version=None)
    with pytest.raises(ValidationError, match="was asked for by"):
        sign_off_ask(acting_user=world.teammate, record=map_, expected_version=None)


def test_an_ask_from_a_page_showing_an_older_version_is_refused(world: World) -> None:
    map_ = draft_map(world)
    loaded = map_.version
    item_save(acting_user=world.teammate, map_=map_, expected_version=None, category="harm", text="More")
    with pytest.raises(StaleEditError) as refused:
        sign_off_ask(acting_user=world.worker, record=map_, expected_version=loaded)
    assert refused.value.current_version == loaded + 1
    assert not SignOffRequest.objects.exists()


def test_a_plan_is_asked_for_and_signed_off_with_reasons(world: World) -> None:
    plan = draft_plan(world)
    sign_off_ask(acting_user=world.worker, record=plan, expected_version=None, note="Ready")
    signed = plan_sign_off(
        acting_user=world.service_manager,
        plan=plan,
        expected_version=None,
        warnings_confirmed=True,
        reasons="The network has agreed the rules.",
    )
    assert signed.status == PlanStatus.SIGNED_OFF
    (decision,) = record_sign_offs(plan)
    assert (decision.outcome, decision.decided_by, decision.reasons, decision.note) == (
        SignOffOutcome.SIGNED_OFF,
        world.service_manager,
        "The network has agreed the rules.",
        "Ready",
    )
    entry = ChronologyEntry.objects.filter(person=world.child, kind=ChronologyKind.SAFETY_PLAN).first()
    assert entry is not None
    assert (entry.summary, entry.detail) == (
        f"Family safety plan 1 signed off by {world.service_manager}",
        "The network has agreed the rules.",
    )


def test_a_plan_with_problems_can_be_returned_but_not_signed_off(world: World) -> None:
    plan = draft_plan(world, review=False)
    sign_off_ask(acting_user=world.worker, record=plan, expected_version=None)
    with pytest.raises(ValidationError, match="review date"):
        plan_sign_off(acting_user=world.manager, plan=plan, expected_version=None, warnings_confirmed=True)
    sign_off_return(acting_user=world.manager, record=plan, expected_version=None, reasons="Agree a review date.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert [row.outcome for row in record_sign_offs(plan)] == [SignOffOutcome.RETURNED]


def test_a_booklet_version_is_signed_off_without_changing_what_given_means(world: World) -> None:
    made = booklet(world)
    sign_off_ask(acting_user=world.worker, record=made, expected_version=made.version)
    signed = booklet_sign_off(
        acting_user=world.manager, booklet=made, expected_version=made.version + 1, reasons="Words a child can read."
    )
    assert signed.status == "draft"  # signed off, not agreed or given: that is the family's part
    (decision,) = record_sign_offs(made)
    assert (decision.outcome, decision.reasons, decision.record_label) == (
        SignOffOutcome.SIGNED_OFF,
        "Words a child can read.",
        "Words and Pictures: Alkira and Darel's story, version 1",
    )
    assert ChronologyEntry.objects.filter(
        person=world.child, kind=ChronologyKind.WORDS_AND_PICTURES, summary__endswith=f"signed off by {world.manager}"
    ).exists()
    with pytest.raises(ValidationError, match="was signed off by"):
        sign_off_ask(acting_user=world.worker, record=signed, expected_version=None)
    with pytest.raises(ValidationError, match="was signed off by"):
        booklet_sign_off(acting_user=world.manager, booklet=signed, expected_version=None)
    with pytest.raises(ValidationError, match="A manager has signed off this wording"):
        page_add(acting_user=world.worker, booklet=signed, expected_version=None, heading="", text="New words")
    newer = booklet_new_version(acting_user=world.worker, booklet=signed, expected_version=None)
    page_add(acting_user=world.worker, booklet=newer, expected_version=None, heading="", text="New words")


def test_an_empty_booklet_or_a_replaced_version_is_not_signed_off(world: World) -> None:
    with pytest.raises(ValidationError, match="no pages"):
        booklet_sign_off(acting_user=world.manager, booklet=booklet(world, pages=0), expected_version=None)
    first = booklet(world)
    booklet_new_version(acting_user=world.worker, booklet=first, expected_version=None)
    first.refresh_from_db()
    with pytest.raises(ValidationError, match="newer version"):
        sign_off_ask(acting_user=world.worker, record=first, expected_version=None)
