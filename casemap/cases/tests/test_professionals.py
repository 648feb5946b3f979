import pytest
from django.urls import reverse

from casemap.cases.models import ChronologyEntry
from casemap.conftest import World
from casemap.people.models import Agency, Professional

pytestmark = pytest.mark.django_db


def test_adding_a_professional_shows_on_the_case_the_family_page_and_the_timeline(world: World, client_for) -> None:
    client = client_for(world.worker)
    response = client.post(
        reverse("cases:professional-new", args=[world.case.pk]),
        {"name": "Ms Okoro", "role": "Class teacher", "agency_name": "Northbridge Primary", "email": ""},
    )
    assert response.status_code == 302
    assert Agency.objects.filter(name="Northbridge Primary").exists()
    assert "Ms Okoro" in client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    family = client.get(reverse("people:section", args=[world.child.pk, "family"])).content.decode()
    assert "Ms Okoro, Class teacher, Northbridge Primary" in family
    assert ChronologyEntry.objects.filter(person=world.child, summary__contains="Ms Okoro").exists()


def test_professional_form_explains_bad_input(world: World, client_for) -> None:
    response = client_for(world.worker).post(
        reverse("cases:professional-new", args=[world.case.pk]), {"name": "Ms Okoro", "email": "not-an-email"}
    )
    page = response.content.decode()
    assert "Enter the agency they work for" in page
    assert "Enter an email address like name@example.org" in page
    assert 'value="Ms Okoro"' in page


def test_other_team_cannot_add_a_professional(world: World, client_for) -> None:
    url = reverse("cases:professional-new", args=[world.case.pk])
    assert client_for(world.other_worker).post(url, {"name": "X", "agency_name": "Y"}).status_code == 404
    assert not Professional.objects.exists()
