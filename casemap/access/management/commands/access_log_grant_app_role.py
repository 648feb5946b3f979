"""Give PostgreSQL's application role what it needs, and on the access log only SELECT and INSERT.

Run as the migration role (the owner of the tables, which runs `manage.py migrate`). The application role
must not own the tables: an owner can disable the append-only triggers or drop the table."""

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from casemap.access.models import AccessLogEntry

ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
LOG_TABLE = AccessLogEntry._meta.db_table
REFUSED_ON_LOG = ("UPDATE", "DELETE", "TRUNCATE", "TRIGGER", "REFERENCES")


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def grant_statements(role: str, schema: str) -> list[str]:
    """Read and write every table, and read and append to the access log only."""
    role_name, schema_name = _quote(role), _quote(schema)
    log_table = f"{schema_name}.{_quote(LOG_TABLE)}"
    return [
        f"GRANT USAGE ON SCHEMA {schema_name} TO {role_name}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema_name} TO {role_name}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema_name} TO {role_name}",
        # Tables made by later migrations (run by this role) are usable without running this again.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema_name} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role_name}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema_name} GRANT USAGE, SELECT ON SEQUENCES TO {role_name}",
        f"REVOKE ALL ON TABLE {log_table} FROM PUBLIC",
        f"REVOKE ALL ON TABLE {log_table} FROM {role_name}",
        f"GRANT SELECT, INSERT ON TABLE {log_table} TO {role_name}",
    ]


def role_problems(role: str, schema: str) -> list[str]:
    """Why the role could change or unprotect the access log, or cannot append to it; empty when it is right."""
    privileges = ("SELECT", "INSERT", *REFUSED_ON_LOG)
    table = f"{_quote(schema)}.{_quote(LOG_TABLE)}"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolsuper, r.rolcreaterole, pg_has_role(r.oid, c.relowner, 'MEMBER'), "
            "pg_has_role(r.oid, n.nspowner, 'MEMBER'), has_any_column_privilege(r.oid, c.oid, 'UPDATE'), "
            "array[" + ", ".join(["has_table_privilege(r.oid, c.oid, %s)"] * len(privileges)) + "] "
            "FROM pg_roles r, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE r.rolname = %s AND c.oid = to_regclass(%s)",
            [*privileges, role, table],
        )
        row = cursor.fetchone()
    if row is None:
        return [f"there is no role {role} or no table {table}"]
    superuser, creates_roles, owns_table, owns_schema, updates_a_column, held = row
    has = dict(zip(privileges, held, strict=True))
    problems = [f"it may not {privilege} the access log" for privilege in ("SELECT", "INSERT") if not has[privilege]]
    problems += [f"it has {privilege} on the access log" for privilege in REFUSED_ON_LOG if has[privilege]]
    if updates_a_column and not has["UPDATE"]:
        problems.append("it may UPDATE some columns of the access log")
    if superuser:
        problems.append("it is a superuser")
    if creates_roles:
        problems.append("it has CREATEROLE, so it could make itself a member of the owner")
    if owns_table:
        problems.append("it owns the access log (or is a member of its owner), so it could disable the triggers")
    if owns_schema:
        problems.append("it owns the schema (or is a member of its owner), so it could drop the access log")
    return problems


class Command(BaseCommand):
    help = (
        "PostgreSQL: grant the application role read and write on every table but only SELECT and INSERT on the "
        "access log, then check it cannot change, remove or unprotect the log. Run as the migration role."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="the application role, made beforehand with CREATE ROLE ... LOGIN")
        parser.add_argument("--sql", action="store_true", help="print the statements instead of running them")
        parser.add_argument("--check", action="store_true", help="only check the role's privileges")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "Database roles are a PostgreSQL matter. On SQLite the triggers alone keep the access log "
                "append-only, and anyone who can write the database file can remove them (docs/access-log.md)."
            )
        role = options["role"]
        if not ROLE_NAME.fullmatch(role):
            raise CommandError("A role name here is lower-case letters, digits and underscores.")
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_schema()")
            (schema,) = cursor.fetchone()
        statements = grant_statements(role, schema)
        if options["sql"]:
            self.stdout.write(";\n".join(statements) + ";")
            return
        if not options["check"]:
            with transaction.atomic(), connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        problems = role_problems(role, schema)
        if problems:
            raise CommandError(f"The role {role} is not safe to run the application: " + "; ".join(problems) + ".")
        self.stdout.write(
            f"The role {role} may read and add to the access log, and cannot change, remove or unprotect it."
        )
