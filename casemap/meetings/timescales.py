"""When each meeting and statutory step is due, worked out from the events recorded, never typed.

The rules are data: `CASEMAP_TIMESCALES` in the settings overrides any of the defaults below (local procedures
differ on core groups, child in need reviews and documents). Working days are England's
(`casemap/core/working_days.py`); months clamp to the end of the month (30 November + 3 months = 28 or 29 February).
"""

import dataclasses
import datetime
import functools
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from casemap.core.working_days import WorkingDayCalendar, add_months, working_day_calendar
from casemap.meetings.models import MeetingKind


@dataclasses.dataclass(frozen=True)
class Timescales:
    assessment_working_days: int = 45
    conference_after_strategy_working_days: int = 15
    first_core_group_working_days: int = 10
    core_group_interval_weeks: int = 6
    first_review_months: int = 3
    later_review_months: int = 6
    child_in_need_first_meeting_working_days: int = 10
    child_in_need_review_weeks: int = 12
    child_in_care_first_review_working_days: int = 20
    child_in_care_second_review_months: int = 3
    child_in_care_later_review_months: int = 6
    share_reports_before_initial_working_days: int = 3
    share_reports_before_review_working_days: int = 5
    decision_letter_working_days: int = 1
    full_record_working_days: int = 15
    adjourned_within_working_days: int = 10
    due_soon_working_days: int = 5


@functools.cache
def timescales() -> Timescales:
    """The rules in force, read from the settings once: a team's due list asks for them for every step."""
    return Timescales(**getattr(settings, "CASEMAP_TIMESCALES", {}))


@receiver(setting_changed)
def _forget_timescales(*, setting: str, **kwargs: Any) -> None:
    if setting == "CASEMAP_TIMESCALES":
        timescales.cache_clear()


def assessment_due(started_on: datetime.date, calendar: WorkingDayCalendar | None = None) -> datetime.date:
    calendar = calendar or working_day_calendar()
    return calendar.add_working_days(started_on, timescales().assessment_working_days)


def initial_conference_due(
    strategy_discussions_on: Iterable[datetime.date], calendar: WorkingDayCalendar | None = None
) -> datetime.date:
    """15 working days from the strategy discussion that started the enquiry (the last, if there were several)."""
    calendar = calendar or working_day_calendar()
    return calendar.add_working_days(max(strategy_discussions_on), timescales().conference_after_strategy_working_days)


def review_conference_due(last_conference_kind: str, last_conference_held_on: datetime.date) -> datetime.date:
    """The first review 3 months after the initial conference; each later one 6 months after the review actually
    held before it, never after the date it was due."""
    rules = timescales()
    months = (
        rules.first_review_months
        if last_conference_kind == MeetingKind.INITIAL_CONFERENCE
        else rules.later_review_months
    )
    return add_months(last_conference_held_on, months)


def core_group_due(
    conference_held_on: datetime.date,
    last_core_group_held_on: datetime.date | None,
    calendar: WorkingDayCalendar | None = None,
) -> datetime.date:
    rules = timescales()
    if last_core_group_held_on is None or last_core_group_held_on < conference_held_on:
        calendar = calendar or working_day_calendar()
        return calendar.add_working_days(conference_held_on, rules.first_core_group_working_days)
    return last_core_group_held_on + datetime.timedelta(weeks=rules.core_group_interval_weeks)


def child_in_need_review_due(
    plan_started_on: datetime.date,
    last_review_held_on: datetime.date | None,
    calendar: WorkingDayCalendar | None = None,
) -> datetime.date:
    rules = timescales()
    if last_review_held_on is None or last_review_held_on < plan_started_on:
        calendar = calendar or working_day_calendar()
        return calendar.add_working_days(plan_started_on, rules.child_in_need_first_meeting_working_days)
    return last_review_held_on + datetime.timedelta(weeks=rules.child_in_need_review_weeks)


def child_in_care_review_due(
    looked_after_from: datetime.date,
    reviews_held_on: list[datetime.date],
    calendar: WorkingDayCalendar | None = None,
) -> datetime.date:
    """The Care Planning Regulations' reg 33: the first review within 20 working days of becoming looked after, the
    second within 3 months of the first, then every 6 months."""
    rules = timescales()
    held = sorted(day for day in reviews_held_on if day >= looked_after_from)
    if not held:
        calendar = calendar or working_day_calendar()
        return calendar.add_working_days(looked_after_from, rules.child_in_care_first_review_working_days)
    if len(held) == 1:
        return add_months(held[0], rules.child_in_care_second_review_months)
    return add_months(held[-1], rules.child_in_care_later_review_months)


def documents_due(
    held_on: datetime.date, calendar: WorkingDayCalendar | None = None
) -> tuple[datetime.date, datetime.date]:
    """(decision letter, full record) after a meeting held on `held_on`."""
    rules = timescales()
    calendar = calendar or working_day_calendar()
    return (
        calendar.add_working_days(held_on, rules.decision_letter_working_days),
        calendar.add_working_days(held_on, rules.full_record_working_days),
    )


def plan_next_dates(
    conference_kind: str, held_on: datetime.date, calendar: WorkingDayCalendar | None = None
) -> tuple[datetime.date, datetime.date]:
    """(first core group, next review conference) due after a conference that kept or started a plan."""
    return core_group_due(held_on, None, calendar), review_conference_due(conference_kind, held_on)
