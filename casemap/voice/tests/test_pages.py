"""The voice pages with the personas: the case team sees and records, everyone else gets 404 on every page."""

import datetime

import pytest
from django.urls import reverse

from casemap.conftest import REFUSED, SEES, World
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.mapping.models import MapItem
from casemap.mapping.services import map_start
from casemap.voice.models import ChildVoiceRecord
from casemap.voice.tests.sessions import TODAY, record

pytestmark = pytest.mark.django_db
# The case's own team: the service manager, who sees the case from above the team, is not among them.
CASE_TEAM = [persona for persona in SEES if persona != "service_manager"]


def session_post(day: datetime.date = TODAY, **changes: str) -> dict[str, str]:
    data = {
        "tool": "three-houses",
        "case": "",
        "used_on_day": str(day.day),
        "used_on_month": str(day.month),
        "used_on_year": str(day.year),
        "present": "",
        "parental_consent": "given",
        "parental_consent_by_choice": "someone-else",
        "parental_consent_by_other": "Merinda",
        "parental_consent_not_needed_reason": "",
        "read_back": "yes",
        "share_consent": "yes",
        "share_with": "",
        "worries__label": "Scary house",
        "worries__words": "The glass broke and my foot hurt",
        "worries__written_by": "child",
        "good-things__label": "House of Good Things",
        "good-things__words": "Biscuit my cat",
        "good-things__written_by": "child",
        "dreams__label": "House of Dreams",
        "dreams__words": "",
        "dreams__written_by": "worker",
    }
    data.update(changes)
    return data


def pages(world: World, made: ChildVoiceRecord) -> list[tuple[str, str, dict[str, str]]]:
    child = world.child.pk
    return [
        ("get", reverse("voice:child", args=[child]), {}),
        ("get", reverse("voice:new", args=[child]), {}),
        ("get", reverse("voice:new", args=[child]), {"tool": "three-houses"}),
        ("post", reverse("voice:new", args=[child]), session_post(case=str(world.case.pk))),
        ("get", reverse("voice:record", args=[made.pk]), {}),
        ("get", reverse("voice:edit", args=[made.pk]), {}),
        ("post", reverse("voice:edit", args=[made.pk]), session_post(version=str(made.version))),
        ("get", reverse("voice:archive", args=[made.pk]), {}),
        ("post", reverse("voice:archive", args=[made.pk]), {"version": str(made.version), "reason": "Test"}),
        ("get", reverse("voice:pull", args=[made.pk]), {}),
        ("post", reverse("voice:pull", args=[made.pk]), {"entries": "1", "map": "1", "category": "harm"}),
    ]


@pytest.mark.parametrize("persona", CASE_TEAM)
def test_the_case_team_sees_every_page(world: World, client_for, persona: str) -> None:
    made = record(world)
    client = client_for(getattr(world, persona))
    for method, url, data in pages(world, made):
        if method == "get":
            assert client.get(url, data).status_code == 200, url


@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_else_gets_404_on_every_page_and_post(world: World, client_for, persona: str) -> None:
    made = record(world)
    map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    client = client_for(getattr(world, persona))
    for method, url, data in pages(world, made):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)
    made.refresh_from_db()
    assert made.version == 1 and not made.is_archived
    assert ChildVoiceRecord.objects.count() == 1 and not MapItem.objects.exists()


def test_the_worker_records_a_session_in_two_steps(world: World, client_for) -> None:
    record(world, used_on=TODAY - datetime.timedelta(days=40))
    client = client_for(world.worker)
    choose = client.get(reverse("voice:new", args=[world.child.pk])).content.decode()
    assert "Three Houses (last used" in choose and 'method="get"' in choose
    url = reverse("voice:new", args=[world.child.pk]) + "?tool=three-houses"
    form = client.get(url).content.decode()
    for text in ("House of Worries", "What are the things that worry you", 'name="worries__label"'):
        assert text in form
    response = post_changed(
        client,
        url,
        "session-form",
        worries__label="Scary house",
        worries__words="The glass broke and my foot hurt",
        read_back="yes",
        parental_consent="given",
        parental_consent_by_choice=f"person-{world.mother.pk}",
    )
    made = ChildVoiceRecord.objects.order_by("-pk").first()
    assert made is not None
    assert response["Location"] == reverse("voice:record", args=[made.pk])
    assert made.entries.get(part_key="worries").label == "Scary house"
    assert made.entries.get(part_key="dreams").words == ""
    assert made.parental_consent_by == world.mother.full_name
    page = client.get(response["Location"]).content.decode()
    assert "Scary house" in page and "The glass broke and my foot hurt" in page


def test_who_was_there_and_who_consented_are_chosen_from_the_people_on_the_record(world: World, client_for) -> None:
    client = client_for(world.worker)
    url = reverse("voice:new", args=[world.child.pk]) + "?tool=three-houses"
    shown = rendered_form(client, url, "session-form")
    mother = f"person-{world.mother.pk}"
    assert shown.options["present_people"][0] == "you" and mother in shown.options["present_people"]
    assert (
        shown.options["parental_consent_by_choice"][:2] == ["", "you"]
        and "someone-else" in shown.options["parental_consent_by_choice"]
    )
    response = post_changed(
        client,
        url,
        "session-form",
        present_people=["you", mother],
        present="Pat from school",
        parental_consent="given",
        parental_consent_by_choice="someone-else",
        parental_consent_by_other="Aunty Jen",
        read_back="no",
        worries__words="Shouting in the car",
    )
    assert response.status_code == 302
    made = ChildVoiceRecord.objects.get()
    assert made.present == f"{world.worker.get_full_name()}, {world.mother.full_name}, Pat from school"
    assert made.parental_consent_by == "Aunty Jen"
    again = rendered_form(client, reverse("voice:edit", args=[made.pk]), "session-form")
    assert again.fields["present_people"] == ["you", mother] and again.fields["present"] == ["Pat from school"]
    assert again.fields["parental_consent_by_choice"] == ["someone-else"]
    assert again.fields["parental_consent_by_other"] == ["Aunty Jen"]
    assert post_changed(client, reverse("voice:edit", args=[made.pk]), "session-form").status_code == 302
    made.refresh_from_db()
    assert made.present == f"{world.worker.get_full_name()}, {world.mother.full_name}, Pat from school"


def test_typed_words_are_kept_when_the_form_has_errors(world: World, client_for) -> None:
    client = client_for(world.worker)
    url = reverse("voice:new", args=[world.child.pk]) + "?tool=three-houses"
    response = post_changed(
        client,
        url,
        "session-form",
        parental_consent="given",
        read_back="yes",
        present="x" * 300,
        worries__words="Shouting in the car",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Shouting in the car" in page
    assert "Anyone else who was there must be 255 characters or fewer" in page
    consent = post_changed(client, url, "session-form", parental_consent="given", read_back="yes", worries__words="Hi")
    assert 'href="#id_parental_consent_by_0"' in consent.content.decode()
    assert "Enter who gave consent" in consent.content.decode()
    assert not ChildVoiceRecord.objects.exists()


def test_the_worker_adds_the_childs_worries_to_a_draft_map(world: World, client_for) -> None:
    made = record(world, worries="Mum and dad yelling.")
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    worries = made.entries.get(part_key="worries")
    client = client_for(world.worker)
    assert reverse("voice:pull", args=[made.pk]) in client.get(reverse("voice:record", args=[made.pk])).content.decode()
    form = client.get(reverse("voice:pull", args=[made.pk])).content.decode()
    assert "Mum and dad yelling." in form and f'name="version_{map_.pk}"' in form
    data = {"entries": str(worries.pk), "map": str(map_.pk), "category": "harm", f"version_{map_.pk}": "1"}
    response = client.post(reverse("voice:pull", args=[made.pk]), data)
    assert response["Location"] == reverse("mapping:map", args=[map_.pk]) + "#harm"
    item = MapItem.objects.get()
    assert item.text == "Mum and dad yelling." and item.said_by.startswith("Alkira")
    # The map reads naturally: the label says "said by" once, the value names the child.
    map_page = client.get(reverse("mapping:map", args=[map_.pk])).content.decode()
    assert "Said or seen by: Alkira" in map_page
    assert "said by said by" not in map_page.lower()
    # The same form again is now stale: the map has moved on.
    stale = client.post(reverse("voice:pull", args=[made.pk]), data)
    assert stale.status_code == 200 and "changed this record" in stale.content.decode()
    assert MapItem.objects.count() == 1


def test_the_panels_show_when_each_tool_was_last_used(world: World, client_for) -> None:
    record(world, used_on=TODAY - datetime.timedelta(days=14))
    client = client_for(world.worker)
    child_page = client.get(reverse("people:detail", args=[world.child.pk])).content.decode()
    assert "When each tool was last used" in child_page
    assert "Three Houses: " in child_page and "2\xa0weeks ago" in child_page
    assert reverse("voice:new", args=[world.child.pk]) in child_page
    case_page = client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "The children's voice" in case_page
    assert reverse("voice:new", args=[world.sibling.pk]) in case_page and "None yet" in case_page
    mother_page = client.get(reverse("people:detail", args=[world.mother.pk])).content.decode()
    assert "When each tool was last used" not in mother_page


def test_archiving_from_the_page(world: World, client_for) -> None:
    made = record(world)
    client = client_for(world.worker)
    empty = client.post(reverse("voice:archive", args=[made.pk]), {"version": str(made.version), "reason": ""})
    assert "Enter why the record is being archived" in empty.content.decode()
    response = client.post(reverse("voice:archive", args=[made.pk]), {"version": str(made.version), "reason": "Dup"})
    assert response["Location"] == reverse("voice:child", args=[world.child.pk])
    assert ChildVoiceRecord.objects.get().is_archived
    assert client.get(reverse("voice:record", args=[made.pk])).status_code == 404


def test_the_three_houses_page_opens_with_what_the_tool_is(world: World, client_for) -> None:
    page = (
        client_for(world.worker)
        .get(reverse("voice:new", args=[world.child.pk]), {"tool": "three-houses"})
        .content.decode()
    )
    after_title = page.split("</h1>", 1)[1].split("<form", 1)[0]
    assert '<p class="govuk-body">The child draws or tells what worries them' in after_title
    assert "Devised by Nicki Weld and Maggie Greening." in after_title
    assert '<p class="govuk-body">Weld and Greening.' not in page
