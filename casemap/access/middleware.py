"""Refused requests leave a trace in the access log."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from casemap.access.services import access_log_refused_request
from casemap.accounts.models import User

# The policy answers 404 when a record may not be seen (so its existence is not revealed); 403 is any other refusal.
REFUSED_STATUSES = frozenset({403, 404})


class RefusedRequestLogMiddleware:
    """A signed-in user refused a page is logged as DENIED, so probing for records shows in the access log.

    Signed-out requests are not logged: they are redirected to sign in, and a 404 for them reveals nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = request.user
        if (
            response.status_code in REFUSED_STATUSES
            and isinstance(user, User)
            and user.is_authenticated
            and not request.path.startswith(settings.STATIC_URL)
        ):
            access_log_refused_request(user=user, request=request)
        return response
