"""Invitations on events: after a conference is held, each child and parent of the family is put on the worker's
list, due within 5 working days; the worker gives the card, posts a letter (never to a confidential address) or
says why not; nobody is listed twice, or when asked in the last 90 days."""

import datetime

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from casemap.core.tests.rendered_forms import post_changed
from casemap.core.working_days import add_working_days
from casemap.feedback.due import invitations_due_refresh
from casemap.feedback.models import DueOutcome, InvitationDue, InvitationSent
from casemap.feedback.services import invitation_create
from casemap.feedback.tests.helpers import LINK_ON_CARD, survey_named
from casemap.meetings.services.arranging import meeting_conclude
from casemap.meetings.tests.conftest import Enquiries, arrange_initial_conference


def held_conference(enquiries: Enquiries):  # type: ignore[no-untyped-def]
    world = enquiries.world
    conference = arrange_initial_conference(world)
    held_on = timezone.localtime(conference.starts_at).date()
    meeting_conclude(
        acting_user=world.chair, meeting=conference, expected_version=conference.version, held_on=held_on,
        quorum_override_reason="Police sent a full report and could not attend",
    )  # fmt: skip
    return conference, held_on


def test_a_held_conference_lists_the_children_and_parents(enquiries) -> None:  # type: ignore[no-untyped-def]
    world = enquiries.world
    conference, held_on = held_conference(enquiries)
    call_command("feedback_invitations_due", stdout=open("/dev/null", "w"))  # noqa: SIM115
    due = {d.person: d for d in InvitationDue.objects.select_related("rule__survey")}
    assert set(due) == {world.child, world.sibling, world.mother}
    assert due[world.child].rule.survey.name == "What children think of our help"
    assert due[world.mother].rule.survey.name == "What parents think of our help"
    assert due[world.sibling].rule.survey.name == "What children think of our help", "Darel is 10"
    assert all(d.event_key == f"conference:{conference.pk}" for d in due.values())
    assert due[world.mother].due_by == add_working_days(held_on, 5)
    assert invitations_due_refresh() == 0, "nobody is listed twice"


def test_someone_asked_in_the_last_ninety_days_is_not_listed(enquiries) -> None:  # type: ignore[no-untyped-def]
    world = enquiries.world
    invitation_create(
        acting_user=world.worker, case=world.case, survey=survey_named("What parents think"), person=world.mother
    )
    held_conference(enquiries)
    invitations_due_refresh()
    assert not InvitationDue.objects.filter(person=world.mother).exists()


def test_the_worker_gives_the_card_from_the_familys_page(client_for, enquiries) -> None:  # type: ignore[no-untyped-def]
    world = enquiries.world
    held_conference(enquiries)
    invitations_due_refresh()
    due = InvitationDue.objects.get(person=world.mother)
    worker = client_for(world.worker)
    page = worker.get(reverse("feedback:case", args=[world.case.pk])).content.decode()
    assert "To ask for feedback" in page and reverse("feedback:due", args=[due.pk]) in page
    card = post_changed(worker, reverse("feedback:due", args=[due.pk]), "due-ask-form", how="card")
    assert LINK_ON_CARD.search(card.content.decode())
    due.refresh_from_db()
    assert due.outcome == DueOutcome.ASKED and due.outcome_by == world.worker
    assert InvitationSent.objects.get(person=world.mother).event == due.event_key
    assert (
        reverse("feedback:due", args=[due.pk])
        not in worker.get(reverse("feedback:case", args=[world.case.pk])).content.decode()
    )


def test_no_letter_goes_to_a_confidential_address(client_for, enquiries) -> None:  # type: ignore[no-untyped-def]
    world = enquiries.world
    world.mother.address_line_1, world.mother.postcode, world.mother.address_confidential = (
        "1 Hill Road",
        "NB1 1AA",
        True,
    )
    world.mother.save()
    held_conference(enquiries)
    invitations_due_refresh()
    due = InvitationDue.objects.get(person=world.mother)
    refused = post_changed(client_for(world.worker), reverse("feedback:due", args=[due.pk]), "due-ask-form", how="post")
    body = refused.content.decode()
    assert "address is confidential, so nothing is posted to it" in body and "1 Hill Road" not in body
    due.refresh_from_db()
    assert due.outcome == DueOutcome.WAITING and not InvitationSent.objects.exists()
    world.mother.address_confidential = False
    world.mother.save()
    letter = post_changed(client_for(world.worker), reverse("feedback:due", args=[due.pk]), "due-ask-form", how="post")
    text = letter.content.decode()
    assert "1 Hill Road" in text and "NB1 1AA" in text and "your feedback" in text
    assert world.case.family_name not in text.split('class="casemap-feedback-card"')[1], "the letter names no case"


def test_the_worker_says_why_someone_was_not_asked(client_for, enquiries) -> None:  # type: ignore[no-untyped-def]
    world = enquiries.world
    held_conference(enquiries)
    invitations_due_refresh()
    due = InvitationDue.objects.get(person=world.child)
    url = reverse("feedback:due-not-asked", args=[due.pk])
    empty = post_changed(
        client_for(world.worker), reverse("feedback:due", args=[due.pk]), "due-not-asked-form", posts_to=url
    )
    assert "Say why they were not asked" in empty.content.decode()
    said = post_changed(
        client_for(world.worker), reverse("feedback:due", args=[due.pk]), posts_to=url, reason="Alkira is in hospital"
    )
    assert said.status_code == 302
    due.refresh_from_db()
    assert due.outcome == DueOutcome.NOT_ASKED and due.outcome_reason == "Alkira is in hospital"


def test_another_team_cannot_see_or_act(client_for, enquiries) -> None:  # type: ignore[no-untyped-def]
    world = enquiries.world
    held_conference(enquiries)
    invitations_due_refresh(today=timezone.localdate() + datetime.timedelta(days=1))
    due = InvitationDue.objects.first()
    for persona in ["other_worker", "data_officer"]:
        assert client_for(getattr(world, persona)).get(reverse("feedback:due", args=[due.pk])).status_code == 404  # type: ignore[union-attr]
