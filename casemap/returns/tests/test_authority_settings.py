"""The authority's DfE number and ONS code: strict at start-up, required before anything is exported."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from casemap.returns.checks import check_authority_is_named
from config.env import env_matching

LA_NUMBER_PATTERN = r"[0-9]{3}"


def start_up(**variables: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **variables}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("CASEMAP_LA_NUMBER", "12"),
        ("CASEMAP_LA_NUMBER", "2020"),
        ("CASEMAP_LA_NUMBER", "abc"),
        ("CASEMAP_LA_CODE", "E0900000"),
        ("CASEMAP_LA_CODE", "W06000001"),
        ("CASEMAP_LA_CODE", "E07000001"),
    ],
)
def test_a_malformed_value_stops_start_up_with_a_clear_message(variable: str, value: str) -> None:
    result = start_up(**{variable: value})
    assert result.returncode != 0
    assert f"{variable} must be the authority's" in result.stderr
    assert repr(value) in result.stderr


def test_good_values_start() -> None:
    result = start_up(CASEMAP_LA_NUMBER="202", CASEMAP_LA_CODE="E09000007")
    assert result.returncode == 0, result.stderr


def test_the_reader_trims_and_leaves_unset_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASEMAP_LA_NUMBER", " 202 ")
    assert env_matching("CASEMAP_LA_NUMBER", LA_NUMBER_PATTERN, "three digits") == "202"
    monkeypatch.delenv("CASEMAP_LA_NUMBER")
    assert env_matching("CASEMAP_LA_NUMBER", LA_NUMBER_PATTERN, "three digits") == ""
    monkeypatch.setenv("CASEMAP_LA_NUMBER", "\uff12\uff10\uff12")  # full-width digits are not the DfE's digits
    with pytest.raises(ImproperlyConfigured):
        env_matching("CASEMAP_LA_NUMBER", LA_NUMBER_PATTERN, "three digits")


def test_the_deploy_check_refuses_an_unnamed_authority() -> None:
    with override_settings(LA_NUMBER="", LA_CODE=""):
        errors = check_authority_is_named()
    assert [error.id for error in errors] == ["casemap.returns.E001", "casemap.returns.E002"]
    assert "CASEMAP_LA_NUMBER" in errors[0].msg
    with override_settings(LA_NUMBER="202", LA_CODE="E09000007"):
        assert check_authority_is_named() == []
