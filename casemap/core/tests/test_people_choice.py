"""Choosing a known person: the worker first, the family, network and professionals once each, someone else typed."""

import datetime

import pytest
from django import forms

from casemap.cases.known_people import known_people
from casemap.conftest import World
from casemap.core.forms import GovukForm
from casemap.core.people_choice import SOMEONE_ELSE, KnownPerson, KnownPersonField, PeopleOnDemand
from casemap.people.models import RelationshipType
from casemap.people.services import family_member_add, person_create, relationship_add

pytestmark = pytest.mark.django_db


class WhoForm(GovukForm):
    who = KnownPersonField(label="Who is scaling?", error_messages={"required": "Choose who gave the score"})

    def __init__(self, *args, people: list[KnownPerson], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["who"].people = people


PEOPLE = [KnownPerson("you", "Sally Shaw", "you"), KnownPerson("person-1", "Merinda Cooper", "mother")]


def test_the_worker_comes_first_then_the_family_each_once(world: World) -> None:
    people = known_people(case=world.case, user=world.worker)
    assert people[0] == KnownPerson("you", world.worker.get_full_name(), "you")
    labels = [person.label for person in people]
    assert f"{world.mother.full_name} (mother)" in labels
    assert any(label.startswith(f"{world.child.full_name} (child, ") for label in labels)
    assert len({person.name for person in people}) == len(people)


def test_an_adult_is_described_by_what_they_are_to_the_children_on_the_case(world: World) -> None:
    grandmother = family_member_add(
        acting_user=world.worker,
        person=world.child,
        details={"first_name": "Aunty", "last_name": "Jen", "date_of_birth": datetime.date(1960, 2, 3)},
        kind=RelationshipType.GRANDPARENT,
    )
    partner = person_create(acting_user=world.worker, first_name="Wayne", last_name="Hill")
    # Related to the mother only: on the case, but nothing to the children.
    relationship_add(acting_user=world.worker, person=world.mother, relative=partner, kind=RelationshipType.PARTNER)
    described = {person.name: person.description for person in known_people(case=world.case, user=world.worker)}
    assert described[world.mother.full_name] == "mother"
    assert described[grandmother.full_name] == "grandparent"
    assert described[partner.full_name] == "adult in the family"


def test_a_chosen_person_gives_their_name_as_recorded() -> None:
    form = WhoForm({"who_choice": "person-1", "who_other": ""}, people=PEOPLE)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["who"] == "Merinda Cooper"


def test_the_people_are_read_only_when_the_answer_names_someone_from_the_list() -> None:
    readings: list[int] = []

    def read() -> list[KnownPerson]:
        readings.append(1)
        return PEOPLE

    typed = WhoForm({"who_choice": SOMEONE_ELSE, "who_other": "Aunty Jen"}, people=PeopleOnDemand(read))
    assert typed.is_valid() and typed.cleaned_data["who"] == "Aunty Jen"
    assert readings == []
    chosen = WhoForm({"who_choice": "person-1", "who_other": ""}, people=PeopleOnDemand(read))
    assert chosen.is_valid() and chosen.cleaned_data["who"] == "Merinda Cooper"
    assert "Merinda Cooper (mother)" in str(chosen["who"])
    assert readings == [1]  # once for the answer and the page


def test_someone_else_is_typed_once() -> None:
    form = WhoForm({"who_choice": SOMEONE_ELSE, "who_other": "  Aunty Jen "}, people=PEOPLE)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["who"] == "Aunty Jen"


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"who_choice": "", "who_other": ""}, "Choose who gave the score"),
        ({"who_choice": SOMEONE_ELSE, "who_other": ""}, "Enter the name of the person, or choose them from the list"),
        ({"who_choice": "person-999", "who_other": ""}, "Choose someone from the list"),
        ({"who_choice": SOMEONE_ELSE, "who_other": "x" * 161}, "The name must be 160 characters or fewer"),
    ],
)
def test_a_missing_or_unknown_choice_is_refused_in_plain_words(posted: dict[str, str], message: str) -> None:
    form = WhoForm(posted, people=PEOPLE)
    assert not form.is_valid()
    assert message in " ".join(form.errors["who"])


def test_a_saved_name_shows_as_the_person_it_belongs_to() -> None:
    form = WhoForm(initial={"who": "Merinda Cooper"}, people=PEOPLE)
    html = str(form["who"])
    assert '<option value="person-1" selected>Merinda Cooper (mother)</option>' in html
    other = WhoForm(initial={"who": "Aunty Jen"}, people=PEOPLE)
    other_html = str(other["who"])
    assert f'<option value="{SOMEONE_ELSE}" selected>' in other_html
    assert 'value="Aunty Jen"' in other_html


def test_the_page_labels_both_boxes_and_marks_the_error() -> None:
    form = WhoForm({"who_choice": "", "who_other": ""}, people=PEOPLE)
    form.is_valid()
    html = form.as_div()
    assert '<label class="govuk-label govuk-label--s" for="id_who_0">Who is scaling?</label>' in html
    assert '<label class="govuk-label" for="id_who_1">If someone else, their name</label>' in html
    assert "govuk-select--error" in html


def test_fields_do_not_share_their_people_between_forms() -> None:
    first = WhoForm(people=PEOPLE)
    second = WhoForm(people=PEOPLE[:1])
    assert isinstance(first.fields["who"], forms.MultiValueField)
    assert len(first.fields["who"].people) == 2 and len(second.fields["who"].people) == 1
