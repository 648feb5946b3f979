import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from casemap.core.forms import GovukDateField, GovukForm, OfferedMultipleChoiceField, VersionField
from casemap.people.codes import Disability, Ethnicity, Sex
from casemap.people.models import Person, RelationshipType
from casemap.people.upn import upn_problem


class PersonDetailsForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=100, error_messages={"required": "Enter a first name"})
    last_name = forms.CharField(label="Last name", max_length=100, error_messages={"required": "Enter a last name"})
    known_as = forms.CharField(label="Known as (optional)", max_length=100, required=False)
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2019")
    expected_birth_date = GovukDateField(
        label="Expected date of birth (optional)", required=False, help_text="Only for a baby not yet born"
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.UNKNOWN)
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, initial=Ethnicity.NOBT)
    first_language = forms.CharField(label="First language (optional)", max_length=60, required=False)
    address_line_1 = forms.CharField(label="Address line 1 (optional)", max_length=120, required=False)
    address_line_2 = forms.CharField(label="Address line 2 (optional)", max_length=120, required=False)
    town = forms.CharField(label="Town or city (optional)", max_length=60, required=False)
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)
    phone = forms.CharField(label="Phone (optional)", max_length=30, required=False)

    def clean_date_of_birth(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError(
                "Date of birth must be today or in the past. For an unborn baby, enter the expected date of birth"
            )
        return value


class ChildDetailsForm(PersonDetailsForm):
    upn = forms.CharField(
        label="Unique Pupil Number (optional)",
        max_length=13,
        required=False,
        help_text="13 characters from the child's school, like A123456789012",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}),
    )
    disabilities = forms.MultipleChoiceField(
        label="Disabilities (optional)",
        choices=Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_upn(self) -> str:
        upn: str = self.cleaned_data["upn"].strip().upper()
        if upn:
            problem = upn_problem(upn)
            if problem:
                raise forms.ValidationError(problem)
        return upn

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("date_of_birth")
            and not data.get("expected_birth_date")
            and not self.has_error("date_of_birth")
        ):
            self.add_error("date_of_birth", "Enter the child's date of birth, or their expected date of birth")
        if data.get("date_of_birth") and data.get("expected_birth_date"):
            self.add_error("expected_birth_date", "Enter an expected date of birth only if the baby is not yet born")
        return data


class EditPersonForm(GovukForm):
    """Adds the version the user started from, so a stale save is refused."""

    version = VersionField()


class EditChildForm(ChildDetailsForm, EditPersonForm):
    pass


class EditAdultForm(PersonDetailsForm, EditPersonForm):
    pass


class DuplicateCheckMixin(GovukForm):
    """The tick box to go ahead although the person may already be recorded. It is offered only once possible
    matches have been found: before then there is nothing to confirm against, so it is a hidden field."""

    not_a_duplicate = forms.BooleanField(
        label="I have checked: none of these is the same person",
        required=False,
        widget=forms.HiddenInput,
    )

    def confirmed_not_a_duplicate(self, duplicates: Sequence[object], message: str) -> bool:
        """With possible matches, show the tick box; true when there are none or the user has ticked it."""
        if not duplicates:
            return True
        self.fields["not_a_duplicate"].widget = forms.CheckboxInput()
        if not self.cleaned_data.get("not_a_duplicate"):
            self.add_error("not_a_duplicate", message)
        self._apply_govuk_attributes()
        return not self.has_error("not_a_duplicate")


class SearchForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200, required=False, help_text="First name, last name, or both")
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2019")
    identifier = forms.CharField(
        label="Casemap ID or UPN",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not (data.get("name") or data.get("date_of_birth") or data.get("identifier")):
            raise forms.ValidationError("Enter a name, a date of birth or an ID to search for")
        if data.get("name") and len(data["name"].strip()) < 2:
            self.add_error("name", "Enter at least 2 letters of the name")
        return data


class FamilyMemberForm(PersonDetailsForm):
    kind = forms.ChoiceField(label="Relationship to the child", choices=RelationshipType.choices)
    is_child = forms.BooleanField(label="This person is a child (under 18)", required=False)
    lives_with = forms.BooleanField(label="Lives with the child", required=False)
    has_parental_responsibility = forms.BooleanField(label="Has parental responsibility", required=False)
    also_for = OfferedMultipleChoiceField(
        label="The same relationship to these children too",
        help_text="The other children on the family's cases. Untick anyone it is not true for.",
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose only children listed",
            "invalid_pk_value": "Choose only children listed",
        },
    )

    field_order = ["kind", "first_name", "last_name", "known_as", "date_of_birth", "is_child"]

    def __init__(self, *args: Any, other_children: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if other_children:
            also_for: forms.ModelMultipleChoiceField = self.fields["also_for"]  # type: ignore[assignment]
            also_for.queryset = Person.objects.filter(pk__in=[child.pk for child in other_children])
            also_for.label_from_instance = lambda child: child.full_name  # type: ignore[assignment,method-assign]
            self.initial.setdefault("also_for", [child.pk for child in other_children])
        else:
            del self.fields["also_for"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_child") and not data.get("date_of_birth") and not data.get("expected_birth_date"):
            self.add_error("date_of_birth", "Enter the child's date of birth, or their expected date of birth")
        return data


class FamilyMemberWithCheckForm(FamilyMemberForm, DuplicateCheckMixin):
    pass
