"""The three privacy modes, a child's safety answer, the 90-day rule, answers typed by a worker, and who may see
a family's feedback."""

import datetime

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import timezone

from casemap.cases.models import Case
from casemap.conftest import SEES, World
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.feedback.models import Invitation, InvitationSent, LinkUse, Question, Response, SafetyTask
from casemap.feedback.tests.helpers import answer_as_rendered, card_for, link_for, open_link, survey_named
from casemap.people.models import Person
from casemap.supervision.tests.test_pages import day_fields

NOT_SEEING = ["other_worker", "practice_lead", "chair", "data_officer", "administrator"]


def every_row() -> dict[tuple[str, object], dict[str, object]]:
    """Every row of every table, by model and key: to see what a submission wrote."""
    rows = {}
    for model in apps.get_models():
        for row in model._default_manager.values():
            rows[(model._meta.label, row.get(model._meta.pk.attname))] = row
    return rows


def links_to(model: type[models.Model], row: dict[str, object], target: type[models.Model], pk: object) -> bool:
    for field in model._meta.concrete_fields:
        if isinstance(field, models.ForeignKey) and field.related_model is target and row.get(field.attname) == pk:
            return True
    return False


def test_anonymous_answers_keep_nothing_that_leads_back_to_the_person(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    parents = survey_named("What parents think")
    link = link_for(client_for, world, parents, world.mother)
    assert Invitation.objects.count() == 0, "an anonymous survey's link is kept with nobody"
    respondent, page = open_link(link)
    assert "Your answers are anonymous" in page and "nobody will be told" in page and "Childline" in page
    before = every_row()
    sent = answer_as_rendered(
        respondent, parents, {"I was treated with respect": "partly", "How helpful was our work?": "6"}
    )
    assert sent.status_code == 303
    after = every_row()
    written = {key: row for key, row in after.items() if before.get(key) != row}
    assert written, "the submission wrote its answers"
    labels = {label for label, _ in written}
    expected = {
        "feedback.Response",
        "feedback.Answer",
        "feedback.ResponseCount",  # counted by version, team, month and answer only
        "feedback.AnswerCount",
        "feedback.LinkUse",
        "feedback.SubmissionAttempt",
        "sessions.Session",
    }
    assert labels <= expected, labels
    for (label, _), row in written.items():
        model = apps.get_model(label)
        assert not links_to(model, row, Person, world.mother.pk), label
        assert not links_to(model, row, Case, world.case.pk), label
        for value in row.values():
            assert "Merinda" not in str(value) and "Cooper" not in str(value)
    response = Response.objects.get()
    kept = {field: getattr(response, field) for field in ["person_id", "case_id", "given_on", "entered_by_id"]}
    assert kept == {"person_id": None, "case_id": None, "given_on": None, "entered_by_id": None}
    assert response.team == world.team and response.month == timezone.localdate().replace(day=1)
    # What links a person to the survey says they were asked, never whether they answered.
    asked = InvitationSent.objects.get()
    assert {f.name for f in InvitationSent._meta.concrete_fields} == {
        "id",
        "person",
        "survey",
        "sent_on",
        "sent_by",
        "event",
    }
    assert asked.person == world.mother
    assert LinkUse.objects.get().used


def test_named_answers_are_on_the_case_for_whoever_may_see_it(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    children = survey_named("What children think")
    respondent, _ = open_link(link_for(client_for, world, children, world.child))
    answer_as_rendered(respondent, children, {"Did we listen to you?": "partly"})
    response = Response.objects.get()
    for persona in SEES:
        page = client_for(getattr(world, persona)).get(reverse("feedback:case", args=[world.case.pk])).content.decode()
        assert reverse("feedback:response", args=[response.pk]) in page, persona
        detail = client_for(getattr(world, persona)).get(reverse("feedback:response", args=[response.pk]))
        assert (
            detail.status_code == 200
            and "Did we listen to you?" in detail.content.decode()
            and "Partly" in detail.content.decode()
        )
    for persona in NOT_SEEING:
        user = client_for(getattr(world, persona))
        for page_name, key in [("case", world.case.pk), ("invite", world.case.pk), ("enter-choose", world.case.pk),
                               ("response", response.pk)]:  # fmt: skip
            assert user.get(reverse(f"feedback:{page_name}", args=[key])).status_code == 404, (persona, page_name)


def test_confidential_answers_are_never_shown_on_the_case(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    young = survey_named("What young people think")
    respondent, page = open_link(link_for(client_for, world, young, world.sibling))
    assert "Your worker and their team will not read them" in page
    answer_as_rendered(
        respondent,
        young,
        {
            "I was treated with respect": "no",
            "Is there anything you want to tell us about our work with you?": "Nobody rang me back",
        },
    )
    response = Response.objects.get()
    assert response.person == world.sibling, "kept with the case for analysis"
    for persona in SEES:
        user = client_for(getattr(world, persona))
        page = user.get(reverse("feedback:case", args=[world.case.pk])).content.decode()
        assert "Nobody rang me back" not in page and reverse("feedback:response", args=[response.pk]) not in page
        assert user.get(reverse("feedback:response", args=[response.pk])).status_code == 404


def test_a_child_who_does_not_feel_safe_starts_a_task_for_the_team(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    children = survey_named("What children think")
    respondent, page = open_link(link_for(client_for, world, children, world.child))
    assert "If you say you do not feel safe" in page
    sent = answer_as_rendered(respondent, children, {"Do you feel safe at home now?": "no"})
    assert "asked the team who work with your family" in respondent.get(sent["Location"]).content.decode()
    task = SafetyTask.objects.get()
    assert task.team == world.team and task.person == world.child and task.done_at is None
    for persona in ["worker", "teammate", "manager"]:
        caseload = client_for(getattr(world, persona)).get(reverse("cases:my-caseload")).content.decode()
        assert "said in feedback that they may not feel safe" in caseload and world.child.full_name in caseload, persona
    other = client_for(world.other_worker).get(reverse("cases:my-caseload")).content.decode()
    assert "may not feel safe" not in other
    case_page = client_for(world.teammate).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert reverse("feedback:task-done", args=[task.pk]) in case_page
    empty = post_changed(client_for(world.teammate), reverse("feedback:task-done", args=[task.pk]), "task-form")
    assert "Say what was done" in empty.content.decode()
    done = post_changed(
        client_for(world.teammate), reverse("feedback:task-done", args=[task.pk]), "task-form",
        what_was_done="Tom saw Alkira at school the same afternoon; she is staying with her gran tonight.",
    )  # fmt: skip
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.done_by == world.teammate and "staying with her gran" in task.what_was_done
    assert "may not feel safe" not in client_for(world.worker).get(reverse("cases:my-caseload")).content.decode()


def test_an_anonymous_form_alerts_nobody(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    parents = survey_named("What parents think")
    question = Question.objects.get(version__survey=parents, text="My views were listened to")
    question.alert_answers = ["no"]
    question.save()
    respondent, page = open_link(link_for(client_for, world, parents, world.mother))
    assert "nobody will be told if you say you are worried" in page
    sent = answer_as_rendered(respondent, parents, {"My views were listened to": "no"})
    assert "nobody has been told" in respondent.get(sent["Location"]).content.decode()
    assert SafetyTask.objects.count() == 0


def test_nobody_is_asked_twice_in_ninety_days(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    children = survey_named("What children think")
    link_for(client_for, world, children, world.child)
    again = card_for(client_for, world, children, world.child)
    body = again.content.decode()
    assert again.status_code == 200 and "Nobody is asked more than once in 90 days" in body
    assert "feedback-link" not in body
    InvitationSent.objects.update(sent_on=timezone.localdate() - datetime.timedelta(days=90))
    assert "feedback-link" in card_for(client_for, world, children, world.child).content.decode()


def test_a_survey_for_children_is_not_offered_for_an_adult(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    refused = card_for(client_for, world, survey_named("What children think"), world.mother)
    assert "This survey is for children and young people: choose a child" in refused.content.decode()
    assert InvitationSent.objects.count() == 0


def test_the_people_offered_are_the_familys_own(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    form = rendered_form(client_for(world.worker), reverse("feedback:invite", args=[world.case.pk]), "choose-form")
    offered = set(form.options["person"]) - {""}
    assert offered == {str(world.child.pk), str(world.sibling.pk), str(world.mother.pk)}


@pytest.mark.parametrize("channel", ["with_worker", "paper"])
def test_a_worker_types_in_answers_given_with_them_or_on_paper(client_for, world: World, channel: str) -> None:  # type: ignore[no-untyped-def]
    children = survey_named("What children think")
    worker = client_for(world.worker)
    choose = rendered_form(worker, reverse("feedback:enter-choose", args=[world.case.pk]), "choose-form")
    chosen = {**dict(choose.fields.items()), "survey": [str(children.pk)], "person": [str(world.child.pk)]}
    assert str(children.pk) in choose.options["survey"]
    went = worker.get(reverse("feedback:enter-choose", args=[world.case.pk]), chosen)
    assert went.status_code == 302
    question = Question.objects.get(version__survey=children, text="Did we listen to you?")
    today = timezone.localdate()
    sent = post_changed(
        worker, went["Location"], "answers-form", channel=channel, **{f"question_{question.pk}": "yes"},
        **day_fields("given_on", today),
    )  # fmt: skip
    assert sent.status_code == 302
    response = Response.objects.get()
    assert response.channel == channel and response.entered_by == world.worker and response.person == world.child
    nothing = post_changed(worker, went["Location"], "answers-form", channel=channel,
                           **day_fields("given_on", today))  # fmt: skip
    assert "Answer at least one question" in nothing.content.decode()
