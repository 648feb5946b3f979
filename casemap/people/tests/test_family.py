"""Adding to a family without typing it twice: the family's surname and address offered, and someone added to one
child recorded against the other children on the case too, so the family tree reads the same from each side."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casemap.conftest import REFUSED, World, make_case
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.people.models import Person, Relationship, RelationshipType
from casemap.people.services import family_member_add, person_update

pytestmark = pytest.mark.django_db
BORN = datetime.date(1986, 4, 2)


def eddy(**more: str) -> dict[str, str]:
    return {
        "kind": "father",
        "first_name": "Eddy",
        "date_of_birth_day": str(BORN.day),
        "date_of_birth_month": str(BORN.month),
        "date_of_birth_year": str(BORN.year),
        **more,
    }


def fathered(person: Person) -> list[str]:
    return [r.relative.first_name for r in Relationship.objects.filter(person=person, kind=RelationshipType.FATHER)]


def test_the_familys_surname_and_address_are_offered_and_can_be_changed(world: World, client_for) -> None:
    person_update(
        acting_user=world.worker,
        person=world.sibling,
        expected_version=world.sibling.version,
        address_line_1="4 Canal Side",
        town="Northbridge",
        postcode="NB2 1XY",
    )
    client = client_for(world.worker)
    url = reverse("people:family-add", args=[world.child.pk])
    offered = rendered_form(client, url, "family-member").fields
    # Alkira has no address of her own: her brother's, on the same case, is offered.
    assert (offered["last_name"], offered["address_line_1"], offered["postcode"]) == (
        ["Cooper"],
        ["4 Canal Side"],
        ["NB2 1XY"],
    )
    assert post_changed(client, url, "family-member", **eddy(last_name="Walker")).status_code == 302
    added = Person.objects.get(first_name="Eddy")
    assert (added.last_name, added.address_line_1, added.town) == ("Walker", "4 Canal Side", "Northbridge")


def test_a_parent_added_to_one_child_is_the_parent_of_the_other_children_too(world: World, client_for) -> None:
    client = client_for(world.worker)
    url = reverse("people:family-add", args=[world.child.pk])
    form = rendered_form(client, url, "family-member")
    assert form.fields["also_for"] == [str(world.sibling.pk)]  # offered, ticked
    assert post_changed(client, url, "family-member", **eddy()).status_code == 302
    assert fathered(world.child) == fathered(world.sibling) == ["Eddy"]
    family = client.get(reverse("people:section", args=[world.sibling.pk, "family"])).content.decode()
    assert "Eddy Cooper" in family


def test_unticked_children_are_left_alone(world: World, client_for) -> None:
    url = reverse("people:family-add", args=[world.child.pk])
    assert post_changed(client_for(world.worker), url, "family-member", **eddy(), also_for=None).status_code == 302
    assert (fathered(world.child), fathered(world.sibling)) == (["Eddy"], [])


def test_an_adults_family_is_not_offered_the_children(world: World, client_for) -> None:
    form = rendered_form(
        client_for(world.worker), reverse("people:family-add", args=[world.mother.pk]), "family-member"
    )
    assert "also_for" not in form.fields and "also_for" not in form.options


def test_only_other_children_on_the_childs_cases_may_be_chosen(world: World) -> None:
    stranger = (
        make_case(acting=world.worker, team=world.team, worker=world.worker, manager=world.manager, surname="Ngata")
        .members.filter(is_child=True)
        .first()
    )
    assert stranger is not None
    before = Person.objects.count()
    with pytest.raises(ValidationError, match="Choose only other children"):
        family_member_add(
            acting_user=world.worker,
            person=world.child,
            details={"first_name": "Eddy", "last_name": "Cooper", "date_of_birth": BORN},
            kind=RelationshipType.FATHER,
            also_for=[world.sibling, stranger],
        )
    assert Person.objects.count() == before


@pytest.mark.parametrize("persona", REFUSED)
def test_the_family_and_details_forms_are_not_found_by_anyone_who_may_not_see_the_child(
    world: World, client_for, persona: str
) -> None:
    client = client_for(getattr(world, persona))
    for name in ("people:family-add", "people:edit"):
        assert client.get(reverse(name, args=[world.child.pk])).status_code == 404, name
    assert client.post(reverse("people:family-add", args=[world.child.pk]), eddy(last_name="Cooper")).status_code == 404
    assert not Person.objects.filter(first_name="Eddy").exists()
