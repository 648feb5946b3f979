"""On PostgreSQL the suite empties its tables after a transactional test by deleting their rows (conftest.py):
every table must end empty whatever points at what, as Django's TRUNCATE left it."""

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection

from casemap.accounts.models import User
from casemap.cases.models import Case, CaseMember
from casemap.conftest import world  # noqa: F401  (the fixture, for a test outside casemap/)
from casemap.people.models import Person

pytestmark = [pytest.mark.postgres_operations, pytest.mark.django_db(transaction=True)]


@pytest.mark.usefixtures("world")
def test_the_flush_deletes_every_row_whatever_points_at_it() -> None:
    statements = sql_flush(no_style(), connection, reset_sequences=False)
    assert statements and all(statement.startswith("DELETE FROM ") for statement in statements)
    assert Case.objects.exists() and CaseMember.objects.exists() and Person.objects.exists()

    with connection.cursor() as cursor:
        # The access log refuses deletes; the browser tests lift the rule for their flush the same way.
        cursor.execute("ALTER TABLE access_accesslogentry DISABLE TRIGGER USER")
    try:
        call_command("flush", interactive=False, verbosity=0)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE access_accesslogentry ENABLE TRIGGER USER")

    for model in (CaseMember, Case, Person, User):
        assert not model.objects.exists(), model.__name__
