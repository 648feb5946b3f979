"""Asking a manager to sign off a version of a booklet, and the manager's decision (casemap/handoffs)."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from casemap.handoffs.views import ask_for_sign_off, decide_sign_off
from casemap.words import services
from casemap.words.selectors import get_booklet_for_user
from casemap.words.views.common import request_user


@require_http_methods(["GET", "POST"])
def ask_sign_off(request: HttpRequest, booklet_id: int) -> HttpResponse:
    return ask_for_sign_off(request, get_booklet_for_user(request_user(request), booklet_id))


@require_http_methods(["GET", "POST"])
def sign_off(request: HttpRequest, booklet_id: int) -> HttpResponse:
    booklet = get_booklet_for_user(request_user(request), booklet_id)
    return decide_sign_off(
        request,
        booklet,
        sign_off=lambda version, reasons, data: services.booklet_sign_off(
            acting_user=request_user(request),
            booklet=booklet,
            expected_version=version,
            reasons=reasons,
            request=request,
        ),
    )
