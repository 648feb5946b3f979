"""A suppressed table written in Python: results over every team and quarter run to hundreds of cells, and the
template language costs tens of microseconds a cell for one line of HTML each. Only `Cell.shown` is ever written,
never a count, and every label is escaped (`casemap/feedback/tests/test_suppressed_table_html.py` checks both)."""

from collections.abc import Sequence
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from casemap.feedback.suppression import Cell, SuppressedTable

register = template.Library()

_NUMERIC_HEADER = '<th scope="col" class="govuk-table__header govuk-table__header--numeric">'
_ROW_HEADER = '<th scope="row" class="govuk-table__header">'
_NUMERIC_CELL = '<td class="govuk-table__cell govuk-table__cell--numeric">'


def _cells(cells: Sequence[Cell]) -> str:
    return "".join(f"{_NUMERIC_CELL}{escape(cell.shown)}</td>" for cell in cells)


@register.simple_tag
def suppressed_table(
    table: SuppressedTable,
    caption: str,
    row_heading: str,
    extras: Sequence[object] | None = None,
    extra_heading: str = "",
    total_heading: str = "Total",
    totals_label: str = "Total",
    no_totals: bool = False,
) -> SafeString:
    """The table with its row totals and, unless `no_totals`, its column totals; `extra_heading` adds a last
    column with one of `extras` a row (a share, a median)."""
    headers = "".join(f"{_NUMERIC_HEADER}{escape(label)}</th>" for label in table.column_labels)
    extra_header = f"{_NUMERIC_HEADER}{escape(extra_heading)}</th>" if extra_heading else ""
    values = extras if extras is not None else [""] * len(table.row_labels)
    rows = []
    for (label, cells, total), extra in zip(table.rows(), values, strict=True):
        extra_cell = f"{_NUMERIC_CELL}{escape(str(extra))}</td>" if extra_heading else ""
        rows.append(
            f'<tr class="govuk-table__row">{_ROW_HEADER}{escape(label)}</th>{_cells(cells)}'
            f"{_NUMERIC_CELL}{escape(total.shown)}</td>{extra_cell}</tr>\n"
        )
    if not no_totals:
        rows.append(
            f'<tr class="govuk-table__row">{_ROW_HEADER}{escape(totals_label)}</th>{_cells(table.column_totals)}'
            f"{_NUMERIC_CELL}{escape(table.grand_total.shown)}</td>"
            + ('<td class="govuk-table__cell"></td>' if extra_heading else "")
            + "</tr>"
        )
    return mark_safe(  # noqa: S308  # every label and value in it was escaped above
        '<div class="casemap-table-wrapper"><table class="govuk-table">'
        f'<caption class="govuk-table__caption govuk-table__caption--s">{escape(caption)}</caption>'
        '<thead class="govuk-table__head"><tr class="govuk-table__row">'
        f'<th scope="col" class="govuk-table__header">{escape(row_heading)}</th>{headers}'
        f"{_NUMERIC_HEADER}{escape(total_heading)}</th>{extra_header}</tr></thead>"
        f'<tbody class="govuk-table__body">{"".join(rows)}</tbody></table></div>'
    )
