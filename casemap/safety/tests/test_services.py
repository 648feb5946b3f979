"""Network services: one transaction with history, timeline and access log; stale saves refused; never deleted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from casemap.access.models import AccessLogEntry
from casemap.cases.models import ChronologyEntry, ChronologyKind
from casemap.conftest import World, make_case
from casemap.core.forms import StaleEditError
from casemap.people.models import RelationshipType
from casemap.safety.models import NetworkRole, SafetyNetworkMember
from casemap.safety.services import (
    network_member_add,
    network_member_deactivate,
    network_member_reactivate,
    network_member_update,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def add_rose(world: World, **extra: object) -> SafetyNetworkMember:
    fields: dict = {
        "name": "Rose Ashworth",
        "relationship_kind": RelationshipType.FRIEND,
        "phone": "01632 960101",
        "roles": [NetworkRole.MENTOR, NetworkRole.RESPONDS_TO_WORRIES],
        "told_danger_statements_on": TODAY,
    }
    return network_member_add(acting_user=world.worker, case=world.case, **(fields | extra))


def test_adding_a_member_records_who_and_goes_on_each_childs_timeline(world: World) -> None:
    member = add_rose(world)
    assert member.created_by == world.worker
    assert member.roles == ["mentor", "responds_to_worries"]
    assert member.role_labels == ["Mentor to the parents", "Responds when there are worries"]
    assert member.relationship_label == "Family friend"
    assert member.is_active and member.has_way_to_reach
    entries = ChronologyEntry.objects.filter(source_type="safety.safetynetworkmember", source_id=member.pk)
    assert {e.person for e in entries} == {world.child, world.sibling}
    assert {e.kind for e in entries} == {ChronologyKind.SAFETY_NETWORK}
    assert {e.summary for e in entries} == {"Rose Ashworth joined the safety network"}
    logged = AccessLogEntry.objects.filter(record_type="safety_network_member", record_id=str(member.pk))
    assert {e.person for e in logged} == {world.child, world.sibling}
    assert member.history.count() == 1


def test_a_member_with_no_way_to_reach_them_is_kept_and_flagged(world: World) -> None:
    member = add_rose(world, phone="")
    assert SafetyNetworkMember.objects.filter(pk=member.pk).exists()
    assert not member.has_way_to_reach


def test_a_linked_person_brings_their_contact_details(world: World) -> None:
    world.mother.phone = "01632 960999"
    world.mother.save()
    member = network_member_add(acting_user=world.worker, case=world.case, person=world.mother, roles=["mentor"])
    assert member.display_name == "Merinda Cooper"
    assert member.phone == "01632 960999"


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"name": ""}, "name"),
        ({"roles": ["babysitter"]}, "roles"),
        ({"told_danger_statements_on": TODAY + datetime.timedelta(days=1)}, "told_danger_statements_on"),
    ],
)
def test_add_refuses_what_cannot_be_right(world: World, extra: dict, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        add_rose(world, **extra)
    assert field in error.value.message_dict
    assert not SafetyNetworkMember.objects.exists()
    assert not ChronologyEntry.objects.filter(summary__contains="safety network").exists()


def test_someone_not_on_the_case_cannot_be_linked(world: World) -> None:
    elsewhere = make_case(
        acting=world.other_worker,
        team=world.other_team,
        worker=world.other_worker,
        manager=world.other_team.manager,
        surname="X",
    )
    stranger = elsewhere.memberships.filter(role="adult").get().person
    with pytest.raises(ValidationError):
        network_member_add(acting_user=world.worker, case=world.case, person=stranger)


def test_update_changes_details_and_refuses_a_stale_save(world: World) -> None:
    member = add_rose(world)
    updated = network_member_update(
        acting_user=world.teammate,
        member=member,
        expected_version=1,
        name="Rose Ashworth",
        email="rose@example.org",
        roles=[NetworkRole.GIVES_FEEDBACK],
        agreed_to_plan_on=TODAY,
    )
    assert updated.version == 2
    assert updated.modified_by == world.teammate
    assert updated.roles == ["gives_feedback"]
    assert updated.phone == ""
    assert updated.has_way_to_reach
    assert updated.history.count() == 2
    with pytest.raises(StaleEditError):
        network_member_update(acting_user=world.worker, member=member, expected_version=1, name="Rose A")
    assert SafetyNetworkMember.objects.get().name == "Rose Ashworth"


def test_leaving_and_rejoining_are_kept_and_go_on_the_timeline(world: World) -> None:
    member = add_rose(world)
    left = network_member_deactivate(
        acting_user=world.worker,
        member=member,
        expected_version=1,
        inactive_since=TODAY,
        reason="Moved away",
    )
    assert not left.is_active
    assert left.inactive_since == TODAY and left.inactive_reason == "Moved away"
    assert ChronologyEntry.objects.filter(summary="Rose Ashworth left the safety network: Moved away").count() == 2
    with pytest.raises(StaleEditError):
        network_member_reactivate(acting_user=world.worker, member=member, expected_version=1)
    back = network_member_reactivate(acting_user=world.worker, member=member, expected_version=2)
    assert back.is_active and back.inactive_since is None and back.inactive_reason == ""
    assert ChronologyEntry.objects.filter(summary="Rose Ashworth rejoined the safety network").count() == 2
    assert SafetyNetworkMember.objects.count() == 1


def test_leaving_needs_a_reason(world: World) -> None:
    member = add_rose(world)
    with pytest.raises(ValidationError):
        network_member_deactivate(
            acting_user=world.worker, member=member, expected_version=1, inactive_since=TODAY, reason=" "
        )
    assert SafetyNetworkMember.objects.get().is_active


def test_the_same_person_cannot_be_an_active_member_twice(world: World) -> None:
    network_member_add(acting_user=world.worker, case=world.case, person=world.mother)
    with pytest.raises(ValidationError) as error:
        network_member_add(acting_user=world.worker, case=world.case, person=world.mother)
    assert "already in the safety network" in error.value.message_dict["person"][0]


def test_joining_is_dated_when_the_member_heard_the_danger_statements(world: World) -> None:
    told_on = TODAY - datetime.timedelta(days=10)
    member = add_rose(world, told_danger_statements_on=told_on)
    entries = ChronologyEntry.objects.filter(source_type="safety.safetynetworkmember", source_id=member.pk)
    assert {e.occurred_on for e in entries} == {told_on}
    untold = add_rose(world, name="Kerri Lane", told_danger_statements_on=None)
    entries = ChronologyEntry.objects.filter(source_type="safety.safetynetworkmember", source_id=untold.pk)
    assert {e.occurred_on for e in entries} == {TODAY}
