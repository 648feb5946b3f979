"""When a member of staff's next supervision is due, from their schedule, their last signed session and their
leave. Pure arithmetic on values already read, so a list of any length costs the same few queries.

The interval is the schedule's step in force on the day of the last session (or on the schedule's first day, if
there has been none): a newly qualified worker seen on day 22 is due again 7 days later. Leave pauses the clock:
each day of leave after the last session and before the due date moves the due date one day on.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_INTERVAL_DAYS = 28


@dataclass(frozen=True)
class Step:
    until_day: int | None  # days since the schedule's start; None for the step that lasts
    interval_days: int


@dataclass(frozen=True)
class Leave:
    starts_on: datetime.date
    ends_on: datetime.date


def interval_on(steps: Sequence[Step], starts_on: datetime.date | None, day: datetime.date) -> int:
    """The interval in force on `day`: the first step whose end is after it, counted from the start."""
    if not steps:
        return DEFAULT_INTERVAL_DAYS
    elapsed = (day - starts_on).days if starts_on is not None else None
    for step in steps:
        if step.until_day is None:
            return step.interval_days
        if elapsed is not None and elapsed < step.until_day:
            return step.interval_days
    return steps[-1].interval_days


def _leave_days_between(first: datetime.date, last: datetime.date, leave: Sequence[Leave]) -> int:
    """Days of leave from `first` to `last`, both included; overlapping periods count each day once."""
    days: set[datetime.date] = set()
    for period in leave:
        start, end = max(first, period.starts_on), min(last, period.ends_on)
        days.update(start + datetime.timedelta(days=n) for n in range((end - start).days + 1))
    return len(days)


def next_due_on(*, anchor: datetime.date, interval_days: int, leave: Sequence[Leave]) -> tuple[datetime.date, int]:
    """The due date from `anchor` (the last session, or the start), moved on by each day of leave before it, and
    how many days of leave moved it."""
    paused = 0
    while True:
        due = anchor + datetime.timedelta(days=interval_days + paused)
        found = _leave_days_between(anchor + datetime.timedelta(days=1), due, leave)
        if found == paused:
            return due, paused
        paused = found
