"""A person's details in two steps: the page loaded, someone else saving meanwhile, the form posted exactly as it
was rendered (refused in plain words, with what was typed kept), then the form as the refusal rendered it posted
again (saved)."""

import pytest
from django.urls import reverse

from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_rendered, refused_as_stale
from casemap.people.models import Person
from casemap.people.services import person_update

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("whose", ["child", "mother"])
def test_a_persons_details(world: World, client_for, whose: str) -> None:
    person: Person = getattr(world, whose)
    worker = client_for(world.worker)
    url = reverse("people:edit", args=[person.pk])

    def teammate_saves() -> None:
        person_update(acting_user=world.teammate, person=person, expected_version=person.version, known_as="Kira")

    shown_again = refused_as_stale(worker, url, "person-details", teammate_saves, first_language="Pitjantjatjara")
    person.refresh_from_db()
    assert (person.known_as, person.first_language) == ("Kira", "")
    assert post_rendered(worker, url, shown_again).status_code == 302
    person.refresh_from_db()
    assert person.first_language == "Pitjantjatjara"
