"""The conference record's pages: who may see them, each form posted exactly as the page renders it, and no score
on any page before the reveal."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from casemap.access.models import AccessLogEntry
from casemap.cases.models import ChildProtectionPlan
from casemap.core.tests.rendered_forms import form_on_page, post_changed, post_rendered, refused_as_stale, rendered_form
from casemap.meetings.models import AgencyReport, Meeting, MeetingKind, SealedScore
from casemap.meetings.services.conference import (
    ReportAnswers,
    agency_report_add,
    agency_report_update,
    sealed_score_give,
)
from casemap.meetings.tests.test_conference import (
    ANSWERS,
    conclude,
    conference_with_family,
    invitee,
    record_childs_view,
    save_decision,
    with_map,
)

SECRET_REASON = "He has not been back to the house since the May bank holiday"


@pytest.fixture
def conference(enquiries) -> Meeting:  # type: ignore[no-untyped-def]
    world = enquiries.world
    meeting = with_map(world, conference_with_family(world))
    agency_report_add(
        acting_user=world.worker, meeting=meeting, author=invitee(meeting, name="Dr Rao"), answers=ANSWERS
    )
    return meeting


def pages(meeting: Meeting) -> list[str]:
    child = meeting.meeting_children.first()
    report = meeting.agency_reports.first()
    assert child is not None and report is not None
    return [
        reverse("meetings:conference", args=[meeting.pk]),
        reverse("meetings:conference-childs-view", args=[meeting.pk]),
        reverse("meetings:conference-report-new", args=[meeting.pk]),
        reverse("meetings:conference-report", args=[meeting.pk, report.pk]),
        reverse("meetings:conference-score-new", args=[meeting.pk]),
        reverse("meetings:conference-decision", args=[meeting.pk, child.child_id]),
    ]


def buttons(meeting: Meeting) -> list[str]:
    child = meeting.meeting_children.first()
    assert child is not None
    return [
        reverse("meetings:conference-map-start", args=[meeting.pk]),
        reverse("meetings:conference-reveal", args=[meeting.pk]),
        reverse("meetings:conference-decision-sign", args=[meeting.pk, child.child_id]),
    ]


def test_a_worker_in_another_team_gets_not_found_on_every_conference_page(enquiries, conference, client_for):
    client = client_for(enquiries.world.other_worker)
    for url in [*pages(conference), reverse("meetings:detail", args=[conference.pk])]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"version": conference.version}).status_code == 404, url
    for url in buttons(conference):
        assert client.post(url, {"version": conference.version}).status_code == 404, url


def test_the_chair_sees_the_conference_through_their_assignment(enquiries, conference, client_for):
    world = enquiries.world
    client = client_for(world.chair)
    for url in pages(conference):
        assert client.get(url).status_code == 200, url
    body = client.get(reverse("meetings:detail", args=[conference.pk])).content.decode()
    assert "Conference record" in body and "Open the conference map" in body
    assert "Riverside Surgery" in body, "the reports are listed on the meeting page"
    assert AccessLogEntry.objects.filter(
        user=world.chair, action="view", record_type="meeting", detail="conference record"
    ).exists()


def test_the_section_shows_nothing_for_a_meeting_that_is_not_a_conference():
    core_group = Meeting(kind=MeetingKind.CORE_GROUP)
    assert render_to_string("meetings/_conference_record.html", {"meeting": core_group, "can_change": True}) == "\n"


def test_no_score_is_shown_anywhere_before_the_reveal(enquiries, conference, client_for):
    world = enquiries.world
    sealed_score_give(
        acting_user=world.worker,
        meeting=conference,
        invitee=invitee(conference, person=world.mother),
        danger_statement=None,
        score=7,
        reason=SECRET_REASON,
    )
    chair = client_for(world.chair)
    for client in (chair, client_for(world.worker), client_for(world.manager)):
        for url in [*pages(conference), reverse("meetings:detail", args=[conference.pk])]:
            assert SECRET_REASON not in client.get(url).content.decode(), url
    record = chair.get(reverse("meetings:conference", args=[conference.pk])).content.decode()
    assert "1 of 6 have given their score" in record and "0 of 6 have given their score" in record
    # The chair reveals them with the button as the page renders it.
    revealed = post_changed(
        chair,
        reverse("meetings:conference", args=[conference.pk]),
        "reveal-scores",
        posts_to=reverse("meetings:conference-reveal", args=[conference.pk]),
    )
    assert revealed.status_code == 302
    after = chair.get(revealed["Location"]).content.decode()
    assert SECRET_REASON in after and "revealed together" in after


def test_only_the_chair_or_a_manager_is_offered_the_reveal(enquiries, conference, client_for):
    world = enquiries.world
    sealed_score_give(
        acting_user=world.worker,
        meeting=conference,
        invitee=invitee(conference, name="PC Jones"),
        danger_statement=None,
        score=3,
        reason="Police were called twice",
    )
    url = reverse("meetings:conference", args=[conference.pk])
    meeting_url = reverse("meetings:detail", args=[conference.pk])
    assert 'id="reveal-scores"' not in client_for(world.worker).get(url).content.decode()
    assert 'id="reveal-scores"' in client_for(world.manager).get(url).content.decode()
    assert 'id="reveal-scores-here"' not in client_for(world.worker).get(meeting_url).content.decode()
    assert 'id="reveal-scores-here"' in client_for(world.chair).get(meeting_url).content.decode()
    # A worker who posts it anyway is told no, and nothing is revealed.
    response = client_for(world.worker).post(
        reverse("meetings:conference-reveal", args=[conference.pk]), {"version": conference.version}, follow=True
    )
    assert "Only the chair or a manager" in response.content.decode()
    conference.refresh_from_db()
    assert conference.scores_revealed_at is None
    # The chair reveals them from the meeting page.
    revealed = post_changed(
        client_for(world.chair),
        meeting_url,
        "reveal-scores-here",
        posts_to=reverse("meetings:conference-reveal", args=[conference.pk]),
    )
    assert revealed.status_code == 302
    conference.refresh_from_db()
    assert conference.scores_revealed_at is not None


def test_a_button_posted_from_an_old_or_broken_page_changes_nothing(enquiries, conference, client_for):
    world = enquiries.world
    sealed_score_give(
        acting_user=world.worker,
        meeting=conference,
        invitee=invitee(conference, name="PC Jones"),
        danger_statement=None,
        score=3,
        reason="Police were called twice",
    )
    response = client_for(world.chair).post(
        reverse("meetings:conference-reveal", args=[conference.pk]), {"version": "x"}, follow=True
    )
    assert "This page was out of date, so nothing was saved" in response.content.decode()
    conference.refresh_from_db()
    assert conference.scores_revealed_at is None


def test_the_conference_map_is_started_from_the_meeting_page(enquiries, client_for):
    world = enquiries.world
    meeting = conference_with_family(world)
    client = client_for(world.worker)
    started = post_changed(
        client,
        reverse("meetings:detail", args=[meeting.pk]),
        "conference-map-start",
        posts_to=reverse("meetings:conference-map-start", args=[meeting.pk]),
    )
    meeting.refresh_from_db()
    assert meeting.map is not None
    assert started["Location"] == reverse("mapping:map", args=[meeting.map.pk])


def test_the_childs_view_is_saved_as_the_page_renders_it(enquiries, conference, client_for):
    client = client_for(enquiries.world.worker)
    url = reverse("meetings:conference-childs-view", args=[conference.pk])
    refused = post_changed(client, url, "conference-form", childs_view="   ")
    assert refused.status_code == 200 and "Enter the child&#x27;s view" in refused.content.decode()
    saved = post_changed(client, url, "conference-form", childs_view="Alkira drew a house with a sad face.")
    assert saved.status_code == 302
    conference.refresh_from_db()
    assert conference.childs_view == "Alkira drew a house with a sad face."


def test_a_report_is_added_as_the_page_renders_it(enquiries, conference, client_for):
    world = enquiries.world
    client = client_for(world.worker)
    url = reverse("meetings:conference-report-new", args=[conference.pk])
    shown = rendered_form(client, url, "conference-form")
    police = invitee(conference, name="PC Jones")
    mother = invitee(conference, person=world.mother)
    assert str(police.pk) in shown.options["author"] and str(mother.pk) not in shown.options["author"]
    assert str(invitee(conference, name="Dr Rao").pk) not in shown.options["author"], "Dr Rao has a report already"
    refused = post_rendered(
        client,
        url,
        shown,
        author=str(police.pk),
        worries="Police were called twice",
        working_well="Merinda called the police herself",
        needs_to_happen="Dad does not come to the house",
        score="6",
    )
    assert refused.status_code == 200 and "Say why the agency gave this score" in refused.content.decode()
    again = form_on_page(refused, "conference-form")
    assert again.fields["worries"] == ["Police were called twice"] and again.fields["author"] == [str(police.pk)]
    added = post_rendered(
        client,
        url,
        again,
        score_reason="Two call-outs this month",
        share_restriction="police",
        restriction_reason="The interview is not finished",
    )
    assert added.status_code == 302
    report = AgencyReport.objects.get(author=police)
    assert (report.score, report.share_restriction) == (6, "police")


def test_a_report_saved_from_an_old_page_keeps_the_typing(enquiries, conference, client_for):
    world = enquiries.world
    report = conference.agency_reports.get()
    url = reverse("meetings:conference-report", args=[conference.pk, report.pk])

    def meanwhile() -> None:
        agency_report_update(
            acting_user=world.teammate,
            report=report,
            expected_version=report.version,
            answers=ReportAnswers(**{**ANSWERS.__dict__, "childs_wishes": "To live with her mum"}),
        )

    client = client_for(world.worker)
    again = refused_as_stale(client, url, "conference-form", meanwhile, worries="Alkira missed 14 days")
    assert post_rendered(client, url, again).status_code == 302
    report.refresh_from_db()
    assert report.worries == "Alkira missed 14 days" and report.version == 3


def test_a_report_not_shared_in_time_is_warned_about(enquiries, conference, client_for):
    body = client_for(enquiries.world.worker).get(reverse("meetings:conference", args=[conference.pk])).content
    assert "working days before the initial child protection conference" in body.decode()


def test_a_score_is_given_in_private_as_the_page_renders_it(enquiries, conference, client_for):
    world = enquiries.world
    client = client_for(world.worker)
    url = reverse("meetings:conference-score-new", args=[conference.pk])
    mother = invitee(conference, person=world.mother)
    statement = conference.map.danger_statements.get()  # type: ignore[union-attr]
    assert "0 means things are so bad the children cannot live at home" in client.get(url).content.decode()
    given = post_changed(
        client,
        url,
        "conference-form",
        invitee=str(mother.pk),
        scale=f"statement-{statement.pk}",
        score="8",
        reason=SECRET_REASON,
    )
    assert given["Location"] == reverse("meetings:detail", args=[conference.pk]) + "#scores"
    page = client.get(given["Location"]).content.decode()
    assert "Merinda Cooper&#x27;s score is in" in page and SECRET_REASON not in page
    assert "1 score given in private so far" in page
    assert SealedScore.objects.get(invitee=mother).danger_statement == statement
    twice = post_changed(
        client, url, "conference-form", invitee=str(mother.pk), scale=f"statement-{statement.pk}", score="2", reason="x"
    )
    assert twice.status_code == 200 and "has already given their score" in twice.content.decode()


def test_the_decision_is_saved_and_signed_as_the_page_renders_it(enquiries, conference, client_for):
    world = enquiries.world
    worker, chair = client_for(world.worker), client_for(world.chair)
    url = reverse("meetings:conference-decision", args=[conference.pk, world.child.pk])
    shown = rendered_form(worker, url, "decision-form")
    police = invitee(conference, name="PC Jones")
    assert str(police.pk) in shown.options["dissent_1_agency"]
    assert str(invitee(conference, person=world.mother).pk) not in shown.options["dissent_1_agency"]
    refused = post_rendered(
        worker, url, shown, significant_harm="yes", needs_plan="no", category="NEG", reasons="Harmed"
    )
    assert "A category of abuse is given only when the child has a child protection plan" in refused.content.decode()
    core = list(shown.options["core_group_known"])[:3]
    saved = post_rendered(
        worker,
        url,
        form_on_page(refused, "decision-form"),
        needs_plan="yes",
        lead_worker=str(world.worker.pk),
        core_group_known=core,
        dissent_1_agency=str(police.pk),
        dissent_1_reason="A child in need plan would be enough",
    )
    assert saved.status_code == 302
    decision = conference.decisions.get(child=world.child)
    assert decision.category == "NEG" and decision.dissents.get().invitee == police
    # Not signable until the conference is held and the child's view recorded.
    assert 'id="sign-decision"' not in chair.get(url).content.decode()
    held = conclude(world, conference)
    record_childs_view(world, held)
    assert 'id="sign-decision"' not in worker.get(url).content.decode(), "only the chair or a manager signs"
    signed = post_changed(
        chair,
        url,
        "sign-decision",
        posts_to=reverse("meetings:conference-decision-sign", args=[held.pk, world.child.pk]),
    )
    assert signed.status_code == 302
    plan = ChildProtectionPlan.objects.get(child=world.child)
    assert plan.started_on == held.held_on
    after = chair.get(url).content.decode()
    assert "A signed decision cannot be changed" in after and 'id="decision-form"' not in after
    assert worker.post(url, shown.fields).status_code == 404


def test_a_decision_saved_from_an_old_page_keeps_the_typing(enquiries, conference, client_for):
    world = enquiries.world
    save_decision(world, conference, world.sibling)
    url = reverse("meetings:conference-decision", args=[conference.pk, world.sibling.pk])
    client = client_for(world.worker)
    again = refused_as_stale(
        client,
        url,
        "decision-form",
        lambda: save_decision(world, conference, world.sibling, reasons="Changed by the chair"),
        reasons="Darel has seen the fights too",
    )
    assert post_rendered(client, url, again).status_code == 302
    assert conference.decisions.get(child=world.sibling).reasons == "Darel has seen the fights too"
