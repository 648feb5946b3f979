"""The benchmark's prefilled access log is a chain the application itself accepts, and new entries follow it."""

import datetime

import pytest

from bench.generate_authority import access_log_rows
from casemap.access.models import AccessAction, AccessLogEntry, HashScheme
from casemap.access.services import access_log_append, access_log_verify_chain
from casemap.conftest import UserFactory
from casemap.people.models import Person

pytestmark = pytest.mark.django_db

COLUMNS = ["id", "at", "user_id", "action", "person_id", "record_type", "record_id", "detail", "ip_address",
           "user_agent", "previous_hash", "entry_hash", "hash_scheme", "key_id"]  # fmt: skip


def test_prefilled_rows_verify_and_the_application_appends_after_them() -> None:
    """The generator COPYs these rows into an empty table; here they are inserted in the same order."""
    worker = UserFactory()
    # The generator picks people by id from 1 up to the number made; one person with id 1 stands for them.
    child = Person.objects.create(pk=1, first_name="Alkira", last_name="Cooper", is_child=True)
    for row in access_log_rows(5, users=[worker.pk], people=1, today=datetime.date(2026, 11, 29), seed=1):
        values = dict(zip(COLUMNS, row, strict=True))
        del values["id"]  # the table's own sequence gives the same order
        AccessLogEntry.objects.create(**values)
    assert access_log_verify_chain().intact
    assert set(AccessLogEntry.objects.values_list("hash_scheme", flat=True)) == {HashScheme.HMAC_SHA256}
    access_log_append(user=worker, action=AccessAction.VIEW, record_type="person", person=child)
    check = access_log_verify_chain()
    assert check.intact, check.reason
    assert check.entries == 6
