"""The benchmark's statutory records and meetings are what the services would have written: every required column,
each due date by the rules from the meetings held before it, conferences on weekdays, chaired, their chair assigned
and quorate once held, and the large conference the benchmark opens as it expects it."""

import datetime
from collections import defaultdict

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.generate_authority import defaults_for_missing
from bench.generate_meetings import TABLES, build, table_models
from casemap.accounts.models import Role, Service
from casemap.cases.models import Case, CaseMember, Episode, Referral
from casemap.conftest import TeamFactory, UserFactory
from casemap.core.working_days import working_day_calendar
from casemap.meetings import timescales
from casemap.meetings.models import Invitee
from casemap.meetings.quorum import quorum_of
from casemap.people.models import Person, Relationship

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def family_case(team, worker, manager, *, service, children, opened_days_ago, closed_days_ago=None, surname="Cooper"):
    opened = TODAY - datetime.timedelta(days=opened_days_ago)
    closed = TODAY - datetime.timedelta(days=closed_days_ago) if closed_days_ago else None
    case = Case.objects.create(
        service=service,
        team=team,
        allocated_worker=worker,
        opened_on=opened,
        closed_on=closed,
        closure_reason="RC7" if closed else "",
        family_name=f"{surname} family",
    )
    mother = Person.objects.create(first_name="Merinda", last_name=surname, date_of_birth=datetime.date(1988, 3, 1))
    CaseMember.objects.create(case=case, person=mother, role="adult")
    for number in range(children):
        child = Person.objects.create(
            first_name=f"Child{number}",
            last_name=surname,
            is_child=True,
            date_of_birth=TODAY - datetime.timedelta(days=(13 - 3 * number) * 365),
        )
        CaseMember.objects.create(case=case, person=child, role="child")
        Relationship.objects.create(person=child, relative=mother, kind="mother", lives_with=True)
        referral = Referral.objects.create(
            child=child,
            case=case,
            received_on=opened,
            source="6",
            what_was_reported="Police called to the home.",
            decision="assessment",
            decided_on=opened,
            decided_by=manager,
        )
        Episode.objects.create(case=case, child=child, referral=referral, service="child_in_need", started_on=opened)
        if service != "child_in_need":
            changed = opened + datetime.timedelta(days=10)
            Episode.objects.create(case=case, child=child, service=service, started_on=changed)
    return case


@pytest.fixture
def authority():
    team = TeamFactory(name="Child protection", service=Service.CIN_CP)
    manager = UserFactory(username="dana", role=Role.TEAM_MANAGER, team=team)
    team.manager = manager
    team.save()
    sally = UserFactory(username="sally", team=team)
    UserFactory(username="hannah", role=Role.CONFERENCE_CHAIR)
    UserFactory(username="cc001", role=Role.CONFERENCE_CHAIR)
    cases = [
        family_case(team, sally, manager, service="child_protection", children=3, opened_days_ago=420),
        family_case(team, sally, manager, service="child_protection", children=3, opened_days_ago=380, surname="Bell"),
        family_case(team, sally, manager, service="child_protection", children=1, opened_days_ago=12, surname="Hart"),
        family_case(team, sally, manager, service="child_in_need", children=2, opened_days_ago=700, surname="Shah"),
        family_case(team, sally, manager, service="child_in_care", children=1, opened_days_ago=90, surname="Lowe"),
        family_case(
            team, sally, manager, service="child_protection", children=2, opened_days_ago=600, closed_days_ago=60
        ),
    ]
    return {"team": team, "sally": sally, "dana": manager, "cases": cases}


def test_every_required_column_is_written_by_the_generator_itself(authority):
    writer = build(seed=7, today=TODAY)
    models = table_models()
    for key in TABLES:
        rows = writer.rows[key]
        assert rows, key
        columns = [column for column in rows[0] if not column.startswith("_")]
        assert defaults_for_missing(models[key], columns) == {}, key
        assert all(list(row) == list(rows[0]) for row in rows), f"{key}: every row has the same columns"


def test_due_dates_are_the_services_own_from_the_meetings_held_before(authority):
    writer = build(seed=7, today=TODAY)
    calendar = working_day_calendar()
    meetings = {row["id"]: row for row in writer.rows["meeting"]}
    discussions = {row["id"]: row["held_on"] for row in writer.rows["strategy"]}
    enquiry_discussion = {row["id"]: row["strategy_discussion_id"] for row in writer.rows["enquiry"]}
    enquiries_of = defaultdict(set)
    for link in writer.rows["meeting_child"]:
        if link["enquiry_id"]:
            enquiries_of[link["meeting_id"]].add(link["enquiry_id"])
    checked = defaultdict(int)
    for row in meetings.values():
        arranged = timezone.localtime(row["created_at"]).date()
        held_before = [
            other
            for other in meetings.values()
            if other["case_id"] == row["case_id"] and other["status"] == "held" and other["held_on"] < arranged
        ]
        if row["kind"] == "icpc":
            started = [discussions[enquiry_discussion[pk]] for pk in enquiries_of[row["id"]]]
            assert row["due_on"] == timescales.initial_conference_due(started, calendar)
        elif row["kind"] == "rcpc":
            previous = meetings[row["previous_id"]]
            assert previous["kind"] in {"icpc", "rcpc"} and previous["status"] == "held"
            assert row["due_on"] == timescales.review_conference_due(previous["kind"], previous["held_on"])
        elif row["kind"] == "core_group":
            conference = meetings[row["previous_id"]]
            core_groups = [other["held_on"] for other in held_before if other["kind"] == "core_group"]
            last = max(core_groups, default=None)
            assert row["due_on"] == timescales.core_group_due(conference["held_on"], last, calendar)
        elif row["kind"] == "cin_review":
            plans = [p for p in writer.rows["cin_plan"] if p["case_id"] == row["case_id"]]
            started = max(plan["started_on"] for plan in plans if plan["started_on"] <= arranged)
            reviews = [other["held_on"] for other in held_before if other["kind"] == "cin_review"]
            last = max((day for day in reviews if day >= started), default=None)
            assert row["due_on"] == timescales.child_in_need_review_due(started, last, calendar)
        checked[row["kind"]] += 1
        assert row["held_on"] is None or row["held_on"] <= TODAY
    assert set(checked) == {"icpc", "rcpc", "core_group", "cin_review"}, checked


def test_conferences_are_chaired_assigned_on_weekdays_and_quorate(authority):
    writer = build(seed=7, today=TODAY)
    invitees = defaultdict(list)
    for row in writer.rows["invitee"]:
        invitees[row["meeting_id"]].append(Invitee(**row))
    purposes = {row["purpose"] for row in writer.rows["assignment"]}
    for meeting in writer.rows["meeting"]:
        people = invitees[meeting["id"]]
        if meeting["kind"] in {"icpc", "rcpc"}:
            assert timezone.localtime(meeting["starts_at"]).weekday() < 5
            assert meeting["chair_id"]
            if meeting["previous_id"] is None or meeting["kind"] == "rcpc":  # a conference met again has none
                assert any(purpose.endswith(f"M{meeting['id']:07d}") for purpose in purposes)
            if meeting["status"] == "held":
                assert quorum_of(people).is_quorate or meeting["quorum_override_reason"]
            if len(people) not in {6, 20}:
                assert 6 <= len(people) <= 12, len(people)
        elif meeting["kind"] == "core_group":
            assert 4 <= len(people) <= 8
        else:
            assert 3 <= len(people) <= 6
        for person in people:
            person.full_clean(exclude=["meeting", "created_by", "modified_by", "person", "professional", "user"])


def signed_in(user) -> Client:
    """Signed in past two-factor, as the pages see a user."""
    client = Client()
    client.force_login(user)
    session = client.session
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_the_large_conference_is_the_benchmarks_and_its_pages_open(authority):
    from bench.run_benchmark import large_conference

    writer = build(seed=7, today=TODAY)
    models = table_models()
    for key in TABLES:
        model = models[key]
        model.objects.bulk_create(
            [model(**{k: v for k, v in row.items() if not k.startswith("_")}) for row in writer.rows[key]]
        )
    large = models["meeting"].objects.get(pk=large_conference())
    assert large.case.allocated_worker == authority["sally"]
    assert large.invitees.count() == 20 and large.meeting_children.count() == 3
    assert not large.invitees.filter(attendance="").exists()
    assert sorted(writer.special.values()) == ["large", "small"]
    small = models["meeting"].objects.get(case_id=next(pk for pk, what in writer.special.items() if what == "small"),
                                          status="arranged", kind="rcpc")  # fmt: skip
    assert small.invitees.count() == 6 and small.meeting_children.count() == 3
    for user, path in (("sally", f"/meetings/{large.pk}/"), ("sally", "/meetings/"), ("dana", "/meetings/?for=team")):
        assert signed_in(authority[user]).get(path).status_code == 200, path
