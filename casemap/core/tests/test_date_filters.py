"""The two date formats pages use are written directly; they must read exactly as Django's date filter writes them."""

import datetime
import zoneinfo

from django.template import Context, Template
from django.utils import timezone

LONDON = zoneinfo.ZoneInfo("Europe/London")


def rendered(source: str, value: object) -> str:
    return Template(source).render(Context({"value": value}))


def test_every_day_of_two_years_reads_as_the_date_filter_writes_it() -> None:
    first = datetime.date(2024, 1, 1)
    for offset in range(800):  # a leap day, every month's first and last, both changes of the clocks
        day = first + datetime.timedelta(days=offset)
        assert rendered("{{ value|long_date }}", day) == rendered('{{ value|date:"j F Y" }}', day)
        assert rendered("{{ value|short_date }}", day) == rendered('{{ value|date:"j M Y" }}', day)


def test_a_moment_is_dated_in_london_time() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time): the page says 1 July.
    late_evening = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    with timezone.override(LONDON):
        assert rendered("{{ value|long_date }}", late_evening) == "1 July 2026"
        assert rendered("{{ value|short_date }}", late_evening) == "1 Jul 2026"
        assert rendered("{{ value|long_date }}", late_evening) == rendered('{{ value|date:"j F Y" }}', late_evening)


def test_nothing_or_text_gives_nothing_as_the_date_filter_does() -> None:
    for value in (None, "", "not a date"):
        assert rendered("{{ value|long_date }}", value) == rendered('{{ value|date:"j F Y" }}', value) == ""
        assert rendered("{{ value|short_date|default:'None yet' }}", value) == "None yet"
