"""Suite-wide rules. Under CI a skipped test is a failure: a browser or PostgreSQL test that
did not run has not passed."""

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

# Generated cases are checked for what they find, not how fast: a busy machine (CI beside other work) can take a
# single example past Hypothesis's 200 ms deadline, which would fail a test that found nothing wrong.
hypothesis_settings.register_profile("casemap", deadline=None)
hypothesis_settings.load_profile("casemap")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres_operations: needs PostgreSQL; runs in the PostgreSQL run only")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Backup and durability tests need PostgreSQL. On SQLite they are deselected, not skipped: the suite's
    PostgreSQL run is where they run, once."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    deselected = [item for item in items if item.get_closest_marker("postgres_operations")]
    if not deselected:
        return
    config.hook.pytest_deselected(items=deselected)
    items[:] = [item for item in items if not item.get_closest_marker("postgres_operations")]
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"{len(deselected)} PostgreSQL operations test(s) left for the PostgreSQL run.")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not os.environ.get("CI"):
        return
    skipped = len(reporter.stats.get("skipped", []))
    if skipped:
        reporter.write_line(f"CI: {skipped} test(s) were skipped; under CI every test must run.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session", autouse=True)
def _flush_by_deleting_rows_on_postgresql() -> Iterator[None]:
    """A transactional test (the browser tests are) ends with Django flushing every table: on PostgreSQL one
    TRUNCATE of some 210 tables, which makes each table's files anew, about 2 s a test on this disk. Deleting the
    rows takes about 0.1 s and leaves the same: every table empty, sequences where TRUNCATE leaves them (Django
    restarts them only when asked, and then the TRUNCATE is kept). Django's foreign keys on PostgreSQL are checked
    at commit, and the flush is one transaction, so the order of the deletes does not matter."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def delete_rows(
        self: DatabaseOperations,
        style: Any,
        tables: list[str],
        *,
        reset_sequences: bool = False,
        allow_cascade: bool = False,
    ) -> list[str]:
        if reset_sequences or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", delete_rows)
        yield


@pytest.fixture(scope="session", autouse=True)
def _end_other_sessions_on_the_test_database(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The browser tests' live server thread can keep a PostgreSQL connection open, and PostgreSQL will not drop
    a database that is in use, so each run would leave its test database behind. End those sessions first."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
