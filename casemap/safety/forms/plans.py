"""Safety plan and trajectory forms. Each form carries the version of the record it was loaded with, so a
stale save is refused with a clear message; errors are in plain words."""

from collections.abc import Callable
from typing import Any

from django import forms

from casemap.core.forms import LONG_TEXT, GovukDateField, GovukForm, VersionField
from casemap.core.models import RecordedModel
from casemap.core.people_choice import KnownPerson, KnownPersonField
from casemap.handoffs.forms import SignOffDecisionForm
from casemap.mapping.statements import names_in_a_list
from casemap.safety.forms.people import KnownPeopleField, ticked_and_others
from casemap.safety.models import PlanFollowed, SafetyNetworkMember, SafetyPlanKind, SustainUnit
from casemap.safety.selectors.plans import PlanPeople

ROWS = {"rows": 3}


class _Versioned(GovukForm):
    """A form that changes a record carries the version of the record it is shown with (a case's trajectory not
    made yet is version 0), so a save made from an out-of-date page is refused."""

    version = VersionField()

    def __init__(self, *args: Any, record: RecordedModel | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial = {**self.initial, "version": record.version if record is not None else 0}


NAME_LIMIT = 160  # a name, or a list of names, as a rule or contact keeps it


def one_named(
    form: forms.Form, people: PlanPeople, names: list[str], *, chosen: bool, field: str
) -> tuple[SafetyNetworkMember | None, str]:
    """Who a plan names, as it keeps them: someone chosen from the list on their own who is in the safety network
    is linked to their place in it (so the plan is flagged if they leave); anyone else, or several people, are
    kept as the names written out."""
    member = people.member(names[0]) if chosen and len(names) == 1 else None
    if member is not None:
        if not member.is_active:
            form.add_error(field, f"{member.display_name} has left the safety network: choose someone else")
        return member, ""
    written = names_in_a_list(names)
    if len(written) > NAME_LIMIT:
        form.add_error(field, f"The names must be {NAME_LIMIT} characters or fewer")
    return None, written


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


class RuleForm(_Versioned):
    """A rule, with who makes sure it happens and who checks: any of the people on the record, ticked, and anyone
    else written in. Several people are kept as one list of names ("Merinda Cooper and Eddy Cooper"), as before."""

    wording = forms.CharField(
        label="The rule, in the family's words",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        error_messages={"required": "Enter the rule in the family's words"},
    )
    responsible_people = KnownPeopleField(label="Who makes sure it happens", help_text="Tick everyone who does")
    responsible_others = forms.CharField(
        label="Anyone else who makes sure it happens (optional)",
        max_length=NAME_LIMIT,
        required=False,
        help_text="For example, Merinda (mum) and Eddy (dad)",
    )
    checker_people = KnownPeopleField(label="Who checks it is happening", help_text="Tick everyone who does")
    checker_others = forms.CharField(
        label="Anyone else who checks it is happening (optional)", max_length=NAME_LIMIT, required=False
    )

    def __init__(self, *args: Any, people: PlanPeople, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan_people = people
        for side in ("responsible", "checker"):
            ticks: KnownPeopleField = self.fields[f"{side}_people"]  # type: ignore[assignment]
            ticks.offer(people.people)
            saved = self.initial.get(side)
            if saved:
                ticked, others = ticked_and_others(str(saved), people.people)
                self.initial[f"{side}_people"], self.initial[f"{side}_others"] = ticked, others

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for side in ("responsible", "checker"):
            ticks: KnownPeopleField = self.fields[f"{side}_people"]  # type: ignore[assignment]
            ticked = ticks.names(data.get(f"{side}_people") or [])
            others = (data.get(f"{side}_others") or "").strip()
            data[f"{side}_member"], data[f"{side}_name"] = one_named(
                self,
                self.plan_people,
                [*ticked, others] if others else ticked,
                chosen=not others,
                field=f"{side}_others" if others else f"{side}_people",
            )
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


class ContactForm(_Versioned):
    """Who to call and when: someone on the record (their number comes with them) or someone else, like a
    helpline, with their number."""

    who = KnownPersonField(
        label="Who to call",
        max_length=NAME_LIMIT,
        error_messages={"required": "Choose who to call, or choose Someone else and enter a name, like a helpline"},
    )
    phone = forms.CharField(
        label="Phone number (optional)",
        max_length=30,
        required=False,
        help_text="Leave empty to use the number on their record",
    )
    when_to_call = forms.CharField(
        label="When to call",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        error_messages={"required": "Enter when to call them"},
    )

    def __init__(self, *args: Any, people: PlanPeople, phone_on_record: Callable[[str], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan_people = people
        self.phone_on_record = phone_on_record
        who: KnownPersonField = self.fields["who"]  # type: ignore[assignment]
        who.people = people.people

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = data.get("who") or ""
        if not name:
            return data
        who: KnownPersonField = self.fields["who"]  # type: ignore[assignment]
        chosen = who.chosen(name)
        data["member"], data["name"] = one_named(self, self.plan_people, [name], chosen=chosen is not None, field="who")
        phone = (data.get("phone") or "").strip()
        if data["member"] is None and not phone:
            phone = self.phone_on_record(chosen.key) if chosen else ""
            if not phone:
                self.add_error("phone", f"There is no phone number for {name} on the record: enter the number to call")
        data["phone"] = phone
        return data


class BottomLineForm(_Versioned):
    text = forms.CharField(
        label="Bottom line",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs=ROWS),
        error_messages={"required": "Enter the bottom line"},
        help_text="What must happen whatever else changes, in words the family can read",
    )


class SignOffForm(SignOffDecisionForm):
    """The manager's decision (casemap/handoffs), with the warnings they accept if they sign off."""

    field_order = ["version", "warnings_confirmed", "reasons"]

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
    """A report on how the signed plan is going, from someone on the record or someone else."""

    happened_on = GovukDateField(label="Date", error_messages={"required": "Enter the date"})
    reported_by = KnownPersonField(
        label="Who told you how the plan is going",
        max_length=NAME_LIMIT,
        error_messages={"required": "Choose who told you how the plan is going"},
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

    def __init__(self, *args: Any, people: list[KnownPerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        who: KnownPersonField = self.fields["reported_by"]  # type: ignore[assignment]
        who.people = people


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
