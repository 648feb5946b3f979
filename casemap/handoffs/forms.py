"""The worker's ask for sign-off, and the manager's decision: one box for reasons, and a button for each outcome."""

from typing import Any

from django import forms

from casemap.core.forms import LONG_TEXT, SHORT_TEXT, GovukForm, VersionField
from casemap.handoffs.models import SignOffOutcome

# The decision is the button pressed: each has its own name, so the page sends exactly one of them.
DECISION_BUTTONS = {"sign_off": SignOffOutcome.SIGNED_OFF, "return_to_worker": SignOffOutcome.RETURNED}
NO_DECISION_MESSAGE = "Choose whether to sign it off or return it to the worker"


class AskForSignOffForm(GovukForm):
    prefix = "ask"  # the record's page carries other forms with a version and a note

    version = VersionField()
    note = forms.CharField(
        label="Note to your manager (optional)",
        help_text="For example, what you would like them to look at first",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SignOffDecisionForm(GovukForm):
    version = VersionField()
    reasons = forms.CharField(
        label="Your reasons",
        help_text=(
            "Why you are signing it off, or what needs to change before you can. The worker sees this, and it goes "
            "on the children's timelines. Needed if you return it."
        ),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        pressed = [outcome for button, outcome in DECISION_BUTTONS.items() if button in self.data]
        if len(pressed) != 1:
            raise forms.ValidationError(NO_DECISION_MESSAGE)
        cleaned["outcome"] = pressed[0]
        return cleaned
