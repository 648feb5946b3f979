"""Small template helpers for GOV.UK layouts."""

import datetime

from django import template
from django.forms import BoundField, Form
from django.http import QueryDict

from casemap.core.form_markup import GROUPED_WIDGETS
from casemap.core.links import link_to
from casemap.core.navigation import navigation_items

register = template.Library()


@register.simple_tag(takes_context=True)
def service_navigation(context: template.Context) -> str:
    """The links at the top of a signed-in page (casemap/core/navigation.py)."""
    request = context["request"]
    return navigation_items(request.user, request.path)


@register.simple_tag
def link(name: str, *ids: int) -> str:
    """`{% url %}` for a page whose arguments are record ids: its path is worked out once for a process
    (casemap/core/links.py), where `{% url %}` works it out again for every link of every page."""
    return link_to(name, *ids)


@register.simple_tag(takes_context=True)
def sort_query(context: template.Context, column: str) -> str:
    """The query string that sorts a table by `column`, flipping the order if it is already sorted by it."""
    request = context["request"]
    params: QueryDict = request.GET.copy()
    current = params.get("sort", "")
    params["sort"] = f"-{column}" if current == column else column
    params.pop("page", None)
    return params.urlencode()


@register.simple_tag(takes_context=True)
def aria_sort(context: template.Context, column: str) -> str:
    current = context["request"].GET.get("sort", "")
    if current == column:
        return "ascending"
    if current == f"-{column}":
        return "descending"
    return "none"


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    """Look up a dictionary entry by a variable key, which the template language cannot do itself."""
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, number: int) -> str:
    """The current query string (filters and sort) with another page number."""
    params: QueryDict = context["request"].GET.copy()
    params["page"] = str(number)
    return params.urlencode()


@register.filter
def iso_date(value: str) -> str:
    """A date kept as text in a frozen snapshot (2026-11-26), shown as people write it (26 November 2026)."""
    if not value:
        return ""
    try:
        day = datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    return f"{day.day} {day:%B %Y}"


# The date filter parses its format string on every call, and a table of fifty rows writes a hundred dates or
# more: these write the two formats pages use ("4 March 2026", "4 Mar 2026") directly, with the same result.
MONTH_NAMES = tuple(datetime.date(2026, month, 1).strftime("%B") for month in range(1, 13))
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@register.filter(expects_localtime=True)
def long_date(value: object) -> str:
    """As `date:"j F Y"` writes it: 4 March 2026 (a date and time is read in local time first)."""
    if not isinstance(value, datetime.date):
        return ""
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


@register.filter(expects_localtime=True)
def short_date(value: object) -> str:
    """As `date:"j M Y"` writes it: 4 Mar 2026."""
    if not isinstance(value, datetime.date):
        return ""
    return f"{value.day} {MONTH_ABBREVIATIONS[value.month - 1]} {value.year}"


@register.filter
def error_anchor(field: BoundField | None) -> str:
    """The id an error summary link points at: the first input of a group (radios, checkboxes, a date)."""
    if field is None:
        return ""
    if field.widget_type in GROUPED_WIDGETS:
        return f"{field.auto_id}_0"
    return str(field.id_for_label)


@register.filter
def first_visible_field(form: Form) -> BoundField | None:
    """Where a form-level error (such as a change made by someone else meanwhile) should send the reader."""
    fields = form.visible_fields()
    return fields[0] if fields else None
