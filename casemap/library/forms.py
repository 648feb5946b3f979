"""Good-practice library forms: nominating an example, the worker's answer, the checker's changes to the draft
and sending it back. Records are chosen on their own pages, never typed in."""

from typing import Any

from django import forms

from casemap.core.forms import LONG_TEXT, SHORT_TEXT, GovukForm, VersionForm
from casemap.library.models import ExampleSection, LibraryTool

AGREES = "agrees"
DOES_NOT_AGREE = "does_not_agree"


def _tags_field() -> forms.CharField:
    return forms.CharField(
        label="Tags (optional)",
        help_text="Words that help people find it, separated by commas. For example: domestic abuse, network",
        required=False,
        max_length=400,
    )


def split_tags(text: str) -> list[str]:
    return [tag for tag in (part.strip() for part in text.split(",")) if tag]


def _why_field() -> forms.CharField:
    return forms.CharField(
        label="Why is this good practice?",
        help_text="What others can learn from it. Do not name the family: names the record holds are replaced.",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why this is good practice"},
    )


class NominateForm(GovukForm):
    tool = forms.ChoiceField(
        label="What does it show?",
        widget=forms.RadioSelect,
        choices=[],
        error_messages={"required": "Choose what the example shows"},
    )
    why_good_practice = _why_field()
    tags = _tags_field()

    def __init__(self, *args: Any, tools: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(LibraryTool.choices)
        self.fields["tool"].choices = [(tool, labels[tool]) for tool in tools]
        if len(tools) == 1:
            self.fields["tool"].initial = tools[0]
            self.fields["tool"].widget = forms.HiddenInput()


class TakeInquiryForm(GovukForm):
    why_good_practice = _why_field()
    tags = _tags_field()


class AnswerForm(VersionForm):
    answer = forms.ChoiceField(
        label="Do you agree to this being shared in the good-practice library?",
        widget=forms.RadioSelect,
        choices=[
            (AGREES, "Yes, I agree to it being shared as it is shown here, without the family's details"),
            (DOES_NOT_AGREE, "No, I do not agree"),
        ],
        error_messages={"required": "Choose whether you agree to it being shared"},
    )
    reason = forms.CharField(
        label="Anything you want to say (optional)",
        help_text="For example, why you do not agree, or something the checker should take out",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SendBackForm(VersionForm):
    reason = forms.CharField(
        label="What needs to change?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what needs to change"},
    )


class DraftForm(VersionForm):
    """Every word readers will see: the title, why it is good practice, the tags, and each section's heading and
    text (`heading_<id>`, `text_<id>`)."""

    title = forms.CharField(label="Title", max_length=200, error_messages={"required": "Enter a title"})
    why_good_practice = forms.CharField(
        label="Why it is good practice (optional)",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    tags = _tags_field()

    def __init__(self, *args: Any, sections: list[ExampleSection], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section_ids = [section.pk for section in sections]
        for number, section in enumerate(sections, start=1):
            self.fields[f"heading_{section.pk}"] = forms.CharField(
                label=f"Part {number}: heading",
                max_length=200,
                initial=section.heading,
                error_messages={"required": f"Enter a heading for part {number}"},
            )
            self.fields[f"text_{section.pk}"] = forms.CharField(
                label=f"Part {number}: text",
                required=False,
                max_length=LONG_TEXT,
                initial=section.text,
                widget=forms.Textarea(attrs={"rows": 8}),
            )
        self._apply_govuk_attributes()
