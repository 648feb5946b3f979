"""The period Annex A covers: six months to the day by default, windows of whole months ending on its last day,
and what is wrong with a period said in plain words."""

import datetime

import pytest

from casemap.returns.annex_a.period import (
    END_BEFORE_START,
    END_IN_FUTURE,
    END_REQUIRED,
    START_REQUIRED,
    TOO_LONG,
    AnnexPeriod,
    default_period,
    months_before,
    period_problems,
)

DAY = datetime.date
TODAY = DAY(2026, 11, 30)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (DAY(2026, 11, 30), 6, DAY(2026, 5, 30)),
        (DAY(2026, 8, 31), 6, DAY(2026, 2, 28)),  # February is shorter: its last day
        (DAY(2024, 8, 31), 6, DAY(2024, 2, 29)),
        (DAY(2026, 1, 15), 1, DAY(2025, 12, 15)),
        (DAY(2026, 3, 31), 12, DAY(2025, 3, 31)),
        (DAY(2026, 12, 31), 36, DAY(2023, 12, 31)),
    ],
)
def test_months_before_keeps_the_day_or_takes_the_months_last(
    day: datetime.date, months: int, expected: datetime.date
) -> None:
    assert months_before(day, months) == expected


def test_the_default_is_the_six_months_to_today_and_windows_end_on_the_last_day() -> None:
    period = default_period(TODAY)
    assert period == AnnexPeriod(start=DAY(2026, 5, 31), end=TODAY)  # the day after 30 May
    assert period.label == "31 May 2026 to 30 November 2026"
    assert period.last_year == AnnexPeriod(start=DAY(2025, 12, 1), end=TODAY)
    assert period.last_six_months == period
    assert period.age(DAY(2010, 11, 30)) == 16
    assert period.age(DAY(2010, 12, 1)) == 15
    assert period.age(DAY(2026, 12, 1)) is None  # not born by the period's end
    assert period.by_end(DAY(2026, 12, 1)) is None
    assert period.overlaps(DAY(2026, 1, 1), None) and not period.overlaps(DAY(2026, 1, 1), DAY(2026, 5, 30))


@pytest.mark.parametrize(
    ("start", "end", "problems"),
    [
        (DAY(2026, 5, 31), TODAY, {}),
        (TODAY, TODAY, {}),
        (DAY(2023, 11, 30), TODAY, {}),  # three years
        (None, TODAY, {"period_start": START_REQUIRED}),
        (DAY(2026, 6, 1), None, {"period_end": END_REQUIRED}),
        (DAY(2026, 6, 1), DAY(2026, 5, 31), {"period_end": END_BEFORE_START}),
        (DAY(2026, 6, 1), DAY(2026, 12, 1), {"period_end": END_IN_FUTURE}),
        (DAY(2023, 11, 29), TODAY, {"period_start": TOO_LONG}),
        (DAY(1, 1, 1), TODAY, {"period_start": TOO_LONG}),
    ],
)
def test_a_period_that_will_not_do_is_refused_in_plain_words(
    start: datetime.date | None, end: datetime.date | None, problems: dict[str, str]
) -> None:
    assert period_problems(start, end, today=TODAY) == problems
