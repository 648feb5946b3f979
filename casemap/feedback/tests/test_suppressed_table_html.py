"""The suppressed table as the results page writes it: every shown value in its place, nothing hidden printed, and
every label escaped."""

from html.parser import HTMLParser

from django.template import Context, Template

from casemap.feedback.suppression import SUPPRESSED, suppress_table


class _Cells(HTMLParser):
    """Each table row's header and data cells, as text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.caption = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in {"th", "td", "caption"}:
            self._in = tag
            if tag != "caption":
                self.rows[-1].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"th", "td", "caption"}:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "caption":
            self.caption += data
        elif self._in:
            self.rows[-1][-1] += data


def cells_of(html: str) -> _Cells:
    parser = _Cells()
    parser.feed(html)
    return parser


def test_each_shown_value_is_in_its_row_and_column_with_the_totals() -> None:
    table = suppress_table([[3, 10, 12], [7, 0, 9], [20, 14, 8]], ["North", "South", "East"], ["Q1", "Q2", "Q3"])
    html = Template('{% load suppressed_tables %}{% suppressed_table table "Responses" "Team" %}').render(
        Context({"table": table})
    )
    parsed = cells_of(html)
    assert parsed.caption == "Responses"
    assert parsed.rows[0] == ["Team", "Q1", "Q2", "Q3", "Total"]
    for row, (label, cells, total) in zip(parsed.rows[1:4], table.rows(), strict=True):
        assert row == [label, *(cell.shown for cell in cells), total.shown]
    assert parsed.rows[4] == ["Total", *(cell.shown for cell in table.column_totals), table.grand_total.shown]
    # The 3 is hidden, and so is whatever would give it away; no hidden count is printed anywhere.
    assert parsed.rows[1][1] == SUPPRESSED
    hidden = [cell.count for row in table.cells for cell in row if cell.suppressed]
    assert hidden and all(f">{count}<" not in html for count in hidden)


def test_labels_are_escaped_and_shares_take_their_own_column() -> None:
    table = suppress_table([[10, 20], [30, 40]], ["<script>alert(1)</script>", "Fish & chips"], ["Yes", "No"])
    html = Template(
        '{% load suppressed_tables %}{% suppressed_table table "Answers" "Question" shares "Share answering yes" %}'
    ).render(Context({"table": table, "shares": ["33%", "43%"]}))
    assert "<script>" not in html and "&lt;script&gt;" in html and "Fish &amp; chips" in html
    parsed = cells_of(html)
    assert parsed.rows[0] == ["Question", "Yes", "No", "Total", "Share answering yes"]
    assert parsed.rows[1][-1] == "33%" and parsed.rows[2][-1] == "43%"
    assert parsed.rows[3] == ["Total", "40", "60", "100", ""]


def test_a_table_without_column_totals_names_its_own_total_and_extra_column() -> None:
    table = suppress_table([[6, 8], [9, 7]], ["Analysis", "Planning"], ["Low", "High"])
    html = Template(
        "{% load suppressed_tables %}"
        '{% suppressed_table table "Scores" "Criterion" extras=medians extra_heading="Median" '
        'total_heading="Audits scored" no_totals=True %}'
    ).render(Context({"table": table, "medians": ["4", "c"]}))
    parsed = cells_of(html)
    assert parsed.rows == [
        ["Criterion", "Low", "High", "Audits scored", "Median"],
        ["Analysis", "6", "8", "14", "4"],
        ["Planning", "9", "7", "16", "c"],
    ]
