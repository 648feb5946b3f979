"""The filters of the audit results pages, read from the query string."""

import datetime

from django import forms
from django.db.models import Max
from django.utils import timezone

from casemap.accounts.models import Service, Team
from casemap.core.forms import GovukForm, OfferedChoiceField
from casemap.quality.models import AuditTool, AuditToolVersion
from casemap.quality.reports import QUARTERS_SHOWN, previous_quarter, quarter_label, quarter_start
from casemap.quality.results_access import TeamScope

QUARTERS_OFFERED = 8


def quarter_choices() -> list[tuple[str, str]]:
    quarters = [quarter_start(timezone.localdate())]
    while len(quarters) < QUARTERS_OFFERED:
        quarters.append(previous_quarter(quarters[-1]))
    return [
        ("", f"The last {QUARTERS_SHOWN} quarters"),
        *[(quarter.isoformat(), quarter_label(quarter)) for quarter in quarters],
    ]


def chosen_quarter(value: str) -> datetime.date | None:
    return quarter_start(datetime.date.fromisoformat(value)) if value else None


def tools() -> list[AuditTool]:
    """Case audits first, then closure and thematic ones."""
    return list(AuditTool.objects.order_by("purpose", "name"))


def _choices(rows: list[tuple[object, str]], empty: str | None) -> list[tuple[object, str]]:
    return ([("", empty)] if empty is not None else []) + rows


class AuditResultsFilterForm(GovukForm):
    tool = OfferedChoiceField(
        label="Audit tool", queryset=AuditTool.objects.all(), empty_label=None,
        error_messages={"invalid_choice": "Choose one of the audit tools"},
    )  # fmt: skip
    version = forms.TypedChoiceField(
        label="Version", required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": "Choose one of the versions"},
    )  # fmt: skip
    service = forms.ChoiceField(label="Service", required=False, choices=[("", "All services"), *Service.choices])
    team = OfferedChoiceField(
        label="Team", queryset=Team.objects.all(), required=False, empty_label="All teams",
        error_messages={"invalid_choice": "Choose one of the teams"},
    )  # fmt: skip
    quarter = forms.ChoiceField(label="Quarter", required=False, error_messages={"invalid_choice": "Choose a quarter"})

    def __init__(self, *args: object, scope: TeamScope, offered_tools: list[AuditTool], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.order_by("name")
        if scope.team_ids is not None:
            teams = teams.filter(pk__in=scope.team_ids)
            self.fields["team"].empty_label = "All teams (the authority's totals)"  # type: ignore[attr-defined]
        team_rows = list(teams.values_list("pk", "name"))
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["team"].choices = _choices(team_rows, self.fields["team"].empty_label)  # type: ignore[attr-defined]
        self.fields["tool"].queryset = AuditTool.objects.filter(pk__in=[tool.pk for tool in offered_tools])  # type: ignore[attr-defined]
        self.fields["tool"].choices = [(tool.pk, tool.name) for tool in offered_tools]  # type: ignore[attr-defined]
        newest = AuditToolVersion.objects.aggregate(newest=Max("number"))["newest"] or 1
        self.fields["version"].choices = _choices(  # type: ignore[attr-defined]
            [(str(number), f"Version {number}") for number in range(1, newest + 1)], "All versions"
        )
        self.fields["quarter"].choices = quarter_choices()  # type: ignore[attr-defined]
        self._apply_govuk_attributes()


class AgreementFilterForm(GovukForm):
    tool = OfferedChoiceField(
        label="Audit tool", queryset=AuditTool.objects.all(), empty_label=None,
        error_messages={"invalid_choice": "Choose one of the audit tools"},
    )  # fmt: skip
    quarter = forms.ChoiceField(label="Quarter", required=False, error_messages={"invalid_choice": "Choose a quarter"})

    def __init__(self, *args: object, offered_tools: list[AuditTool], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tool"].queryset = AuditTool.objects.filter(pk__in=[tool.pk for tool in offered_tools])  # type: ignore[attr-defined]
        self.fields["tool"].choices = [(tool.pk, tool.name) for tool in offered_tools]  # type: ignore[attr-defined]
        self.fields["quarter"].choices = quarter_choices()  # type: ignore[attr-defined]
        self._apply_govuk_attributes()
