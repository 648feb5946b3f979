"""Sign-in lock-out: by username from every address, never by address alone, and the client's real address."""

import re

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append
from casemap.conftest import TEST_PASSWORD, World

pytestmark = pytest.mark.django_db

COUNCIL_PROXY = "10.20.30.40"
BEHIND_PROXY = override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)


def sign_in(username: str, password: str = TEST_PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return Client().post(reverse("accounts:sign-in"), {"username": username, "password": password}, **extra)


def fail_until_locked(username: str, address: str = COUNCIL_PROXY) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(username, "not-the-password", REMOTE_ADDR=address)


def test_a_locked_username_is_locked_everywhere_but_colleagues_behind_the_same_proxy_still_sign_in(
    world: World,
) -> None:
    fail_until_locked("sally")

    # The right password does not get through, from the same address or any other.
    assert sign_in("sally", REMOTE_ADDR=COUNCIL_PROXY).status_code == 429
    assert sign_in("sally", REMOTE_ADDR="192.0.2.99").status_code == 429
    # A colleague coming through the same council proxy is not affected.
    assert sign_in("tom", REMOTE_ADDR=COUNCIL_PROXY).status_code == 302


def test_many_usernames_failing_from_one_address_lock_nobody_else(world: World) -> None:
    for username in ["tom", "dana", "someone-who-does-not-exist", "another-stranger"]:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(username, "not-the-password", REMOTE_ADDR=COUNCIL_PROXY)
    assert AccessAttempt.objects.filter(ip_address=COUNCIL_PROXY).count() == 4

    assert sign_in("sally", REMOTE_ADDR=COUNCIL_PROXY).status_code == 302
    # Each of those usernames is still below its own limit.
    assert sign_in("tom", REMOTE_ADDR=COUNCIL_PROXY).status_code == 302


def _page_without_nonces(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def test_lock_out_page_says_what_is_locked_and_is_the_same_whether_or_not_the_username_exists(world: World) -> None:
    fail_until_locked("sally")
    fail_until_locked("nobody-has-this-name")

    existing = sign_in("sally", REMOTE_ADDR=COUNCIL_PROXY)
    unknown = sign_in("nobody-has-this-name", REMOTE_ADDR=COUNCIL_PROXY)

    assert existing.status_code == unknown.status_code == 429
    page = _page_without_nonces(existing)
    assert "Nobody can sign in with this username, from any computer or address, for 30 minutes." in page
    assert (
        f"{settings.AXES_FAILURE_LIMIT} or more wrong sign-in attempts for the username <strong>sally</strong>" in page
    )
    assert "Other people can still sign in with their own usernames" in page
    assert page.replace("sally", "nobody-has-this-name") == _page_without_nonces(unknown)


@BEHIND_PROXY
def test_lock_out_records_take_the_address_the_trusted_proxy_added(world: World) -> None:
    # The client put its own entry first; the proxy appended the address it really saw.
    through_proxy = {"REMOTE_ADDR": COUNCIL_PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.66, 203.0.113.7"}
    sign_in("sally", "not-the-password", **through_proxy)
    sign_in("tom", **through_proxy)

    assert AccessAttempt.objects.get(username="sally").ip_address == "203.0.113.7"
    assert AccessLog.objects.get(username="tom").ip_address == "203.0.113.7"


def test_a_forwarded_header_is_ignored_unless_a_proxy_is_configured(world: World) -> None:
    spoofed = {"REMOTE_ADDR": "192.0.2.10", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    sign_in("sally", "not-the-password", **spoofed)
    assert AccessAttempt.objects.get(username="sally").ip_address == "192.0.2.10"

    with BEHIND_PROXY:
        sign_in("tom", "not-the-password", **spoofed)
    assert AccessAttempt.objects.get(username="tom").ip_address == "203.0.113.7"


def test_the_access_log_records_the_client_address_and_ignores_an_unconfigured_header(
    world: World, rf: RequestFactory
) -> None:
    request = rf.get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR="198.51.100.66, 203.0.113.7")

    def logged_address() -> str | None:
        entry = access_log_append(
            user=world.worker, action=AccessAction.VIEW, record_type="person", person=world.child, request=request
        )
        return entry.ip_address

    assert logged_address() == "192.0.2.10"
    with BEHIND_PROXY:
        assert logged_address() == "203.0.113.7"
