"""Caseload and case pages: notes reach the timeline, filters and overdue markers work, bad input is explained."""

import datetime
import re

import pytest
from django.urls import reverse

from casemap.cases.models import Case, CaseNote, ChronologyEntry
from casemap.conftest import REFUSED, SEES, World, make_case
from casemap.core.tests.rendered_forms import post_changed
from casemap.people.models import RelationshipType
from casemap.people.services import person_create, relationship_add

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def note_form(world: World, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "home_visit",
        "occurred_on_day": TODAY.day,
        "occurred_on_month": TODAY.month,
        "occurred_on_year": TODAY.year,
        "children": [world.child.pk],
        "present_other": "Merinda",
        "child_seen": "on",
        "text": "Alkira showed me her drawing of the house.",
    }
    data.update(changes)
    return data


def test_adding_a_case_note_puts_it_on_the_timeline(world: World, client_for) -> None:
    client = client_for(world.worker)
    response = client.post(reverse("cases:note-new", args=[world.case.pk]), note_form(world))
    assert response.status_code == 302
    timeline = client.get(reverse("people:section", args=[world.child.pk, "timeline"])).content.decode()
    assert "Home visit (child seen)" in timeline
    assert "Alkira showed me her drawing of the house." in timeline


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": ""}, "Enter the note"),
        ({"children": []}, "Choose which children this note is about"),
        ({"occurred_on_year": TODAY.year + 1}, "The date of the note must be today or in the past"),
        ({"kind": ""}, "Choose the type of note"),
    ],
)
def test_case_note_errors_are_plain_and_keep_the_text(world: World, client_for, changes, message) -> None:
    response = client_for(world.worker).post(
        reverse("cases:note-new", args=[world.case.pk]), note_form(world, present_other="Eddy and Rose", **changes)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "Eddy and Rose" in page
    assert not CaseNote.objects.exists()


def test_other_team_cannot_add_a_note(world: World, client_for) -> None:
    response = client_for(world.other_worker).post(reverse("cases:note-new", args=[world.case.pk]), note_form(world))
    assert response.status_code == 404
    assert not CaseNote.objects.exists()


def test_only_the_author_may_change_a_note(world: World, client_for) -> None:
    client = client_for(world.worker)
    client.post(reverse("cases:note-new", args=[world.case.pk]), note_form(world))
    note = CaseNote.objects.get()
    url = reverse("cases:note-edit", args=[world.case.pk, note.pk])
    assert client_for(world.teammate).get(url).status_code == 404
    assert post_changed(client, url, "case-note", text="Corrected wording").status_code == 302
    note.refresh_from_db()
    assert note.text == "Corrected wording"
    assert ChronologyEntry.objects.get(source_type="cases.casenote", source_id=note.pk).detail == "Corrected wording"


def test_caseload_marks_overdue_visits_and_filters_them(world: World, client_for) -> None:
    Case.objects.filter(pk=world.case.pk).update(last_visit_on=TODAY - datetime.timedelta(days=90))
    fresh = make_case(
        acting=world.worker, team=world.team, worker=world.worker, manager=world.manager, surname="Bennett"
    )
    Case.objects.filter(pk=fresh.pk).update(last_visit_on=TODAY)
    client = client_for(world.worker)
    page = client.get(reverse("cases:my-caseload")).content.decode()
    assert "Cooper family" in page
    assert "Bennett family" in page
    assert page.count("govuk-tag--red") == 1
    overdue_only = client.get(reverse("cases:my-caseload"), {"overdue": "on"}).content.decode()
    assert "Cooper family" in overdue_only
    assert "Bennett family" not in overdue_only


def test_caseload_sorts_by_column(world: World, client_for) -> None:
    make_case(acting=world.worker, team=world.team, worker=world.worker, manager=world.manager, surname="Ashworth")
    client = client_for(world.worker)
    ascending = client.get(reverse("cases:my-caseload"), {"sort": "family"}).content.decode()
    descending = client.get(reverse("cases:my-caseload"), {"sort": "-family"}).content.decode()
    assert ascending.index("Ashworth family") < ascending.index("Cooper family")
    assert descending.index("Cooper family") < descending.index("Ashworth family")
    assert 'aria-sort="descending"' in descending


def test_team_caseload_filters_by_worker(world: World, client_for) -> None:
    make_case(
        acting=world.teammate,
        team=world.team,
        worker=world.teammate,
        manager=world.manager,
        surname="Ashworth",
    )
    client = client_for(world.manager)
    # The worker is chosen by name from the filter's list, as the page offers them.
    offered = re.findall(
        r'<option value="(\d*)">([^<]*)</option>', client.get(reverse("cases:team-caseload")).content.decode()
    )
    chosen = next(value for value, name in offered if name == world.teammate.get_full_name())
    page = client.get(reverse("cases:team-caseload"), {"worker": chosen}).content.decode()
    assert "Ashworth family" in page
    assert "Cooper family" not in page
    assert f'<option value="{chosen}" selected>{world.teammate.get_full_name()}</option>' in page


def test_new_referral_then_decision_and_allocation_by_the_manager(world: World, client_for) -> None:
    born = TODAY - datetime.timedelta(days=3000)
    response = post_changed(
        client_for(world.worker),
        reverse("cases:referral-new"),
        "referral",
        received_on_day=str(TODAY.day),
        received_on_month=str(TODAY.month),
        received_on_year=str(TODAY.year),
        source="2A",
        referrer_name="Head teacher",
        what_was_reported="Came to school hungry",
        **{
            "child-1-first_name": "Kiah",
            "child-1-last_name": "Radcliffe",
            "child-1-date_of_birth_day": str(born.day),
            "child-1-date_of_birth_month": str(born.month),
            "child-1-date_of_birth_year": str(born.year),
            "child-1-sex": "F",
            "child-1-ethnicity": "WBRI",
            "child-1-upn": "H801200001001",
        },
    )
    assert response.status_code == 302
    case = Case.objects.get(family_name="Radcliffe family")
    manager = client_for(world.manager)
    case_page = reverse("cases:detail", args=[case.pk])
    # The manager's forms are posted as the case page renders them: nothing the page did not send is added.
    decided = post_changed(
        manager,
        case_page,
        posts_to=reverse("cases:decide", args=[case.pk]),
        decision="assessment",
        decided_on_day=str(TODAY.day),
        decided_on_month=str(TODAY.month),
        decided_on_year=str(TODAY.year),
        primary_need="N4",
        reasons="Kiah has come to school hungry for three weeks and her mother has not answered the school's calls",
    )
    assert decided.status_code == 302
    shown = manager.get(case_page).content.decode()
    assert (
        f"Referral of {TODAY:%-d %B %Y} decided by {world.manager} on {TODAY:%-d %B %Y}: moved to child in need for "
        "an assessment. Why: Kiah has come to school hungry for three weeks and her mother has not answered the "
        "school&#x27;s calls"
    ) in shown
    assert "Referral awaiting a decision" not in shown
    allocated = post_changed(
        manager, case_page, posts_to=reverse("cases:allocate", args=[case.pk]), worker=str(world.teammate.pk)
    )
    assert allocated.status_code == 302, allocated.content.decode()
    case.refresh_from_db()
    assert (case.service, case.allocated_worker) == ("child_in_need", world.teammate)
    bad = post_changed(manager, case_page, posts_to=reverse("cases:close", args=[case.pk]), closure_reason="RC7")
    assert "Enter the date the case closed" in bad.content.decode()


def a_referral_about_a_new_child(world: World, client_for) -> Case:
    born = world.child.date_of_birth
    assert born is not None
    response = post_changed(
        client_for(world.worker),
        reverse("cases:referral-new"),
        "referral",
        received_on_day=str(TODAY.day),
        received_on_month=str(TODAY.month),
        received_on_year=str(TODAY.year),
        source="6",
        what_was_reported="Police called to a fight next door",
        **{
            "child-1-first_name": "Tayla",
            "child-1-last_name": "Brennan",
            "child-1-date_of_birth_day": str(born.day),
            "child-1-date_of_birth_month": str(born.month),
            "child-1-date_of_birth_year": str(born.year),
            "child-1-sex": "F",
            "child-1-ethnicity": "WBRI",
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Case.objects.get(family_name="Brennan family")


def test_a_decision_without_why_is_refused_plainly_and_no_further_action_says_the_case_closed(
    world: World, client_for
) -> None:
    case = a_referral_about_a_new_child(world, client_for)
    manager = client_for(world.manager)
    case_page = reverse("cases:detail", args=[case.pk])
    decide = reverse("cases:decide", args=[case.pk])
    unexplained = post_changed(manager, case_page, posts_to=decide, decision="nfa")
    assert unexplained.status_code == 200
    assert "Enter why you made this decision" in unexplained.content.decode()
    case.refresh_from_db()
    assert case.is_open
    closed = post_changed(
        manager, case_page, posts_to=decide, decision="nfa", reasons="The fight was next door, not in Tayla's home"
    )
    assert closed.status_code == 302, closed.content.decode()
    shown = manager.get(case_page).content.decode()
    assert (
        f"decided by {world.manager} on {TODAY:%-d %B %Y}: closed with no further action. Why: The fight was next "
        "door, not in Tayla&#x27;s home"
    ) in shown
    timeline = ChronologyEntry.objects.get(case=case, kind="referral_decision")
    assert timeline.detail == "The fight was next door, not in Tayla's home"


def test_the_referral_form_asks_about_duplicates_only_once_there_are_some(world: World, client_for) -> None:
    client = client_for(world.worker)
    fresh = client.get(reverse("cases:referral-new")).content.decode()
    assert "none of these is the same person" not in fresh
    born = world.child.date_of_birth
    assert born is not None
    warned = post_changed(
        client,
        reverse("cases:referral-new"),
        "referral",
        received_on_day=str(TODAY.day),
        received_on_month=str(TODAY.month),
        received_on_year=str(TODAY.year),
        source="2A",
        what_was_reported="Came to school hungry",
        **{
            "child-1-first_name": world.child.first_name,
            "child-1-last_name": world.child.last_name,
            "child-1-date_of_birth_day": str(born.day),
            "child-1-date_of_birth_month": str(born.month),
            "child-1-date_of_birth_year": str(born.year),
        },
    ).content.decode()
    assert "This person may already be recorded" in warned
    assert 'type="checkbox" name="child-1-not_a_duplicate"' in warned and "none of these is the same person" in warned


def test_referral_form_shows_every_problem_at_once(world: World, client_for) -> None:
    response = post_changed(
        client_for(world.worker), reverse("cases:referral-new"), "referral", **{"child-1-first_name": "Kiah"}
    )
    page = response.content.decode()
    for message in (
        "Enter the date the referral was received",
        "Choose who made the referral",
        "Enter what the referrer told us",
        "Enter a last name",
    ):
        assert message in page
    assert 'value="Kiah"' in page
    assert "<title>Error: " in page


def test_a_managers_allocation_survives_the_idle_time_out(world: World, client_for) -> None:
    from urllib.parse import parse_qs, urlparse

    from django.conf import settings

    from casemap.accounts.middleware import LAST_ACTIVITY_KEY

    client = client_for(world.manager)
    client.get(reverse("cases:detail", args=[world.case.pk]))
    session = client.session
    session[LAST_ACTIVITY_KEY] = session[LAST_ACTIVITY_KEY] - settings.IDLE_TIMEOUT_SECONDS - 1
    session.save()
    timed_out = client.post(
        reverse("cases:allocate", args=[world.case.pk]),
        {
            "worker": world.teammate.pk,
            "reason": "Sally is on leave until March",
            "version": world.case.version,
        },
    )
    next_url = parse_qs(urlparse(timed_out["Location"]).query)["next"][0]
    restored = client_for(world.manager).get(next_url).content.decode()
    assert "Sally is on leave until March" in restored
    world.case.refresh_from_db()
    assert world.case.allocated_worker == world.worker


def test_a_long_team_caseload_comes_in_pages_with_filters_kept(world: World, client_for) -> None:
    from casemap.cases.selectors import CASELOAD_PAGE_SIZE

    cases = [world.case] + [
        make_case(
            acting=world.teammate,
            team=world.team,
            worker=world.teammate,
            manager=world.manager,
            surname=f"Family{index:02d}",
        )
        for index in range(CASELOAD_PAGE_SIZE)
    ]
    Case.objects.filter(pk__in=[case.pk for case in cases[:3]]).update(
        last_visit_on=TODAY - datetime.timedelta(days=200)
    )
    Case.objects.filter(pk__in=[case.pk for case in cases[3:]]).update(last_visit_on=TODAY)
    client = client_for(world.manager)
    first = client.get(reverse("cases:team-caseload")).content.decode()
    assert f"{CASELOAD_PAGE_SIZE + 1} cases, showing 1 to {CASELOAD_PAGE_SIZE}" in first
    assert "page=2" in first
    second = client.get(reverse("cases:team-caseload"), {"page": 2, "sort": "family"}).content.decode()
    assert f"showing {CASELOAD_PAGE_SIZE + 1} to {CASELOAD_PAGE_SIZE + 1}" in second, second[
        second.find("<caption") : second.find("</caption>")
    ]
    overdue = client.get(reverse("cases:team-caseload"), {"overdue": "on"}).content.decode()
    assert "3 cases" in overdue
    assert overdue.count("govuk-tag--red") == 3


def test_the_case_page_calls_a_family_friend_a_friend_not_an_adult_in_the_family(world: World, client_for) -> None:
    rose = person_create(
        acting_user=world.worker, first_name="Rose", last_name="Galloway", date_of_birth=datetime.date(1985, 2, 1)
    )
    relationship_add(acting_user=world.worker, person=world.child, relative=rose, kind=RelationshipType.FRIEND)
    page = client_for(world.worker).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Rose Galloway</a> (family friend)" in page
    assert "Merinda Cooper</a> (adult in the family)" in page
    assert "Alkira Cooper</a> (child)" in page


@pytest.mark.parametrize("persona", REFUSED)
def test_the_case_forms_are_not_found_by_anyone_who_may_not_see_the_case(world: World, client_for, persona) -> None:
    client = client_for(getattr(world, persona))
    for name in ("note-new", "professional-new", "relationship-new", "decide", "allocate", "close"):
        assert client.get(reverse(f"cases:{name}", args=[world.case.pk])).status_code == 404, name


@pytest.mark.parametrize("persona", SEES)
def test_everyone_who_sees_the_case_may_add_to_it_and_only_managers_manage_it(
    world: World, client_for, persona
) -> None:
    page = client_for(getattr(world, persona)).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert reverse("cases:note-new", args=[world.case.pk]) in page
    assert (reverse("cases:allocate", args=[world.case.pk]) in page) == (persona in {"manager", "service_manager"})
