"""The single-use link as a family uses it: made on the case page, opened with no account, answered once; the
token leaves the address at once and never reaches a log; tampered, expired, reused and over-tried links are
refused in plain words."""

import datetime
import logging
import time
from types import SimpleNamespace
from unittest import mock

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from gunicorn.config import Config as GunicornConfig

from casemap.conftest import World
from casemap.feedback.links import TRIES_PER_ADDRESS_PER_HOUR, TRIES_PER_LINK
from casemap.feedback.log_redaction import RedactFeedbackLinks, RedactingGunicornLogger
from casemap.feedback.models import Invitation, InvitationSent, Response
from casemap.feedback.tests.helpers import answer_as_rendered, card_for, link_for, link_on, open_link, survey_named


@pytest.fixture
def child_survey(db: None):  # type: ignore[no-untyped-def]
    return survey_named("What children think")


def test_the_card_shows_the_link_once_with_a_code_and_nothing_kept_can_rebuild_it(
    client_for, world: World, child_survey
) -> None:  # type: ignore[no-untyped-def]
    card = card_for(client_for, world, child_survey, world.child)
    body = card.content.decode()
    link = link_on(card)
    token = link.rsplit("/", 2)[1]
    assert 'src="data:image/svg+xml;base64,' in body and "scan it with a phone" in body
    assert world.case.family_name not in body.split('class="casemap-feedback-card"')[1], "the card names no case"
    invitation = Invitation.objects.get()
    assert invitation.person == world.child and invitation.case == world.case
    assert token not in str(Invitation.objects.values().get()), "only a digest of the token is kept"
    assert InvitationSent.objects.get().person == world.child
    again = client_for(world.worker).get(reverse("feedback:case", args=[world.case.pk])).content.decode()
    assert token not in again, "the link is not shown again"


def test_the_respondent_answers_once_without_an_account(client_for, world: World, child_survey) -> None:  # type: ignore[no-untyped-def]
    link = link_for(client_for, world, child_survey, world.child)
    respondent, page = open_link(link)
    assert "What happens to your answers" in page
    assert page.index("What happens to your answers") < page.index("Did you know what the grown-ups")
    for private in [world.case.family_name, "Alkira", "Merinda", "Cooper"]:
        assert private not in page, "the form says nothing of the family's record"
    sent = answer_as_rendered(
        respondent,
        child_survey,
        {"Did we listen to you?": "yes", "Is there anything else you want to tell us?": "Sally was kind"},
    )
    assert sent.status_code == 303 and sent["Location"] == reverse("feedback:thank-you")
    assert "Thank you" in respondent.get(sent["Location"]).content.decode()
    response = Response.objects.get()
    assert response.person == world.child and response.case == world.case and response.team == world.team
    assert {a.question.text: a.given for a in response.answers.select_related("question")} == {
        "Did we listen to you?": "yes",
        "Is there anything else you want to tell us?": "Sally was kind",
    }
    # Opened again, in the same browser or another, the link is used.
    for browser in [respondent, Client()]:
        browser.get(link)
        reused = browser.get(reverse("feedback:answer")).content.decode()
        assert "already been used" in reused
    assert Response.objects.count() == 1


def test_a_tampered_link_does_not_work(client_for, world: World, child_survey) -> None:  # type: ignore[no-untyped-def]
    link = link_for(client_for, world, child_survey, world.child)
    token = link.rsplit("/", 2)[1]
    for altered in [token[:-1] + ("A" if token[-1] != "A" else "B"), "x" + token, "not-a-link"]:
        respondent = Client()
        respondent.get(reverse("feedback:link", args=[altered]))
        page = respondent.get(reverse("feedback:answer")).content.decode()
        assert "This link does not work" in page and "feedback-form" not in page


def test_a_link_expires_after_the_configured_days(client_for, world: World, child_survey) -> None:  # type: ignore[no-untyped-def]
    link = link_for(client_for, world, child_survey, world.child)
    later = time.time() + datetime.timedelta(days=28, minutes=1).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        _, page = open_link(link)
    assert "This link has expired" in page and "feedback-form" not in page
    with override_settings(FEEDBACK_LINK_DAYS=60), mock.patch("django.core.signing.time.time", return_value=later):
        _respondent, page = open_link(link)
    assert 'id="feedback-form"' in page


def test_ten_tries_per_link(client_for, world: World, child_survey) -> None:  # type: ignore[no-untyped-def]
    link = link_for(client_for, world, child_survey, world.child)
    respondent, _ = open_link(link)
    for _ in range(TRIES_PER_LINK):
        tried = respondent.post(reverse("feedback:answer"), {"question_0": "nonsense"})
        assert "Send my answers" in tried.content.decode()
    limited = respondent.post(reverse("feedback:answer"), {})
    assert "tried too many times" in limited.content.decode()
    assert Response.objects.count() == 0


def test_a_hundred_tries_per_address_per_hour(client_for, world: World, child_survey) -> None:  # type: ignore[no-untyped-def]
    link = link_for(client_for, world, child_survey, world.child)
    respondent = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(TRIES_PER_ADDRESS_PER_HOUR):
        assert respondent.get(reverse("feedback:link", args=["guess"])).status_code == 303
    limited = respondent.get(link)
    assert limited.status_code == 429 and "too many tries from this network" in limited.content.decode()
    # Another address is not held back by this one.
    assert Client(REMOTE_ADDR="203.0.113.10").get(link).status_code == 303


def test_the_token_is_never_logged(client_for, world: World, child_survey, caplog, tmp_path) -> None:  # type: ignore[no-untyped-def]
    link = link_for(client_for, world, child_survey, world.child)
    token = link.rsplit("/", 2)[1]
    caplog.set_level(logging.DEBUG)
    respondent, _ = open_link(link)
    answer_as_rendered(respondent, child_survey, {"Did we listen to you?": "yes"})
    assert all(token not in record.getMessage() for record in caplog.records)
    # The development server's request line and gunicorn's access log both write the address without it.
    request_line = logging.LogRecord(
        "django.server", logging.INFO, "", 0, '"%s" %s %s', (f"GET {link} HTTP/1.1", 303, 0), None
    )
    RedactFeedbackLinks().filter(request_line)
    assert token not in request_line.getMessage() and "/feedback/link/[link]/" in request_line.getMessage()
    access_log = tmp_path / "access.log"
    config = GunicornConfig()
    config.set("accesslog", str(access_log))
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": link, "PATH_INFO": link, "SERVER_PROTOCOL": "HTTP/1.1"}
    sent = SimpleNamespace(status="303 See Other", sent=0, headers=[])
    RedactingGunicornLogger(config).access(sent, SimpleNamespace(headers=[]), environ, datetime.timedelta(0))
    written = access_log.read_text()
    assert '"GET /feedback/link/[link]/ HTTP/1.1" 303' in written and token not in written
