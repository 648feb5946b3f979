"""The demo authority's census, this year's and last year's: schema-valid, and no error under the DfE's rules."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from lxml import etree

from casemap.accounts.models import User
from casemap.returns.cin_census.export import cin_census_export
from casemap.returns.forms import current_collection_year
from casemap.returns.tests.test_cin_census import SCHEMA_PATH
from casemap.returns.validation import cin_census_validate

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_the_demo_authoritys_census_breaks_no_rule(tmp_path: Path) -> None:
    call_command("seed_demo", "--children", "60", stdout=StringIO())
    officer = User.objects.get(username="omar")
    schema = etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))
    for year in (current_collection_year(), current_collection_year() - 1):
        path = tmp_path / f"demo-{year}.xml"
        with path.open("wb") as output:
            exported = cin_census_export(acting_user=officer, year=year, output=output)
        assert exported.children > 0
        assert schema.validate(etree.parse(str(path))), [str(error) for error in schema.error_log]
        errors = cin_census_validate(path, year=year).errors
        assert errors == [], [(failure.code, failure.message) for failure in errors]
