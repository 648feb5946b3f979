"""The library on other apps' pages, without those apps importing it (ADR-0004): "Nominate to the good-practice
library" on a map, a safety plan or a booklet, and what waits for the user in the library on their caseload."""

from typing import Any

from django import template
from django.urls import reverse

from casemap.accounts.models import User
from casemap.library.selectors import library_waiting
from casemap.library.services import may_nominate_record
from casemap.mapping.models import Map
from casemap.safety.models import SafetyPlan
from casemap.words.models import WordsAndPicturesBooklet

register = template.Library()

NOMINATE_ROUTES = {Map: "library:nominate-map", SafetyPlan: "library:nominate-plan",
                   WordsAndPicturesBooklet: "library:nominate-booklet"}  # fmt: skip


@register.inclusion_tag("library/_nominate_link.html")
def nominate_link(record: Map | SafetyPlan | WordsAndPicturesBooklet, user: User) -> dict[str, Any]:
    if not may_nominate_record(user, record):
        return {"show": False}
    return {"show": True, "url": reverse(NOMINATE_ROUTES[type(record)], args=[record.pk])}


@register.inclusion_tag("library/_caseload_panel.html")
def library_waiting_panel(user: User) -> dict[str, Any]:
    waiting = library_waiting(user)
    return {"show": waiting.anything, "waiting": waiting}
