"""The staff side of feedback: the staff survey's links, the 'You said, we did' log, and writing a new version of a
survey with the coach reading each question."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.feedback.models import ChangeMade, Response, Survey, Theme
from casemap.feedback.tests.helpers import answer_as_rendered, link_for, open_link, survey_named
from casemap.supervision.tests.test_pages import day_fields

STAFF_LINK = r'class="govuk-body casemap-feedback-card__link staff-link">http://testserver(/feedback/link/[^<]+/)<'


def test_a_practice_lead_prints_a_sheet_of_anonymous_links_for_a_team(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    import re

    staff = survey_named("Staff survey")
    sheet = post_changed(
        client_for(world.practice_lead), reverse("feedback:staff-links"), "staff-links-form",
        survey=str(staff.pk), team=str(world.team.pk), count="3",
    )  # fmt: skip
    links = re.findall(STAFF_LINK, sheet.content.decode())
    assert len(links) == 3 and len(set(links)) == 3
    respondent, page = open_link(links[0])
    assert "Your answers are anonymous" in page
    answer_as_rendered(respondent, staff, {"I have had the training I need": "partly"})
    response = Response.objects.get()
    assert response.team == world.team and response.person is None and response.entered_by is None
    too_many = post_changed(
        client_for(world.practice_lead), reverse("feedback:staff-links"), "staff-links-form",
        survey=str(staff.pk), team=str(world.team.pk), count="500",
    )  # fmt: skip
    assert "Make at most 60 links at a time" in too_many.content.decode()


@pytest.mark.parametrize("persona", ["worker", "manager", "data_officer"])
def test_only_practice_leads_and_administrators_send_the_staff_survey(client_for, world: World, persona: str) -> None:  # type: ignore[no-untyped-def]
    assert client_for(getattr(world, persona)).get(reverse("feedback:staff-links")).status_code == 404
    assert client_for(getattr(world, persona)).get(reverse("feedback:surveys")).status_code == 404


def test_a_change_made_goes_in_the_log_for_everyone_to_read(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    lead = client_for(world.practice_lead)
    empty = post_changed(lead, reverse("feedback:change-new"), "record-form")
    assert "Say what people said" in empty.content.decode() and "Choose the theme" in empty.content.decode()
    saved = post_changed(
        lead, reverse("feedback:change-new"), "record-form", theme=Theme.CONTACT, you_said="Nobody rang back.",
        we_did="Every call is returned the same day, and the duty number is on every letter.", published="on",
        **day_fields("made_on", timezone.localdate()),
    )  # fmt: skip
    assert saved.status_code == 302
    change = ChangeMade.objects.get()
    assert change.published and change.recorded_by == world.practice_lead
    page = client_for(world.worker).get(reverse("feedback:changes")).content.decode()
    assert "Nobody rang back." in page and "Contact and communication" in page
    assert reverse("feedback:change-new") not in page, "a practitioner reads the log, does not write it"
    assert client_for(world.worker).get(reverse("feedback:change-new")).status_code == 404


def test_a_new_version_is_coached_then_published_and_the_old_one_kept(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    children = survey_named("What children think")
    old = children.versions.get()
    lead = client_for(world.practice_lead)
    url = reverse("feedback:survey-new-version", args=[children.pk])
    form = rendered_form(lead, url, "survey-version-form")
    assert form.fields["text_1"] == ["Did you know what the grown-ups were worried about?"]
    assert "text_7" not in form.fields, "a child's survey has at most six questions"
    # Pressing "Check the wording" sends its name and value, as a browser does.
    typed = {**form.fields, "text_2": ["Did we notice the safeguarding strengths?"], "action": ["check"]}
    checked = lead.post(url, typed)
    body = checked.content.decode()
    assert (
        'id="coached-2"' in body and "Reading age" in body and "safeguarding" in body.split('id="coached-2"')[1][:400]
    )
    assert children.versions.count() == 1, "checking publishes nothing"
    form = rendered_form(lead, url, "survey-version-form")
    fields = dict(form.fields)
    fields.update({"text_2": ["Did we see the good things in your family?"], "action": ["publish"]})
    published = lead.post(url, fields)
    assert published.status_code == 302
    new = children.versions.order_by("-number").first()
    assert new.number == 2 and new.questions.get(position=2).text == "Did we see the good things in your family?"  # type: ignore[union-attr]
    assert old.questions.get(position=2).text == "Did we notice the good things in your family?", "kept as answered"
    assert new.questions.get(position=4).alert_answers == ["no"]  # type: ignore[union-attr]
    # The next link asks the new words.
    _, page = open_link(link_for(client_for, world, Survey.objects.get(pk=children.pk), world.child))
    assert "Did we see the good things in your family?" in page
