"""Small-number suppression shared by every report (family feedback, audits, outcomes).

Follows the DfE's statistics practice: "any number between 1 and 5 inclusive has been suppressed and replaced by 'c'.
Secondary suppression has been applied" so that no hidden number can be worked out from a total.

The table and its totals are read as linear equations, one per line: each row with its row total, each column with its
column total, the row totals with the grand total and the column totals with the grand total. After suppression no line
has exactly one hidden member, and zero is never hidden, so a shown total minus the shown members of its line is always
a sum of at least two positive hidden values. This is a line-by-line check: it does not solve the whole table at once,
nor rule out what bounds alone imply (a shown difference of 2 across two hidden cells means both are 1).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

SUPPRESSED: Final = "c"
SMALLEST_SHOWN: Final = 6
SMALLEST_PERCENTAGE_BASE: Final = 10

# (row, column) in the table extended by its totals: the last row holds the column totals, the last column the row
# totals, and the corner the grand total.
_Position = tuple[int, int]
_Line = tuple[tuple[_Position, ...], _Position]


@dataclass(frozen=True)
class Cell:
    count: int  # the true value: templates must only ever print `shown`
    shown: str
    suppressed: bool
    secondary: bool  # hidden only so that another hidden value cannot be worked out


@dataclass(frozen=True)
class SuppressedTable:
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[Cell, ...], ...]  # [row][column]
    row_totals: tuple[Cell, ...]
    column_totals: tuple[Cell, ...]
    grand_total: Cell

    def rows(self) -> list[tuple[str, tuple[Cell, ...], Cell]]:
        """(label, cells, total) for each row, in order, for templates."""
        return list(zip(self.row_labels, self.cells, self.row_totals, strict=True))


def is_primary(count: int) -> bool:
    """Whether the count itself is small enough to identify someone."""
    return 0 < count < SMALLEST_SHOWN


def format_count(count: int) -> str:
    return f"{count:,}"


def _cell(count: int, *, secondary: bool = False) -> Cell:
    suppressed = secondary or is_primary(count)
    return Cell(
        count=count, shown=SUPPRESSED if suppressed else format_count(count), suppressed=suppressed, secondary=secondary
    )


def _lines(n_rows: int, n_columns: int) -> list[_Line]:
    """Every line as (members, total); the extended last row and last column are the two lines of totals."""
    rows = [(tuple((i, j) for j in range(n_columns)), (i, n_columns)) for i in range(n_rows + 1)]
    columns = [(tuple((i, j) for i in range(n_rows)), (n_rows, j)) for j in range(n_columns + 1)]
    return rows + columns


def _secondary_positions(values: Mapping[_Position, int], lines: Sequence[_Line]) -> set[_Position]:
    """Lines are visited in a fixed order, again and again until none changes, so the same counts always give the
    same table: each row, the column totals, each column, then the row totals."""
    hidden = {position for position, count in values.items() if is_primary(count)}
    secondary: set[_Position] = set()
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            if sum(position in hidden for position in (*members, total)) != 1:
                continue
            # A hidden zero beside a hidden value would give the value away as total minus the shown members.
            candidates = [position for position in members if position not in hidden and values[position] > 0]
            choice = min(candidates, key=values.__getitem__) if candidates else total  # min keeps the first of ties
            hidden.add(choice)
            secondary.add(choice)
            changed = True
    return secondary


def suppress_table(
    counts: Sequence[Sequence[int]], row_labels: Sequence[str], column_labels: Sequence[str]
) -> SuppressedTable:
    """Totals the table and hides every value a reader could use to single out a small number."""
    n_rows, n_columns = len(row_labels), len(column_labels)
    if len(counts) != n_rows:
        raise ValueError(f"{len(counts)} rows of counts for {n_rows} row labels")
    for row in counts:
        if len(row) != n_columns:
            raise ValueError(f"a row of {len(row)} counts for {n_columns} column labels")
        if any(count < 0 for count in row):
            raise ValueError(f"negative count in {list(row)}")

    values = {(i, j): counts[i][j] for i in range(n_rows) for j in range(n_columns)}
    for i in range(n_rows):
        values[i, n_columns] = sum(counts[i])
    for j in range(n_columns):
        values[n_rows, j] = sum(row[j] for row in counts)
    values[n_rows, n_columns] = sum(sum(row) for row in counts)

    secondary = _secondary_positions(values, _lines(n_rows, n_columns))
    extended = [
        [_cell(values[i, j], secondary=(i, j) in secondary) for j in range(n_columns + 1)] for i in range(n_rows + 1)
    ]
    return SuppressedTable(
        row_labels=tuple(row_labels),
        column_labels=tuple(column_labels),
        cells=tuple(tuple(row[:n_columns]) for row in extended[:n_rows]),
        row_totals=tuple(row[n_columns] for row in extended[:n_rows]),
        column_totals=tuple(extended[n_rows][:n_columns]),
        grand_total=extended[n_rows][n_columns],
    )


def suppress_counts(counts: Mapping[str, int]) -> tuple[dict[str, Cell], Cell]:
    """A one-column list of counts by label, and its total."""
    labels = list(counts)
    table = suppress_table([[counts[label]] for label in labels], labels, ["Count"])
    return {label: row[0] for label, row in zip(labels, table.cells, strict=True)}, table.grand_total


def shown_percentage(numerator: Cell | int, base: Cell | int) -> str:
    """The numerator as a whole percentage of the base, or SUPPRESSED when either is hidden or the base is under 10.

    A bare int is judged as a cell of its own, so a small count cannot slip out as a percentage.
    """
    top = numerator if isinstance(numerator, Cell) else _checked_cell(numerator)
    bottom = base if isinstance(base, Cell) else _checked_cell(base)
    if top.suppressed or bottom.suppressed or bottom.count < SMALLEST_PERCENTAGE_BASE:
        return SUPPRESSED
    # Halves round up, as readers expect, rather than to the even neighbour as round() does.
    percent = (200 * top.count + bottom.count) // (2 * bottom.count)
    return f"{percent:,}%"


def _checked_cell(count: int) -> Cell:
    if count < 0:
        raise ValueError(f"negative count {count}")
    return _cell(count)
