"""Forms for the people an event says should be asked for feedback."""

from django import forms

from casemap.core.forms import GovukForm


class DueAskForm(GovukForm):
    how = forms.ChoiceField(
        label="How will you ask?",
        choices=[("card", "Give them the card in person"), ("post", "Post a letter to their address")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you will ask"},
    )


class DueNotAskedForm(GovukForm):
    reason = forms.CharField(
        label="Why were they not asked?",
        help_text="For example, they said no, or it is not safe to contact them now",
        max_length=200,
        error_messages={"required": "Say why they were not asked"},
    )
