"""The service navigation at the top of every signed-in page: which links each role is offered, and which is the
page being looked at. Written in Python because every page draws it: as template tags, its ten links and their
conditions cost about half a millisecond a page."""

from collections.abc import Callable
from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from casemap.accounts.models import Role, User

NOT_IN_PRACTICE = {Role.DATA_OFFICER, Role.ADMINISTRATOR}


def _everyone(user: User) -> bool:
    return True


def _managers(user: User) -> bool:
    return user.is_manager


def _in_practice(user: User) -> bool:
    return user.role not in NOT_IN_PRACTICE


def _data_officers(user: User) -> bool:
    return user.role == Role.DATA_OFFICER


LINKS: tuple[tuple[str, str, Callable[[User], bool]], ...] = (
    ("cases:my-caseload", "My caseload", _everyone),
    ("cases:team-caseload", "Team caseload", _managers),
    ("handoffs:queue", "Waiting for you", _managers),
    ("supervision:home", "Supervision", _in_practice),
    ("quality:home", "Audit", _in_practice),
    ("library:index", "Good practice", _everyone),
    ("feedback:results", "Feedback", _everyone),
    ("people:search", "Find a person", _everyone),
    ("cases:referral-new", "New referral", _everyone),
    ("returns:index", "Statutory returns", _data_officers),
)


@cache
def _address(url_name: str, script_prefix: str) -> str:
    return reverse(url_name)


LINK = '<li class="govuk-service-navigation__item"><a class="govuk-service-navigation__link" href="{}">{}</a></li>'
CURRENT_LINK = (
    '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
    '<a class="govuk-service-navigation__link" href="{}" aria-current="page">{}</a></li>'
)


def navigation_items(user: User, path: str) -> SafeString:
    """The list's items for this user, the current page marked for the eye and for screen readers."""
    items = []
    for url_name, text, offered_to in LINKS:
        if offered_to(user):
            address = _address(url_name, get_script_prefix())
            items.append((format_html(CURRENT_LINK if address == path else LINK, address, text),))
    return format_html_join("\n", "{}", items)
