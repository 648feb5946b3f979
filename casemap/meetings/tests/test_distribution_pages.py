"""The documents pages used as people use them, each form posted as the page renders it: drafting, preparing, the
second person's check and release, the log on the meeting page, downloads of one recipient's copy, a copy sent in
error and the breach; and who gets "not found"."""

import datetime
from html import escape

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import World
from casemap.core.tests.pdf_checks import page_texts
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.meetings.models import (
    BreachStatus,
    ConferenceDocument,
    DisclosureBreach,
    Distribution,
    DistributionChannel,
    DocumentKind,
)
from casemap.meetings.services import distribution as service
from casemap.meetings.services.arranging import meeting_cancel
from casemap.meetings.tests.conftest import Enquiries, arrange_initial_conference, next_weekday
from casemap.meetings.tests.test_distribution import Held, draft, held_conference, prepare, release
from casemap.people.models import Person

REFUSED = ["other_worker", "practice_lead", "data_officer", "administrator"]


@pytest.fixture
def held(world: World, enquiries: Enquiries) -> Held:
    return held_conference(world)


def meeting_url(held: Held) -> str:
    return reverse("meetings:detail", args=[held.meeting.pk])


def pdf_text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return " ".join(page_texts(response.content))


def test_drafted_prepared_then_checked_and_released_by_a_second_person(held, client_for):
    worker = client_for(held.world.worker)
    page = worker.get(meeting_url(held)).content.decode()
    draft_url = reverse("meetings:document-draft", args=[held.meeting.pk, DocumentKind.DECISION_LETTER])
    assert "Decision letter and record" in page and draft_url in page and "Not drafted yet" in page
    response = post_changed(worker, draft_url, "record-form")
    letter = ConferenceDocument.objects.get(meeting=held.meeting, kind=DocumentKind.DECISION_LETTER)
    assert response.status_code == 302 and response["Location"] == reverse(
        "meetings:document", args=[held.meeting.pk, letter.pk]
    )
    assert "Everything in this version" in worker.get(response["Location"]).content.decode()
    assert "already drafted" in post_changed(worker, draft_url, "record-form").content.decode()

    prepare_url = reverse("meetings:distribution-prepare", args=[held.meeting.pk, letter.pk])
    refused = post_changed(worker, prepare_url, "record-form", recipient=str(held.police.pk), channel="post")
    assert "There is no postal address on the record for PC Jones" in refused.content.decode()
    response = post_changed(worker, prepare_url, "record-form", recipient=str(held.father.pk), channel="post")
    assert response.status_code == 302
    copy = Distribution.objects.get(recipient=held.father)
    assert copy.address_line_1 == "3 Quarry Lane"
    release_url = reverse("meetings:distribution-release", args=[held.meeting.pk, copy.pk])
    page = worker.get(meeting_url(held)).content.decode()
    assert "Copies waiting for a second person to check and release" in page and release_url in page

    form = rendered_form(worker, release_url, "record-form")
    assert "address_checked" in form.options  # his address was recorded today
    refused = post_changed(worker, release_url, "record-form", address_checked="on")
    assert service.AUTHOR_MAY_NOT_RELEASE in refused.content.decode()
    teammate = client_for(held.world.teammate)
    assert "3 Quarry Lane" in teammate.get(release_url).content.decode()  # the checker sees where it goes
    refused = post_changed(teammate, release_url, "record-form")
    assert "changed in the last 28 days: check it with the family" in refused.content.decode()
    response = post_changed(teammate, release_url, "record-form", address_checked="on")
    assert response.status_code == 302
    copy.refresh_from_db()
    assert copy.released_by == held.world.teammate and copy.address_checked_with_family

    page = worker.get(meeting_url(held)).content.decode()
    log = page[page.index('id="distribution-log"') :]
    for shown in ("Jason Cooper", "Decision letter, version 1", "First-class post", str(held.world.teammate)):
        assert shown in log, shown
    assert teammate.get(release_url).status_code == 404  # released: nothing left to release


def test_the_release_form_asks_no_tick_for_an_address_recorded_long_ago(held, client_for):
    Person.history.filter(id=held.father.person_id).update(history_date=timezone.now() - datetime.timedelta(days=60))
    copy = prepare(held, draft(held), held.father)
    url = reverse("meetings:distribution-release", args=[held.meeting.pk, copy.pk])
    teammate = client_for(held.world.teammate)
    assert "address_checked" not in rendered_form(teammate, url, "record-form").options
    assert post_changed(teammate, url, "record-form").status_code == 302


def test_a_recipients_download_is_their_copy_and_never_anothers(world, enquiries, client_for):
    cancelled = arrange_initial_conference(world)
    meeting_cancel(acting_user=world.worker, meeting=cancelled, expected_version=cancelled.version, reason="Ill")
    held = held_conference(world, next_weekday(timezone.localdate() - datetime.timedelta(days=6)))
    record = draft(held, DocumentKind.FULL_RECORD)
    worker = client_for(world.worker)

    def copy_url(meeting_id: int, document_id: int, invitee_id: int) -> str:
        return reverse("meetings:document-copy", args=[meeting_id, document_id, invitee_id])

    mothers = pdf_text(worker.get(copy_url(held.meeting.pk, record.pk, held.mother.pk)))
    assert "copy for Merinda Cooper" in mothers and "Dear Merinda Cooper" in mothers
    assert "Jason Cooper:" not in mothers and "copy for PC Jones" not in mothers
    assert "Kestrel" not in mothers and "Marigold" not in mothers
    police = pdf_text(worker.get(copy_url(held.meeting.pk, record.pk, held.police.pk)))
    assert "Kestrel" in police and "copy for PC Jones" in police
    rows = AccessLogEntry.objects.filter(record_type="conference document copy", action=AccessAction.EXPORT)
    assert {row.person_id for row in rows} == {world.child.pk, world.sibling.pk}

    someone_elsewhere = cancelled.invitees.first()
    assert worker.get(copy_url(held.meeting.pk, record.pk, someone_elsewhere.pk)).status_code == 404
    assert worker.get(copy_url(cancelled.pk, record.pk, held.mother.pk)).status_code == 404
    sent = release(held, prepare(held, record, held.father, DistributionChannel.BY_HAND))
    as_sent = pdf_text(worker.get(reverse("meetings:distribution-copy", args=[held.meeting.pk, sent.pk])))
    assert "copy for Jason Cooper" in as_sent and "Kestrel" not in as_sent
    assert worker.get(reverse("meetings:distribution-copy", args=[cancelled.pk, sent.pk])).status_code == 404
    outsider = client_for(world.other_worker)
    assert outsider.get(copy_url(held.meeting.pk, record.pk, held.mother.pk)).status_code == 404
    assert outsider.get(reverse("meetings:distribution-copy", args=[held.meeting.pk, sent.pk])).status_code == 404


def test_an_amendment_after_a_comment_through_its_page(held, client_for):
    letter = draft(held)
    worker = client_for(held.world.worker)
    url = reverse("meetings:document-amend", args=[held.meeting.pk, letter.pk])
    refused = post_changed(worker, url, "record-form", commented_by=str(held.mother.pk))
    assert service.SAY_WHAT_CHANGED in refused.content.decode()
    response = post_changed(
        worker, url, "record-form", commented_by=str(held.mother.pk), note="Her name was spelt wrongly"
    )
    assert response.status_code == 302
    second = ConferenceDocument.objects.get(meeting=held.meeting, number=2)
    page = worker.get(response["Location"]).content.decode()
    assert "Amended after comment from Merinda Cooper" in page and "Her name was spelt wrongly" in page
    first = worker.get(reverse("meetings:document", args=[held.meeting.pk, letter.pk])).content.decode()
    assert "There is a newer version" in first
    assert "Version 2" in worker.get(meeting_url(held)).content.decode()
    assert second.amended_after_comment_from == held.mother


def test_a_restricted_report_is_cleared_for_the_family_only_by_the_chair_or_a_manager(held, client_for):
    url = reverse("meetings:report-clear", args=[held.meeting.pk, held.police_report.pk])
    worker = client_for(held.world.worker)
    assert url in worker.get(meeting_url(held)).content.decode()
    refused = post_changed(worker, url, "record-form", reason="The police said yes")
    assert escape(service.ONLY_CHAIR_CLEARS) in refused.content.decode()
    chair = client_for(held.world.chair)
    assert post_changed(chair, url, "record-form", reason="The police said yes").status_code == 302
    assert "Cleared for the family's copies" in chair.get(meeting_url(held)).content.decode()
    health = reverse("meetings:report-clear", args=[held.meeting.pk, held.health_report.pk])
    assert chair.get(health).status_code == 404  # nothing to clear


def test_an_address_is_marked_confidential_from_the_version_page(held, client_for):
    letter = draft(held)
    worker = client_for(held.world.worker)
    url = reverse("meetings:address-confidential", args=[held.meeting.pk, held.mother.pk])
    assert url in worker.get(reverse("meetings:document", args=[held.meeting.pk, letter.pk])).content.decode()
    response = post_changed(worker, url, "record-form", confidential="yes", reason="She is in a refuge")
    assert response.status_code == 302
    assert Person.objects.get(pk=held.mother.person_id).address_confidential
    page = worker.get(reverse("meetings:document", args=[held.meeting.pk, letter.pk])).content.decode()
    assert "Their address is never printed" in page


def test_a_copy_sent_in_error_opens_a_breach_the_managers_see_and_close(held, client_for):
    sent = release(held, prepare(held, draft(held), held.father, DistributionChannel.BY_HAND))
    worker = client_for(held.world.worker)
    url = reverse("meetings:distribution-sent-in-error", args=[held.meeting.pk, sent.pk])
    assert url in worker.get(meeting_url(held)).content.decode()
    response = post_changed(worker, url, "record-form", what_happened="Handed to his neighbour by mistake")
    breach = DisclosureBreach.objects.get(distribution=sent)
    breach_url = reverse("meetings:breach", args=[held.meeting.pk, breach.pk])
    assert response.status_code == 302 and response["Location"] == breach_url
    assert "is open" in worker.get(meeting_url(held)).content.decode()
    worker_view = worker.get(breach_url).content.decode()
    assert "Handed to his neighbour" in worker_view and "Close the breach" not in worker_view
    assert worker.post(breach_url, {"version": breach.version, "what_was_done": "x"}).status_code == 404
    assert worker.get(reverse("meetings:breaches")).status_code == 404

    manager = client_for(held.world.manager)
    listed = manager.get(reverse("meetings:breaches")).content.decode()
    assert breach.reference in listed and breach_url in listed
    response = post_changed(manager, breach_url, "record-form", what_was_done="The copy was returned unopened")
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.status == BreachStatus.CLOSED and breach.closed_by == held.world.manager
    assert "No open breaches" in manager.get(reverse("meetings:breaches")).content.decode()


@pytest.mark.parametrize("persona", REFUSED)
def test_anyone_who_may_not_see_the_case_gets_not_found_on_every_page(held, client_for, persona):
    letter = draft(held)
    waiting = prepare(held, letter, held.father, DistributionChannel.BY_HAND)
    sent = release(held, prepare(held, letter, held.mother, DistributionChannel.BY_HAND))
    breach = service.distribution_sent_in_error(
        acting_user=held.world.worker, distribution=sent, what_happened="Given to the wrong person"
    )
    meeting = held.meeting.pk
    urls = [
        reverse("meetings:document-draft", args=[meeting, DocumentKind.FULL_RECORD]),
        reverse("meetings:document", args=[meeting, letter.pk]),
        reverse("meetings:document-amend", args=[meeting, letter.pk]),
        reverse("meetings:document-copy", args=[meeting, letter.pk, held.mother.pk]),
        reverse("meetings:distribution-prepare", args=[meeting, letter.pk]),
        reverse("meetings:distribution-release", args=[meeting, waiting.pk]),
        reverse("meetings:distribution-copy", args=[meeting, sent.pk]),
        reverse("meetings:distribution-sent-in-error", args=[meeting, sent.pk]),
        reverse("meetings:breach", args=[meeting, breach.pk]),
        reverse("meetings:report-clear", args=[meeting, held.police_report.pk]),
        reverse("meetings:address-confidential", args=[meeting, held.mother.pk]),
        reverse("meetings:breaches"),
    ]
    client = client_for(getattr(held.world, persona))
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    waiting.refresh_from_db()
    assert waiting.released_at is None
