"""Questions a page asks the access policy more than once, answered once while the page is read.

A child's record asks "which of this child's cases may the user see?" in every panel (cases, practice fidelity,
voice, network, Words and Pictures), and each time Django builds and PostgreSQL plans the whole visibility rule
again. While a GET or HEAD request runs, `answered_once` keeps the first answer for the rest of it. Requests that
change something get no memory, nor does code outside a request (commands, tests calling selectors), so nothing
read before a change is reused after it.
"""

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from typing import TypeVar

from django.http import HttpRequest, HttpResponse

_Answer = TypeVar("_Answer")
_answers: ContextVar[dict[Hashable, object] | None] = ContextVar("casemap_page_answers", default=None)

READING_METHODS = {"GET", "HEAD"}


class PageAnswersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in READING_METHODS:
            return self.get_response(request)
        token = _answers.set({})
        try:
            return self.get_response(request)
        finally:
            _answers.reset(token)


def answered_once(key: Hashable, ask: Callable[[], _Answer]) -> _Answer:
    """`ask()`, or its answer already given while this page is read."""
    answers = _answers.get()
    if answers is None:
        return ask()
    if key not in answers:
        answers[key] = ask()
    return answers[key]  # type: ignore[return-value]
