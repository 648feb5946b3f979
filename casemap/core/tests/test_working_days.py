"""The working-day calendar: the reference vectors, England's bank holidays as GOV.UK publishes them (from the copy
kept in the test package, never fetched), and one-off national days added by an administrator, audited."""

import calendar
import datetime
import socket

import pytest
import requests
from django.urls import reverse
from govuk_bank_holidays.bank_holidays import BankHolidays
from hypothesis import given, settings
from hypothesis import strategies as st

from casemap.conftest import World
from casemap.core.models import NationalHoliday
from casemap.core.tests.rendered_forms import post_changed
from casemap.core.working_days import (
    WorkingDayCalendar,
    add_months,
    add_working_days,
    is_working_day,
    working_day_calendar,
    working_days_between,
)

D = datetime.date
ENGLAND = WorkingDayCalendar()
ADD_URL = reverse("admin:core_nationalholiday_add")
# A made-up one-off day: a Wednesday that is no bank holiday.
ONE_OFF = D(2027, 6, 16)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to reach another machine fails the test instead of quietly falling back."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing may be fetched over the network")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("event", "n", "due"),
    [
        (D(2025, 12, 15), 15, D(2026, 1, 8)),
        (D(2025, 12, 13), 15, D(2026, 1, 7)),  # a Saturday
        (D(2026, 1, 8), 10, D(2026, 1, 22)),
        (D(2026, 3, 27), 15, D(2026, 4, 21)),  # Easter
        (D(2022, 9, 12), 15, D(2022, 10, 4)),  # the State Funeral of Queen Elizabeth II
        (D(2023, 5, 2), 10, D(2023, 5, 17)),  # the Coronation
        (D(2026, 12, 18), 20, D(2027, 1, 20)),  # Christmas, Boxing Day moved to Monday, New Year's Day
    ],
)
def test_working_day_vectors(event: D, n: int, due: D) -> None:
    assert add_working_days(event, n) == due
    assert is_working_day(due)
    assert working_days_between(event, due) == n


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [(D(2023, 11, 30), 3, D(2024, 2, 29)), (D(2024, 11, 30), 3, D(2025, 2, 28)), (D(2024, 2, 29), 6, D(2024, 8, 29))],
)
def test_month_vectors_clamp_to_the_end_of_the_month(day: D, n: int, expected: D) -> None:
    assert add_months(day, n) == expected


def test_months_are_added_to_the_date_reached_not_to_the_first() -> None:
    review = add_months(D(2023, 11, 30), 3)
    assert review == D(2024, 2, 29)
    assert add_months(review, 6) == D(2024, 8, 29)


@pytest.mark.parametrize("year", range(2019, 2029))
def test_weekday_bank_holidays_are_govuks_for_england_and_wales(year: int, no_network: None) -> None:
    # GOV.UK's list as the package keeps it; with the network refused, a fetch would fail this test.
    with pytest.raises(AssertionError):
        requests.get(BankHolidays.source_url, timeout=1)
    govuk = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES, year=year)
    expected = {holiday["date"] for holiday in govuk if holiday["date"].weekday() < 5}
    days = (D(year, 1, 1) + datetime.timedelta(days=i) for i in range(366 if calendar.isleap(year) else 365))
    engine = {day for day in days if day.weekday() < 5 and not ENGLAND.is_working_day(day)}
    assert expected
    assert engine == expected


@pytest.mark.parametrize(
    "day",
    [D(2026, 3, 17), D(2027, 7, 12), D(2026, 8, 3), D(2026, 11, 30)],
    ids=["st-patricks-day", "battle-of-the-boyne", "scottish-summer-holiday", "st-andrews-day"],
)
def test_days_off_only_in_northern_ireland_or_scotland_are_working_days(day: D) -> None:
    assert ENGLAND.is_working_day(day)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 1, 8), D(2026, 1, 8), 0),
        (D(2026, 1, 9), D(2026, 1, 12), 1),  # Friday to Monday
        (D(2026, 1, 10), D(2026, 1, 11), 0),  # a weekend
        (D(2025, 12, 13), D(2026, 1, 7), 15),
        (D(2026, 1, 12), D(2026, 1, 9), -1),  # back from Monday to Friday
        (D(2026, 1, 7), D(2025, 12, 12), -15),  # back to Friday: it counts, the Wednesday started from does not
        (D(2026, 1, 7), D(2025, 12, 13), -14),  # back to a Saturday, which is no working day
    ],
)
def test_working_days_between_counts_after_start_up_to_and_including_end(start: D, end: D, expected: int) -> None:
    assert ENGLAND.working_days_between(start, end) == expected


def test_counting_back_finds_the_working_day_before() -> None:
    # Two working days before Tuesday 7 April 2026: Easter Monday and Good Friday are passed over.
    assert ENGLAND.add_working_days(D(2026, 4, 7), -2) == D(2026, 4, 1)


def test_zero_working_days_and_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="at least one working day"):
        ENGLAND.add_working_days(D(2026, 1, 8), 0)
    with pytest.raises(TypeError, match="not datetime"):
        ENGLAND.is_working_day(datetime.datetime(2025, 12, 25, 9, 0, tzinfo=datetime.UTC))
    with pytest.raises(TypeError):
        add_months("2026-01-31", 1)  # type: ignore[arg-type]


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2045, 12, 31))
national_days = st.frozensets(st.dates(min_value=D(2000, 1, 1), max_value=D(2046, 12, 31)), max_size=10)


@settings(deadline=None)
@given(day=days, n=st.integers(min_value=1, max_value=80), extra=national_days)
def test_adding_working_days_lands_on_a_working_day_n_working_days_on(day: D, n: int, extra: frozenset[D]) -> None:
    working = WorkingDayCalendar(extra)
    due = working.add_working_days(day, n)
    assert due > day
    assert working.is_working_day(due)
    assert due not in extra
    assert working.working_days_between(day, due) == n
    assert working.add_working_days(due, 1) == working.add_working_days(day, n + 1)


@settings(deadline=None)
@given(day=days, n=st.integers(min_value=1, max_value=80), extra=national_days)
def test_counting_back_lands_on_a_working_day_n_working_days_before(day: D, n: int, extra: frozenset[D]) -> None:
    working = WorkingDayCalendar(extra)
    before = working.add_working_days(day, -n)
    assert before < day
    assert working.is_working_day(before)
    assert working.working_days_between(day, before) == -n


@settings(deadline=None)
@given(first=days, second=days, third=days)
def test_working_days_between_adds_up_along_the_way(first: D, second: D, third: D) -> None:
    a, b, c = sorted((first, second, third))
    assert ENGLAND.working_days_between(a, b) + ENGLAND.working_days_between(b, c) == (
        ENGLAND.working_days_between(a, c)
    )


@given(day=days, n=st.integers(min_value=-240, max_value=240))
def test_adding_months_keeps_the_day_or_clamps_to_the_end_of_the_month(day: D, n: int) -> None:
    moved = add_months(day, n)
    year, month_index = divmod(day.year * 12 + day.month - 1 + n, 12)
    assert (moved.year, moved.month) == (year, month_index + 1)
    assert moved.day == min(day.day, calendar.monthrange(moved.year, moved.month)[1])


@pytest.mark.django_db
def test_one_calendar_reads_the_national_days_once(django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        working = working_day_calendar()
        dues = [working.add_working_days(D(2026, 1, 1) + datetime.timedelta(days=i), 20) for i in range(365)]
        working.working_days_between(D(2019, 1, 1), D(2028, 12, 31))
    assert len(dues) == 365


def test_an_administrator_adds_a_one_off_day_in_the_admin_and_it_moves_due_dates(world: World, client_for) -> None:
    before = working_day_calendar()
    assert add_working_days(D(2027, 6, 14), 3) == D(2027, 6, 17)

    client = client_for(world.administrator)
    response = post_changed(client, ADD_URL, "nationalholiday_form", date="16/06/2027", name="A one-off national day")

    assert response.status_code == 302
    added = NationalHoliday.objects.get()
    assert (added.date, added.name, added.added_by) == (ONE_OFF, "A one-off national day", world.administrator)
    # It counts from the next calendar made, with no restart; a calendar already made keeps what it read.
    assert not is_working_day(ONE_OFF)
    assert add_working_days(D(2027, 6, 14), 3) == D(2027, 6, 18)
    assert working_days_between(D(2027, 6, 14), D(2027, 6, 18)) == 3
    assert before.is_working_day(ONE_OFF)

    (created,) = added.history.all()
    assert (created.history_type, created.history_user, created.date) == ("+", world.administrator, ONE_OFF)


def test_a_change_to_a_national_day_is_audited_and_it_is_never_deleted(world: World, client_for) -> None:
    client = client_for(world.administrator)
    post_changed(client, ADD_URL, "nationalholiday_form", date="16/06/2027", name="A one-off day")
    added = NationalHoliday.objects.get()
    change_url = reverse("admin:core_nationalholiday_change", args=[added.pk])

    response = post_changed(client, change_url, "nationalholiday_form", date="17/06/2027")

    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.date, added.added_by) == (D(2027, 6, 17), world.administrator)
    changed, created = added.history.all()
    assert (changed.history_type, changed.history_user, changed.date) == ("~", world.administrator, D(2027, 6, 17))
    assert (created.history_type, created.date) == ("+", ONE_OFF)
    delete_url = reverse("admin:core_nationalholiday_delete", args=[added.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert NationalHoliday.objects.filter(pk=added.pk).exists()


@pytest.mark.parametrize(
    ("typed", "refusal"),
    [
        ("19/06/2027", "Saturday is never a working day"),
        ("25/12/2026", "already a bank holiday in England: Christmas Day"),
        ("28/12/2026", "already a bank holiday in England: Boxing Day (observed)"),
    ],
    ids=["weekend", "christmas", "substitute-day"],
)
def test_a_day_that_is_already_not_a_working_day_is_refused(world: World, client_for, typed: str, refusal: str) -> None:
    response = post_changed(client_for(world.administrator), ADD_URL, "nationalholiday_form", date=typed, name="Extra")
    assert response.status_code == 200
    assert refusal in response.content.decode()
    assert not NationalHoliday.objects.exists()


def test_staff_who_are_not_administrators_cannot_add_a_national_day(world: World, client_for) -> None:
    for user in (world.worker, world.manager, world.service_manager):
        client = client_for(user)
        assert client.get(ADD_URL).status_code == 302  # to the admin's sign-in: they are not admin staff
        client.post(ADD_URL, {"date": "16/06/2027", "name": "Extra"})
    assert not NationalHoliday.objects.exists()
