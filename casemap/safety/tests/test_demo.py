"""The worked-example family's network: Rose, Kerri and Pat, linked to their records, with roles."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.conftest import World
from casemap.people.codes import Sex
from casemap.people.models import Person, RelationshipType
from casemap.people.services import person_create, relationship_add
from casemap.safety.demo import demo_network_create
from casemap.safety.models import SafetyNetworkMember

pytestmark = pytest.mark.django_db


def test_the_seed_network_links_the_friends_on_the_case(world: World) -> None:
    for name in ("Rose", "Kerri", "Pat"):
        friend = person_create(acting_user=world.worker, first_name=name, last_name="Firth", sex=Sex.FEMALE)
        relationship_add(acting_user=world.worker, person=world.child, relative=friend, kind=RelationshipType.FRIEND)
    members = demo_network_create(case=world.case, worker=world.worker, told_on=timezone.localdate())
    assert [m.display_name for m in members] == ["Rose Firth", "Kerri Firth", "Pat Firth"]
    assert all(m.person is not None and m.roles and m.has_way_to_reach for m in members)
    assert "mentor" in members[0].roles
    assert SafetyNetworkMember.objects.filter(case=world.case, is_active=True).count() == 3


def test_the_seed_network_is_added_by_name_when_the_friends_are_not_recorded(world: World) -> None:
    members = demo_network_create(case=world.case, worker=world.worker)
    assert [m.display_name for m in members] == ["Rose", "Kerri", "Pat"]
    assert all(m.person is None for m in members)


@override_settings(DEMO_MODE=True)
def test_the_seed_network_on_the_demo_authority(client_for) -> None:
    call_command("seed_demo", "--children", "10", "--quiet-logins", stdout=StringIO())
    seed_case = Case.objects.get(family_name="Merinda and Eddy's family")
    sally = User.objects.get(username="sally")
    members = SafetyNetworkMember.objects.filter(case=seed_case, is_active=True).select_related("person")
    assert {m.person.first_name for m in members if m.person} == {"Rose", "Kerri", "Pat"}
    alkira = Person.objects.get(first_name="Alkira", last_name="Cooper")
    client = client_for(sally)
    record = client.get(reverse("people:detail", args=[alkira.pk])).content.decode()
    assert "Safety network: 3 active members" in record
    tree = client.get(reverse("safety:family-tree", args=[alkira.pk])).content.decode()
    for name in ("Merinda Cooper", "Eddy Cooper", "Darel Cooper", "Jirra Cooper"):
        assert f'data-name="{name}"' in tree
    assert "Rose" not in tree.split('id="tree-table"')[1].split("</table>")[0]
