"""The plain-language coach beside a page's words: jargon to swap for everyday words, and the reading age.
Hints never stop a save."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from casemap.core.forms import LONG_TEXT
from casemap.words.views.common import changeable_booklet


def page_hints(text: str) -> dict[str, Any]:
    from casemap.core import plain_language

    if not text.strip():
        return {"hints": [], "readability": None}
    return {"hints": plain_language.jargon_hints(text), "readability": plain_language.readability(text)}


@require_POST
def coach(request: HttpRequest, booklet_id: int) -> HttpResponse:
    """htmx: the hints for the words being typed."""
    changeable_booklet(request, booklet_id)
    return render(request, "words/_coach_hints.html", {"coach": page_hints(request.POST.get("text", "")[:LONG_TEXT])})
