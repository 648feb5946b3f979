import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from casemap.core.drafts import keep_draft

LAST_ACTIVITY_KEY = "casemap_last_activity"
# Writing the session on every request would cost a database write per page: a minute's slack is enough.
ACTIVITY_WRITE_INTERVAL = 60


class IdleTimeoutMiddleware:
    """End the session after IDLE_TIMEOUT_SECONDS without a request, keeping any form being submitted."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_ACTIVITY_KEY)
            if last is not None and now - last > settings.IDLE_TIMEOUT_SECONDS:
                return self._time_out(request)
            if last is None or now - last > ACTIVITY_WRITE_INTERVAL:
                request.session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)

    def _time_out(self, request: HttpRequest) -> HttpResponse:
        params = {"next": request.path, "timed_out": "1"}
        if request.method == "POST":
            draft = keep_draft(request=request)
            params["next"] = f"{request.path}?draft={draft.pk}"
            params["kept"] = "1"
        logout(request)
        return HttpResponseRedirect(f"{reverse('accounts:sign-in')}?{urlencode(params)}")


TWO_FACTOR_EXEMPT_PREFIXES = ("/sign-in", "/sign-out", "/signed-out", "/two-factor", "/static/")


class RequireTwoFactorMiddleware:
    """Outside demo mode, a signed-in user must pass a TOTP check before any other page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            not settings.DEMO_MODE
            and user.is_authenticated
            and not user.is_verified()  # type: ignore[union-attr]
            and not request.path.startswith(TWO_FACTOR_EXEMPT_PREFIXES)
        ):
            return HttpResponseRedirect(
                f"{reverse('accounts:two-factor')}?{urlencode({'next': request.get_full_path()})}"
            )
        return self.get_response(request)
