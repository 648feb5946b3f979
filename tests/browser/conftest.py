"""Browser fixtures: one headless Debian Chromium per session, and a fresh browser context per page.

The world (teams, personas, the Cooper case) is casemap/conftest.py's `world` fixture, built through the
real services. Helpers for signing in and for axe-core are in support.py.

A browser test ends quietly: its pages finish their requests and close, then the live server is closed to new
requests and waits for any still running, and only then is the database flushed. A request still writing while
the flush truncates the tables can deadlock with it on PostgreSQL and leave the next test rows it did not make.
"""

import contextlib
import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from pytest_django.plugin import blocking_manager_key

from casemap.conftest import client_for, world  # noqa: F401  (makes these fixtures available under tests/)
from tests.browser.live_server import RequestGate
from tests.browser.support import AxeAudit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous, so a busy machine (CI runs beside other work) is not taken for a broken page; a page that never answers
# still fails the test.
TIMEOUT_MS = 30_000
# How long a finished test's pages may take to finish their requests, and the live server its running requests.
SETTLE_MS = 5_000
DRAIN_SECONDS = 30

_APPEND_ONLY_MIGRATION = importlib.import_module("casemap.access.migrations.0003_access_log_append_only")
LIFT_APPEND_ONLY = {
    "sqlite": ["DROP TRIGGER IF EXISTS access_log_no_update", "DROP TRIGGER IF EXISTS access_log_no_delete"],
    "postgresql": ["ALTER TABLE access_accesslogentry DISABLE TRIGGER USER"],
}
RESTORE_APPEND_ONLY = {
    "sqlite": _APPEND_ONLY_MIGRATION.SQLITE_FORWARD,
    "postgresql": ["ALTER TABLE access_accesslogentry ENABLE TRIGGER USER"],
}


def _execute(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _flush_leftovers(blocker: Any) -> None:
    """After a failed flush: end every other session on the test database and flush again, so the next test
    starts from an empty database whatever this one left."""
    with blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
        _execute(LIFT_APPEND_ONLY.get(connection.vendor, []))
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _append_only_lifted_for_the_flush(transactional_db: None, django_db_blocker: Any) -> Iterator[None]:
    """A transactional test (the live server needs one) ends by flushing every table, but the database refuses
    to delete or truncate access-log rows. Lift that rule just before the flush: this fixture is set up after the
    database, so it is torn down after the test's pages have closed and the live server has drained, and before
    the flush. The rule is put back once the flush is done (pytest_runtest_teardown below)."""
    yield
    with django_db_blocker.unblock():
        _execute(LIFT_APPEND_ONLY.get(connection.vendor, []))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """After the flush, put the append-only rule back. If the flush failed, flush again first, so the next test
    starts from an empty database, then report the failure."""
    blocker = item.config.stash[blocking_manager_key]
    try:
        return (yield)
    except BaseException:
        if nextitem is not None:
            _flush_leftovers(blocker)
        raise
    finally:
        # After the session's last test the test database has been destroyed: there is nothing to restore.
        if nextitem is not None:
            with blocker.unblock():
                _execute(RESTORE_APPEND_ONLY.get(connection.vendor, []))


expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"Browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop on this thread, so Django would refuse ORM calls from the
    # test itself (building data, reading the TOTP device). Those calls are plain synchronous code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def request_gate(live_server: Any) -> RequestGate:
    """Installed once on the session's live server; each browser test opens it and closes it again."""
    httpd = live_server.thread.httpd
    shared_connection = connection.vendor == "sqlite" and connection.is_in_memory_db()
    gate = RequestGate(httpd.get_app(), one_at_a_time=shared_connection)
    httpd.set_app(gate)
    return gate


@pytest.fixture
def new_context(browser: Any, live_server: Any, request_gate: RequestGate) -> Iterator[Callable[..., Any]]:
    """Open a fresh browser context (its own cookies) on the live server.

    At the end of the test every page waits for its requests to finish and every context is closed; then the
    live server refuses new requests and waits for those still running, before the database is flushed."""
    request_gate.open()
    contexts: list[Any] = []

    def open_context(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        for page in context.pages:
            # A page still busy after that is closed all the same: the gate then waits for its requests.
            with contextlib.suppress(PlaywrightError):
                page.wait_for_load_state("networkidle", timeout=SETTLE_MS)
        context.close()
    request_gate.close_and_drain(DRAIN_SECONDS)


@pytest.fixture
def new_page(new_context: Callable[..., Any]) -> Callable[..., Any]:
    """Open a page in a fresh browser context.

    bypass_csp lets axe-core be injected; the app still sends its strict CSP unchanged, and
    test_content_security_policy.py opens pages with enforce_csp=True to check they work under it."""

    def open_page(*, javascript: bool = True, enforce_csp: bool = False) -> Any:
        return new_context(bypass_csp=not enforce_csp, java_script_enabled=javascript).new_page()

    return open_page


@pytest.fixture
def axe_audit() -> AxeAudit:
    return AxeAudit()
