"""The caseload's rows, written in Python: a team's page of fifty cases was about a fifth of the page's time in
the template language, for a few cells a row. The cells are those the table's header names."""

import functools
from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from casemap.cases.models import CaseService
from casemap.cases.selectors import CaseloadRow
from casemap.core.templatetags.govuk import short_date

register = template.Library()

NO_CASES = '<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="7">No cases match.</td></tr>'


@functools.lru_cache(maxsize=64)
def _service_label(service: str, language: str | None) -> str:
    """What `get_service_display()` writes, kept for each language: it looks the label up afresh for every row."""
    return escape(str(dict(CaseService.choices).get(service, service)))


def _cell(html: str) -> str:
    return f'<td class="govuk-table__cell">{html}</td>'


def _row(row: CaseloadRow, team_view: bool) -> str:
    case = row.case
    children = "<br>".join(
        f'<a class="govuk-link" href="{escape(url)}">{escape(name)}</a>' for name, url in row.children
    )
    worker = _cell(escape(str(case.allocated_worker) if case.allocated_worker else "Unallocated")) if team_view else ""
    overdue = '<strong class="govuk-tag govuk-tag--red">Overdue</strong> ' if row.overdue else ""
    next_visit = short_date(row.visit_due_on) if case.is_open else "Closed"
    return (
        '<tr class="govuk-table__row">'
        + _cell(f'<a class="govuk-link" href="{escape(row.url)}">{escape(case.family_name)}</a>')
        + _cell(children)
        + _cell(_service_label(case.service, get_language()))
        + worker
        + _cell(short_date(case.opened_on))
        + _cell(short_date(case.last_visit_on) or "None yet")
        + _cell(f"{overdue}{next_visit}")
        + "</tr>"
    )


@register.simple_tag
def caseload_rows(rows: Iterable[CaseloadRow], team_view: bool) -> SafeString:
    written = [_row(row, team_view) for row in rows]
    return mark_safe("\n".join(written) or NO_CASES)  # noqa: S308  # every value in it was escaped above
