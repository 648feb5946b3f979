"""The Words and Pictures pages with the personas: the case team sees them, everyone else gets 404 on every page
and every post; forms say what is wrong in plain words and keep what was typed."""

import pytest
from django.urls import reverse

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import REFUSED, SEES, World
from casemap.core.forms import LONG_TEXT
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.words import services
from casemap.words.models import BookletStatus, WordsAndPicturesBooklet
from casemap.words.tests.booklets import TODAY, booklet

pytestmark = pytest.mark.django_db


def date_post(prefix: str) -> dict[str, str]:
    return {f"{prefix}_day": str(TODAY.day), f"{prefix}_month": str(TODAY.month), f"{prefix}_year": str(TODAY.year)}


def pages(world: World, made: WordsAndPicturesBooklet) -> list[tuple[str, str, dict[str, str]]]:
    page = made.pages.first()
    version = str(made.version)
    return [
        ("get", reverse("words:case", args=[world.case.pk]), {}),
        ("get", reverse("words:child", args=[world.child.pk]), {}),
        ("get", reverse("words:new", args=[world.case.pk]), {}),
        ("post", reverse("words:new", args=[world.case.pk]), {"title": "Story", "children": [str(world.child.pk)]}),
        ("get", reverse("words:booklet", args=[made.pk]), {}),
        ("get", reverse("words:history", args=[made.pk]), {}),
        ("get", reverse("words:page-new", args=[made.pk]), {}),
        ("post", reverse("words:page-new", args=[made.pk]), {"version": version, "text": "Hello"}),
        ("get", reverse("words:page-edit", args=[made.pk, page.pk]), {}),
        ("post", reverse("words:page-edit", args=[made.pk, page.pk]), {"version": version, "text": "Hi"}),
        ("post", reverse("words:page-move", args=[made.pk, page.pk]), {"version": version, "direction": "down"}),
        ("post", reverse("words:coach", args=[made.pk]), {"text": "We are worried"}),
        ("get", reverse("words:page-remove", args=[made.pk, page.pk]), {}),
        ("get", reverse("words:agreement-new", args=[made.pk]), {}),
        ("get", reverse("words:given-new", args=[made.pk]), {}),
        ("get", reverse("words:print", args=[made.pk]), {}),
        ("get", reverse("words:explanation-new", args=[world.child.pk]), {}),
        ("get", reverse("words:new-version", args=[made.pk]), {}),
        ("get", reverse("words:archive", args=[made.pk]), {}),
        (
            "post",
            reverse("words:agreement-new", args=[made.pk]),
            {"version": version, "parent": str(world.mother.pk), "response": "agreed", **date_post("agreed_on")},
        ),
        ("post", reverse("words:page-remove", args=[made.pk, page.pk]), {"version": version}),
        ("post", reverse("words:new-version", args=[made.pk]), {"version": version}),
        ("post", reverse("words:archive", args=[made.pk]), {"version": version, "reason": "Test"}),
    ]


@pytest.mark.parametrize("persona", SEES)
def test_the_case_team_sees_every_page(world: World, client_for, persona: str) -> None:
    made = booklet(world)
    client = client_for(getattr(world, persona))
    for method, url, data in pages(world, made):
        if method == "get":
            assert client.get(url, data).status_code == 200, url
    assert client.post(reverse("words:coach", args=[made.pk]), {"text": "We are worried"}).status_code == 200


@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_else_gets_404_on_every_page_and_post(world: World, client_for, persona: str) -> None:
    made = booklet(world)
    client = client_for(getattr(world, persona))
    for method, url, data in [*pages(world, made), ("get", reverse("words:pdf", args=[made.pk]), {})]:
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    made.refresh_from_db()
    assert (made.version, made.status, made.pages.count()) == (3, BookletStatus.DRAFT, 2)


def test_a_worker_builds_a_booklet_through_the_pages(world: World, client_for) -> None:
    client = client_for(world.worker)
    response = post_changed(client, reverse("words:new", args=[world.case.pk]), "words-form", title="Our story")
    made = WordsAndPicturesBooklet.objects.get(title="Our story")
    assert response.url == reverse("words:booklet", args=[made.pk])
    assert set(made.children.all()) == {world.child, world.sibling}  # every child is ticked to start with
    for text in ("Sally is worried.", "Mum and dad will talk calmly."):
        post_changed(client, reverse("words:page-new", args=[made.pk]), "page-form", text=text)
    second = made.pages.all()[1]
    move = reverse("words:page-move", args=[made.pk, second.pk])
    post_changed(client, reverse("words:booklet", args=[made.pk]), press="direction", posts_to=move)
    assert [p.text for p in made.pages.all()] == ["Mum and dad will talk calmly.", "Sally is worried."]
    response = post_changed(
        client,
        reverse("words:agreement-new", args=[made.pk]),
        "words-form",
        parent=str(world.mother.pk),
        response="agreed_with_changes",
        their_words="Say that we love them",
    )
    assert response.status_code == 302
    response = post_changed(
        client,
        reverse("words:given-new", args=[made.pk]),
        "words-form",
        child=str(world.child.pk),
        parent_present=str(world.mother.pk),
        child_kept_copy="yes",
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.status == BookletStatus.GIVEN
    assert made.givings.get().explained_by == world.worker.get_full_name()  # the worker is offered first
    page = client.get(reverse("words:booklet", args=[made.pk])).content.decode()
    assert "Say that we love them" in page and "Move up" not in page and "Reading age" in page


def test_who_explained_it_and_who_else_was_there_are_chosen_from_the_people_on_the_record(
    world: World, client_for
) -> None:
    made = booklet(world)
    client = client_for(world.worker)
    url = reverse("words:given-new", args=[made.pk])
    shown = rendered_form(client, url, "words-form")
    mother = f"person-{world.mother.pk}"
    assert shown.fields["explained_by_choice"] == ["you"]
    assert mother in shown.options["others_present_people"] and "someone-else" in shown.options["explained_by_choice"]
    refused = post_changed(client, url, "words-form", child=str(world.child.pk), explained_by_choice="someone-else")
    body = refused.content.decode()
    assert 'href="#id_explained_by_0"' in body and "Enter the name of the person" in body
    response = post_changed(
        client,
        url,
        "words-form",
        child=str(world.child.pk),
        parent_present="none",
        child_kept_copy="no",
        explained_by_choice="someone-else",
        explained_by_other="Kerri from school",
        others_present_people=[mother],
        others_present="Pat",
    )
    assert response.status_code == 302
    given = made.givings.get()
    assert (given.explained_by, given.others_present) == ("Kerri from school", f"{world.mother.full_name}, Pat")


def test_bad_input_is_explained_on_the_form_with_a_link_to_the_field(world: World, client_for) -> None:
    made = booklet(world)
    client = client_for(world.worker)
    response = client.post(
        reverse("words:agreement-new", args=[made.pk]),
        {"version": made.version, "parent": str(world.mother.pk), "response": "does_not_agree", "their_words": ""},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_their_words"' in body and "Enter what the parent wants changed" in body
    assert 'href="#id_agreed_on_0"' in body and "Enter the date" in body


def test_a_page_with_no_words_is_refused_and_the_heading_kept(world: World, client_for) -> None:
    made = booklet(world, pages=0)
    response = client_for(world.worker).post(
        reverse("words:page-new", args=[made.pk]), {"version": made.version, "heading": "The plan", "text": ""}
    )
    body = response.content.decode()
    assert "Enter the words for this page" in body and 'value="The plan"' in body
    assert made.pages.count() == 0


def test_giving_a_booklet_with_no_pages_is_refused_in_plain_words(world: World, client_for) -> None:
    made = booklet(world, pages=0)
    response = post_changed(
        client_for(world.worker),
        reverse("words:given-new", args=[made.pk]),
        "words-form",
        child=str(world.child.pk),
        parent_present="none",
        child_kept_copy="no",
    )
    assert "Add at least one page before recording" in response.content.decode()


def test_the_given_form_asks_whether_a_parent_was_there(world: World, client_for) -> None:
    made = booklet(world)
    body = (
        client_for(world.worker)
        .post(reverse("words:given-new", args=[made.pk]), {"version": made.version, "child": str(world.child.pk)})
        .content.decode()
    )
    assert 'href="#id_parent_present_0"' in body and "Say which parent was there, or that no parent was" in body
    assert made.givings.count() == 0


def test_views_prints_and_downloads_are_in_the_access_log(world: World, client_for) -> None:
    made = booklet(world)
    client = client_for(world.teammate)
    client.get(reverse("words:booklet", args=[made.pk]))
    client.get(reverse("words:print", args=[made.pk]))
    client.get(reverse("words:pdf", args=[made.pk]))
    rows = AccessLogEntry.objects.filter(user=world.teammate, record_id=str(made.pk))
    for action in (AccessAction.VIEW, AccessAction.PRINT, AccessAction.EXPORT):
        assert {row.person_id for row in rows.filter(action=action)} == {world.child.pk, world.sibling.pk}


def test_the_child_page_flags_a_child_on_a_plan_with_no_explanation(world: World, client_for) -> None:
    client = client_for(world.worker)
    assert "has no explanation recorded" in client.get(reverse("words:child", args=[world.child.pk])).content.decode()
    response = post_changed(
        client, reverse("words:explanation-new", args=[world.child.pk]), "words-form", how="With drawings at school"
    )
    assert response.status_code == 302
    body = client.get(reverse("words:child", args=[world.child.pk])).content.decode()
    assert "has no explanation recorded" not in body and "With drawings at school" in body


def test_the_coach_suggests_plain_words_and_gives_the_reading_age(world: World, client_for) -> None:
    made = booklet(world, pages=0)
    response = client_for(world.worker).post(
        reverse("words:coach", args=[made.pk]), {"text": "There were safeguarding concerns about LAC."}
    )
    body = response.content.decode()
    assert "Suggestions for plain words" in body and "safeguarding" in body.lower() and "Reading age: about" in body


def test_the_coach_reads_no_more_than_a_page_may_hold(world: World, client_for) -> None:
    """However much is posted, the coach checks only what a save would keep, so a huge post costs no more."""
    made = booklet(world, pages=0)
    plain = "Mum and Dad love you. " * (LONG_TEXT // 22 + 1)
    response = client_for(world.worker).post(
        reverse("words:coach", args=[made.pk]), {"text": plain + "There were safeguarding concerns."}
    )
    assert response.status_code == 200
    assert "safeguarding" not in response.content.decode().lower()


def test_a_page_form_on_fixed_words_sends_the_worker_back_saying_why(world: World, client_for) -> None:
    made = booklet(world)
    services.agreement_record(
        acting_user=world.worker,
        booklet=made,
        expected_version=None,
        parent=world.mother,
        response="agreed",
        their_words="",
        agreed_on=TODAY,
    )
    made.refresh_from_db()
    page = made.pages.first()
    client = client_for(world.worker)
    response = client.get(reverse("words:page-edit", args=[made.pk, page.pk]), follow=True)
    assert "The words of this version are fixed" in response.content.decode()
    response = client.post(
        reverse("words:page-edit", args=[made.pk, page.pk]), {"version": made.version, "text": "New words"}
    )
    body = response.content.decode()
    assert "start a new version" in body and "New words" in body
    page.refresh_from_db()
    assert page.text != "New words"
