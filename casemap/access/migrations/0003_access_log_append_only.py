"""The database itself refuses to change or remove access-log rows, whatever the application does."""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
    """CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_accesslogentry
       BEGIN SELECT RAISE(ABORT, 'the access log is append-only'); END""",
]
SQLITE_BACKWARD = ["DROP TRIGGER access_log_no_update", "DROP TRIGGER access_log_no_delete"]

POSTGRESQL_FORWARD = [
    """CREATE FUNCTION access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'the access log is append-only'; END $$""",
    """CREATE TRIGGER access_log_no_update_or_delete BEFORE UPDATE OR DELETE ON access_accesslogentry
       FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change()""",
    """CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_accesslogentry
       FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change()""",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER access_log_no_truncate ON access_accesslogentry",
    "DROP TRIGGER access_log_no_update_or_delete ON access_accesslogentry",
    "DROP FUNCTION access_log_refuse_change()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
        )
    ]
