"""The demo's team manager has something waiting for her when she signs in."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from casemap.accounts.models import User
from casemap.handoffs.selectors import waiting_for
from casemap.mapping.models import MapStatus

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_dana_has_a_map_waiting_for_her_sign_off() -> None:
    call_command("seed_demo", "--children", "30", "--quiet-logins", stdout=StringIO())
    dana, tom = User.objects.get(username="dana"), User.objects.get(username="tom")
    (waiting,) = [item for item in waiting_for(dana) if item.what.startswith("Sign-off of")]
    assert waiting.case.allocated_worker == tom
    assert waiting.detail.startswith(f"Asked for by {tom}: First map with the family.")
    assert waiting.case.maps.get().status == MapStatus.DRAFT
    assert waiting_for(tom) == []
