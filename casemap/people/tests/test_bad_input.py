"""Bad input on a person's details: a version that is missing or not a number changes nothing and says the page
was out of date, and a name longer than the record keeps is refused in plain words, kept on the form."""

import pytest
from django.urls import reverse

from casemap.conftest import World
from casemap.core.forms import OUT_OF_DATE_MESSAGE
from casemap.people.models import Person
from casemap.people.tests.test_person_pages import edit_data

pytestmark = pytest.mark.django_db


def test_a_name_too_long_is_refused_in_plain_words_and_kept_on_the_form(world: World, client_for) -> None:
    name = "Alkira-" * 15
    response = client_for(world.worker).post(
        reverse("people:edit", args=[world.child.pk]), edit_data(world, known_as=name)
    )
    page = response.content.decode()
    assert "Known as must be 100 characters or fewer. It has 105." in page
    assert f'value="{name}"' in page
    assert Person.objects.get(pk=world.child.pk).known_as == ""


@pytest.mark.parametrize("version", ["abc", "", "2147483648"])
def test_a_bad_version_changes_nothing_and_says_the_page_was_out_of_date(
    world: World, client_for, version: str
) -> None:
    response = client_for(world.worker).post(
        reverse("people:edit", args=[world.child.pk]), edit_data(world, known_as="Kira", version=version)
    )
    assert OUT_OF_DATE_MESSAGE in response.content.decode()
    child = Person.objects.get(pk=world.child.pk)
    assert (child.known_as, child.version) == ("", world.child.version)
