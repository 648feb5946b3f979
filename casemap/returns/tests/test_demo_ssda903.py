"""The demo authority's SSDA903 return, this year's and last year's: no error under the DfE's rules."""

from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from casemap.accounts.models import User
from casemap.returns.forms import current_collection_year
from casemap.returns.ssda903.export import ssda903_export
from casemap.returns.tests.test_ssda903 import errors_found
from casemap.returns.validation import ssda903_validate

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_the_demo_authoritys_ssda903_return_breaks_no_rule(tmp_path: Path) -> None:
    call_command("seed_demo", "--children", "60", stdout=StringIO())
    officer = User.objects.get(username="omar")
    for year in (current_collection_year(), current_collection_year() - 1):
        folder = tmp_path / f"demo-{year}"
        folder.mkdir()
        exported = ssda903_export(acting_user=officer, year=year, folder=folder)
        assert exported.children > 0
        validation = ssda903_validate(folder, year=year, la_code=settings.LA_CODE)
        assert errors_found(validation) == [], "\n".join(errors_found(validation))
