"""A service manager restricts a record and names who may see it; everyone else loses access."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessLogEntry, RestrictedAccessGrant
from casemap.conftest import REFUSED, SEES, World

pytestmark = pytest.mark.django_db


def record(world: World) -> str:
    return reverse("people:detail", args=[world.child.pk])


def test_restricting_keeps_the_allocated_worker_and_shuts_out_the_team(world: World, client_for) -> None:
    manager = client_for(world.service_manager)
    response = manager.post(reverse("access:restrict", args=[world.child.pk]), {"reason": "Mother works in the team"})
    assert response.status_code == 302
    world.child.refresh_from_db()
    assert world.child.is_restricted
    assert client_for(world.worker).get(record(world)).status_code == 200
    assert client_for(world.teammate).get(record(world)).status_code == 404
    assert client_for(world.manager).get(record(world)).status_code == 404
    assert AccessLogEntry.objects.filter(action="grant", person=world.child).count() == 2


def test_giving_and_removing_access_by_name(world: World, client_for) -> None:
    manager = client_for(world.service_manager)
    manager.post(reverse("access:restrict", args=[world.child.pk]), {"reason": "Staff relative"})
    grants_url = reverse("access:grants", args=[world.child.pk])
    ends = timezone.localdate() + datetime.timedelta(days=14)
    response = manager.post(
        grants_url,
        {
            "user": world.teammate.pk,
            "reason": "Covering during leave",
            "expires_on_day": ends.day,
            "expires_on_month": ends.month,
            "expires_on_year": ends.year,
        },
    )
    assert response.status_code == 302
    assert client_for(world.teammate).get(record(world)).status_code == 200
    grant = RestrictedAccessGrant.objects.get(user=world.teammate)
    manager.post(reverse("access:revoke", args=[world.child.pk, grant.pk]))
    assert client_for(world.teammate).get(record(world)).status_code == 404


def test_grant_form_explains_bad_input(world: World, client_for) -> None:
    past = timezone.localdate() - datetime.timedelta(days=1)
    response = client_for(world.service_manager).post(
        reverse("access:grants", args=[world.child.pk]),
        {
            "reason": "",
            "expires_on_day": past.day,
            "expires_on_month": past.month,
            "expires_on_year": past.year,
        },
    )
    page = response.content.decode()
    assert "Choose who should have access" in page
    assert "Enter why they need access" in page
    assert "The date access ends must be in the future" in page


@pytest.mark.parametrize("persona", [persona for persona in SEES + REFUSED if persona != "service_manager"])
def test_only_a_service_manager_in_the_line_may_restrict_or_grant(world: World, client_for, persona: str) -> None:
    client = client_for(getattr(world, persona))
    assert client.get(reverse("access:grants", args=[world.child.pk])).status_code == 404
    assert client.post(reverse("access:restrict", args=[world.child.pk]), {"reason": "x"}).status_code == 404
    world.child.refresh_from_db()
    assert not world.child.is_restricted


def test_an_over_long_reason_is_refused_in_plain_words_and_nothing_is_restricted(world: World, client_for) -> None:
    reason = "Mother works in the team. " * 100
    response = client_for(world.service_manager).post(
        reverse("access:restrict", args=[world.child.pk]), {"reason": reason}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "must be 2,000 characters or fewer" in page
    assert reason.strip() in page  # what was typed is kept on the form
    world.child.refresh_from_db()
    assert not world.child.is_restricted
