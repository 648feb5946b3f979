"""The working-day calendar every statutory due date is computed from.

A working day is Monday to Friday, not a bank holiday in England and not a one-off national day an administrator
added (`NationalHoliday`). England's bank holidays are computed by the `holidays` package from its own tables:
nothing is fetched over the network. See docs/working-days.md.

Compute several dates with one calendar (`working_day_calendar()`): it reads the national days once, in one
query. The module's functions without a calendar read them for each call.
"""

import datetime
import functools
from collections.abc import Iterable, Mapping
from types import MappingProxyType

import holidays
from dateutil.relativedelta import relativedelta

from casemap.core.models import NationalHoliday

ONE_DAY = datetime.timedelta(days=1)
SATURDAY = 5


@functools.cache
def england_bank_holidays(year: int) -> Mapping[datetime.date, str]:
    """England's bank holidays in a year by date, substitute days included (and the weekend days they replace).

    Kept for the life of the process: they come from the installed package and cannot change while it runs."""
    # Always England: without the subdivision, days kept only in Northern Ireland would be mixed in.
    return MappingProxyType(dict(holidays.country_holidays("GB", subdiv="ENG", years=year)))


def _a_date(day: datetime.date) -> datetime.date:
    # A datetime never equals a date, so a holiday would silently be missed: refuse it.
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise TypeError(f"A working day is a date, not {type(day).__name__}: take the local date first.")
    return day


class WorkingDayCalendar:
    """Weekends, England's bank holidays and the given one-off national days. Pure: it reads nothing."""

    def __init__(self, national_days: Iterable[datetime.date] = ()) -> None:
        self.national_days = frozenset(national_days)
        # A list of what is due asks the same few questions hundreds of times; the answers never change.
        self._added: dict[tuple[datetime.date, int], datetime.date] = {}
        self._between: dict[tuple[datetime.date, datetime.date], int] = {}

    def is_working_day(self, day: datetime.date) -> bool:
        day = _a_date(day)
        return day.weekday() < SATURDAY and day not in self.national_days and day not in england_bank_holidays(day.year)

    def add_working_days(self, day: datetime.date, n: int) -> datetime.date:
        """The n-th working day strictly after `day` (which may itself be a weekend or a holiday); for a negative
        n, the n-th working day strictly before it. Zero is refused: no working day is zero working days away."""
        day = _a_date(day)
        if n == 0:
            raise ValueError("Add at least one working day (or a negative number, to count back).")
        if (day, n) not in self._added:
            self._added[(day, n)] = self._walk(day, n)
        return self._added[(day, n)]

    def _walk(self, day: datetime.date, n: int) -> datetime.date:
        step = ONE_DAY if n > 0 else -ONE_DAY
        remaining = abs(n)
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """How many working days after `start` up to and including `end`: 0 when they are the same day.

        When `end` is before `start`, minus the working days from `end` up to the day before `start`, so that
        `working_days_between(d, add_working_days(d, n)) == n` for every n but 0."""
        start, end = _a_date(start), _a_date(end)
        if (start, end) not in self._between:
            if end >= start:
                self._between[(start, end)] = self._count(start + ONE_DAY, end)
            else:
                self._between[(start, end)] = -self._count(end, start - ONE_DAY)
        return self._between[(start, end)]

    def _count(self, first: datetime.date, last: datetime.date) -> int:
        """Weekdays from `first` to `last` by arithmetic, less the holidays among them: a list of what is due counts
        hundreds of spans, so it does not walk them a day at a time."""
        if last < first:
            return 0
        weeks, extra = divmod((last - first).days + 1, 7)
        weekdays = weeks * 5 + sum(1 for i in range(extra) if (first.weekday() + i) % 7 < SATURDAY)
        closed = set(self.national_days)
        for year in range(first.year, last.year + 1):
            closed.update(england_bank_holidays(year))
        return weekdays - sum(1 for day in closed if first <= day <= last and day.weekday() < SATURDAY)


def working_day_calendar() -> WorkingDayCalendar:
    """The calendar as it stands now, with the national days read in one query.

    Not cached between calls: a day added in the admin then counts from the next calendar made, in every process,
    and the table holds a handful of rows."""
    return WorkingDayCalendar(NationalHoliday.objects.values_list("date", flat=True))


def _or_current(calendar: WorkingDayCalendar | None) -> WorkingDayCalendar:
    return working_day_calendar() if calendar is None else calendar


def is_working_day(day: datetime.date, *, calendar: WorkingDayCalendar | None = None) -> bool:
    return _or_current(calendar).is_working_day(day)


def add_working_days(day: datetime.date, n: int, *, calendar: WorkingDayCalendar | None = None) -> datetime.date:
    """The n-th working day strictly after `day` (see `WorkingDayCalendar.add_working_days`)."""
    return _or_current(calendar).add_working_days(day, n)


def working_days_between(
    start: datetime.date, end: datetime.date, *, calendar: WorkingDayCalendar | None = None
) -> int:
    """Working days after `start` up to and including `end` (see `WorkingDayCalendar.working_days_between`)."""
    return _or_current(calendar).working_days_between(start, end)


def add_months(day: datetime.date, n: int) -> datetime.date:
    """The same day n months on (or back, for a negative n), or the last day of that month if it is shorter:
    30 November plus 3 months is 29 February in a leap year. Working days play no part."""
    moved: datetime.date = _a_date(day) + relativedelta(months=n)
    return moved
