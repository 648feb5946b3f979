"""Sign-in lock-out: a username from one address, a username from every address, never an address alone; and the
client's real address."""

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
HOME = "198.51.100.23"
BEHIND_PROXY = override_settings(TRUSTED_PROXY_HEADER="X-Forwarded-For", TRUSTED_PROXY_COUNT=1)
LOCKED_FROM_THIS_ADDRESS = "This username is locked from this address for 30 minutes."
LOCKED_FROM_EVERY_ADDRESS = "This username is locked from every address for 30 minutes"


def sign_in(username: str, password: str = TEST_PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return Client().post(reverse("accounts:sign-in"), {"username": username, "password": password}, **extra)


def fail_from_one_address(username: str, address: str = COUNCIL_PROXY):  # type: ignore[no-untyped-def]
    """AXES_FAILURE_LIMIT wrong passwords from one address; the responses, in order."""
    return [sign_in(username, "not-the-password", REMOTE_ADDR=address) for _ in range(settings.AXES_FAILURE_LIMIT)]


def fail_from_many_addresses(username: str):  # type: ignore[no-untyped-def]
    """USERNAME_FAILURE_LIMIT wrong passwords, each from its own address; the responses, in order."""
    return [
        sign_in(username, "not-the-password", REMOTE_ADDR=f"192.0.2.{number}")
        for number in range(1, settings.USERNAME_FAILURE_LIMIT + 1)
    ]


def _page_without_nonces(response) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def test_the_limits_are_five_from_one_address_and_ten_from_every_address() -> None:
    assert (settings.AXES_FAILURE_LIMIT, settings.USERNAME_FAILURE_LIMIT) == (5, 10)


def test_failures_from_one_address_lock_the_username_there_but_not_from_another_address(world: World) -> None:
    responses = fail_from_one_address("sally", "203.0.113.5")

    assert [response.status_code for response in responses] == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert LOCKED_FROM_THIS_ADDRESS in _page_without_nonces(responses[-1])
    assert sign_in("sally", REMOTE_ADDR="203.0.113.5").status_code == 429
    # The same username, from another address, is not locked.
    assert sign_in("sally", REMOTE_ADDR="203.0.113.6").status_code == 302


def test_failures_spread_over_many_addresses_lock_the_username_from_every_address(world: World) -> None:
    responses = fail_from_many_addresses("sally")

    # Each address saw one failure, far below its limit; the username's own limit locks it on the last.
    assert [response.status_code for response in responses] == [200] * (settings.USERNAME_FAILURE_LIMIT - 1) + [429]
    assert LOCKED_FROM_EVERY_ADDRESS in _page_without_nonces(responses[-1])
    from_a_new_address = sign_in("sally", REMOTE_ADDR=HOME)
    assert from_a_new_address.status_code == 429
    assert LOCKED_FROM_EVERY_ADDRESS in _page_without_nonces(from_a_new_address)
    # Other usernames are not affected, from any of those addresses.
    assert sign_in("tom", REMOTE_ADDR="192.0.2.1").status_code == 302


def test_behind_the_council_proxy_one_persons_failures_lock_only_them_and_only_there(world: World) -> None:
    # Colleagues mistype their passwords through the same proxy, each below the limit...
    for username in ["tom", "dana", "someone-who-does-not-exist"]:
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(username, "not-the-password", REMOTE_ADDR=COUNCIL_PROXY)
    # ...and one person reaches it.
    fail_from_one_address("sally")
    assert AccessAttempt.objects.filter(ip_address=COUNCIL_PROXY).count() == 4

    assert sign_in("sally", REMOTE_ADDR=COUNCIL_PROXY).status_code == 429
    # Everyone else behind the proxy still signs in, and sally can from home.
    assert sign_in("tom", REMOTE_ADDR=COUNCIL_PROXY).status_code == 302
    assert sign_in("dana", REMOTE_ADDR=COUNCIL_PROXY).status_code == 302
    assert sign_in("priya", REMOTE_ADDR=COUNCIL_PROXY).status_code == 302
    assert sign_in("sally", REMOTE_ADDR=HOME).status_code == 302


@pytest.mark.parametrize(
    ("fail", "address", "page_says"),
    [
        (fail_from_one_address, COUNCIL_PROXY, LOCKED_FROM_THIS_ADDRESS),
        (fail_from_many_addresses, "192.0.2.1", LOCKED_FROM_EVERY_ADDRESS),
    ],
    ids=["this-address", "every-address"],
)
def test_the_right_password_does_not_get_through_either_lock(world: World, fail, address: str, page_says: str) -> None:  # type: ignore[no-untyped-def]
    fail("sally")
    client = Client()

    response = client.post(
        reverse("accounts:sign-in"), {"username": "sally", "password": TEST_PASSWORD}, REMOTE_ADDR=address
    )

    assert response.status_code == 429
    assert page_says in _page_without_nonces(response)
    assert "_auth_user_id" not in client.session
    # The try counted as a failure rather than clearing the count, so the lock still holds.
    assert sign_in("sally", REMOTE_ADDR=address).status_code == 429


@pytest.mark.parametrize(
    ("fail", "page_says"),
    [
        (
            fail_from_one_address,
            [
                "There have been 5 or more wrong sign-in attempts for the username <strong>sally</strong> from this "
                "address.",
                LOCKED_FROM_THIS_ADDRESS,
            ],
        ),
        (
            fail_from_many_addresses,
            [
                "There have been 10 or more wrong sign-in attempts for the username <strong>sally</strong>.",
                LOCKED_FROM_EVERY_ADDRESS + ": nobody can sign in with it, from any computer.",
            ],
        ),
    ],
    ids=["this-address", "every-address"],
)
def test_lock_out_page_says_which_lock_applies_and_is_the_same_whether_or_not_the_username_exists(
    world: World,
    fail,
    page_says: list[str],  # type: ignore[no-untyped-def]
) -> None:
    fail("sally")
    fail("nobody-has-this-name")

    existing = sign_in("sally", REMOTE_ADDR=COUNCIL_PROXY)
    unknown = sign_in("nobody-has-this-name", REMOTE_ADDR=COUNCIL_PROXY)

    assert existing.status_code == unknown.status_code == 429
    page = _page_without_nonces(existing)
    for sentence in page_says:
        assert sentence in page
    other_lock = LOCKED_FROM_EVERY_ADDRESS if LOCKED_FROM_THIS_ADDRESS in page_says else LOCKED_FROM_THIS_ADDRESS
    assert other_lock not in page
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
