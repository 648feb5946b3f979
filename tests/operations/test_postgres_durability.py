"""The settings that make a committed change survive a crash stay on (docs/operations.md)."""

import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres_operations, pytest.mark.django_db]

# "local", "remote_write" and "remote_apply" also wait for the local WAL flush; only "off" gives that up.
DURABLE_SYNCHRONOUS_COMMIT = {"on", "local", "remote_write", "remote_apply"}


def show(setting: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {setting}")
        return str(cursor.fetchone()[0])


@pytest.mark.parametrize("setting", ["fsync", "full_page_writes"])
def test_crash_safety_setting_is_on(setting: str) -> None:
    assert show(setting) == "on"


def test_a_commit_waits_for_the_wal_flush() -> None:
    assert show("synchronous_commit") in DURABLE_SYNCHRONOUS_COMMIT
