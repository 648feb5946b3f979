"""What the case services share: the manager's own refusal, and when a change dated by its day took effect."""

import datetime
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from casemap.access.policy import can_manage_case
from casemap.accounts.models import User
from casemap.cases.models import Case

MANAGERS_ONLY = "Only a manager in the team's line can do this"


def managers_only(acting_user: User) -> Callable[[Case], None]:
    """The write guard's app refusal for decisions on the case as a whole: the referral decision, allocation,
    a change of service and closure are for managers in the case team's line."""

    def refuse(case: Case) -> None:
        if not can_manage_case(acting_user, case):
            raise PermissionDenied(MANAGERS_ONLY)

    return refuse


def moment_of(day: datetime.date, *, start_of_day: bool = False) -> datetime.datetime:
    """When a change recorded for `day` took effect: now, if it is today; otherwise that day (at its start, or at
    midday), so a history recorded afterwards reads in the order it happened, not the order it was typed."""
    now = timezone.localtime()
    if day >= now.date():
        return now
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(0 if start_of_day else 12)))
