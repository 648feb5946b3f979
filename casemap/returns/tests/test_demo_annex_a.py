"""The demo authority's Annex A for the six months to today: every list Ofsted asks for, every value one its lists
accept, and the demo's children in care, care leaver and adopted child each in their lists."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from casemap.accounts.models import User
from casemap.returns.annex_a.export import annex_a_export
from casemap.returns.annex_a.period import default_period
from casemap.returns.tests.annex_workbook import assert_meets_schema, open_workbook, sheet_rows

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_the_demo_authoritys_annex_a_meets_ofsteds_lists(tmp_path: Path) -> None:
    call_command("seed_demo", "--children", "60", stdout=StringIO())
    officer = User.objects.get(username="omar")
    path = tmp_path / "demo-annex-a.xlsx"
    with path.open("wb") as output:
        exported = annex_a_export(acting_user=officer, period=default_period(timezone.localdate()), output=output)
    workbook = open_workbook(path)
    assert_meets_schema(workbook)
    rows = {written.sheet_name: written.rows for written in exported.lists}
    assert rows == {name: len(sheet_rows(workbook, name)) for name in workbook.sheetnames}
    # Contacts, referrals, assessments, children in need and in care, the care leaver, the adopted child and her
    # adopters are all in the demo's last six months.
    for name in ("List 1", "List 3", "List 4", "List 6", "List 8", "List 9", "List 10", "List 11"):
        assert rows[name] > 0, name
    assert exported.children > 0
