"""The library's pages as their users use them, each form posted exactly as the page rendered it: the champion
nominates from the map's own page, the worker agrees from their caseload, the practice lead changes the words and
publishes, and every member of staff reads the example, which never shows the family, the case or the worker.
Who may not see a record, a draft or a page is answered 404."""

import pytest
from django.urls import reverse

from casemap.access.models import AccessLogEntry
from casemap.conftest import World
from casemap.core.tests.rendered_forms import form_on_page, post_changed, post_rendered, refused_as_stale
from casemap.library.models import LibraryTool, Nomination, NominationStatus, PracticeChampion
from casemap.library.services import SectionText, draft_change, nomination_publish
from casemap.library.tests.examples import make_champion, nominated_map, signed_map

EVERYONE = ["worker", "teammate", "manager", "service_manager", "other_worker", "practice_lead", "chair",
            "data_officer", "administrator"]  # fmt: skip


def _nominate_through_the_page(client_for, world: World):  # type: ignore[no-untyped-def]
    map_ = signed_map(world)
    champion = client_for(world.teammate)
    page = champion.get(reverse("mapping:map", args=[map_.pk])).content.decode()
    nominate_url = reverse("library:nominate-map", args=[map_.pk])
    assert nominate_url in page, "the map's page offers the nomination"
    return map_, post_changed(
        champion, nominate_url, "nominate-form", tool=LibraryTool.MAP,
        why_good_practice="Merinda's words are kept in the danger statements.", tags="domestic abuse, network",
    )  # fmt: skip


def test_a_champion_nominates_from_the_maps_page(client_for, lworld: World) -> None:  # type: ignore[no-untyped-def]
    map_, response = _nominate_through_the_page(client_for, lworld)
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response.url == reverse("library:nomination", args=[nomination.pk])
    assert nomination.map == map_ and nomination.status == NominationStatus.AWAITING_CONSENT
    assert nomination.example.why_good_practice == "Parent A's words are kept in the danger statements."
    assert nomination.example.tags == ["domestic abuse", "network"]
    page = client_for(lworld.teammate).get(response.url).content.decode()
    assert "Waiting for the worker&#x27;s agreement" in page and "answer-form" not in page


def test_a_nomination_missing_its_reason_is_refused_and_nothing_is_saved(client_for, lworld: World) -> None:  # type: ignore[no-untyped-def]
    map_ = signed_map(lworld)
    url = reverse("library:nominate-map", args=[map_.pk])
    refused = post_changed(client_for(lworld.teammate), url, "nominate-form", tool=LibraryTool.DANGER_STATEMENTS,
                           tags="scaling")  # fmt: skip
    body = refused.content.decode()
    assert refused.status_code == 200 and "Enter why this is good practice" in body
    assert form_on_page(refused, "nominate-form").fields["tags"] == ["scaling"], "what was typed is kept"
    assert not Nomination.objects.exists()


def test_the_map_page_offers_nomination_only_to_champions_and_practice_leads(client_for, lworld: World) -> None:  # type: ignore[no-untyped-def]
    map_ = signed_map(lworld)
    nominate_url = reverse("library:nominate-map", args=[map_.pk])
    for user in (lworld.worker, lworld.manager):
        assert nominate_url not in client_for(user).get(reverse("mapping:map", args=[map_.pk])).content.decode()
        assert client_for(user).get(nominate_url).status_code == 404


def test_another_teams_champion_cannot_nominate_from_a_case_they_cannot_see(client_for, lworld: World) -> None:  # type: ignore[no-untyped-def]
    make_champion(lworld.other_worker, lworld.other_team)
    map_ = signed_map(lworld)
    client = client_for(lworld.other_worker)
    assert client.get(reverse("library:nominate-map", args=[map_.pk])).status_code == 404
    assert client.post(reverse("library:nominate-map", args=[map_.pk]), {"tool": "map"}).status_code == 404
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("name", ["data_officer", "administrator"])
def test_a_data_officer_or_administrator_cannot_nominate(client_for, lworld: World, name: str) -> None:  # type: ignore[no-untyped-def]
    user = getattr(lworld, name)
    PracticeChampion.objects.create(user=user, team=lworld.team, starts_on=lworld.case.opened_on)
    map_ = signed_map(lworld)
    for route in ("library:nominate-map",):
        assert client_for(user).post(reverse(route, args=[map_.pk]), {"tool": "map"}).status_code == 404
    assert not Nomination.objects.exists()


def test_the_worker_agrees_from_their_caseload(client_for, lworld: World) -> None:  # type: ignore[no-untyped-def]
    _nominate_through_the_page(client_for, lworld)
    nomination = Nomination.objects.get()
    worker = client_for(lworld.worker)
    caseload = worker.get(reverse("cases:my-caseload")).content.decode()
    assert "1 nomination of your work waits for your agreement" in caseload
    detail = reverse("library:nomination", args=[nomination.pk])
    answer_url = reverse("library:answer", args=[nomination.pk])
    unanswered = post_changed(worker, detail, posts_to=answer_url)
    assert (
        unanswered.status_code == 200 and "Choose whether you agree to it being shared" in unanswered.content.decode()
    )
    agreed = post_changed(worker, detail, posts_to=answer_url, answer="agrees")
    assert agreed.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWAITING_CHECK and nomination.consented_at is not None
    assert "waits for your agreement" not in worker.get(reverse("cases:my-caseload")).content.decode()


def test_the_checker_changes_the_words_then_publishes(client_for, lworld: World) -> None:  # type: ignore[no-untyped-def]
    nomination = nominated_map(lworld, agreed=True)
    checker = client_for(lworld.practice_lead)
    assert "1 draft to check" in checker.get(reverse("library:index")).content.decode()
    detail = reverse("library:nomination", args=[nomination.pk])
    draft_url = reverse("library:draft", args=[nomination.pk])
    harm = nomination.example.sections.get(heading="Harm")
    # A name typed back in is refused at publishing, saying where; the words are then put right and published.
    saved = post_changed(checker, draft_url, "draft-form", title="Fights at home, and Merinda's plan",
                         **{f"text_{harm.pk}": "A glass was thrown during a fight."})  # fmt: skip
    assert saved.status_code == 302
    refused = post_changed(checker, detail, posts_to=reverse("library:publish", args=[nomination.pk]))
    body = refused.content.decode()
    assert refused.status_code == 200 and "Names from the record are still in the text" in body
    assert "The title: Merinda" in body
    post_changed(checker, draft_url, "draft-form", title="Fights at home, and the family's plan")
    published = post_changed(checker, detail, posts_to=reverse("library:publish", args=[nomination.pk]))
    nomination.refresh_from_db()
    assert published.status_code == 302 and published.url == reverse("library:example", args=[nomination.example.pk])
    assert nomination.example.sections.get(pk=harm.pk).text == "A glass was thrown during a fight."
    assert nomination.status == NominationStatus.PUBLISHED


def test_a_stale_change_to_the_words_is_refused_with_the_typing_kept(client_for, lworld: World) -> None:  # type: ignore[no-untyped-def]
    nomination = nominated_map(lworld, agreed=True)
    checker = client_for(lworld.practice_lead)
    url = reverse("library:draft", args=[nomination.pk])
    words = [SectionText(s.pk, s.heading, s.text) for s in nomination.example.sections.all()]
    again = refused_as_stale(
        checker, url, "draft-form",
        lambda: draft_change(acting_user=lworld.teammate, nomination=nomination, title="Changed meanwhile",
                             why_good_practice="", tags=[], sections=words),
        title="The checker's title",
    )  # fmt: skip
    assert post_rendered(checker, url, again).status_code == 302
    nomination.refresh_from_db()
    assert nomination.example.title == "The checker's title"


def test_the_checker_sends_it_back_and_the_nominator_sends_it_again(client_for, lworld: World) -> None:  # type: ignore[no-untyped-def]
    nomination = nominated_map(lworld, agreed=True)
    detail = reverse("library:nomination", args=[nomination.pk])
    checker = client_for(lworld.practice_lead)
    send_back = reverse("library:send-back", args=[nomination.pk])
    empty = post_changed(checker, detail, posts_to=send_back)
    assert "Enter what needs to change" in empty.content.decode()
    assert post_changed(checker, detail, posts_to=send_back, reason="Take out the car").status_code == 302
    champion = client_for(lworld.teammate)
    page = champion.get(detail).content.decode()
    assert "Take out the car" in page and reverse("library:draft", args=[nomination.pk]) in page
    resent = post_changed(champion, detail, posts_to=reverse("library:resubmit", args=[nomination.pk]))
    assert resent.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.AWAITING_CHECK


def test_the_nominator_is_offered_no_check(client_for, lworld: World) -> None:  # type: ignore[no-untyped-def]
    nomination = nominated_map(lworld, agreed=True)
    page = client_for(lworld.teammate).get(reverse("library:nomination", args=[nomination.pk])).content.decode()
    assert "publish-form" not in page
    refused = client_for(lworld.teammate).post(reverse("library:publish", args=[nomination.pk]),
                                               {"version": nomination.version})  # fmt: skip
    assert refused.status_code == 200 and "A second person must check this" in refused.content.decode()
    assert not Nomination.objects.filter(status=NominationStatus.PUBLISHED).exists()


@pytest.mark.parametrize("name", EVERYONE)
def test_every_member_of_staff_reads_published_examples(client_for, lworld: World, name: str) -> None:  # type: ignore[no-untyped-def]
    nomination = nominated_map(lworld, agreed=True)
    example = nomination_publish(acting_user=lworld.practice_lead, nomination=nomination)
    client = client_for(getattr(lworld, name))
    listing = client.get(reverse("library:index"), {"tool": LibraryTool.MAP}).content.decode()
    assert reverse("library:example", args=[example.pk]) in listing
    nothing = client.get(reverse("library:index"), {"tool": LibraryTool.SAFETY_PLAN}).content.decode()
    assert reverse("library:example", args=[example.pk]) not in nothing
    response = client.get(reverse("library:example", args=[example.pk]))
    page = response.content.decode()
    assert response.status_code == 200 and example.title in page and "Danger statement 1" in page
    # Never the family, the case, the worker or the record it came from (the header names whoever is signed in).
    page = page[page.index("<main") : page.index("</main>")]
    for left_out in ("Cooper", "Alkira", "Merinda", "Darel", "Sally", "Morgan", lworld.case.family_name,
                     lworld.case.reference, reverse("mapping:map", args=[nomination.map_id]),
                     reverse("cases:detail", args=[lworld.case.pk])):  # fmt: skip
        assert left_out not in page, left_out
    logged = AccessLogEntry.objects.get(user=getattr(lworld, name), record_type="good-practice example", action="view")
    assert logged.record_id == str(example.pk) and logged.person_id is None


@pytest.mark.parametrize(
    ("name", "before_agreement", "after_agreement"),
    [
        ("teammate", 200, 200),  # the nominator
        ("worker", 200, 200),  # whose work it is
        ("practice_lead", 404, 200),  # checks it once the worker has agreed
        ("manager", 404, 404),
        ("service_manager", 404, 404),
        ("other_worker", 404, 404),
        ("chair", 404, 404),
        ("data_officer", 404, 404),
        ("administrator", 404, 404),
    ],
)
def test_a_draft_is_seen_only_by_its_nominator_worker_and_checkers(  # type: ignore[no-untyped-def]
    client_for, lworld: World, name: str, before_agreement: int, after_agreement: int
) -> None:
    nomination = nominated_map(lworld)
    client = client_for(getattr(lworld, name))
    detail = reverse("library:nomination", args=[nomination.pk])
    example = reverse("library:example", args=[nomination.example_id])
    assert client.get(detail).status_code == before_agreement
    assert client.get(example).status_code == 404, "a draft is never in the library"
    nomination.status, nomination.consented_at = NominationStatus.AWAITING_CHECK, nomination.nominated_at
    nomination.save()
    assert client.get(detail).status_code == after_agreement
    assert client.get(example).status_code == 404
    assert nomination.example.title not in client.get(reverse("library:index")).content.decode()


def test_an_administrator_names_a_champion_in_the_admin(client_for, lworld: World) -> None:  # type: ignore[no-untyped-def]
    admin = client_for(lworld.administrator)
    add = reverse("admin:library_practicechampion_add")
    page = admin.get(add)
    assert page.status_code == 200
    response = admin.post(add, {"user": lworld.worker.pk, "team": lworld.team.pk,
                                "starts_on": lworld.case.opened_on.isoformat(), "ends_on": ""})  # fmt: skip
    assert response.status_code == 302
    champion = PracticeChampion.objects.get(user=lworld.worker)
    assert champion.created_by == lworld.administrator and champion.team == lworld.team
    refused = admin.post(add, {"user": lworld.data_officer.pk, "team": lworld.team.pk,
                               "starts_on": lworld.case.opened_on.isoformat(), "ends_on": ""})  # fmt: skip
    assert refused.status_code == 200 and "cannot be a practice champion" in refused.content.decode()
    assert client_for(lworld.worker).get(add).status_code in {302, 403, 404}
