"""The client's address: the connection's own unless a trusted proxy is configured, never what the client claims."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory, override_settings

from casemap.core.client_address import client_address

PROXY = "10.0.0.1"


def address(*, forwarded: str | None = None, remote: str = PROXY, header: str = "X-Forwarded-For", count: int = 1):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    with override_settings(TRUSTED_PROXY_HEADER=header, TRUSTED_PROXY_COUNT=count):
        return client_address(RequestFactory().get("/", **meta))


def test_without_a_configured_proxy_the_header_is_ignored() -> None:
    assert address(forwarded="203.0.113.7", remote="192.0.2.10", header="") == "192.0.2.10"


@pytest.mark.parametrize(
    ("forwarded", "count", "expected"),
    [
        ("203.0.113.7", 1, "203.0.113.7"),
        # The client sent its own header; the trusted proxy appended the real address on the right.
        ("198.51.100.66, 203.0.113.7", 1, "203.0.113.7"),
        # Two trusted proxies: the outer one appended the client, the inner one the outer proxy.
        ("198.51.100.66, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        ("2001:db8::7", 1, "2001:db8::7"),
    ],
)
def test_behind_trusted_proxies_the_address_they_appended_is_taken(forwarded: str, count: int, expected: str) -> None:
    assert address(forwarded=forwarded, count=count) == expected


@pytest.mark.parametrize(
    ("forwarded", "count"),
    [
        (None, 1),  # the request reached the server without passing through the proxy
        ("203.0.113.7", 2),  # fewer entries than trusted proxies: none of them can be trusted
        ("198.51.100.66, not-an-address", 1),
    ],
)
def test_a_missing_short_or_malformed_header_falls_back_to_the_connection(forwarded: str | None, count: int) -> None:
    assert address(forwarded=forwarded, count=count) == PROXY


def test_the_header_name_is_read_as_configured() -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.7")
    with override_settings(TRUSTED_PROXY_HEADER="X-Real-IP", TRUSTED_PROXY_COUNT=1):
        assert client_address(request) == "203.0.113.7"


def test_no_valid_address_at_all_gives_none() -> None:
    assert address(remote="", header="") is None


def test_settings_refuse_a_proxy_count_below_one() -> None:
    # A count of 0 would take the left-most entry, which the client chooses.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "CASEMAP_TRUSTED_PROXY_COUNT": "0"}
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "CASEMAP_TRUSTED_PROXY_COUNT must be 1 or more" in result.stderr
