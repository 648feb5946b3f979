"""The benchmark's supervision is what the services would have written: every required column, sessions on each
person's schedule, an overdue share of staff and cases that the overdue lists find, and lists whose query count
does not grow with the rows."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.generate_authority import defaults_for_missing
from bench.generate_supervision import TABLES, build, table_models
from casemap.accounts.models import Role, Service, User
from casemap.cases.models import Case, CaseMember
from casemap.conftest import TeamFactory, UserFactory
from casemap.people.models import Person
from casemap.supervision.frequency import Step, interval_on
from casemap.supervision.rules import default_rules_ensure
from casemap.supervision.selectors import overdue_lists

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def authority(teams: int, workers: int, cases_each: int) -> User:
    """Teams of a manager and workers, each worker holding open child protection cases of two children. Returns
    the service manager over them all."""
    default_rules_ensure()
    grace = User.objects.filter(username="grace").first() or UserFactory(username="grace", role=Role.SERVICE_MANAGER)
    for _ in range(teams):
        team = TeamFactory(service=Service.CIN_CP, service_manager=grace)
        team.manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
        team.save()
        for _ in range(workers):
            worker = UserFactory(team=team)
            for n in range(cases_each):
                case = Case.objects.create(
                    service="child_protection", team=team, allocated_worker=worker, family_name=f"Family {n}",
                    opened_on=TODAY - datetime.timedelta(days=400),
                )  # fmt: skip
                for first in ("Alkira", "Darel"):
                    child = Person.objects.create(first_name=first, last_name="Cooper", is_child=True,
                                                  date_of_birth=datetime.date(2018, 1, 1))  # fmt: skip
                    CaseMember.objects.create(case=case, person=child, role="child")
    return grace


def write(seed: int) -> dict[str, list[dict]]:
    writer = build(seed=seed, today=TODAY)
    models = table_models()
    models["chronology"].objects.filter(source_type="supervision.supervision").delete()  # type: ignore[attr-defined]
    for key in ("action", "supervision_child", "supervision", "leave", "profile"):
        models[key].objects.all().delete()  # type: ignore[attr-defined]
    for key in TABLES:
        model = table_models()[key]
        model.objects.bulk_create(model(**row) for row in writer.rows[key])  # type: ignore[attr-defined, operator]
    return writer.rows


def test_every_required_column_is_written_by_the_generator_itself() -> None:
    authority(teams=2, workers=4, cases_each=2)
    writer = build(seed=7, today=TODAY)
    models = table_models()
    for key in TABLES:
        assert writer.rows[key], f"no {key} rows"
        assert defaults_for_missing(models[key], list(writer.rows[key][0])) == {}, key


def test_sessions_follow_each_persons_schedule_and_some_are_overdue() -> None:
    grace = authority(teams=3, workers=6, cases_each=2)
    rows = write(seed=11)
    steps = [Step(42, 7), Step(182, 14), Step(None, 28)]
    starts = {row["staff_id"]: row["schedule_starts_on"] for row in rows["profile"]}
    by_person: dict[int, list[datetime.date]] = {}
    for row in rows["supervision"]:
        if row["kind"] == "personal" and row["status"] == "signed":
            by_person.setdefault(row["supervisee_id"], []).append(row["occurred_on"])
    assert by_person
    for person, days in by_person.items():
        days.sort()
        for before, after in itertools.pairwise(days):
            allowed = interval_on(steps, starts[person], before) if starts[person] else 28
            assert (after - before).days <= allowed, "a session later than the schedule allows"
    assert all(row["occurred_on"] <= TODAY for row in rows["supervision"])
    lists = overdue_lists(user=grace, today=TODAY)
    assert lists.staff, "the generated authority has overdue staff"
    assert lists.cases_overdue + lists.cases_in_time == Case.objects.count()


def test_the_overdue_lists_cost_the_same_queries_on_the_generated_rows() -> None:
    grace = authority(teams=1, workers=3, cases_each=1)
    write(seed=3)

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            overdue_lists(user=User.objects.get(pk=grace.pk), today=TODAY)
        return len(queries)

    small = counted()
    authority(teams=3, workers=5, cases_each=3)
    write(seed=3)
    assert counted() == small
