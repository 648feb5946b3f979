"""The demo's library: the worked example's map published, its safety plan waiting for Sally's agreement."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from casemap.accounts.models import User
from casemap.library.models import LibraryTool, NominationStatus
from casemap.library.selectors import is_library_curator, library_waiting, published_examples


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_the_demo_has_a_published_map_and_a_plan_waiting_for_agreement() -> None:
    call_command("seed_demo", "--children", "10", "--quiet-logins", stdout=StringIO())
    sally, tom = User.objects.get(username="sally"), User.objects.get(username="tom")
    assert is_library_curator(tom) and not is_library_curator(sally)
    (example,) = published_examples()
    assert example.tool == LibraryTool.MAP
    words = " ".join([example.title, example.why_good_practice, *(s.text for s in example.sections.all())])
    for name in ("Merinda", "Eddy", "Darel", "Alkira", "Jirra", "Cooper", "Sally", "Rose", "Kerri"):
        assert name not in words, name
    (waiting,) = library_waiting(sally).to_agree
    assert waiting.tool == LibraryTool.SAFETY_PLAN and waiting.status == NominationStatus.AWAITING_CONSENT
