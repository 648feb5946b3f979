"""Forms for the per-child statutory records: each names the child from the case and dates the step."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from casemap.accounts.models import User
from casemap.cases.forms import _not_in_future
from casemap.cases.models import AssessmentFactor, AssessmentOutcome, EnquiryOutcome, StrategyDecision
from casemap.core.forms import (
    LONG_TEXT,
    SHORT_TEXT,
    GovukDateField,
    GovukForm,
    OfferedMultipleChoiceField,
    VersionField,
)
from casemap.core.people_choice import KnownPerson, names_ticked
from casemap.people.models import Person


class _ChildChoiceMixin:
    def _children(self, children: QuerySet[Person], field: str) -> None:
        chosen = self.fields[field]  # type: ignore[attr-defined]
        chosen.queryset = children
        chosen.label_from_instance = lambda person: person.full_name


class AssessmentStartForm(_ChildChoiceMixin, GovukForm):
    child = forms.ModelChoiceField(
        label="Which child is it about?",
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the child the assessment is about"},
    )
    started_on = GovukDateField(label="Date it started", error_messages={"required": "Enter the date it started"})

    def __init__(self, *args: Any, children: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._children(children, "child")

    def clean_started_on(self) -> Any:
        return _not_in_future(self.cleaned_data.get("started_on"), "The start date")


class AssessmentAuthoriseForm(GovukForm):
    version = VersionField()
    authorised_on = GovukDateField(
        label="Date authorised", error_messages={"required": "Enter the date the assessment was authorised"}
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified at the assessment",
        help_text="Choose every factor found. Choose 'No factors identified' only if there is no evidence of any.",
        choices=AssessmentFactor.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one factor, or 'No factors identified'"},
    )
    outcome = forms.ChoiceField(
        label="What happens next?",
        choices=AssessmentOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens next"},
    )

    def clean_authorised_on(self) -> Any:
        return _not_in_future(self.cleaned_data.get("authorised_on"), "The date it was authorised")


class StrategyDiscussionForm(_ChildChoiceMixin, GovukForm):
    children = OfferedMultipleChoiceField(
        label="Which children was it about?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the children the discussion was about"},
    )
    held_on = GovukDateField(label="Date of the discussion", error_messages={"required": "Enter the date"})
    took_part_known = forms.MultipleChoiceField(
        label="Who took part",
        help_text="Staff and professionals already on the record",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose only people listed, or write the name in the box below"},
    )
    took_part_other = forms.CharField(
        label="Anyone else who took part, and their agency (optional)",
        help_text="For example: DC Amir Khan, County Police",
        max_length=1000,
        required=False,
    )
    decision = forms.ChoiceField(
        label="What was decided?",
        choices=StrategyDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what was decided"},
    )
    reasons = forms.CharField(
        label="Why",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say why this was decided"},
    )

    def __init__(self, *args: Any, children: QuerySet[Person], people: list[KnownPerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._children(children, "children")
        self.people = people
        self.fields["took_part_known"].choices = [(p.key, p.label) for p in people]  # type: ignore[attr-defined]

    def clean_held_on(self) -> Any:
        return _not_in_future(self.cleaned_data.get("held_on"), "The date of the discussion")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "took_part_known" in data and "took_part_other" in data:
            data["took_part"] = names_ticked(self.people, data["took_part_known"], data["took_part_other"])
            if not data["took_part"]:
                self.add_error("took_part_known", "Say who took part")
        return data


class EnquiryCompleteForm(GovukForm):
    version = VersionField()
    completed_on = GovukDateField(
        label="Date completed", error_messages={"required": "Enter the date it was completed"}
    )
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=EnquiryOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome of the enquiry"},
    )
    not_required_reason = forms.CharField(
        label="If a conference is not required: why",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    agreed_by = forms.ModelChoiceField(
        label="If a conference is not required: the manager who agreed",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose the manager",
    )

    def __init__(self, *args: Any, managers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agreed_by"].queryset = managers  # type: ignore[attr-defined]

    def clean_completed_on(self) -> Any:
        return _not_in_future(self.cleaned_data.get("completed_on"), "The date it was completed")


class ChildInNeedPlanStartForm(AssessmentStartForm):
    child = forms.ModelChoiceField(
        label="Which child is the plan for?",
        queryset=Person.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the child the plan is for"},
    )
    started_on = GovukDateField(label="Date the plan started", error_messages={"required": "Enter the date it started"})


class ChildInNeedPlanEndForm(GovukForm):
    version = VersionField()
    ended_on = GovukDateField(label="Date the plan ended", error_messages={"required": "Enter the date it ended"})

    def clean_ended_on(self) -> Any:
        return _not_in_future(self.cleaned_data.get("ended_on"), "The end date")


class PlansElsewhereForm(GovukForm):
    version = VersionField()
    count = forms.IntegerField(
        label="How many child protection plans did the child have with other authorities before this one?",
        help_text="Plans recorded in Casemap are counted from the records: count only those elsewhere",
        min_value=0,
        max_value=50,
        error_messages={
            "required": "Enter a number, 0 if there were none",
            "invalid": "Enter a whole number, like 0 or 2",
            "min_value": "Enter a number from 0 to 50",
            "max_value": "Enter a number from 0 to 50",
        },
    )
