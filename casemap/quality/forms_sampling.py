"""Forms for sampling programmes, draws, allocation and inspection samples. Each field's checks are its own; the
rules between fields (a size as a number or a percentage, not both) are the service's, shown on the form."""

from decimal import Decimal
from typing import Any

from django import forms

from casemap.accounts.models import Team, User
from casemap.cases.models import CaseService
from casemap.core.forms import GovukDateField, GovukForm, OfferedChoiceField, OfferedMultipleChoiceField, VersionField
from casemap.quality.models import AUDITOR_ROLES, AuditTool, CaseStatusFilter, Period, ProgrammeKind
from casemap.quality.sampling import MAX_SEED
from casemap.quality.sampling_services import ProgrammeDetails


def _whole(label: str, *, least: int, most: int, required: bool = False, **kwargs: Any) -> forms.IntegerField:
    plain = f"{label} must be a whole number from {least} to {most}"
    return forms.IntegerField(
        label=label if required else f"{label} (optional)",
        required=required,
        min_value=least,
        max_value=most,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": plain, "min_value": plain, "max_value": plain, "required": f"Enter {label.lower()}"},
        **kwargs,
    )


class AuditorChoice(OfferedChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.job_title or obj.get_role_display()})"


class AuditorsChoice(OfferedMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.job_title or obj.get_role_display()})"


class ProgrammeForm(GovukForm):
    name = forms.CharField(
        label="Name of the programme", max_length=160, error_messages={"required": "Enter a name for the programme"}
    )
    kind = forms.ChoiceField(
        label="What kind of sample?", choices=ProgrammeKind.choices, widget=forms.RadioSelect,
        initial=ProgrammeKind.RANDOM, error_messages={"required": "Choose a random sample or an inspection sample"},
    )  # fmt: skip
    tool = OfferedChoiceField(
        label="Audit tool", queryset=AuditTool.objects.order_by("name"), empty_label="Choose a tool",
        error_messages={"required": "Choose the audit tool", "invalid_choice": "Choose a tool from the list"},
    )  # fmt: skip
    services = forms.MultipleChoiceField(
        label="Services (optional)", choices=CaseService.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Leave every box empty to draw from every service",
        error_messages={"invalid_choice": "Choose services from the list"},
    )  # fmt: skip
    teams = OfferedMultipleChoiceField(
        label="Teams (optional)", queryset=Team.objects.order_by("name"), required=False,
        widget=forms.CheckboxSelectMultiple, help_text="Leave every box empty to draw from every team",
        error_messages={"invalid_choice": "Choose teams from the list", "invalid_pk_value": "Choose from the list"},
    )  # fmt: skip
    case_status = forms.ChoiceField(
        label="Which cases?", choices=CaseStatusFilter.choices, widget=forms.RadioSelect,
        initial=CaseStatusFilter.OPEN, error_messages={"required": "Choose open cases, closed cases, or either"},
    )  # fmt: skip
    closed_within_days = _whole("Days back for closed cases", least=1, most=3650)
    size_number = _whole("Number of cases", least=1, most=10_000, help_text="Each period, or give a percentage")
    size_percent = forms.DecimalField(
        label="Percentage of cases (optional)", required=False, min_value=Decimal("0.01"), max_value=Decimal(100),
        max_digits=5, decimal_places=2,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-5", "step": "any"}),
        error_messages={
            "invalid": "The percentage must be a number, like 10 or 2.5",
            "min_value": "The percentage must be more than 0",
            "max_value": "The percentage must be 100 or less",
            "max_digits": "The percentage must be 100 or less, with at most 2 decimal places",
            "max_decimal_places": "The percentage may have at most 2 decimal places",
            "max_whole_digits": "The percentage must be 100 or less",
        },
    )  # fmt: skip
    period = forms.ChoiceField(
        label="How often?", choices=Period.choices, widget=forms.RadioSelect, initial=Period.MONTH,
        error_messages={"required": "Choose each month, each quarter or each year"},
    )  # fmt: skip
    monthly_cap = _whole("Most cases drawn in one calendar month", least=1, most=10_000)
    exclude_audited_months = _whole(
        "Leave out cases audited in the last this many months", least=1, most=120,
        help_text="12 is usual; leave it empty to include cases however recently audited", initial=12,
    )  # fmt: skip
    exclude_auditors_own_team = forms.BooleanField(
        label="Peer audit: an auditor never audits a case of their own team", required=False, initial=True
    )
    stratify_by_team = forms.BooleanField(label="Draw from each team in proportion to its cases", required=False)
    audit_due_days = _whole("Days from the draw until the audit is due", least=1, most=365, required=True, initial=28)
    due_on = GovukDateField(
        label="Audits due by (inspection samples)", required=False, help_text="For example, 27 3 2027"
    )
    auditors = AuditorsChoice(
        label="Auditors", queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Choose at least one auditor", "invalid_choice": "Choose auditors from the list",
            "invalid_pk_value": "Choose auditors from the list",
        },
    )  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(is_active=True, role__in=AUDITOR_ROLES).order_by("last_name", "first_name")
        self.fields["auditors"].queryset = staff  # type: ignore[attr-defined]

    def details(self) -> ProgrammeDetails:
        data = self.cleaned_data
        return ProgrammeDetails(
            name=data["name"],
            kind=data["kind"],
            tool=data["tool"],
            services=list(data["services"]),
            teams=list(data["teams"]),
            case_status=data["case_status"],
            closed_within_days=data["closed_within_days"],
            size_number=data["size_number"],
            size_percent=data["size_percent"],
            period=data["period"],
            monthly_cap=data["monthly_cap"],
            exclude_audited_months=data["exclude_audited_months"],
            exclude_auditors_own_team=data["exclude_auditors_own_team"],
            stratify_by_team=data["stratify_by_team"],
            audit_due_days=data["audit_due_days"],
            due_on=data["due_on"],
            auditors=list(data["auditors"]),
        )


class ProgrammeEditForm(ProgrammeForm):
    version = VersionField()


class DrawForm(GovukForm):
    seed = forms.IntegerField(
        label="Seed (optional)",
        required=False,
        min_value=0,
        max_value=MAX_SEED,
        help_text="Leave it empty for a new random seed, or enter a seed to draw the same sample again",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-20", "spellcheck": "false"}),
        error_messages={
            "invalid": "The seed must be a whole number, like 80312",
            "min_value": f"The seed must be a whole number from 0 to {MAX_SEED}",
            "max_value": f"The seed must be a whole number from 0 to {MAX_SEED}",
        },
    )


class AllocateForm(GovukForm):
    auditor = AuditorChoice(
        label="Auditor", queryset=User.objects.none(), widget=forms.RadioSelect,
        error_messages={"required": "Choose the auditor", "invalid_choice": "Choose an auditor from the list"},
    )  # fmt: skip

    def __init__(self, *args: Any, auditors: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField = self.fields["auditor"]  # type: ignore[assignment]
        field.queryset = User.objects.filter(pk__in=[auditor.pk for auditor in auditors]).order_by(
            "last_name", "first_name"
        )


class InspectionSearchForm(GovukForm):
    first_name = forms.CharField(label="First name", max_length=100, required=False)
    last_name = forms.CharField(label="Last name", max_length=100, required=False)
    date_of_birth = GovukDateField(label="Date of birth", required=False, help_text="For example, 27 3 2015")
    identifier = forms.CharField(
        label="Or their Casemap ID or UPN",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        named = data.get("first_name", "").strip() and data.get("last_name", "").strip() and data.get("date_of_birth")
        if not self.errors and not (named or data.get("identifier", "").strip()):
            raise forms.ValidationError("Enter the child's first name, last name and date of birth, or their ID")
        return data


class ChildChoiceForm(GovukForm):
    child = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1,
        error_messages={"required": "Choose a child", "invalid": "Choose a child", "min_value": "Choose a child",
                        "max_value": "Choose a child"},
    )  # fmt: skip
