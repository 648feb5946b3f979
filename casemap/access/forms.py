import datetime
from typing import Any

from django import forms
from django.utils import timezone

from casemap.accounts.models import User
from casemap.core.forms import SHORT_TEXT, GovukDateField, GovukForm


class RestrictForm(GovukForm):
    reason = forms.CharField(
        label="Why is this record restricted?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the parent works in the authority's children's services",
        error_messages={"required": "Enter why the record is restricted"},
    )


class GrantForm(GovukForm):
    user = forms.ModelChoiceField(
        label="Member of staff",
        queryset=User.objects.none(),
        empty_label="Choose a member of staff",
        error_messages={"required": "Choose who should have access"},
    )
    reason = forms.CharField(label="Reason", max_length=500, error_messages={"required": "Enter why they need access"})
    expires_on = GovukDateField(
        label="Access ends on (optional)", required=False, help_text="Leave empty for access until it is removed"
    )

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff

    def clean_expires_on(self) -> datetime.date | None:
        value: datetime.date | None = self.cleaned_data.get("expires_on")
        if value and value <= timezone.localdate():
            raise forms.ValidationError("The date access ends must be in the future")
        return value
