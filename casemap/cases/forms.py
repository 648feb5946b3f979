import datetime
from collections.abc import Sequence
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.utils import timezone

from casemap.accounts.models import Team, User
from casemap.cases.models import (
    CHANGE_REASONS,
    ClosureReason,
    NoteKind,
    PrimaryNeed,
    ReferralDecision,
    ReferralSource,
)
from casemap.core.forms import LONG_TEXT, GovukDateField, GovukForm, OfferedMultipleChoiceField, VersionField
from casemap.core.people_choice import KnownPerson, names_ticked, ticks_for_names
from casemap.people.forms import ChildDetailsForm, DuplicateCheckMixin
from casemap.people.models import Person, RelationshipType


def _not_in_future(value: datetime.date | None, what: str) -> datetime.date | None:
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{what} must be today or in the past")
    return value


# The most children one referral form takes: a larger family is recorded and then added to.
MOST_CHILDREN_ON_A_REFERRAL = 12
FAMILY_ADDRESS_FIELDS = ["address_line_1", "address_line_2", "town", "postcode"]
REFERRAL_CHILD_FIELDS = [
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "expected_birth_date",
    "sex",
    "ethnicity",
    "upn",
    "disabilities",
    "first_language",
    "phone",
]


class ReferralForm(GovukForm):
    """A new referral: what was reported, by whom, and the team to hold it. The children are `ReferralChildForm`s
    and their address a `FamilyAddressForm`, so nothing about the family is typed twice."""

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
    # How many child rows the page shows: more after "Add another child".
    child_rows = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].error_messages["required"] = "Choose who made the referral"

    def clean_received_on(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data.get("received_on"), "The date the referral was received")


def child_rows_posted(data: Any) -> int:
    """How many child rows a posted referral form had (one, if the count is missing or is not a count)."""
    try:
        rows = int((data or {}).get("child_rows") or 1)
    except (TypeError, ValueError):
        rows = 1
    return min(max(rows, 1), MOST_CHILDREN_ON_A_REFERRAL)


class FamilyAddressForm(GovukForm):
    """Where the children live, asked once for every child on the referral."""

    address_line_1 = forms.CharField(label="Address line 1 (optional)", max_length=120, required=False)
    address_line_2 = forms.CharField(label="Address line 2 (optional)", max_length=120, required=False)
    town = forms.CharField(label="Town or city (optional)", max_length=60, required=False)
    postcode = forms.CharField(label="Postcode (optional)", max_length=10, required=False)


class ReferralChildForm(ChildDetailsForm, DuplicateCheckMixin):
    """One child the referral is about, checked for someone already recorded. A row left without a name or a date
    of birth is not a child: it is left off the referral."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in FAMILY_ADDRESS_FIELDS:
            del self.fields[name]
        self.order_fields([*REFERRAL_CHILD_FIELDS, "not_a_duplicate"])

    def is_blank(self) -> bool:
        """Nothing typed that says who the child is (a surname carried over from the child above does not)."""
        if not self.is_bound:
            return True
        names = [self.add_prefix(name) for name in ("first_name", "known_as", "upn")]
        names += [
            f"{self.add_prefix(date)}_{part}"
            for date in ("date_of_birth", "expected_birth_date")
            for part in ("day", "month", "year")
        ]
        return not any(str(self.data.get(name) or "").strip() for name in names)


def shown_as_typed(form: forms.Form) -> forms.Form:
    """A bound form shown again before it is checked (a child row was added): what was typed, and no errors."""
    form._errors = ErrorDict()  # type: ignore[attr-defined]  # empty: the form does not check itself when shown
    return form


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
    reasons = forms.CharField(
        label="Why",
        help_text="Why you made this decision. It is shown on the case and on the children's timelines.",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you made this decision"},
    )

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

    def __init__(self, *args: Any, workers: Any, previous_worker: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker: forms.ModelChoiceField = self.fields["worker"]  # type: ignore[assignment]
        worker.queryset = workers
        self.previous_worker = previous_worker
        if previous_worker is not None:
            # Asked only of a case that has had a social worker: the first one needs no reason.
            self.fields["change_reason"] = forms.ChoiceField(
                label="If the case goes to a different social worker, why",
                help_text=f"The last social worker was {previous_worker}. The children looked after return (SSDA903) "
                "reports why a child's social worker changed. Leave it if the worker stays the same or the case is "
                "held unallocated.",
                choices=CHANGE_REASONS,
                widget=forms.RadioSelect,
                required=False,
            )
            self._apply_govuk_attributes()
        self.order_fields(["version", "worker", "change_reason", "reason"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        chosen = cleaned.get("worker")
        changes_worker = (
            self.previous_worker is not None and chosen is not None and chosen.pk != self.previous_worker.pk
        )
        if changes_worker and not cleaned.get("change_reason"):
            self.add_error("change_reason", f"Choose why the case is going to {chosen} from {self.previous_worker}")
        if not changes_worker:
            cleaned["change_reason"] = ""
        return cleaned


class CloseCaseForm(CaseVersionForm):
    closed_on = GovukDateField(label="Date closed", error_messages={"required": "Enter the date the case closed"})
    closure_reason = forms.ChoiceField(
        label="Reason for closure",
        choices=[("", "Choose a reason"), *ClosureReason.choices],
        error_messages={"required": "Choose the reason the case is closing"},
    )

    def clean_closed_on(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data.get("closed_on"), "The closing date")


class WhoWasThereForm(GovukForm):
    """Who was there, ticked from the people the record already names (`casemap.cases.known_people`), with a box
    for anyone else. The note keeps them as the one line of names it always held ("Merinda Cooper, Aunty Jen")."""

    present_known = forms.MultipleChoiceField(
        label="Who was there (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose only people listed, or write the name in the box below"},
    )
    present_other = forms.CharField(
        label="Anyone else who was there (optional)",
        help_text="Their names, as the family calls them",
        max_length=1000,
        required=False,
    )

    def __init__(self, *args: Any, people: Sequence[KnownPerson], present: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = list(people)
        known: forms.MultipleChoiceField = self.fields["present_known"]  # type: ignore[assignment]
        known.choices = [(person.key, person.label) for person in self.people]
        if present:
            self.initial["present_known"], self.initial["present_other"] = ticks_for_names(self.people, present)

    def who_was_there(self) -> str:
        return names_ticked(self.people, self.cleaned_data["present_known"], self.cleaned_data["present_other"])


class CaseNoteForm(WhoWasThereForm):
    kind = forms.ChoiceField(
        label="Type of note",
        choices=NoteKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of note"},
    )
    occurred_on = GovukDateField(label="Date", error_messages={"required": "Enter the date it happened"})
    children = OfferedMultipleChoiceField(
        label="Which children is this about?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose which children this note is about"},
    )
    child_seen = forms.BooleanField(label="The child was seen", required=False)
    child_seen_alone = forms.BooleanField(label="The child was seen alone", required=False)
    text = forms.CharField(
        label="Note",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the note"},
    )

    field_order = ["kind", "occurred_on", "children", "present_known", "present_other"]

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children  # type: ignore[attr-defined]
        self.fields["children"].label_from_instance = lambda person: person.full_name  # type: ignore[attr-defined]

    def clean_occurred_on(self) -> datetime.date | None:
        return _not_in_future(self.cleaned_data.get("occurred_on"), "The date of the note")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("child_seen_alone") and not data.get("child_seen"):
            data["child_seen"] = True
        return data

    def note(self) -> dict[str, Any]:
        """What the case note service records."""
        fields = ("kind", "occurred_on", "children", "child_seen", "child_seen_alone", "text")
        return {name: self.cleaned_data[name] for name in fields} | {"present": self.who_was_there()}


class EditCaseNoteForm(WhoWasThereForm):
    version = VersionField()
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


class CaseRelationshipForm(GovukForm):
    """How people already on the case are related, chosen from the case's people."""

    relative = forms.ModelChoiceField(
        label="Person",
        queryset=Person.objects.none(),
        empty_label="Choose someone",
        error_messages={"required": "Choose the person", "invalid_choice": "Choose someone on this case"},
    )
    kind = forms.ChoiceField(
        label="Relationship",
        help_text="What the person is to the people ticked below, for example father",
        choices=[("", "Choose a relationship"), *RelationshipType.choices],
        error_messages={"required": "Choose the relationship"},
    )
    people = OfferedMultipleChoiceField(
        label="To",
        help_text="Tick everyone this is true for",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick who they are this to",
            "invalid_choice": "Choose people on this case",
            "invalid_pk_value": "Choose people on this case",
        },
    )
    lives_with = forms.BooleanField(label="Lives with them", required=False)
    has_parental_responsibility = forms.BooleanField(label="Has parental responsibility", required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("relative", "people"):
            field: forms.ModelChoiceField = self.fields[name]  # type: ignore[assignment]
            field.queryset = people
            field.label_from_instance = lambda person: person.full_name  # type: ignore[assignment,method-assign]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        relative, people = data.get("relative"), data.get("people")
        if relative is not None and people and relative in people:
            self.add_error("people", "Tick people other than the person chosen above")
        return data
