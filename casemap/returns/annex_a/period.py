"""The days Annex A covers. Ofsted asks for most lists to cover the six months before the day they are made, and
counts some facts over the last twelve or six months (referrals, enquiries and conferences, placements, missing
episodes): every such window ends on the period's last day, as does the age of each child."""

import dataclasses
import datetime

PERIOD_MONTHS = 6
LONGEST_YEARS = 3

START_REQUIRED = "Enter the date the period starts"
END_REQUIRED = "Enter the date the period ends"
END_BEFORE_START = "The end of the period must be the same as or after its start"
END_IN_FUTURE = "The end of the period must be today or in the past"
TOO_LONG = f"The period must be {LONGEST_YEARS} years or shorter: Annex A covers the months before an inspection"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier, or the month's last day when it is shorter (31 August -> 28 February)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return datetime.date(year, month, min(day.day, (following - datetime.timedelta(days=1)).day))


def window_ending(day: datetime.date, months: int) -> "AnnexPeriod":
    """The `months` up to and including `day`: the twelve months to 30 November 2026 start on 1 December 2025."""
    return AnnexPeriod(start=months_before(day, months) + datetime.timedelta(days=1), end=day)


@dataclasses.dataclass(frozen=True)
class AnnexPeriod:
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return f"{self.start:%-d %B %Y} to {self.end:%-d %B %Y}"

    @property
    def last_year(self) -> "AnnexPeriod":
        return window_ending(self.end, 12)

    @property
    def last_six_months(self) -> "AnnexPeriod":
        return window_ending(self.end, 6)

    def holds(self, day: datetime.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def overlaps(self, start: datetime.date, end: datetime.date | None) -> bool:
        return start <= self.end and (end is None or end >= self.start)

    def by_end(self, day: datetime.date | None) -> datetime.date | None:
        """A date as the lists see it: what had not happened by the period's end is left out."""
        return day if day is not None and day <= self.end else None

    def age(self, born_on: datetime.date | None) -> int | None:
        """Whole years at the period's end; none for a child not born by then."""
        if born_on is None or born_on > self.end:
            return None
        return self.end.year - born_on.year - ((self.end.month, self.end.day) < (born_on.month, born_on.day))


def default_period(today: datetime.date) -> AnnexPeriod:
    """The six months up to and including today."""
    return window_ending(today, PERIOD_MONTHS)


def period_problems(start: datetime.date | None, end: datetime.date | None, *, today: datetime.date) -> dict[str, str]:
    """What is wrong with a period, in plain words, by the field it is about: empty when the period will do."""
    problems = {}
    if start is None:
        problems["period_start"] = START_REQUIRED
    if end is None:
        problems["period_end"] = END_REQUIRED
    elif end > today:
        problems["period_end"] = END_IN_FUTURE
    elif start is not None and end < start:
        problems["period_end"] = END_BEFORE_START
    elif start is not None and start < months_before(end, LONGEST_YEARS * 12):
        problems["period_start"] = TOO_LONG
    return problems
