"""Forms for children in care: each question in the worker's words, each answer one of the return's codes."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from casemap.cases.care_codes import (
    WHAT_CHANGED,
    AdopterLegalStatus,
    AdopterSexes,
    AdoptionCeasedReason,
    CareLeaverAccommodation,
    CareLeaverActivity,
    CareNeed,
    EpisodeEndReason,
    InTouch,
    LegalStatus,
    MissingKind,
    NewEpisodeReason,
    PlacementChangeReason,
    PlacementProvider,
    PlacementType,
    PreviousPermanenceKind,
    ReviewParticipation,
    SdqReason,
)
from casemap.cases.forms import _not_in_future
from casemap.core.forms import GovukDateField, GovukForm, VersionField
from casemap.people.models import Person

NOT_CHOSEN = [("", "Choose")]
URN_HINT = "SC followed by 6 or 7 numbers, like SC123456. Leave blank if the placement has none."


def _date(label: str, what: str, *, required: bool = True) -> GovukDateField:
    return GovukDateField(
        label=label,
        required=required,
        help_text="For example, 27 3 2026",
        error_messages={"required": f"Enter {what}"},
    )


def _choice(label: str, choices: Any, message: str, *, radios: bool = False, required: bool = True) -> forms.Field:
    offered = list(choices) if radios and required else NOT_CHOSEN + list(choices)
    return forms.ChoiceField(
        label=label,
        choices=offered,
        required=required,
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": message, "invalid_choice": message},
    )


def _placement_fields() -> dict[str, forms.Field]:
    return {
        "legal_status": _choice("Legal status", LegalStatus.choices, "Choose the legal status"),
        "placement_type": _choice("Type of placement", PlacementType.choices, "Choose the type of placement"),
        "provider": _choice(
            "Who provides the placement (optional)",
            PlacementProvider.choices,
            "Choose who provides the placement",
            required=False,
        ),
        "placement_urn": forms.CharField(
            label="Ofsted unique reference number (optional)", help_text=URN_HINT, max_length=12, required=False
        ),
        "placement_postcode": forms.CharField(
            label="Postcode of the placement (optional)", max_length=10, required=False
        ),
    }


class _ChildForm(GovukForm):
    def __init__(self, *args: Any, children: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = forms.ModelChoiceField(
            label="Which child?",
            queryset=children,
            widget=forms.RadioSelect,
            empty_label=None,
            error_messages={"required": "Choose the child", "invalid_choice": "Choose a child on this case"},
        )
        field.label_from_instance = lambda person: person.full_name  # type: ignore[method-assign]
        self.fields = {"child": field, **self.fields}
        self._apply_govuk_attributes()


class CarePeriodStartForm(_ChildForm):
    started_on = _date("Date the child came into care", "the date the child came into care")
    category_of_need = _choice("Category of need", CareNeed.choices, "Choose the child's category of need", radios=True)
    legal_status = _placement_fields()["legal_status"]
    placement_type = _placement_fields()["placement_type"]
    provider = _placement_fields()["provider"]
    placement_urn = _placement_fields()["placement_urn"]
    placement_postcode = _placement_fields()["placement_postcode"]
    home_postcode = forms.CharField(
        label="Postcode of the child's home before care (optional)", max_length=10, required=False
    )

    def clean_started_on(self) -> Any:
        return _not_in_future(self.cleaned_data.get("started_on"), "The date the child came into care")


CHANGE_CHOICES = [(reason.value, reason.label) for reason in NewEpisodeReason if reason in WHAT_CHANGED]


class CareChangeForm(GovukForm):
    version = VersionField()
    changed_on = _date("Date of the change", "the date of the change")
    new_episode_reason = _choice("What changed?", CHANGE_CHOICES, "Choose what changed", radios=True)
    legal_status = _placement_fields()["legal_status"]
    placement_type = _placement_fields()["placement_type"]
    provider = _placement_fields()["provider"]
    placement_urn = _placement_fields()["placement_urn"]
    placement_postcode = _placement_fields()["placement_postcode"]
    placement_change_reason = forms.ChoiceField(
        label="Why did the placement change?",
        help_text="Leave as it is if only the legal status changed, or for a move into or out of a temporary "
        "placement (T0 to T4)",
        choices=[("", "The placement did not change"), *PlacementChangeReason.choices],
        required=False,
        error_messages={"invalid_choice": "Choose why the placement changed"},
    )

    def clean_changed_on(self) -> Any:
        return _not_in_future(self.cleaned_data.get("changed_on"), "The date of the change")


ENDING_CHOICES = [(code, label) for code, label in EpisodeEndReason.choices if code != EpisodeEndReason.NEW_EPISODE]


class CarePeriodEndForm(GovukForm):
    version = VersionField()
    ended_on = _date("Date the child left care", "the date the child left care")
    reason = _choice("Why did care end?", ENDING_CHOICES, "Choose why the period of care ended")


class CareReviewForm(GovukForm):
    held_on = _date("Date of the review", "the date of the review")
    participation = _choice(
        "How did the child take part?", ReviewParticipation.choices, "Choose how the child took part", radios=True
    )


class MissingEpisodeForm(GovukForm):
    kind = _choice("Was the child missing or away?", MissingKind.choices, "Choose missing or away", radios=True)
    started_on = _date("Date they went", "the date they went")
    ended_on = _date("Date they came back (optional)", "the date they came back", required=False)


class MissingEndForm(GovukForm):
    version = VersionField()
    ended_on = _date("Date they came back", "the date they came back")


class UnaccompaniedForm(_ChildForm):
    since = _date("Date the child was first looked after as an unaccompanied asylum-seeking child", "the date")


class UnaccompaniedCeaseForm(GovukForm):
    version = VersionField()
    ceased_on = _date(
        "Date the child stopped being an unaccompanied asylum-seeking child",
        "the date the status ended",
    )


class AdoptionDecisionForm(GovukForm):
    decided_on = _date("Date of the decision that the child should be placed for adoption", "the date of the decision")


class AdoptionMatchForm(GovukForm):
    version = VersionField()
    matched_on = _date("Date the child was matched with prospective adopters", "the date of the match")


YES_NO = [("yes", "Yes"), ("no", "No")]


class AdoptersForm(GovukForm):
    version = VersionField()
    by_foster_carers = _choice(
        "Are the adopters the child's foster carers?", YES_NO, "Say whether they are the foster carers", radios=True
    )
    adopter_sexes = _choice("Who is adopting?", AdopterSexes.choices, "Choose who is adopting", radios=True)
    adopter_legal_status = _choice(
        "The adopters' legal status", AdopterLegalStatus.choices, "Choose the adopters' legal status", radios=True
    )


class AdoptionReverseForm(GovukForm):
    version = VersionField()
    ceased_on = _date("Date of the decision that the child should no longer be placed for adoption", "the date")
    reason = _choice("Why?", AdoptionCeasedReason.choices, "Choose why", radios=True)


class PreviousPermanenceForm(GovukForm):
    kind = _choice(
        "Before this period of care, did the child have an adoption, special guardianship or child arrangements order?",
        PreviousPermanenceKind.choices,
        "Choose whether the child had an order",
        radios=True,
    )
    authority = forms.CharField(
        label="Council that arranged the order (optional)",
        help_text="Leave blank if the child had no order or it is not known",
        max_length=60,
        required=False,
    )
    order_made_on = _date("Date of the order (optional)", "the date of the order", required=False)


YES_NO_UNKNOWN = [("yes", "Yes"), ("no", "No"), ("", "Not known")]
OUTCOME_QUESTIONS = {
    "convicted": "Convicted or given a final warning or reprimand during the year?",
    "health_check": "Health check up to date?",
    "immunisations": "Immunisations up to date?",
    "teeth_check": "Teeth checked by a dentist during the year?",
    "health_assessment": "Annual health assessment up to date?",
    "substance_misuse": "Identified as having a substance misuse problem during the year?",
    "intervention_received": "If so, did they receive help for it?",
    "intervention_offered": "If so, were they offered help and refused it?",
}


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Year the return's collection ends",
        help_text="For the year to 31 March 2027, enter 2027",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Enter the year", "invalid": "Enter the year as 4 numbers, like 2027"},
    )


class CareOutcomeForm(_ChildForm):
    year = _year_field()
    sdq_score = forms.IntegerField(
        label="Strengths and difficulties score (optional)",
        help_text="A whole number from 0 to 40",
        min_value=0,
        max_value=40,
        required=False,
        error_messages={"invalid": "The score must be a whole number from 0 to 40"},
    )
    sdq_reason = _choice("If there is no score, why not?", SdqReason.choices, "Choose why", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in OUTCOME_QUESTIONS.items():
            self.fields[name] = forms.ChoiceField(
                label=label, choices=YES_NO_UNKNOWN, required=False, widget=forms.RadioSelect, initial=""
            )
        self._apply_govuk_attributes()

    def answers(self) -> dict[str, bool | None]:
        return {name: {"yes": True, "no": False}.get(self.cleaned_data[name]) for name in OUTCOME_QUESTIONS}


class CareLeaverOutcomeForm(_ChildForm):
    year = _year_field()
    in_touch = _choice("Is the council in touch?", InTouch.choices, "Choose whether the council is in touch")
    activity = _choice("What are they doing?", CareLeaverActivity.choices, "Choose what the young person is doing")
    accommodation = _choice(
        "Where do they live, and is it suitable?",
        CareLeaverAccommodation.choices,
        "Choose where the young person lives",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year + (1 if timezone.localdate().month > 3 else 0)
