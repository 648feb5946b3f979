"""Sign-in: Argon2, lock-out by username, two-factor, idle time-out that keeps typed work, real sign-out."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from casemap.accounts.middleware import LAST_ACTIVITY_KEY
from casemap.cases.models import CaseNote
from casemap.conftest import TEST_PASSWORD, World

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in(client: Client, username: str, password: str = TEST_PASSWORD, **extra: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:sign-in"), {"username": username, "password": password}, **extra)


def test_passwords_are_hashed_with_argon2_outside_tests() -> None:
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "casemap.accounts.passwords.CasemapArgon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert make_password("a long passphrase").startswith("argon2")


def test_wrong_password_is_refused_in_plain_words(world: World, client: Client, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 4
    response = sign_in(client, "sally", "not-the-password")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your username or password is not right" in page
    # The warning follows the lock-out settings rather than repeating numbers of its own.
    assert "After 4 wrong tries from here, this username will be locked from here for 30 minutes." in page


def test_username_is_locked_after_repeated_failures_from_any_address(world: World) -> None:
    for attempt in range(settings.USERNAME_FAILURE_LIMIT):
        sign_in(Client(), "sally", "wrong", REMOTE_ADDR=f"10.0.0.{attempt + 1}")
    # The right password, from yet another address, is still refused while locked.
    response = sign_in(Client(), "sally", REMOTE_ADDR="10.0.9.9")
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()


def test_two_factor_is_required_before_any_record(world: World, client: Client) -> None:
    device = TOTPDevice.objects.create(user=world.worker, name="phone", confirmed=True)
    response = sign_in(client, "sally")
    assert response.status_code == 302
    record = client.get(reverse("people:detail", args=[world.child.pk]))
    assert record.status_code == 302
    assert record["Location"].startswith(reverse("accounts:two-factor"))
    wrong = client.post(
        reverse("accounts:two-factor"), {"code": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "That security code is not right" in wrong.content.decode()
    too_soon = client.post(reverse("accounts:two-factor"), {"code": current_code(device)})
    assert "Wait a few seconds" in too_soon.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # the wait the message asks for
    client.post(reverse("accounts:two-factor"), {"code": current_code(device)})
    assert client.get(reverse("people:detail", args=[world.child.pk])).status_code == 200


def test_first_sign_in_sets_up_the_authenticator(world: World, client: Client) -> None:
    sign_in(client, "sally")
    page = client.get(reverse("accounts:two-factor"))
    assert "Set up two-factor sign-in" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.worker, confirmed=False)
    client.post(reverse("accounts:two-factor"), {"code": current_code(device)})
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("cases:my-caseload")).status_code == 200


@override_settings(DEMO_MODE=True)
def test_demo_mode_skips_two_factor(world: World, client: Client) -> None:
    sign_in(client, "sally")
    assert client.get(reverse("cases:my-caseload")).status_code == 200


def test_sign_out_ends_the_session_on_the_server(world: World, client_for) -> None:
    client = client_for(world.worker)
    session_key = client.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()
    client.post(reverse("accounts:sign-out"))
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("cases:my-caseload")).status_code == 302


def test_sign_out_is_post_only(world: World, client_for) -> None:
    assert client_for(world.worker).get(reverse("accounts:sign-out")).status_code == 405


def _go_idle(client: Client) -> None:
    session = client.session
    session[LAST_ACTIVITY_KEY] = session.get(LAST_ACTIVITY_KEY, 0) - settings.IDLE_TIMEOUT_SECONDS - 1
    if not session.get(LAST_ACTIVITY_KEY):
        session[LAST_ACTIVITY_KEY] = 1.0
    session.save()


def test_idle_session_times_out(world: World, client_for) -> None:
    client = client_for(world.worker)
    client.get(reverse("cases:my-caseload"))
    _go_idle(client)
    response = client.get(reverse("cases:my-caseload"))
    assert response.status_code == 302
    assert "timed_out=1" in response["Location"]


def test_typed_work_survives_a_time_out(world: World, client_for) -> None:
    client = client_for(world.worker)
    url = reverse("cases:note-new", args=[world.case.pk])
    client.get(url)
    _go_idle(client)
    today = datetime.date.today()
    typed = {
        "kind": "home_visit",
        "occurred_on_day": str(today.day),
        "occurred_on_month": str(today.month),
        "occurred_on_year": str(today.year),
        "children": [str(world.child.pk)],
        "text": "A long visit note written slowly over forty minutes.",
    }
    response = client.post(url, typed)
    assert response.status_code == 302
    assert "kept=1" in response["Location"]
    assert not CaseNote.objects.exists()
    sign_in_page = client.get(response["Location"])
    assert "What you were typing has been kept" in sign_in_page.content.decode()

    # Signing in again (with two-factor) returns to the form, filled in as it was.
    again = client_for(world.worker)
    from urllib.parse import parse_qs, urlparse

    next_url = parse_qs(urlparse(response["Location"]).query)["next"][0]
    restored = again.get(next_url)
    assert "A long visit note written slowly over forty minutes." in restored.content.decode()
    # The draft is the owner's alone: another user cannot open it.
    stranger_view = client_for(world.teammate).get(next_url)
    assert "forty minutes" not in stranger_view.content.decode()
