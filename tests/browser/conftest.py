"""Browser fixtures: one headless Debian Chromium per session, and a fresh browser context per page.

The world (teams, personas, the Cooper case) is casemap/conftest.py's `world` fixture, built through the
real services. Helpers for signing in and for axe-core are in support.py.
"""

import importlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from pytest_django.plugin import blocking_manager_key

from casemap.conftest import world  # noqa: F401  (makes the `world` fixture available under tests/)
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
TIMEOUT_MS = 10_000

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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A transactional test (the live server needs one) ends by flushing every table, but the database
    refuses to delete or truncate access-log rows. Lift that rule for the flush only, then put it back."""
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return (yield)
    blocker = item.config.stash[blocking_manager_key]
    with blocker.unblock():
        _execute(LIFT_APPEND_ONLY.get(connection.vendor, []))
    try:
        return (yield)
    finally:
        # After the session's last test the test database has been destroyed: there is nothing to restore.
        if nextitem is not None:
            with blocker.unblock():
                _execute(RESTORE_APPEND_ONLY.get(connection.vendor, []))


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


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh browser context, with its own cookies.

    bypass_csp lets axe-core be injected; the app still sends its strict CSP unchanged, and
    test_content_security_policy.py opens pages with enforce_csp=True to check they work under it."""
    contexts = []

    def open_page(*, javascript: bool = True, enforce_csp: bool = False) -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            bypass_csp=not enforce_csp,
            java_script_enabled=javascript,
            locale="en-GB",
        )
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def axe_audit() -> AxeAudit:
    return AxeAudit()
