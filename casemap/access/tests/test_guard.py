"""The one write guard: policy asked inside the transaction, app refusals, stale saves, history and the log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casemap.access.guard import guarded_change, held_case_to_add_to, may_change
from casemap.access.models import AccessLogEntry
from casemap.access.policy import can_add_to_case, can_view_case, get_case_for_user
from casemap.cases.models import Case, ClosureReason
from casemap.cases.services import case_close
from casemap.conftest import World
from casemap.core.forms import StaleEditError
from casemap.people.models import Person
from casemap.people.services import person_restrict

pytestmark = pytest.mark.django_db


def rename(world: World, user, version: int | None, **kwargs) -> Person:  # type: ignore[no-untyped-def]
    with guarded_change(
        world.child,
        acting_user=user,
        expected_version=version,
        record_type="person",
        people=lambda person: [person],
        detail="first_name",
        **kwargs,
    ) as current:
        current.first_name = "Alkie"
    return current


def test_the_policy_decides_who_may_add_to_a_case(world: World) -> None:
    assert can_add_to_case(world.worker, world.case)
    assert can_add_to_case(world.teammate, world.case)
    assert not can_add_to_case(world.other_worker, world.case)  # cannot see it
    assert not can_add_to_case(world.data_officer, world.case)  # read-only role
    assert not can_add_to_case(world.administrator, world.case)


def test_a_closed_case_takes_no_more_changes(world: World) -> None:
    case_close(
        acting_user=world.manager,
        case=world.case,
        closed_on=timezone.localdate(),
        closure_reason=ClosureReason.RC8,
    )
    world.case.refresh_from_db()
    assert not can_add_to_case(world.worker, world.case)


def test_a_new_record_is_added_only_to_a_case_the_user_may_add_to(world: World) -> None:
    assert held_case_to_add_to(world.worker, world.case) == world.case
    with pytest.raises(PermissionDenied):
        held_case_to_add_to(world.data_officer, world.case)
    case_close(
        acting_user=world.manager, case=world.case, closed_on=timezone.localdate(), closure_reason=ClosureReason.RC8
    )
    with pytest.raises(PermissionDenied):
        held_case_to_add_to(world.worker, world.case)  # the case as passed still looks open; the held row is not


def test_a_case_read_through_the_rule_is_trusted_for_its_reader_only_and_never_by_the_guard(world: World) -> None:
    case = get_case_for_user(world.teammate, world.case.pk)
    assert can_add_to_case(world.teammate, case)
    person_restrict(acting_user=world.service_manager, person=world.child, reason="A relative of staff")
    # What the page read a moment ago still decides what it offers; anything fetched afresh is asked again.
    assert can_add_to_case(world.teammate, case)
    assert not can_add_to_case(world.teammate, Case.objects.get(pk=case.pk))
    assert not can_view_case(world.other_worker, case)
    with pytest.raises(PermissionDenied):
        held_case_to_add_to(world.teammate, case)


def test_a_change_is_saved_one_version_up_with_history_and_a_log_row(world: World) -> None:
    before = world.child.version
    logged = AccessLogEntry.objects.count()
    saved = rename(world, world.worker, before)
    saved.refresh_from_db()
    assert (saved.first_name, saved.version, saved.modified_by) == ("Alkie", before + 1, world.worker)
    assert saved.history.first().history_user == world.worker
    entry = AccessLogEntry.objects.order_by("pk").last()
    assert AccessLogEntry.objects.count() == logged + 1
    assert (entry.user, entry.record_type, entry.person_id) == (world.worker, "person", world.child.pk)


def test_someone_who_may_not_change_it_is_refused_and_nothing_changes(world: World) -> None:
    with pytest.raises(PermissionDenied):
        rename(world, world.data_officer, world.child.version)
    world.child.refresh_from_db()
    assert world.child.first_name == "Alkira"
    assert not may_change(world.other_worker, world.child)


def test_a_stale_save_is_refused_and_names_the_version_to_save_against(world: World) -> None:
    loaded = world.child.version
    rename(world, world.teammate, loaded)
    with pytest.raises(StaleEditError) as refused:
        rename(world, world.worker, loaded)
    assert refused.value.current_version == loaded + 1
    rename(world, world.worker, refused.value.current_version)  # the second try, from the form shown again
    world.child.refresh_from_db()
    assert world.child.version == loaded + 2


def test_the_apps_own_refusal_comes_before_any_change(world: World) -> None:
    def frozen(person: Person) -> None:
        raise ValidationError("This record is frozen")

    with pytest.raises(ValidationError, match="frozen"):
        rename(world, world.worker, world.child.version, refuse=frozen)
    world.child.refresh_from_db()
    assert world.child.first_name == "Alkira"


def test_a_record_that_is_on_no_case_cannot_be_authorised(world: World) -> None:
    with pytest.raises(TypeError, match="neither a person nor on a case"):
        may_change(world.worker, world.team)  # type: ignore[arg-type]
