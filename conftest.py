"""Suite-wide rules. Under CI a skipped test is a failure: a browser or PostgreSQL test that
did not run has not passed."""

import os

import pytest


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not os.environ.get("CI"):
        return
    skipped = len(reporter.stats.get("skipped", []))
    if skipped:
        reporter.write_line(f"CI: {skipped} test(s) were skipped; under CI every test must run.", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
