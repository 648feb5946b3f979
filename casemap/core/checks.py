"""Deployment checks (`manage.py check --deploy`): production must not start with any of these unsafe settings.

They are errors, not warnings, so `check --deploy` fails whatever --fail-level is given.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.core.exceptions import ImproperlyConfigured

ACCESS_LOG_KEY_MIN_LENGTH = 32
# The same bar as Django's own warning (security.W009), made an error here.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
TWO_FACTOR_MIDDLEWARE = [
    "django_otp.middleware.OTPMiddleware",
    "casemap.accounts.middleware.RequireTwoFactorMiddleware",
]


@register(Tags.security, deploy=True)
def check_production_is_safe(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    if settings.DEMO_MODE:
        errors.append(
            Error(
                "Demo mode is on (CASEMAP_DEMO_MODE): staff could sign in without two-factor.",
                hint="Unset CASEMAP_DEMO_MODE or set it to false.",
                id="casemap.E001",
            )
        )
    if not _secret_key_is_strong():
        errors.append(
            Error(
                "SECRET_KEY is missing, a development key, or too short to be secret.",
                hint=f"Set SECRET_KEY to a random string of at least {SECRET_KEY_MIN_LENGTH} characters.",
                id="casemap.E002",
            )
        )
    if not _access_log_key_is_set():
        errors.append(
            Error(
                "The access-log key is missing, the development key, or too short (CASEMAP_ACCESS_LOG_KEY).",
                hint=f"Set it to a random string of at least {ACCESS_LOG_KEY_MIN_LENGTH} characters.",
                id="casemap.E003",
            )
        )
    if not _two_factor_middleware_installed():
        errors.append(
            Error(
                "Two-factor sign-in is not enforced: its middleware is missing or out of order.",
                hint="MIDDLEWARE must include " + ", then ".join(TWO_FACTOR_MIDDLEWARE) + ".",
                id="casemap.E004",
            )
        )
    return errors


def _secret_key_is_strong() -> bool:
    try:
        key = settings.SECRET_KEY
    except ImproperlyConfigured:  # Django refuses to read an empty SECRET_KEY
        return False
    return (
        len(key) >= SECRET_KEY_MIN_LENGTH
        and len(set(key)) >= SECRET_KEY_MIN_UNIQUE_CHARACTERS
        # Django's generated development keys and base.py's default both say so.
        and "insecure" not in key.lower()
    )


def _access_log_key_is_set() -> bool:
    key = getattr(settings, "ACCESS_LOG_KEY", "") or ""
    return len(key) >= ACCESS_LOG_KEY_MIN_LENGTH and key != getattr(settings, "ACCESS_LOG_DEVELOPMENT_KEY", None)


def _two_factor_middleware_installed() -> bool:
    # The OTP middleware marks a verified session; the requirement middleware reads that mark, so must come after.
    positions = [settings.MIDDLEWARE.index(name) for name in TWO_FACTOR_MIDDLEWARE if name in settings.MIDDLEWARE]
    return len(positions) == len(TWO_FACTOR_MIDDLEWARE) and positions == sorted(positions)
