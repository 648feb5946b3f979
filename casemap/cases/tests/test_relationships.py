"""How people already on a case are related, recorded by choosing them: one person and everyone they are that to."""

import pytest
from django.urls import reverse

from casemap.cases.models import ChronologyEntry
from casemap.conftest import REFUSED, World
from casemap.core.tests.rendered_forms import post_changed
from casemap.people.models import Relationship, RelationshipType

pytestmark = pytest.mark.django_db


def url(world: World) -> str:
    return reverse("cases:relationship-new", args=[world.case.pk])


def mothered(world: World) -> set[int]:
    rows = Relationship.objects.filter(relative=world.mother, kind=RelationshipType.MOTHER, archived_at__isnull=True)
    return set(rows.values_list("person_id", flat=True))


def test_choosing_the_mother_and_both_children_records_what_was_missing(world: World, client_for) -> None:
    assert mothered(world) == {world.child.pk}
    client = client_for(world.worker)
    case_page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert url(world) in case_page
    response = post_changed(
        client,
        url(world),
        "relationship",
        relative=str(world.mother.pk),
        kind="mother",
        people=[str(world.child.pk), str(world.sibling.pk)],
        lives_with="on",
    )
    assert response.status_code == 302
    assert mothered(world) == {world.child.pk, world.sibling.pk}
    assert ChronologyEntry.objects.filter(person=world.sibling, summary__contains="recorded as mother").exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"people": "child"}, "is already recorded as mother of everyone ticked"),
        ({"people": "mother"}, "Tick people other than the person chosen above"),
        ({"people": None}, "Tick who they are this to"),
        ({"kind": ""}, "Choose the relationship"),
    ],
)
def test_a_relationship_that_cannot_be_recorded_is_explained(world: World, client_for, changes, message) -> None:
    chosen = {
        "relative": str(world.mother.pk),
        "kind": "mother",
        **{
            name: str(getattr(world, value).pk) if value else value
            for name, value in changes.items()
            if name == "people"
        },
        **{name: value for name, value in changes.items() if name != "people"},
    }
    response = post_changed(client_for(world.worker), url(world), "relationship", **chosen)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert mothered(world) == {world.child.pk}


@pytest.mark.parametrize("persona", REFUSED)
def test_only_those_who_may_add_to_the_case_get_the_page(world: World, client_for, persona: str) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(url(world)).status_code == 404
    posted = {"relative": world.mother.pk, "kind": "mother", "people": [world.sibling.pk]}
    assert client.post(url(world), posted).status_code == 404
    assert mothered(world) == {world.child.pk}
