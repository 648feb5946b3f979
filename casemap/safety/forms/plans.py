"""Safety plan and trajectory forms. Each form carries the version of the record it was loaded with, so a
stale save is refused with a clear message; errors are in plain words."""

from typing import Any

from django import forms

from casemap.core.forms import LONG_TEXT, GovukDateField, GovukForm, VersionField
from casemap.core.models import RecordedModel
from casemap.safety.models import PlanFollowed, SafetyPlanKind, SustainUnit

ROWS = {"rows": 3}


class _Versioned(GovukForm):
    """A form that changes a record carries the version of the record it is shown with (a case's trajectory not
    made yet is version 0), so a save made from an out-of-date page is refused."""

    version = VersionField()

    def __init__(self, *args: Any, record: RecordedModel | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial = {**self.initial, "version": record.version if record is not None else 0}


def _member_field(label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=None, required=False, empty_label="Not someone in the network")


class _WithMembers:
    """Offers the case's active network members in every member field."""

    member_fields: tuple[str, ...] = ()

    def offer_members(self, members: Any) -> None:
        for name in self.member_fields:
            field = self.fields[name]  # type: ignore[attr-defined]
            field.queryset = members
            field.label_from_instance = lambda member: member.display_name


class PlanStartForm(GovukForm):
    kind = forms.ChoiceField(
        label="What kind of safety plan is it?",
        choices=SafetyPlanKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of safety plan"},
    )
    review_on = GovukDateField(
        label="Review date (optional)", required=False, help_text="When the plan will be looked at again"
    )


class PlanDetailsForm(_Versioned):
    kind = forms.ChoiceField(
        label="Kind of safety plan",
        choices=SafetyPlanKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of safety plan"},
    )
    review_on = GovukDateField(label="Review date", required=False, help_text="For example, 27 3 2027")
    childrens_version = forms.CharField(
        label="How the children have their own version of the plan (optional)",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        required=False,
        help_text="For example, Words and Pictures given to Darel with mum there, or a Safety House drawn with Alkira",
    )
    safety_house: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Safety House session (optional)", queryset=None, required=False, empty_label="None"
    )

    words_booklet: forms.ModelChoiceField = forms.ModelChoiceField(
        label="Words and Pictures booklet (optional)", queryset=None, required=False, empty_label="None"
    )

    def __init__(self, *args: Any, safety_houses: Any, words_booklets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        booklet_field = self.fields["words_booklet"]
        assert isinstance(booklet_field, forms.ModelChoiceField)
        booklet_field.queryset = words_booklets
        booklet_field.label_from_instance = lambda booklet: (  # type: ignore[method-assign,assignment]
            f"{booklet.title}, version {booklet.number} ({booklet.get_status_display().lower()})"
        )
        field = self.fields["safety_house"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = safety_houses
        field.label_from_instance = lambda record: (  # type: ignore[method-assign,assignment]
            f"{record.child.first_name}'s Safety House, {record.used_on:%-d %B %Y}"
        )


class RuleForm(_WithMembers, _Versioned):
    member_fields = ("responsible_member", "checker_member")

    wording = forms.CharField(
        label="The rule, in the family's words",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        error_messages={"required": "Enter the rule in the family's words"},
    )
    responsible_member = _member_field("Who makes sure it happens")
    responsible_name = forms.CharField(
        label="Or their name, if they are not in the safety network",
        max_length=160,
        required=False,
        help_text="For example, Merinda (mum) and Eddy (dad)",
    )
    checker_member = _member_field("Who checks it is happening")
    checker_name = forms.CharField(
        label="Or the name of who checks, if they are not in the safety network", max_length=160, required=False
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_members(members)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("responsible_member") and data.get("responsible_name", "").strip():
            self.add_error("responsible_name", "Choose someone in the safety network or type a name, not both")
        if data.get("checker_member") and data.get("checker_name", "").strip():
            self.add_error("checker_name", "Choose someone in the safety network or type a name, not both")
        return data


class TriggerForm(_Versioned):
    warning_sign = forms.CharField(
        label="Trigger or warning sign",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        error_messages={"required": "Enter the trigger or warning sign"},
    )
    what_to_do = forms.CharField(
        label="What everyone will do when they see it",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        error_messages={"required": "Enter what everyone will do when they see it"},
    )


class ContactForm(_WithMembers, _Versioned):
    member_fields = ("member",)

    member = _member_field("Someone in the safety network")
    name = forms.CharField(label="Or a name, like a helpline", max_length=160, required=False)
    phone = forms.CharField(
        label="Phone number",
        max_length=30,
        required=False,
        help_text="Leave empty to use the network member's number",
    )
    when_to_call = forms.CharField(
        label="When to call",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        error_messages={"required": "Enter when to call them"},
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_members(members)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("member") and not data.get("name", "").strip():
            self.add_error("member", "Choose someone from the safety network or enter a name")
        return data


class BottomLineForm(_Versioned):
    text = forms.CharField(
        label="Bottom line",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        error_messages={"required": "Enter the bottom line"},
        help_text="What must happen whatever else changes, in words the family can read",
    )


class SignOffForm(_Versioned):
    warnings_confirmed = forms.BooleanField(
        label="I have read the warnings and the plan can be signed off with them", required=False
    )


class NewVersionForm(GovukForm):
    kind = forms.ChoiceField(
        label="Kind of safety plan for the new version",
        choices=SafetyPlanKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of safety plan"},
    )


class MonitoringForm(GovukForm):
    happened_on = GovukDateField(label="Date", error_messages={"required": "Enter the date"})
    reported_by = forms.CharField(
        label="Who told you how the plan is going",
        max_length=160,
        error_messages={"required": "Enter who told you how the plan is going"},
    )
    followed = forms.ChoiceField(
        label="Was the plan followed?",
        choices=PlanFollowed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the plan was followed"},
    )
    what_happened = forms.CharField(
        label="What happened",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        error_messages={"required": "Enter what happened"},
    )
    what_was_done = forms.CharField(
        label="What was done about it (optional)",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        required=False,
    )


class StepForm(_Versioned):
    description = forms.CharField(
        label="Step",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        error_messages={"required": "Enter the step"},
    )
    target_on = GovukDateField(label="Target date", error_messages={"required": "Enter the target date"})


class SustainedForm(_Versioned):
    sustain_for = forms.IntegerField(
        label="How long the safety goals must be kept before the case can close",
        min_value=1,
        max_value=104,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter a whole number, like 6",
            "min_value": "Enter a number from 1 to 104",
            "max_value": "Enter a number from 1 to 104",
        },
    )
    sustain_unit = forms.ChoiceField(label="Weeks or months", choices=SustainUnit.choices, widget=forms.RadioSelect)
    sustained_since = GovukDateField(
        label="The goals have been kept since (optional)",
        required=False,
        help_text="Leave empty until the family are keeping the goals",
    )
