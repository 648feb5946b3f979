"""A referral about a family: one or more children on one case, the family's address typed once, each child checked
for someone already recorded, and nothing saved unless all of it is."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casemap.cases.models import Case, ChronologyEntry, Referral
from casemap.cases.services import referral_receive_new_children
from casemap.conftest import World
from casemap.core.tests.rendered_forms import form_on_page, post_changed, post_rendered
from casemap.people.models import Person

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def referral_details() -> dict[str, str]:
    return {
        "received_on_day": str(TODAY.day),
        "received_on_month": str(TODAY.month),
        "received_on_year": str(TODAY.year),
        "source": "2A",
        "what_was_reported": "The children came to school hungry all week",
    }


def child(number: int, first_name: str, born: datetime.date, last_name: str | None = None) -> dict[str, str]:
    row = {
        f"child-{number}-first_name": first_name,
        f"child-{number}-date_of_birth_day": str(born.day),
        f"child-{number}-date_of_birth_month": str(born.month),
        f"child-{number}-date_of_birth_year": str(born.year),
    }
    if last_name is not None:
        row[f"child-{number}-last_name"] = last_name
    return row


def url() -> str:
    return reverse("cases:referral-new")


def years_ago(years: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=365 * years + 30)


def test_three_children_go_on_one_case_with_the_address_typed_once(world: World, client_for) -> None:
    client = client_for(world.worker)
    address = {"address_line_1": "12 Mill Lane", "town": "Northbridge", "postcode": "NB1 2XY"}
    one = post_changed(
        client,
        url(),
        "referral",
        "add_child",
        **referral_details(),
        **address,
        **child(1, "Kiah", years_ago(9), "Radcliffe"),
    )
    assert one.status_code == 200 and "There is a problem" not in one.content.decode()
    two = form_on_page(one, "referral")
    # The surname is carried down to the next child, to change if it differs; what was typed is kept.
    assert (two.fields["child-2-last_name"], two.fields["child-1-first_name"]) == (["Radcliffe"], ["Kiah"])
    assert two.fields["address_line_1"] == ["12 Mill Lane"]
    three = form_on_page(post_rendered(client, url(), two, "add_child", **child(2, "Mia", years_ago(6))), "referral")
    assert three.fields["child-3-last_name"] == ["Radcliffe"]
    saved = post_rendered(client, url(), three, **child(3, "Leo", years_ago(2)))
    assert saved.status_code == 302
    case = Case.objects.get(family_name="Radcliffe family")
    children = {person.first_name: person for person in case.members.all()}
    assert set(children) == {"Kiah", "Mia", "Leo"}
    assert {(p.last_name, p.address_line_1, p.postcode) for p in children.values()} == {
        ("Radcliffe", "12 Mill Lane", "NB1 2XY")
    }
    assert Referral.objects.filter(case=case).count() == 3
    assert {e.person.first_name for e in ChronologyEntry.objects.filter(case=case, kind="referral")} == set(children)


def test_a_child_row_left_empty_is_left_off(world: World, client_for) -> None:
    client = client_for(world.worker)
    added = post_changed(
        client, url(), "referral", "add_child", **referral_details(), **child(1, "Kiah", years_ago(9), "Ngata")
    )
    saved = post_rendered(client, url(), form_on_page(added, "referral"))
    assert saved.status_code == 302
    case = Case.objects.get(family_name="Ngata family")
    assert [person.first_name for person in case.members.all()] == ["Kiah"]


def test_each_child_is_checked_for_someone_already_recorded(world: World, client_for) -> None:
    client = client_for(world.worker)
    born = world.child.date_of_birth
    assert born is not None
    added = post_changed(
        client, url(), "referral", "add_child", **referral_details(), **child(1, "Kiah", years_ago(9), "Cooper")
    )
    warned = post_rendered(client, url(), form_on_page(added, "referral"), **child(2, "Alkira", born))
    page = warned.content.decode()
    assert warned.status_code == 200
    assert "This person may already be recorded" in page
    assert 'name="child-2-not_a_duplicate"' in page and 'type="checkbox" name="child-1-not_a_duplicate"' not in page
    assert not Case.objects.filter(family_name="Cooper family").exclude(pk=world.case.pk).exists()
    confirmed = post_rendered(client, url(), form_on_page(warned, "referral"), **{"child-2-not_a_duplicate": "on"})
    assert confirmed.status_code == 302
    assert Person.objects.filter(first_name="Alkira", last_name="Cooper").count() == 2


def test_a_refusal_for_one_child_saves_nothing(world: World) -> None:
    people, cases = Person.objects.count(), Case.objects.count()
    with pytest.raises(ValidationError, match="Child 2: Date of birth must be today or in the past"):
        referral_receive_new_children(
            acting_user=world.worker,
            children=[
                {"first_name": "Kiah", "last_name": "Ngata", "date_of_birth": years_ago(9)},
                {"first_name": "Mia", "last_name": "Ngata", "date_of_birth": TODAY + datetime.timedelta(days=3)},
            ],
            address={"town": "Northbridge"},
            team=world.team,
            received_on=TODAY,
            source="2A",
            what_was_reported="School worried",
        )
    assert (Person.objects.count(), Case.objects.count()) == (people, cases)


def test_someone_outside_a_team_cannot_record_a_referral(world: World, client_for) -> None:
    assert client_for(world.data_officer).get(url()).status_code == 404
    assert client_for(world.chair).post(url(), referral_details()).status_code == 404
