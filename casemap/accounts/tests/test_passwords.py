"""Passwords are hashed with Argon2id at the costs the settings give, and a password hashed otherwise is hashed again
at its next sign-in."""

import os
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password
from django.test import Client, override_settings

from casemap.conftest import World
from config.settings import base

PRODUCTION_HASHERS = base.PASSWORD_HASHERS
OWASP_FIRST_SETTINGS = "argon2$argon2id$v=19$m=19456,t=2,p=1$"


def start_up(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **variables}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )


def test_a_new_password_is_hashed_with_19_mib_2_passes_and_1_lane_by_default() -> None:
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        hashed = make_password("a long passphrase")
        assert hashed.startswith(OWASP_FIRST_SETTINGS)
        assert check_password("a long passphrase", hashed)
        assert not check_password("another passphrase", hashed)


def test_the_costs_come_from_the_settings() -> None:
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS, ARGON2_MEMORY_KIB=47_104, ARGON2_TIME_COST=1):
        assert make_password("a long passphrase").startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")


def test_a_password_hashed_at_djangos_default_costs_still_signs_in_and_is_hashed_again(
    world: World, client: Client
) -> None:
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        world.worker.password = Argon2PasswordHasher().encode("a long passphrase", Argon2PasswordHasher().salt())
        world.worker.save(update_fields=["password"])
        assert "m=102400,t=2,p=8" in world.worker.password
        response = client.post("/sign-in/", {"username": world.worker.username, "password": "a long passphrase"})
        assert response.status_code == 302
        world.worker.refresh_from_db()
        assert world.worker.password.startswith(OWASP_FIRST_SETTINGS)


@pytest.mark.parametrize(
    ("memory_kib", "passes"),
    [("8192", "2"), ("19456", "1"), ("4096", "9")],
)
def test_costs_weaker_than_owasps_least_stop_start_up(memory_kib: str, passes: str) -> None:
    result = start_up(CASEMAP_ARGON2_MEMORY_KIB=memory_kib, CASEMAP_ARGON2_TIME_COST=passes)
    assert result.returncode != 0
    assert "Argon2" in result.stderr
    assert "OWASP" in result.stderr


def test_owasps_other_settings_start() -> None:
    result = start_up(CASEMAP_ARGON2_MEMORY_KIB="47104", CASEMAP_ARGON2_TIME_COST="1")
    assert result.returncode == 0, result.stderr
