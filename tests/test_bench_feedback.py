"""The benchmark's feedback is what the services would have written: anonymous responses keep nobody, named and
confidential ones keep a child of their own case, answers answer their own version's questions, every alert
answer has its safety task, and the results page's query count does not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.generate_authority import defaults_for_missing
from bench.generate_feedback import TABLES, build, table_models
from casemap.accounts.models import Role, Service, User
from casemap.cases.models import Allocation, Case, CaseMember
from casemap.conftest import TeamFactory, UserFactory, make_world
from casemap.feedback.counts import recount
from casemap.feedback.models import (
    Answer,
    Invitation,
    InvitationSent,
    LinkUse,
    Question,
    Response,
    SafetyTask,
    Survey,
)
from casemap.feedback.services import invitation_create, response_submit_by_link
from casemap.people.models import Person

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CHILD_SURVEY = "What children think of our help"
PARENT_SURVEY = "What parents think of our help"
# A tiny authority: answers from every parent and most children, not one in 8 cases and 20 children.
EVERYONE = {"cases_per_parent": 1, "children_per_child": 2}


def born(years: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=365 * years + 100)


def authority(teams: int, cases_each: int) -> None:
    """Teams of a manager and a worker, each with open cases and cases closed this year: children of 2, 8 and 14
    (the youngest too young to answer) and two parents."""
    if not User.objects.filter(role=Role.PRACTICE_LEAD).exists():
        UserFactory(role=Role.PRACTICE_LEAD)
    for _ in range(teams):
        team = TeamFactory(service=Service.CIN_CP)
        team.manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
        team.save()
        worker = UserFactory(team=team)
        for n in range(cases_each):
            for closed in (None, TODAY - datetime.timedelta(days=40)):
                case = Case.objects.create(
                    service="child_in_need", team=team, allocated_worker=None if closed else worker,
                    family_name=f"Family {n}", opened_on=TODAY - datetime.timedelta(days=500), closed_on=closed,
                )  # fmt: skip
                Allocation.objects.create(case=case, team=team, worker=worker, allocated_by=team.manager,
                                          started_at=timezone.now() - datetime.timedelta(days=500))  # fmt: skip
                for first, years in (("Darel", 2), ("Alkira", 8), ("Jarrah", 14), ("Merinda", 35), ("Eddy", 37)):
                    person = Person.objects.create(first_name=first, last_name="Cooper", is_child=years < 18,
                                                   date_of_birth=born(years))  # fmt: skip
                    CaseMember.objects.create(case=case, person=person, role="child" if years < 18 else "parent")


def write(seed: int) -> dict[str, list[dict]]:
    writer = build(seed=seed, today=TODAY, **EVERYONE)
    models = table_models()
    for key in reversed(TABLES):
        models[key].objects.all().delete()  # type: ignore[attr-defined]
    for key in TABLES:
        model = models[key]
        model.objects.bulk_create(model(**row) for row in writer.rows[key])  # type: ignore[attr-defined, operator]
    recount()  # as the generator does after writing its rows
    return writer.rows


def filled(row: object, columns: list[str]) -> set[str]:
    return {column for column in columns if getattr(row, column) not in (None, "")}


def test_every_required_column_is_written_by_the_generator_itself() -> None:
    authority(teams=2, cases_each=4)
    models = table_models()
    seen: dict[str, dict] = {}
    for seed in range(40):  # a safety task needs a child who said they were not safe
        for key, rows in build(seed=seed, today=TODAY, **EVERYONE).rows.items():
            if rows:
                seen.setdefault(key, rows[0])
        if set(seen) == set(TABLES):
            break
    assert set(seen) == set(TABLES)
    for key in TABLES:
        assert defaults_for_missing(models[key], list(seen[key])) == {}, key


def test_responses_keep_what_their_privacy_allows_and_answer_their_own_questions() -> None:
    authority(teams=3, cases_each=4)
    rows = write(seed=5)
    responses = Response.objects.select_related("version__survey", "team")
    assert {response.version.survey.audience for response in responses} == {"parent", "child", "young_person", "staff"}
    members = set(CaseMember.objects.values_list("case_id", "person_id"))
    year_ago = TODAY - datetime.timedelta(days=365)
    for response in responses:
        assert response.service == response.team.service
        if response.version.survey.is_anonymous:
            assert (response.person_id, response.case_id, response.given_on, response.entered_by_id) == (None,) * 4
        else:
            assert (response.case_id, response.person_id) in members, "a named response is about its own case"
            assert response.person.is_child and response.given_on is not None
            assert year_ago <= response.given_on <= TODAY and response.month == response.given_on.replace(day=1)
            assert (response.entered_by_id is None) == (response.channel == "link")
    for answer in Answer.objects.select_related("question", "response"):
        assert answer.question.version_id == answer.response.version_id
        kind = answer.question.kind
        assert (answer.agreement in {"yes", "partly", "no"}) == (kind == "agree")
        assert (answer.scale is not None) == (kind == "scale")
        assert bool(answer.text) == (kind == "text")
        assert bool(answer.text_check) == (answer.text_checked_by_id is not None)
    texts = Answer.objects.filter(question__kind="text")
    assert 0.3 < texts.filter(text_check="shown").count() / texts.count() < 0.7, "about half the words are shown"
    assert not Response.objects.filter(answers__isnull=True).exists(), "nobody sends an empty form"
    # Who was asked on their own link, and the link used.
    linked = Response.objects.filter(channel="link")
    assert LinkUse.objects.filter(used=True).count() == linked.count()
    for response in linked.exclude(person=None):
        invitation = Invitation.objects.get(person=response.person, case=response.case)
        assert invitation.version_id == response.version_id and invitation.team_id == response.case.team_id
        assert InvitationSent.objects.filter(person=response.person, survey=response.version.survey).exists()
    assert Invitation.objects.count() > linked.exclude(person=None).count(), "some were asked and never answered"
    # A safety task for exactly the children who said they were not safe, about their own case.
    alerted = set()
    for answer in Answer.objects.select_related("question", "response").exclude(response__person=None):
        if answer.agreement and answer.agreement in answer.question.alert_answers:
            alerted.add(answer.response_id)
    tasks = SafetyTask.objects.select_related("response", "case")
    assert {task.response_id for task in tasks} == alerted
    for task in tasks:
        assert (task.case_id, task.person_id) == (task.response.case_id, task.response.person_id)
        assert task.team_id == task.case.team_id
    assert len(rows["response"]) == Response.objects.count()


def test_generated_rows_fill_the_same_columns_as_the_services() -> None:
    """A child's named answer and a parent's anonymous one on their own links, through the services, against the
    generator's."""
    world = make_world()
    children, parents = Survey.objects.get(name=CHILD_SURVEY), Survey.objects.get(name=PARENT_SURVEY)
    made = {}
    for survey, person in ((children, world.child), (parents, world.mother)):
        token = invitation_create(acting_user=world.worker, case=world.case, survey=survey, person=person)
        question = Question.objects.filter(version__survey=survey, kind="agree").first()
        made[survey.audience] = response_submit_by_link(token=token, given={question.pk: "yes"})
    response_columns = ["person_id", "case_id", "given_on", "entered_by_id", "month", "team_id", "service"]
    sent_columns = ["person_id", "survey_id", "sent_on", "sent_by_id"]
    by_services = {audience: filled(response, response_columns) for audience, response in made.items()}
    sent_by_services = {row.survey.audience: filled(row, sent_columns) for row in InvitationSent.objects.all()}
    authority(teams=2, cases_each=4)
    write(seed=9)
    for audience in ("child", "parent"):
        generated = Response.objects.filter(version__survey__audience=audience, channel="link")
        assert generated.exists(), audience
        for response in generated:
            assert filled(response, response_columns) == by_services[audience], audience
        for row in InvitationSent.objects.filter(survey__audience=audience):
            assert filled(row, sent_columns) == sent_by_services[audience], audience


def signed_in(user: User) -> Client:
    """Past two-factor, as casemap/conftest.py's client_for."""
    client = Client()
    client.force_login(user)
    session = client.session
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def test_the_results_page_costs_the_same_queries_on_more_rows() -> None:
    authority(teams=2, cases_each=4)
    write(seed=3)
    client = signed_in(UserFactory(role=Role.SERVICE_MANAGER))
    parents = Survey.objects.get(name=PARENT_SURVEY)

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("feedback:results"), {"survey": parents.pk})
        assert page.status_code == 200
        assert "In their own words" in page.content.decode() and "groups of 10 or more" not in page.content.decode()
        return len(queries)

    counted()  # the first request saves the session
    small = counted()
    authority(teams=6, cases_each=8)
    write(seed=3)
    assert counted() == small
