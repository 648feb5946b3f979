"""Keyed hashes of every column (hash_scheme 2), and the database refuses REPLACE as well as UPDATE and DELETE.

Rows written before this migration keep their unkeyed hashes and read as hash_scheme 1: an append-only log is
never re-hashed, and each row is checked by its own scheme (docs/access-log.md).

SQLite's REPLACE (INSERT OR REPLACE, REPLACE INTO) deletes the clashing row and inserts another without firing the
delete trigger, so a BEFORE INSERT trigger refuses any row whose id or hash is already there. An upsert (INSERT ...
ON CONFLICT DO UPDATE) runs the update trigger, on SQLite and PostgreSQL alike, so it is refused already.

On SQLite, adding a column rebuilds the table, and the rebuild drops its triggers: this migration makes them all again.
"""

import importlib

from django.db import migrations, models

_APPEND_ONLY = importlib.import_module("casemap.access.migrations.0003_access_log_append_only")

SQLITE_REFUSE_REPLACE = [
    """CREATE TRIGGER access_log_no_replace BEFORE INSERT ON access_accesslogentry
       WHEN EXISTS (SELECT 1 FROM access_accesslogentry WHERE id = NEW.id OR entry_hash = NEW.entry_hash)
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
]
# Every trigger that keeps the table append-only on SQLite from this migration on, to drop and make again.
SQLITE_TRIGGER_NAMES = ["access_log_no_update", "access_log_no_delete", "access_log_no_replace"]
SQLITE_DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGER_NAMES]
SQLITE_FORWARD = _APPEND_ONLY.SQLITE_FORWARD + SQLITE_REFUSE_REPLACE


def _on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def refuse_to_unkey(apps, schema_editor):
    # Without the scheme column, keyed rows would be checked as unkeyed ones and the chain would read as broken.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM access_accesslogentry WHERE hash_scheme <> 1 LIMIT 1")
        if cursor.fetchone() is not None:
            raise RuntimeError(
                "The access log has keyed entries: migrating back past 0004 would make them unverifiable."
            )


class Migration(migrations.Migration):
    dependencies = [("access", "0003_access_log_append_only")]

    operations = [
        # Undone last when migrating back: removing the columns rebuilds the table again, so 0003's triggers
        # are made again here.
        migrations.RunPython(
            migrations.RunPython.noop,
            _on_sqlite(SQLITE_DROP + _APPEND_ONLY.SQLITE_FORWARD),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="hash_scheme",
            field=models.PositiveSmallIntegerField(
                choices=[
                    (1, "SHA-256 of nine columns, without a key (rows written before keyed hashing)"),
                    (2, "HMAC-SHA256 of every column, keyed from the environment"),
                ],
                db_default=1,
            ),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="key_id",
            field=models.CharField(blank=True, db_default="", max_length=16),
        ),
        migrations.RunPython(
            _on_sqlite(SQLITE_DROP + SQLITE_FORWARD),
            _on_sqlite(["DROP TRIGGER IF EXISTS access_log_no_replace"]),
        ),
        migrations.RunPython(migrations.RunPython.noop, refuse_to_unkey),
    ]
