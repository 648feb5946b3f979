from typing import Any

from django import forms

from casemap.core.forms import LONG_TEXT, SHORT_TEXT, GovukDateField, GovukForm, VersionField
from casemap.core.people_choice import KnownPersonField
from casemap.people.models import RelationshipType
from casemap.safety.models import NetworkRole, SafetyNetworkMember
from casemap.safety.selectors.network import NetworkCandidate


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


FROM_THEIR_RECORD = "Leave empty to use what is on their record, if they are on it"


class MemberAddForm(MemberDetailsForm):
    """Adding someone to the network: chosen from the people on the family's record (adults on the case and the
    professionals working with it), who bring their name, contact details and relationship with them, or typed
    once as someone new. Who they are is kept after."""

    field_order = ["who"]

    who = KnownPersonField(
        label="Who is joining the safety network?",
        help_text="Choose someone on the family's record, or choose Someone else for someone new",
        error_messages={"required": "Choose who is joining the safety network, or enter the name of someone new"},
    )
    relationship_kind = forms.ChoiceField(
        label="Relationship to the family (optional)",
        choices=[("", "Choose a relationship"), *RelationshipType.choices],
        required=False,
        help_text=FROM_THEIR_RECORD,
    )
    phone = forms.CharField(label="Phone (optional)", max_length=30, required=False, help_text=FROM_THEIR_RECORD)

    def __init__(self, *args: Any, candidates: list[NetworkCandidate], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["name"]  # the name is the one chosen or typed above
        self.candidates = {candidate.known.name: candidate for candidate in candidates}
        who: KnownPersonField = self.fields["who"]  # type: ignore[assignment]
        who.people = [candidate.known for candidate in candidates]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = data.get("who") or ""
        candidate = self.candidates.get(name)
        data["person"] = candidate.person if candidate else None
        data["professional"] = candidate.professional if candidate else None
        data["name"] = "" if candidate else name
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
