"""Production cannot start unsafe: `check --deploy` fails on demo mode, weak keys or two-factor switched off."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.checks import Error, run_checks
from django.test import override_settings

from casemap.core.checks import check_production_is_safe

ROOT = Path(__file__).resolve().parents[3]
SAFE = {
    "DEMO_MODE": False,
    "SECRET_KEY": "k7Hq2-pZr9Wm4xTn8Lc1Vb6Yf3Gs0Dj5Ea-Qu7Ri2Ow9Pe4Sa1Zx6Cv3Bn8Mk5Jh0",
    "ACCESS_LOG_KEY": "a3f9c1e7b5d2f8a4c6e0b9d7f1a3c5e8",
}


def error_ids(**changes: object) -> list[str]:
    with override_settings(**{**SAFE, **changes}):
        return [message.id for message in check_production_is_safe() if isinstance(message, Error)]


def test_the_safe_configuration_passes() -> None:
    assert error_ids() == []


def test_demo_mode_is_an_error() -> None:
    assert error_ids(DEMO_MODE=True) == ["casemap.E001"]


@pytest.mark.parametrize(
    "secret_key",
    [
        "",
        "insecure-local-key-only-for-development-and-tests",
        "django-insecure-" + "x1y2z3" * 10,
        "short-but-random-9f8e7d",
        "ab" * 40,
    ],
    ids=["missing", "development-default", "django-generated", "too-short", "too-few-characters"],
)
def test_a_missing_or_insecure_secret_key_is_an_error(secret_key: str) -> None:
    assert error_ids(SECRET_KEY=secret_key) == ["casemap.E002"]


@pytest.mark.parametrize(
    "access_log_key",
    ["", "a3f9c1e7b5d2f8a4c6e0b9d7f1a3c5e", None, settings.ACCESS_LOG_DEVELOPMENT_KEY],
    ids=["empty", "31-characters", "not-set", "development-key"],
)
def test_a_missing_or_short_access_log_key_is_an_error(access_log_key: str | None) -> None:
    with override_settings(**SAFE):
        if access_log_key is None:
            del settings.ACCESS_LOG_KEY
        else:
            settings.ACCESS_LOG_KEY = access_log_key
        ids = [message.id for message in check_production_is_safe()]
    assert ids == ["casemap.E003"]


@pytest.mark.parametrize(
    "middleware",
    [
        [name for name in settings.MIDDLEWARE if name != "casemap.accounts.middleware.RequireTwoFactorMiddleware"],
        [name for name in settings.MIDDLEWARE if name != "django_otp.middleware.OTPMiddleware"],
        sorted(settings.MIDDLEWARE, key=lambda name: name != "casemap.accounts.middleware.RequireTwoFactorMiddleware"),
    ],
    ids=["requirement-removed", "otp-removed", "requirement-before-otp"],
)
def test_two_factor_switched_off_is_an_error(middleware: list[str]) -> None:
    assert error_ids(MIDDLEWARE=middleware) == ["casemap.E004"]


def test_the_checks_run_only_with_deploy() -> None:
    with override_settings(**{**SAFE, "DEMO_MODE": True}):
        assert "casemap.E001" in [message.id for message in run_checks(include_deployment_checks=True)]
        assert "casemap.E001" not in [message.id for message in run_checks()]


def test_make_check_deploy_fails_in_demo_mode() -> None:
    env = {**os.environ, "CASEMAP_DEMO_MODE": "true"}
    # -o install: take the virtual environment and built assets as they are, so only the check itself runs.
    make = shutil.which("make")
    assert make is not None
    result = subprocess.run(  # noqa: S603  the project's own Makefile, no outside input
        [make, "--no-print-directory", "-o", "install", "check-deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "(casemap.E001) Demo mode is on" in result.stderr
