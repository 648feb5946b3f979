from typing import Any

from django import forms

from casemap.core.forms import LONG_TEXT, SHORT_TEXT, GovukDateField, GovukForm, VersionField
from casemap.people.models import RelationshipType
from casemap.safety.models import NetworkRole, SafetyNetworkMember


class MemberDetailsForm(GovukForm):
    """A network member's details, the same when adding them and when changing them."""

    name = forms.CharField(
        label="Name",
        max_length=160,
        required=False,
        help_text="Needed if they are not on the record and not a professional",
    )
    relationship_kind = forms.ChoiceField(
        label="Relationship to the family (optional)",
        choices=[("", "Choose a relationship"), *RelationshipType.choices],
        required=False,
    )
    relationship_text = forms.CharField(
        label="Or describe the relationship in the family's words (optional)", max_length=120, required=False
    )
    phone = forms.CharField(label="Phone (optional)", max_length=30, required=False)
    email = forms.EmailField(
        label="Email (optional)",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    address = forms.CharField(
        label="Address (optional)", max_length=SHORT_TEXT, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    roles = forms.MultipleChoiceField(
        label="What they will do (optional)",
        choices=NetworkRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Choose all that apply",
    )
    told_danger_statements_on = GovukDateField(label="Date told the danger statements (optional)", required=False)
    agreed_to_plan_on = GovukDateField(label="Date agreed to the safety plan (optional)", required=False)
    notes = forms.CharField(
        label="Notes (optional)", max_length=LONG_TEXT, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MemberAddForm(MemberDetailsForm):
    """Adding someone to the network: who they are is chosen here, and kept after."""

    field_order = ["person", "professional"]

    person: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Someone already on the family's record (optional)",
        queryset=None,
        required=False,
        empty_label="Not on the record",
    )
    professional: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Or a professional working with the family (optional)",
        queryset=None,
        required=False,
        empty_label="Not a professional",
    )

    def __init__(self, *args: Any, people: Any, professionals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda person: person.full_name  # type: ignore[attr-defined]
        self.fields["professional"].queryset = professionals  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") and data.get("professional"):
            self.add_error("professional", "Choose someone on the record or a professional, not both")
        elif not data.get("person") and not data.get("professional") and not data.get("name", "").strip():
            self.add_error("name", "Enter the name of the network member")
        return data


class MemberChangeForm(MemberDetailsForm):
    """Changing a member's details, against the version of the member the page showed."""

    version = VersionField()

    def __init__(self, *args: Any, record: SafetyNetworkMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial = {**self.initial, "version": record.version}


class DeactivateForm(GovukForm):
    version = VersionField()

    def __init__(self, *args: Any, record: SafetyNetworkMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial = {**self.initial, "version": record.version}

    inactive_since = GovukDateField(
        label="Date they left the safety network", error_messages={"required": "Enter the date they left"}
    )
    reason = forms.CharField(
        label="Why are they no longer in the safety network?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why they are no longer in the safety network"},
    )
