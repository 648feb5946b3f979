"""Sign-in lock-out with two limits: a username from one address, and a username from every address.

AXES_LOCKOUT_PARAMETERS counts failures for the username, and for the username from this address. Axes compares
every count with the one AXES_FAILURE_LIMIT, and the pair's failures are some of the username's, so on its own it
would lock the username everywhere at that limit. This handler gives each count its own limit:
- the username from this address is locked after AXES_FAILURE_LIMIT failures from this address;
- the username is locked from every address after USERNAME_FAILURE_LIMIT failures from any addresses.
An address alone is never locked: a council's staff all reach us from its proxy's address.
"""

import enum
from typing import Any

from axes.conf import settings  # Django's settings, with axes's defaults filled in
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit, get_lockout_parameters
from axes.signals import user_locked_out
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

USERNAME = ("username",)
USERNAME_FROM_ADDRESS = ("username", "ip_address")


class Lock(enum.Enum):
    THIS_ADDRESS = "this address"
    EVERY_ADDRESS = "every address"


class UsernameAndAddressHandler(AxesDatabaseHandler):
    def lock(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> Lock | None:
        """The lock this request meets, if any; every address first: when both apply, that is the one to tell."""
        if not settings.AXES_LOCK_OUT_AT_FAILURE:
            return None
        failures = self._failures(request, credentials)
        if failures[USERNAME] >= settings.USERNAME_FAILURE_LIMIT:
            return Lock.EVERY_ADDRESS
        if failures[USERNAME_FROM_ADDRESS] >= get_failure_limit(request, credentials):
            return Lock.THIS_ADDRESS
        return None

    def is_locked(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> bool:
        return self.lock(request, credentials) is not None

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        # Axes compares this with AXES_FAILURE_LIMIT when it records a failure: that is the pair's limit.
        return self._failures(request, credentials)[USERNAME_FROM_ADDRESS]

    def user_login_failed(
        self, sender: object, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes has locked the username from this address if the pair reached its limit; the username's limit is ours.
        if request is None or request.axes_locked_out or self.is_whitelisted(request, credentials):  # type: ignore[attr-defined]
            return
        if self.lock(request, credentials) is Lock.EVERY_ADDRESS:
            request.axes_locked_out = True  # type: ignore[attr-defined]
            request.axes_credentials = credentials  # type: ignore[attr-defined]
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
            )

    def _failures(self, request: HttpRequest, credentials: dict[str, Any] | None) -> dict[tuple[str, ...], int]:
        """Recent failures for each entry of AXES_LOCKOUT_PARAMETERS, which must list both counts."""
        parameters = [
            (entry,) if isinstance(entry, str) else tuple(entry)
            for entry in get_lockout_parameters(request, credentials)
        ]
        attempts = self.get_user_attempts(request, credentials)
        return {entry: _sum(matching) for entry, matching in zip(parameters, attempts, strict=True)}


def _sum(attempts: QuerySet[Any]) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The lock-out page, saying which lock applies. It is the same whether or not the username exists."""
    every_address = UsernameAndAddressHandler().lock(request, credentials) is Lock.EVERY_ADDRESS
    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials) or "",
        "every_address": every_address,
        "failure_limit": settings.USERNAME_FAILURE_LIMIT if every_address else get_failure_limit(request, credentials),
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
