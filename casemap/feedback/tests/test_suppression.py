"""The shared small-number suppression: counts of 1 to 5 shown as "c", and further values hidden so that no hidden count
can be worked out from a total, as the DfE does in its statistics."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from casemap.feedback.suppression import (
    SMALLEST_PERCENTAGE_BASE,
    SMALLEST_SHOWN,
    SUPPRESSED,
    Cell,
    SuppressedTable,
    shown_percentage,
    suppress_counts,
    suppress_table,
)

RATINGS = ["Very good", "Good", "Poor", "Very poor"]


def table(counts: list[list[int]]) -> SuppressedTable:
    return suppress_table(counts, [f"Team {i}" for i in range(len(counts))], [f"Q{j}" for j in range(len(counts[0]))])


def shown(cells: tuple[Cell, ...]) -> list[str]:
    return [cell.shown for cell in cells]


def secondary_positions(result: SuppressedTable) -> set[tuple[int, int]]:
    return {(i, j) for i, row in enumerate(result.cells) for j, cell in enumerate(row) if cell.secondary}


def lines(result: SuppressedTable) -> list[tuple[list[Cell], Cell]]:
    """Each line with its total: every row, every column, the row totals and the column totals."""
    rows = [(list(row), total) for row, total in zip(result.cells, result.row_totals, strict=True)]
    columns = [([row[j] for row in result.cells], total) for j, total in enumerate(result.column_totals)]
    return [
        *rows,
        *columns,
        (list(result.row_totals), result.grand_total),
        (list(result.column_totals), result.grand_total),
    ]


def every_value(result: SuppressedTable) -> list[Cell]:
    return [cell for row in result.cells for cell in row] + [
        *result.row_totals,
        *result.column_totals,
        result.grand_total,
    ]


def test_a_team_with_four_responses_shows_only_its_zero() -> None:
    result = suppress_table([[1, 2, 1, 0]], ["Team A"], RATINGS)

    assert shown(result.cells[0]) == ["c", "c", "c", "0"]
    assert result.row_totals[0].shown == "c"
    assert shown(result.column_totals) == ["c", "c", "c", "0"]
    assert result.grand_total.shown == "c"
    assert result.grand_total.count == 4


def test_a_row_of_four_among_larger_rows_hides_its_total_and_its_partners() -> None:
    result = table([[1, 3, 0], [10, 8, 7]])

    assert shown(result.cells[0]) == ["c", "c", "0"]
    assert result.row_totals[0].shown == "c"
    assert not result.row_totals[0].secondary
    # Column totals 11 and 11 are shown, so each column's small count needs a hidden partner below it.
    assert shown(result.cells[1]) == ["c", "c", "7"]
    assert secondary_positions(result) == {(1, 0), (1, 1)}
    # The other row total is hidden too, or the grand total would give away the first.
    assert result.row_totals[1].shown == "c"
    assert result.row_totals[1].secondary
    assert shown(result.column_totals) == ["11", "11", "7"]
    assert result.grand_total.shown == "29"


def test_a_lone_small_count_gets_the_smallest_other_count_as_partner_in_its_row_and_column() -> None:
    result = table(
        [
            [3, 40, 25, 60],
            [50, 30, 20, 10],
            [70, 80, 90, 100],
        ]
    )

    assert result.cells[0][0].suppressed
    assert not result.cells[0][0].secondary
    # 25 is the smallest other count in the row, 50 in the column; hiding 25 leaves its column with one hidden value,
    # so 20 goes too, which in turn pairs with 50 in the middle row.
    assert secondary_positions(result) == {(0, 2), (1, 0), (1, 2)}
    assert shown(result.cells[0]) == ["c", "40", "c", "60"]
    assert shown(result.cells[1]) == ["c", "30", "c", "10"]
    assert shown(result.cells[2]) == ["70", "80", "90", "100"]
    assert not any(total.suppressed for total in [*result.row_totals, *result.column_totals, result.grand_total])


def test_of_equal_partners_the_first_is_hidden() -> None:
    result = table([[3, 9, 9, 30], [40, 50, 60, 70]])

    assert shown(result.cells[0]) == ["c", "c", "9", "30"]
    assert result.cells[0][1].secondary


def test_zeros_are_never_hidden_even_when_smaller_than_the_partner() -> None:
    result = suppress_table([[4, 0, 0, 20]], ["Team A"], RATINGS)

    assert shown(result.cells[0]) == ["c", "0", "0", "c"]
    assert result.cells[0][3].secondary
    assert not result.cells[0][1].suppressed
    assert not result.cells[0][2].suppressed
    assert result.row_totals[0].shown == "24"


def test_a_line_with_one_hidden_count_and_only_zeros_hides_its_total_instead() -> None:
    result = table([[3, 8], [20, 0]])

    # The 8 partners the 3 in the first row; its column has nothing else but a 0, so the column total of 8 goes.
    assert result.cells[0][1].secondary
    assert result.cells[1][1].shown == "0"
    assert not result.cells[1][1].suppressed
    assert result.column_totals[1].shown == "c"
    assert result.column_totals[1].secondary
    # Likewise the 20, whose row has only a 0 beside it.
    assert result.cells[1][0].secondary
    assert result.row_totals[1].shown == "c"
    assert result.row_totals[1].secondary


def test_large_counts_are_all_shown() -> None:
    result = table([[120, 0, 6], [1204, 57, 0]])

    assert not any(cell.suppressed or cell.secondary for cell in every_value(result))
    assert shown(result.cells[0]) == ["120", "0", "6"]
    assert shown(result.cells[1]) == ["1,204", "57", "0"]
    assert shown(result.row_totals) == ["126", "1,261"]
    assert shown(result.column_totals) == ["1,324", "57", "6"]
    assert result.grand_total.shown == "1,387"


def test_counts_are_shown_with_thousands_separators() -> None:
    result = table([[1204, 56789], [1_000_000, 6]])

    assert shown(result.cells[0]) == ["1,204", "56,789"]
    assert shown(result.cells[1]) == ["1,000,000", "6"]
    assert result.grand_total.shown == "1,057,999"


def test_rows_pair_each_label_with_its_cells_and_total() -> None:
    result = table([[7, 8], [9, 0]])

    assert result.rows() == [
        ("Team 0", result.cells[0], result.row_totals[0]),
        ("Team 1", result.cells[1], result.row_totals[1]),
    ]
    assert [(label, shown(cells), total.shown) for label, cells, total in result.rows()] == [
        ("Team 0", ["7", "8"], "15"),
        ("Team 1", ["9", "0"], "9"),
    ]


def test_a_list_of_counts_hides_a_small_count_with_the_next_smallest() -> None:
    cells, total = suppress_counts({"Very good": 40, "Good": 3, "Poor": 12, "Very poor": 0})

    assert {label: cell.shown for label, cell in cells.items()} == {
        "Very good": "40",
        "Good": "c",
        "Poor": "c",
        "Very poor": "0",
    }
    assert cells["Poor"].secondary
    assert total.shown == "55"


def test_a_list_of_small_counts_hides_its_total() -> None:
    cells, total = suppress_counts({"Yes": 2, "No": 0})

    assert cells["Yes"].shown == "c"
    assert cells["No"].shown == "0"
    assert total.shown == "c"
    assert total.count == 2


@pytest.mark.parametrize(
    ("counts", "row_labels", "column_labels"),
    [
        ([[1, -1]], ["Team A"], ["Yes", "No"]),
        ([[1, 2], [3]], ["Team A", "Team B"], ["Yes", "No"]),
        ([[1, 2]], ["Team A", "Team B"], ["Yes", "No"]),
        ([[1, 2]], ["Team A"], ["Yes"]),
    ],
    ids=["negative", "ragged", "too few rows", "too many columns"],
)
def test_bad_tables_are_refused(counts: list[list[int]], row_labels: list[str], column_labels: list[str]) -> None:
    with pytest.raises(ValueError):
        suppress_table(counts, row_labels, column_labels)


def test_a_percentage_needs_a_base_of_at_least_ten() -> None:
    assert SMALLEST_PERCENTAGE_BASE == 10
    assert shown_percentage(6, 9) == SUPPRESSED
    assert shown_percentage(6, 10) == "60%"
    assert shown_percentage(0, 10) == "0%"


def test_a_percentage_of_or_from_a_hidden_count_is_hidden() -> None:
    result = table([[3, 40, 50]])
    small, partner, large = result.cells[0]

    assert shown_percentage(small, result.row_totals[0]) == SUPPRESSED
    assert partner.secondary
    assert shown_percentage(partner, result.row_totals[0]) == SUPPRESSED
    assert shown_percentage(large, result.row_totals[0]) == "54%"
    # A bare count of 1 to 5 is hidden as it would be in a table.
    assert shown_percentage(3, 40) == SUPPRESSED
    assert shown_percentage(6, Cell(count=12, shown="c", suppressed=True, secondary=True)) == SUPPRESSED


def test_percentages_round_to_the_nearest_whole_percent_with_halves_up() -> None:
    assert shown_percentage(7, 21) == "33%"
    assert shown_percentage(14, 21) == "67%"
    assert shown_percentage(7, 200) == "4%"
    assert shown_percentage(9, 200) == "5%"


def test_a_negative_count_has_no_percentage() -> None:
    with pytest.raises(ValueError):
        shown_percentage(-6, 10)


# Mostly small counts, where suppression happens, with some large ones.
counts = st.one_of(st.integers(0, 12), st.integers(0, 12), st.integers(0, 12), st.integers(0, 5000))


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    n_columns = draw(st.integers(1, 6))
    return draw(st.lists(st.lists(counts, min_size=n_columns, max_size=n_columns), min_size=1, max_size=6))


PROPERTIES = settings(max_examples=300, deadline=None)


@PROPERTIES
@given(tables())
def test_every_count_of_one_to_five_is_hidden(counts: list[list[int]]) -> None:
    for cell in every_value(table(counts)):
        if 1 <= cell.count < SMALLEST_SHOWN:
            assert cell.shown == SUPPRESSED
            assert cell.suppressed
            assert not cell.secondary


@PROPERTIES
@given(tables())
def test_no_line_has_exactly_one_hidden_member(counts: list[list[int]]) -> None:
    for members, total in lines(table(counts)):
        assert sum(cell.suppressed for cell in [*members, total]) != 1


@PROPERTIES
@given(tables())
def test_a_shown_total_never_gives_away_a_single_hidden_count(counts: list[list[int]]) -> None:
    for members, total in lines(table(counts)):
        if total.suppressed:
            continue
        hidden = [cell.count for cell in members if cell.suppressed]
        difference = total.count - sum(cell.count for cell in members if not cell.suppressed)
        assert difference == sum(hidden)
        assert not any(count != 0 and count == difference for count in hidden)
        if hidden:
            assert len([count for count in hidden if count > 0]) >= 2


@PROPERTIES
@given(tables())
def test_zeros_are_never_hidden_and_only_hidden_values_are_secondary(counts: list[list[int]]) -> None:
    for cell in every_value(table(counts)):
        if cell.count == 0:
            assert not cell.suppressed
        if cell.secondary:
            assert cell.suppressed
            assert cell.count >= SMALLEST_SHOWN


@PROPERTIES
@given(tables())
def test_shown_values_are_their_formatted_counts(counts: list[list[int]]) -> None:
    for cell in every_value(table(counts)):
        assert cell.shown == (SUPPRESSED if cell.suppressed else f"{cell.count:,}")


@PROPERTIES
@given(tables())
def test_totals_are_the_true_sums(counts: list[list[int]]) -> None:
    result = table(counts)

    assert [[cell.count for cell in row] for row in result.cells] == counts
    assert [total.count for total in result.row_totals] == [sum(row) for row in counts]
    assert [total.count for total in result.column_totals] == [sum(column) for column in zip(*counts, strict=True)]
    assert result.grand_total.count == sum(map(sum, counts))
