"""The demo's families read as if recorded over time: a case's allocation history starts on the day its referral
came in, not on the day the demo was seeded."""

import datetime

import pytest
from django.utils import timezone

from casemap.accounts.demo import demo_personas_create
from casemap.cases.demo import DemoAuthority
from casemap.cases.models import Allocation, Case

pytestmark = pytest.mark.django_db


def history(case: Case) -> list[tuple[datetime.date, datetime.date | None, str]]:
    rows = Allocation.objects.filter(case=case).order_by("started_at", "pk")
    return [
        (
            timezone.localtime(row.started_at).date(),
            timezone.localtime(row.ended_at).date() if row.ended_at else None,
            str(row.worker or "Unallocated"),
        )
        for row in rows
    ]


def test_the_allocation_history_starts_on_the_day_of_the_referral() -> None:
    families = DemoAuthority(demo_personas_create())
    case = families.seed_family()
    case.refresh_from_db()
    opened = case.opened_on
    assert opened < timezone.localdate()
    assert history(case) == [(opened, opened, "Unallocated"), (opened, None, str(case.allocated_worker))]


def test_every_demo_family_was_allocated_when_its_referral_came_in() -> None:
    families = DemoAuthority(demo_personas_create())
    for index in range(6):
        families.synthetic_family(index)
    for case in Case.objects.all():
        rows = history(case)
        assert rows[0][0] == case.opened_on, case.family_name
        assert all(started == case.opened_on for started, _ended, _worker in rows), case.family_name
