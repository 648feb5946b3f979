"""Changing a person's details: plain-words validation, typed values kept, stale saves refused."""

import datetime

import pytest
from django.urls import reverse

from casemap.cases.models import ChronologyEntry
from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_changed
from casemap.people.models import Person
from casemap.people.services import person_update

pytestmark = pytest.mark.django_db


def edit_data(world: World, **changes: str) -> dict[str, object]:
    born = world.child.date_of_birth
    assert born is not None
    data: dict[str, object] = {
        "version": world.child.version,
        "first_name": "Alkira",
        "last_name": "Cooper",
        "known_as": "",
        "date_of_birth_day": born.day,
        "date_of_birth_month": born.month,
        "date_of_birth_year": born.year,
        "expected_birth_date_day": "",
        "expected_birth_date_month": "",
        "expected_birth_date_year": "",
        "sex": "F",
        "ethnicity": "NOBT",
        "first_language": "",
        "address_line_1": "",
        "address_line_2": "",
        "town": "",
        "postcode": "",
        "phone": "",
        "upn": "",
    }
    data.update(changes)
    return data


def test_saving_details_records_history_and_timeline(world: World, client_for) -> None:
    url = reverse("people:edit", args=[world.child.pk])
    response = post_changed(client_for(world.worker), url, "person-details", known_as="Kira", upn="H801200001001")
    assert response.status_code == 302
    child = Person.objects.get(pk=world.child.pk)
    assert (child.known_as, child.upn, child.version) == ("Kira", "H801200001001", world.child.version + 1)
    assert child.history.count() >= 2
    assert child.history.first().history_user == world.worker
    entry = ChronologyEntry.objects.filter(person=child, kind="person_changed").first()
    assert entry is not None
    assert "known as" in entry.summary.lower()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"date_of_birth_year": str(datetime.date.today().year + 1)},
            "Date of birth must be today or in the past",
        ),
        ({"date_of_birth_day": "31", "date_of_birth_month": "2"}, "Date of birth must be a real date"),
        ({"date_of_birth_month": ""}, "Date of birth must include a month"),
        ({"upn": "A801200001001"}, "check letter does not match"),
        ({"upn": "H80120"}, "13 characters long"),
        ({"first_name": ""}, "Enter a first name"),
        (
            {"date_of_birth_day": "", "date_of_birth_month": "", "date_of_birth_year": ""},
            "Enter the child&#x27;s date of birth, or their expected date of birth",
        ),
    ],
)
def test_bad_input_gets_plain_words_and_keeps_what_was_typed(world: World, client_for, changes, message) -> None:
    url = reverse("people:edit", args=[world.child.pk])
    response = post_changed(client_for(world.worker), url, "person-details", known_as="Kira typed this", **changes)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "There is a problem" in page
    assert 'value="Kira typed this"' in page
    assert Person.objects.get(pk=world.child.pk).known_as == ""


def test_expected_date_of_birth_for_an_unborn_baby(world: World) -> None:
    due = datetime.date.today() + datetime.timedelta(days=60)
    baby = person_update(
        acting_user=world.worker,
        person=world.sibling,
        expected_version=world.sibling.version,
        date_of_birth=None,
        expected_birth_date=due,
    )
    assert baby.expected_birth_date == due


def test_duplicate_warning_before_adding_someone_already_recorded(world: World, client_for) -> None:
    url = reverse("people:family-add", args=[world.child.pk])
    mother_born = world.mother.date_of_birth
    assert mother_born is not None
    data = {
        "kind": "mother",
        "first_name": "Merinda",
        "last_name": "Cooper",
        "date_of_birth_day": mother_born.day,
        "date_of_birth_month": mother_born.month,
        "date_of_birth_year": mother_born.year,
        "sex": "F",
        "ethnicity": "NOBT",
    }
    client = client_for(world.worker)
    # Before any possible match is found there is nothing to confirm: no tick box.
    fresh = client.get(url).content.decode()
    assert "none of these is the same person" not in fresh and 'type="checkbox" name="not_a_duplicate"' not in fresh
    warned = client.post(url, data)
    assert warned.status_code == 200
    assert "This person may already be recorded" in warned.content.decode()
    assert 'type="checkbox" name="not_a_duplicate"' in warned.content.decode()
    assert "I have checked: none of these is the same person" in warned.content.decode()
    assert world.mother.reference in warned.content.decode()
    assert Person.objects.filter(first_name="Merinda").count() == 1
    confirmed = client.post(url, {**data, "not_a_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Person.objects.filter(first_name="Merinda").count() == 2


def test_duplicate_warning_does_not_reveal_another_teams_person(world: World, client_for) -> None:
    from casemap.conftest import make_case

    make_case(
        acting=world.other_worker,
        team=world.other_team,
        worker=world.other_worker,
        manager=world.other_team.manager,
        surname="Ellison",
    )
    born = datetime.date.today() - datetime.timedelta(days=7 * 365)
    response = post_changed(
        client_for(world.worker),
        reverse("cases:referral-new"),
        "referral",
        received_on_day="1",
        received_on_month="1",
        received_on_year="2024",
        source="2A",
        what_was_reported="School worried",
        **{
            "child-1-first_name": "Alkira",
            "child-1-last_name": "Ellison",
            "child-1-date_of_birth_day": str(born.day),
            "child-1-date_of_birth_month": str(born.month),
            "child-1-date_of_birth_year": str(born.year),
        },
    )
    page = response.content.decode()
    assert "recorded on another team's case" in page
    assert "Alkira Ellison" not in page.split("This person may already be recorded")[1].split("</ul>")[0]


def test_archiving_hides_a_person_from_every_list_and_keeps_their_history(world: World, client_for) -> None:
    from casemap.access.models import AccessLogEntry
    from casemap.people.services import person_archive

    person_archive(acting_user=world.manager, person=world.sibling, reason="Recorded twice by mistake")
    archived = Person.objects.get(pk=world.sibling.pk)
    assert archived.archived_at is not None
    assert archived.archived_by == world.manager
    assert archived.history.first().archive_reason == "Recorded twice by mistake"
    assert client_for(world.worker).get(reverse("people:detail", args=[archived.pk])).status_code == 404
    found = client_for(world.worker).post(reverse("people:search"), {"name": "cooper"}).content.decode()
    assert "Darel Cooper" not in found
    assert AccessLogEntry.objects.filter(action="archive", person=archived, user=world.manager).exists()
