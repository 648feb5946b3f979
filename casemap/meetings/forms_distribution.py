"""Forms for a meeting's documents: drafting and amending them, clearing a report for the family, preparing and
releasing a copy, reporting a copy sent in error and closing the breach, and marking an address confidential.
Recipients are chosen from the people invited; addresses and emails are never typed, only read from the record."""

from collections.abc import Sequence
from typing import Any

from django import forms

from casemap.core.forms import LONG_TEXT, SHORT_TEXT, GovukForm, VersionField
from casemap.meetings.models import DistributionChannel, Invitee
from casemap.meetings.services.distribution import (
    CHOOSE_CHANNEL,
    CHOOSE_COMMENTER,
    CHOOSE_RECIPIENT,
    SAY_WHAT_CHANGED,
    SAY_WHAT_HAPPENED,
    SAY_WHAT_WAS_DONE,
    SAY_WHY_CLEARED,
    SAY_WHY_CONFIDENTIAL,
)

ADDRESS_CHECKED_LABEL = "I have checked the address with the family"


def _invitee_label(invitee: Invitee) -> str:
    who = (
        invitee.get_role_display() if invitee.is_family else (invitee.agency_name or invitee.get_agency_type_display())
    )
    return f"{invitee.name} ({who})"


class _InviteeChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _invitee_label(obj)


def _invitee_field(label: str, message: str, invitees: Sequence[Invitee], **kwargs: Any) -> _InviteeChoice:
    return _InviteeChoice(
        label=label,
        queryset=Invitee.objects.filter(pk__in=[invitee.pk for invitee in invitees]).order_by("pk"),
        empty_label="Choose someone",
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


class DraftDocumentForm(GovukForm):
    """Nothing to fill in: the version is read from the records when the button is pressed."""


class AmendDocumentForm(GovukForm):
    note = forms.CharField(
        label="What was changed after the comment?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": SAY_WHAT_CHANGED},
    )

    field_order = ["commented_by", "note"]

    def __init__(self, *args: Any, invitees: Sequence[Invitee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commented_by"] = _invitee_field("Who commented?", CHOOSE_COMMENTER, invitees)
        self.order_fields(self.field_order)
        self._apply_govuk_attributes()


class ClearReportForm(GovukForm):
    reason = forms.CharField(
        label="Why can the family now see this report?",
        help_text="For example: the police have agreed it can be shared",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": SAY_WHY_CLEARED},
    )


class PrepareCopyForm(GovukForm):
    channel = forms.ChoiceField(
        label="How will it be sent?",
        help_text="The address or email is read from their record: it is never typed here",
        choices=DistributionChannel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_CHANNEL, "invalid_choice": CHOOSE_CHANNEL},
    )

    field_order = ["recipient", "channel"]

    def __init__(self, *args: Any, invitees: Sequence[Invitee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient"] = _invitee_field("Who is this copy for?", CHOOSE_RECIPIENT, invitees)
        self.order_fields(self.field_order)
        self._apply_govuk_attributes()


class ReleaseCopyForm(GovukForm):
    version = VersionField()
    address_checked = forms.BooleanField(
        label=ADDRESS_CHECKED_LABEL,
        help_text="Their address changed in the last 28 days: phone or ask them before this copy goes",
        required=False,
    )

    def __init__(self, *args: Any, ask_address_check: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not ask_address_check:
            del self.fields["address_checked"]


class SentInErrorForm(GovukForm):
    what_happened = forms.CharField(
        label="What happened?",
        help_text="Who received it, how you found out, and what you have done so far",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": SAY_WHAT_HAPPENED},
    )


class CloseBreachForm(GovukForm):
    version = VersionField()
    what_was_done = forms.CharField(
        label="What was done about it?",
        help_text="For example: the copy was returned unopened; the family was told; the data protection officer "
        "was informed",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": SAY_WHAT_WAS_DONE},
    )


class AddressConfidentialForm(GovukForm):
    version = VersionField()
    confidential = forms.TypedChoiceField(
        label="Is this address confidential?",
        help_text="A confidential address is never printed in anyone's copy, and nothing is posted to it for "
        "anyone else",
        choices=[("yes", "Yes: it must not be given to anyone else"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the address is confidential"},
    )
    reason = forms.CharField(
        label="Why?",
        help_text="Never write the address here",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": SAY_WHY_CONFIDENTIAL},
    )
