import datetime
from typing import Any

from django import forms
from django.utils import timezone

from casemap.accounts.models import Team, User
from casemap.cases.models import ClosureReason, NoteKind, PrimaryNeed, ReferralDecision, ReferralSource
from casemap.core.forms import LONG_TEXT, GovukDateField, GovukForm, VersionField
from casemap.people.forms import ChildDetailsForm, DuplicateCheckMixin
from casemap.people.models import Person


def _not_in_future(value: datetime.date | None, what: str) -> datetime.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{what} must be today or in the past")
    return value


class ReferralForm(ChildDetailsForm, DuplicateCheckMixin):
    """A new referral about a child: the child's details and what was reported."""

    received_on = GovukDateField(
        label="Date the referral was received",
        error_messages={"required": "Enter the date the referral was received"},
    )
    source = forms.ChoiceField(
        label="Who made the referral", choices=[("", "Choose a source"), *ReferralSource.choices]
    )
    referrer_name = forms.CharField(label="Referrer's name and organisation (optional)", max_length=160, required=False)
    what_was_reported = forms.CharField(
        label="What was reported",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what the referrer told us"},
    )
    team = forms.ModelChoiceField(label="Team to hold the referral", queryset=Team.objects.all(), empty_label=None)

    field_order = [
        "received_on",
        "source",
        "referrer_name",
        "what_was_reported",
        "team",
        "first_name",
        "last_name",
        "known_as",
        "date_of_birth",
        "expected_birth_date",
        "sex",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].error_messages["required"] = "Choose who made the referral"

    def clean_received_on(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data.get("received_on"), "The date the referral was received")


class CaseVersionForm(GovukForm):
    """Carries the case version the manager saw, so a decision made on a stale page is refused."""

    version = VersionField()


class ReferralDecisionForm(CaseVersionForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[c for c in ReferralDecision.choices if c[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a decision"},
    )
    decided_on = GovukDateField(label="Date of decision", error_messages={"required": "Enter the date of the decision"})
    primary_need = forms.ChoiceField(label="Primary need", choices=PrimaryNeed.choices, initial=PrimaryNeed.N0)

    def clean_decided_on(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data.get("decided_on"), "The date of the decision")


class AllocationForm(CaseVersionForm):
    worker = forms.ModelChoiceField(
        label="Allocated worker",
        queryset=User.objects.none(),
        required=False,
        empty_label="Unallocated (held by the team)",
    )
    reason = forms.CharField(label="Reason (optional)", max_length=255, required=False)

    def __init__(self, *args: Any, workers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers


class CloseCaseForm(CaseVersionForm):
    closed_on = GovukDateField(label="Date closed", error_messages={"required": "Enter the date the case closed"})
    closure_reason = forms.ChoiceField(
        label="Reason for closure",
        choices=[("", "Choose a reason"), *ClosureReason.choices],
        error_messages={"required": "Choose the reason the case is closing"},
    )

    def clean_closed_on(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data.get("closed_on"), "The closing date")


class CaseNoteForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type of note",
        choices=NoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of note"},
    )
    occurred_on = GovukDateField(label="Date", error_messages={"required": "Enter the date it happened"})
    children = forms.ModelMultipleChoiceField(
        label="Which children is this about?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose which children this note is about"},
    )
    present = forms.CharField(
        label="Who was there (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    child_seen = forms.BooleanField(label="The child was seen", required=False)
    child_seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    text = forms.CharField(
        label="Note",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the note"},
    )

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        self.fields["children"].label_from_instance = lambda person: person.full_name

    def clean_occurred_on(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data.get("occurred_on"), "The date of the note")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("child_seen_alone") and not data.get("child_seen"):
            data["child_seen"] = True
        return data


class EditCaseNoteForm(GovukForm):
    version = VersionField()
    present = forms.CharField(
        label="Who was there (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text = forms.CharField(
        label="Note",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the note"},
    )


class CaseloadFilterForm(forms.Form):
    """Read from the query string; only codes, never personal data, so safe in a URL."""

    service = forms.CharField(required=False)
    status = forms.ChoiceField(choices=[("open", "Open"), ("closed", "Closed"), ("all", "All")], required=False)
    overdue = forms.BooleanField(required=False)
    worker = forms.IntegerField(required=False)
    sort = forms.CharField(required=False)


class ProfessionalForm(GovukForm):
    name = forms.CharField(label="Name", max_length=160, error_messages={"required": "Enter the professional's name"})
    role = forms.CharField(
        label="Role (optional)",
        max_length=120,
        required=False,
        help_text="For example class teacher, health visitor, police officer",
    )
    agency_name = forms.CharField(
        label="Agency",
        max_length=160,
        help_text="For example Northbridge Primary School",
        error_messages={"required": "Enter the agency they work for"},
    )
    email = forms.EmailField(
        label="Email (optional)",
        max_length=254,
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org"},
    )
    phone = forms.CharField(label="Phone (optional)", max_length=30, required=False)
