"""Tampering with the access log is refused by the database, or caught by `manage.py access_log_verify_chain`.

Each tampering test plants one change as someone with the database's own powers would (the append-only triggers
lifted, as tests/browser/conftest.py does for its flushes) and expects the command to fail at the right entry."""

import datetime
import importlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from casemap.access.models import AccessAction, AccessLogEntry, HashScheme, access_log_key_id
from casemap.access.services import access_log_append
from casemap.conftest import UserFactory, World

pytestmark = pytest.mark.django_db

_APPEND_ONLY = importlib.import_module("casemap.access.migrations.0004_access_log_keyed_hash_and_no_replace")
WRONG_KEY = "a key someone made up to recompute the chain"


@contextmanager
def append_only_lifted() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in _APPEND_ONLY.SQLITE_DROP:
                cursor.execute(statement)
        else:
            # PostgreSQL will not alter a table with foreign-key checks still waiting for the commit: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE access_accesslogentry DISABLE TRIGGER USER")
        try:
            yield
        finally:
            if connection.vendor == "sqlite":
                for statement in _APPEND_ONLY.SQLITE_FORWARD:
                    cursor.execute(statement)
            else:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("ALTER TABLE access_accesslogentry ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def verify(*args: str) -> str:
    out = StringIO()
    call_command("access_log_verify_chain", *args, stdout=out)
    return out.getvalue()


def broken(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        verify(*args)
    return str(error.value)


def append(world: World, detail: str) -> AccessLogEntry:
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Firefox on the office laptop")
    return access_log_append(
        user=world.worker,
        action=AccessAction.VIEW,
        record_type="person",
        record_id=world.child.pk,
        person=world.child,
        detail=detail,
        request=request,
    )


@pytest.fixture
def log(world: World) -> list[AccessLogEntry]:
    """Four entries after those the world wrote, each with every column filled in."""
    return [append(world, detail) for detail in ("summary", "family", "timeline", "print")]


def rehash_from(entry_id: int, *, key: str) -> None:
    """Recompute every hash from this entry on, as someone without the real key would have to."""
    previous = AccessLogEntry.objects.filter(id__lt=entry_id).order_by("-id").values_list("entry_hash", flat=True)[0]
    for entry in AccessLogEntry.objects.filter(id__gte=entry_id).order_by("id"):
        entry.previous_hash = previous
        entry.entry_hash = entry.compute_hash(key=key.encode())
        AccessLogEntry.objects.filter(pk=entry.pk).update(previous_hash=previous, entry_hash=entry.entry_hash)
        previous = entry.entry_hash


def test_an_intact_log_passes_and_says_how_many_entries(log: list[AccessLogEntry]) -> None:
    lines = verify().splitlines()
    assert lines[0] == f"Access log chain intact: {AccessLogEntry.objects.count()} entries"
    assert lines[1].startswith(f"Last entry {log[-1].pk}:{log[-1].entry_hash}")


def test_a_broken_chain_makes_the_command_exit_1_naming_the_entry(log: list[AccessLogEntry]) -> None:
    with append_only_lifted():
        AccessLogEntry.objects.filter(pk=log[1].pk).update(detail="nothing to see")
    with pytest.raises(CommandError) as error:
        verify()
    # manage.py prints the message and exits with this code.
    assert error.value.returncode == 1
    assert str(error.value).startswith(f"Access log chain broken at entry {log[1].pk}: its hash does not match")


CHANGES: dict[str, Callable[[AccessLogEntry, World], Any]] = {
    "at": lambda entry, world: entry.at + datetime.timedelta(seconds=1),
    "user_id": lambda entry, world: world.teammate.pk,
    "action": lambda entry, world: AccessAction.PRINT,
    "person_id": lambda entry, world: world.sibling.pk,
    "record_type": lambda entry, world: "case",
    "record_id": lambda entry, world: "999",
    "detail": lambda entry, world: "nothing to see",
    "ip_address": lambda entry, world: "10.9.9.9",
    "user_agent": lambda entry, world: "Someone else's browser",
    "previous_hash": lambda entry, world: "f" * 64,
    "entry_hash": lambda entry, world: "e" * 64,
    "hash_scheme": lambda entry, world: HashScheme.LEGACY_SHA256,
    "key_id": lambda entry, world: "0badc0de",
}


@pytest.mark.parametrize("column", CHANGES)
def test_a_changed_column_breaks_the_chain_at_that_entry(column: str, world: World, log: list[AccessLogEntry]) -> None:
    target = log[1]
    with append_only_lifted():
        assert AccessLogEntry.objects.filter(pk=target.pk).update(**{column: CHANGES[column](target, world)}) == 1
    assert f"broken at entry {target.pk}:" in broken()


def test_every_column_but_the_id_is_covered_by_a_tampering_test() -> None:
    columns = {field.attname for field in AccessLogEntry._meta.concrete_fields} - {"id"}
    assert columns == set(CHANGES)


def test_a_deleted_entry_in_the_middle_breaks_the_chain_at_the_next(log: list[AccessLogEntry]) -> None:
    with append_only_lifted():
        AccessLogEntry.objects.filter(pk=log[1].pk).delete()
    assert f"broken at entry {log[2].pk}: it does not follow from the entry before it" in broken()


def test_a_reordered_pair_breaks_the_chain(log: list[AccessLogEntry]) -> None:
    first, second = log[1], log[2]
    columns = [field.attname for field in AccessLogEntry._meta.concrete_fields if field.attname != "id"]
    with append_only_lifted():
        # Through a spare id, since entry_hash is unique.
        AccessLogEntry.objects.filter(pk=first.pk).update(entry_hash="moving")
        AccessLogEntry.objects.filter(pk=second.pk).update(**{column: getattr(first, column) for column in columns})
        AccessLogEntry.objects.filter(pk=first.pk).update(**{column: getattr(second, column) for column in columns})
    assert f"broken at entry {first.pk}:" in broken()


def _leave_a_gap_in_the_ids() -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("UPDATE sqlite_sequence SET seq = seq + 1 WHERE name = 'access_accesslogentry'")
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = 'access_accesslogentry'")
        else:
            cursor.execute("SELECT nextval(pg_get_serial_sequence('access_accesslogentry', 'id'))")
        return cursor.fetchone()[0]


@pytest.mark.parametrize("with_the_real_key", [False, True], ids=["made-up key", "leaked key"])
def test_an_entry_inserted_in_the_middle_breaks_the_chain(world: World, settings, with_the_real_key: bool) -> None:
    before = append(world, "summary")
    gap = _leave_a_gap_in_the_ids()
    after = append(world, "family")
    key = settings.ACCESS_LOG_KEY if with_the_real_key else WRONG_KEY
    forged = AccessLogEntry(
        id=gap,
        at=before.at,
        user=world.other_worker,
        action=AccessAction.VIEW,
        person=world.child,
        record_type="person",
        record_id=str(world.child.pk),
        previous_hash=before.entry_hash,
        hash_scheme=HashScheme.HMAC_SHA256,
        key_id=access_log_key_id(settings.ACCESS_LOG_KEY),
    )
    forged.entry_hash = forged.compute_hash(key=key.encode())
    forged.save(force_insert=True)
    # Even with the key, an entry slipped in between does not lead to the one after it.
    expected = after.pk if with_the_real_key else forged.pk
    assert f"broken at entry {expected}:" in broken()


def test_an_entry_appended_without_the_key_breaks_the_chain(world: World, log: list[AccessLogEntry]) -> None:
    forged = AccessLogEntry(
        at=timezone.now(),
        user=world.other_worker,
        action=AccessAction.VIEW,
        record_type="url",
        previous_hash=log[-1].entry_hash,
        hash_scheme=HashScheme.HMAC_SHA256,
        key_id=log[-1].key_id,
    )
    forged.entry_hash = forged.compute_hash(key=WRONG_KEY.encode())
    forged.save(force_insert=True)
    assert f"broken at entry {forged.pk}: its hash does not match its contents" in broken()


def test_an_unkeyed_entry_after_keyed_ones_breaks_the_chain(world: World, log: list[AccessLogEntry]) -> None:
    # Anyone can compute the old unkeyed hash, so it is only trusted on entries written before keyed hashing.
    forged = AccessLogEntry(
        at=timezone.now(),
        user=world.other_worker,
        action=AccessAction.VIEW,
        record_type="url",
        previous_hash=log[-1].entry_hash,
        hash_scheme=HashScheme.LEGACY_SHA256,
    )
    forged.entry_hash = forged.compute_hash()
    forged.save(force_insert=True)
    assert f"broken at entry {forged.pk}: it has an unkeyed hash after keyed entries" in broken()


def test_a_chain_recomputed_with_the_wrong_key_is_caught(log: list[AccessLogEntry]) -> None:
    with append_only_lifted():
        AccessLogEntry.objects.filter(pk=log[1].pk).update(user_agent="Someone else's browser")
        rehash_from(log[1].pk, key=WRONG_KEY)
    assert f"broken at entry {log[1].pk}: its hash does not match its contents" in broken()


def test_a_chain_recomputed_under_another_key_id_is_caught(log: list[AccessLogEntry]) -> None:
    with append_only_lifted():
        AccessLogEntry.objects.filter(id__gte=log[1].pk).update(key_id=access_log_key_id(WRONG_KEY))
        rehash_from(log[1].pk, key=WRONG_KEY)
    assert f"broken at entry {log[1].pk}: it was hashed with a key this server does not hold" in broken()


def test_rotating_the_key_keeps_old_entries_verifiable(world: World, settings) -> None:
    first = AccessLogEntry.objects.order_by("id").first()
    assert first is not None
    old_key = settings.ACCESS_LOG_KEY
    settings.ACCESS_LOG_KEY = "the new key from the environment after rotation"
    settings.ACCESS_LOG_OLD_KEYS = [old_key]
    rotated = append(world, "summary")
    assert (first.key_id, rotated.key_id) == (access_log_key_id(old_key), access_log_key_id(settings.ACCESS_LOG_KEY))
    assert verify().startswith("Access log chain intact")
    settings.ACCESS_LOG_OLD_KEYS = []
    assert f"broken at entry {first.pk}: it was hashed with a key this server does not hold" in broken()


def _legacy_entry(user: Any, previous_hash: str, detail: str) -> AccessLogEntry:
    entry = AccessLogEntry(
        at=timezone.now(),
        user=user,
        action=AccessAction.VIEW,
        record_type="person",
        record_id="1",
        detail=detail,
        ip_address="10.1.2.3",
        user_agent="Firefox",
        previous_hash=previous_hash,
        hash_scheme=HashScheme.LEGACY_SHA256,
    )
    entry.entry_hash = entry.compute_hash()
    entry.save(force_insert=True)
    return entry


def test_entries_from_before_keyed_hashing_verify_and_the_first_keyed_entry_seals_them() -> None:
    user = UserFactory()
    first = _legacy_entry(user, "0" * 64, "summary")
    _legacy_entry(user, first.entry_hash, "family")
    keyed = access_log_append(user=user, action=AccessAction.VIEW, record_type="person", record_id="1")
    assert verify().startswith("Access log chain intact: 3 entries")
    # The old hashes have no key, so the old entries can be changed and re-chained by anyone...
    with append_only_lifted():
        AccessLogEntry.objects.filter(pk=first.pk).update(detail="nothing to see")
        previous = "0" * 64
        for entry in AccessLogEntry.objects.filter(hash_scheme=HashScheme.LEGACY_SHA256).order_by("id"):
            entry.previous_hash = previous
            entry.entry_hash = entry.compute_hash()
            entry.save(update_fields=["previous_hash", "entry_hash"])
            previous = entry.entry_hash
    # ...but the first keyed entry names the last old hash, under the key.
    assert f"broken at entry {keyed.pk}: it does not follow from the entry before it" in broken()


def test_a_recorded_entry_shows_entries_removed_from_the_end(log: list[AccessLogEntry]) -> None:
    recorded = f"{log[-1].pk}:{log[-1].entry_hash}"
    assert verify("--expect-entry", recorded).startswith("Access log chain intact")
    with append_only_lifted():
        AccessLogEntry.objects.filter(id__gte=log[-2].pk).delete()
    # The chain itself still holds together: only the recorded entry shows what went.
    assert verify().startswith("Access log chain intact")
    assert f"broken at entry {log[-1].pk}: the kept entry is missing" in broken("--expect-entry", recorded)


def test_after_an_investigated_break_the_entries_after_it_can_still_be_checked(log: list[AccessLogEntry]) -> None:
    with append_only_lifted():
        AccessLogEntry.objects.filter(pk=log[1].pk).update(detail="nothing to see")
    assert f"broken at entry {log[1].pk}:" in broken()
    start = f"{log[1].pk}:{log[1].entry_hash}"
    assert verify("--start-after", start).startswith(f"Access log chain intact: 2 entries after entry {log[1].pk}")
    # Later tampering is still caught.
    with append_only_lifted():
        AccessLogEntry.objects.filter(pk=log[3].pk).update(detail="nothing to see")
    assert f"broken at entry {log[3].pk}:" in broken("--start-after", start)


_REPLACEMENT_COLUMNS = (
    "(id, at, user_id, action, record_type, record_id, detail, user_agent, previous_hash, entry_hash, hash_scheme,"
    " key_id) VALUES (%s, %s, %s, 'view', 'person', '1', 'replaced', '', %s, %s, 2, %s)"
)
REPLACE_ATTEMPTS = {
    "sqlite": {
        "insert or replace, same id": ("INSERT OR REPLACE INTO access_accesslogentry " + _REPLACEMENT_COLUMNS, "id"),
        "replace into, same id": ("REPLACE INTO access_accesslogentry " + _REPLACEMENT_COLUMNS, "id"),
        "insert or replace, same hash": (
            "INSERT OR REPLACE INTO access_accesslogentry " + _REPLACEMENT_COLUMNS,
            "entry_hash",
        ),
        "upsert on id": (
            "INSERT INTO access_accesslogentry " + _REPLACEMENT_COLUMNS + " ON CONFLICT(id) DO UPDATE SET detail = 'x'",
            "id",
        ),
        "upsert on hash": (
            "INSERT INTO access_accesslogentry "
            + _REPLACEMENT_COLUMNS
            + " ON CONFLICT(entry_hash) DO UPDATE SET detail = 'x'",
            "entry_hash",
        ),
    },
    "postgresql": {
        "upsert on id": (
            "INSERT INTO access_accesslogentry "
            + _REPLACEMENT_COLUMNS
            + " ON CONFLICT (id) DO UPDATE SET detail = 'x'",
            "id",
        ),
        "upsert on hash": (
            "INSERT INTO access_accesslogentry "
            + _REPLACEMENT_COLUMNS
            + " ON CONFLICT (entry_hash) DO UPDATE SET detail = 'x'",
            "entry_hash",
        ),
    },
}[connection.vendor]


@pytest.mark.parametrize("attempt", REPLACE_ATTEMPTS)
def test_the_database_refuses_to_replace_an_entry(attempt: str, log: list[AccessLogEntry]) -> None:
    statement, clash = REPLACE_ATTEMPTS[attempt]
    target = log[1]
    entry_id = target.pk if clash == "id" else log[-1].pk + 100
    entry_hash = target.entry_hash if clash == "entry_hash" else "r" * 64
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            statement,
            [entry_id, timezone.now(), target.user_id, target.previous_hash, entry_hash, target.key_id],
        )
    assert AccessLogEntry.objects.get(pk=target.pk).detail == target.detail
    assert not AccessLogEntry.objects.filter(detail__in=["replaced", "x"]).exists()
    assert verify().startswith("Access log chain intact")


UNPROTECTING = [
    "UPDATE access_accesslogentry SET detail = 'changed'",
    "DELETE FROM access_accesslogentry",
    "TRUNCATE access_accesslogentry",
    "ALTER TABLE access_accesslogentry DISABLE TRIGGER USER",
    "DROP TRIGGER access_log_no_update_or_delete ON access_accesslogentry",
    "DROP TABLE access_accesslogentry CASCADE",
    "SET session_replication_role = replica",
    "INSERT INTO access_accesslogentry (id, at, user_id, action, record_type, record_id, detail, user_agent,"
    " previous_hash, entry_hash) SELECT id, at, user_id, action, record_type, record_id, detail, user_agent,"
    " previous_hash, entry_hash FROM access_accesslogentry ON CONFLICT (id) DO UPDATE SET detail = 'changed'",
]


def test_the_application_role_may_only_read_and_append_to_the_log(world: World, log: list[AccessLogEntry]) -> None:
    if connection.vendor != "postgresql":
        # No roles on SQLite: the triggers are the whole defence in the database, and the key behind the chain.
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("access_log_grant_app_role", "casemap_app")
        for statement in ("UPDATE access_accesslogentry SET detail = 'changed'", "DELETE FROM access_accesslogentry"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(statement)
        return
    role = f"casemap_app_test_{os.getpid()}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE ROLE {role} NOLOGIN")
        try:
            with transaction.atomic():
                out = StringIO()
                call_command("access_log_grant_app_role", role, stdout=out)
                assert "cannot change, remove or unprotect it" in out.getvalue()
                cursor.execute(f"SET ROLE {role}")
                appended = append(world, "as the application role")
                assert AccessLogEntry.objects.filter(pk=appended.pk).exists()
                for statement in UNPROTECTING:
                    with pytest.raises(DatabaseError, match=r"permission denied|must be owner"), transaction.atomic():
                        cursor.execute(statement)
                cursor.execute("RESET ROLE")
            # The test database's owner is what the application must not run as.
            with pytest.raises(CommandError, match=r"it has UPDATE on the access log.*it is a superuser"):
                call_command("access_log_grant_app_role", connection.settings_dict["USER"], "--check")
        finally:
            cursor.execute("RESET ROLE")
            cursor.execute(f"DROP OWNED BY {role}")
            cursor.execute(f"DROP ROLE {role}")
    assert verify().startswith("Access log chain intact")
