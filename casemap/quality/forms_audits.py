"""Forms for the audit itself: the auditor's scores and words, the practitioner's own scores, actions, the
manager's acknowledgement and reply, choosing a moderator and the moderator's grades."""

from typing import Any

from django import forms

from casemap.accounts.models import User
from casemap.core.forms import LONG_TEXT, GovukDateField, GovukForm, OfferedChoiceField, VersionField
from casemap.people.models import Person
from casemap.quality.models import (
    AuditCriterion,
    AuditTool,
    AuditToolVersion,
    FamilyContactMethod,
    Participation,
    Scale,
    score_label,
)


def _text(label: str, help_text: str = "", required: bool = False, missing: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, required=required, max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": missing} if missing else {},
    )  # fmt: skip


def score_choices(version: AuditToolVersion) -> list[tuple[str, str]]:
    return [(str(score), score_label(version.scale, score)) for score in version.scores]


def score_field(version: AuditToolVersion, label: str, *, required: bool = False, help_text: str = "") -> forms.Field:
    inline = version.scale == Scale.SIGNS_OF_SAFETY
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=score_choices(version),
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect(attrs={"inline": True} if inline else {}),
        error_messages={
            "required": "Choose a score for this criterion",
            "invalid_choice": "Choose one of the scores on this tool's scale",
        },
    )


class PersonChoiceField(OfferedChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.full_name


class UserChoiceField(OfferedChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class AuditForm(GovukForm):
    """The auditor's form: a score and comment per criterion, then the collaborative and family parts."""

    version = VersionField()
    practitioner_participation = forms.ChoiceField(
        label="How did the practitioner take part?",
        choices=Participation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    family_contact_person = PersonChoiceField(
        queryset=Person.objects.none(),
        label="Who in the family did you talk to? (optional)",
        required=False,
        empty_label="No one yet",
        error_messages={"invalid_choice": "Choose someone from the family on this case"},
    )
    family_contact_method = forms.ChoiceField(
        label="How?", choices=[("", "Choose how"), *FamilyContactMethod.choices], required=False
    )
    family_contacted_on = GovukDateField(label="When?", help_text="For example, 27 3 2026", required=False)
    family_contact_outcome = _text("What happened? (optional)")
    family_words = _text("The family's view, in their words (optional)")
    strengths = _text("Strengths in the practice")
    learning = _text(
        "Learning for the service",
        help_text="Shared across the service with the audit results, so it never names a worker.",
    )
    overall_judgement = forms.TypedChoiceField(
        label="Overall judgement", choices=[], coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
    )
    safeguarding_concern = forms.BooleanField(
        label="I have an immediate safeguarding concern about a child in this case",
        help_text="The team manager is told at once. The audit cannot be completed until they acknowledge it.",
        required=False,
    )
    safeguarding_detail = _text("What is the concern?")

    def __init__(
        self, *args: Any, tool_version: AuditToolVersion, criteria: list[AuditCriterion], family: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = score_field(tool_version, f"Your score for {criterion.title}")
            self.fields[f"comment_{criterion.pk}"] = _text(f"Why this score? ({criterion.title})")
        self.fields["family_contact_person"].queryset = family  # type: ignore[attr-defined]
        self.fields["overall_judgement"].choices = score_choices(tool_version)  # type: ignore[attr-defined]
        if tool_version.scale == Scale.SIGNS_OF_SAFETY:
            self.fields["overall_judgement"].widget.attrs["inline"] = True
        if not tool_version.has_overall_judgement:
            del self.fields["overall_judgement"]
        self._apply_govuk_attributes()

    def criterion_rows(self) -> list[tuple[AuditCriterion, Any, Any]]:
        return [(c, self[f"score_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]


class SelfScoreForm(GovukForm):
    version = VersionField()

    def __init__(self, *args: Any, tool_version: AuditToolVersion, criteria: list[AuditCriterion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = score_field(tool_version, f"Your own score for {criterion.title}")
        self._apply_govuk_attributes()

    def criterion_rows(self) -> list[tuple[AuditCriterion, Any]]:
        return [(c, self[f"score_{c.pk}"]) for c in self.criteria]


class ActionForm(GovukForm):
    description = _text("What needs to happen?", required=True, missing="Say what needs to happen")
    owner = UserChoiceField(
        queryset=User.objects.none(),
        label="Who will do it?",
        empty_label="Choose someone",
        error_messages={"required": "Choose who will do it", "invalid_choice": "Choose someone from the list"},
    )
    due_on = GovukDateField(
        label="By when?", help_text="For example, 27 3 2026", error_messages={"required": "Enter the due date"}
    )

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self._apply_govuk_attributes()


class ActionDoneForm(GovukForm):
    note = _text("What was done? (optional)")


class AcknowledgeForm(GovukForm):
    response = _text(
        "What have you done, or will you do, about the concern?",
        required=True,
        missing="Say what you have done or will do about the concern",
    )


class ReplyForm(GovukForm):
    reply = _text(
        "Your reply to the audit",
        help_text="What you will change, and how the team will learn from it.",
        required=True,
        missing="Write your reply to the audit",
    )


class ModeratorForm(GovukForm):
    moderator = UserChoiceField(
        queryset=User.objects.none(),
        label="Who will moderate this audit?",
        help_text="Only people who are neither the auditor nor the practitioner's manager are listed.",
        empty_label="Choose a moderator",
        error_messages={"required": "Choose a moderator", "invalid_choice": "Choose someone from the list"},
    )

    def __init__(self, *args: Any, moderators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["moderator"].queryset = moderators  # type: ignore[attr-defined]
        self._apply_govuk_attributes()


class ModerationForm(GovukForm):
    comment = _text("Your comments for the auditor (optional)")

    def __init__(self, *args: Any, tool_version: AuditToolVersion, criteria: list[AuditCriterion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = score_field(
                tool_version, f"Your score for {criterion.title}", required=True
            )
        if tool_version.has_overall_judgement:
            self.fields["overall_judgement"] = score_field(tool_version, "Your overall judgement", required=True)
        self._apply_govuk_attributes()

    def criterion_rows(self) -> list[tuple[AuditCriterion, Any]]:
        return [(c, self[f"score_{c.pk}"]) for c in self.criteria]


class StartAuditForm(GovukForm):
    tool = OfferedChoiceField(
        queryset=AuditTool.objects.none(),
        label="Which audit tool?",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose an audit tool", "invalid_choice": "Choose one of the tools"},
    )

    def __init__(self, *args: Any, tools: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tool"].queryset = tools  # type: ignore[attr-defined]
        self._apply_govuk_attributes()
