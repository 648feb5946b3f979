"""Supervision forms: the session in Signs of Safety structure, an action, the supervisee's acknowledgement and
an addition after signing. People are chosen from lists (the team's staff, the case's children), never typed."""

import datetime
from typing import Any

from django import forms

from casemap.accounts.models import User
from casemap.core.forms import (
    LONG_TEXT,
    SHORT_TEXT,
    GovukDateField,
    GovukForm,
    OfferedChoiceField,
    OfferedMultipleChoiceField,
    VersionField,
    VersionForm,
)
from casemap.people.models import Person
from casemap.supervision.services.records import ActionAgreed, SupervisionContent

SCALE_CHOICES = [("", "Not scaled")] + [(str(n), str(n)) for n in range(11)]


class StaffChoiceField(OfferedChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj}{f' ({obj.job_title})' if obj.job_title else ''}"


class ChildrenField(OfferedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


def _required_text(label: str, missing: str, help_text: str = "", limit: int = LONG_TEXT) -> forms.CharField:
    """A text area that must be filled in; `missing` says what to enter when it is not."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": missing},
    )


def _text(label: str, help_text: str = "", limit: int = LONG_TEXT) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, required=False, max_length=limit, widget=forms.Textarea(attrs={"rows": 4})
    )


class SupervisionForm(GovukForm):
    """A supervision session. A case supervision also asks which of the case's children were discussed."""

    children = ChildrenField(
        queryset=Person.objects.none(),
        label="Children discussed",
        help_text="Each child gets their own entry on their record",
        error_messages={"required": "Choose at least one child discussed"},
    )
    occurred_on = GovukDateField(
        label="Date of the supervision",
        help_text="The day you met, not today's date if you are writing it up later. For example, 27 3 2026",
        error_messages={"required": "Enter the date of the supervision"},
    )
    supervisee = StaffChoiceField(
        queryset=User.objects.none(),
        label="Supervisee",
        empty_label="Choose who was supervised",
        error_messages={"required": "Choose who was supervised"},
    )
    duration_minutes = forms.IntegerField(
        label="How long it lasted, in minutes (optional)",
        required=False,
        min_value=1,
        max_value=600,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        error_messages={
            "invalid": "Enter how long it lasted as a number of minutes, like 60",
            "min_value": "How long it lasted must be at least 1 minute",
            "max_value": "How long it lasted must be 600 minutes or fewer",
        },
    )
    worries = _text("What are we worried about?", "Harm, future danger and complicating factors")
    working_well = _text("What's working well?", "Existing safety and strengths")
    needs_to_happen = _text("What needs to happen?", "Next steps and safety goals")
    scale_score = forms.TypedChoiceField(
        label="Scale (optional)",
        help_text="On a scale of 0 to 10",
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    scale_zero_anchor = _text("What 0 means", limit=SHORT_TEXT)
    scale_ten_anchor = _text("What 10 means", limit=SHORT_TEXT)
    scale_reasons = _text("Why this score?", limit=SHORT_TEXT)
    decisions = _text("Decisions")
    decision_reasons = _text("Reasons for the decisions")
    next_discussion_on = GovukDateField(label="Next discussion (optional)", required=False)
    action_description = _text("Action agreed (optional)", "You can add more actions on the draft", SHORT_TEXT)
    action_owner = StaffChoiceField(
        queryset=User.objects.none(), label="Who will do it", required=False, empty_label="Choose who will do it"
    )
    action_due_on = GovukDateField(label="Action due by", required=False)

    def __init__(
        self,
        *args: Any,
        supervisor: User,
        staff: list[User],
        children: list[Person] | None,
        with_action: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        staff_ids = [user.pk for user in staff]
        supervisees = User.objects.filter(pk__in=staff_ids).exclude(pk=supervisor.pk)
        self.fields["supervisee"].queryset = supervisees  # type: ignore[attr-defined]
        self.fields["action_owner"].queryset = User.objects.filter(pk__in=staff_ids)  # type: ignore[attr-defined]
        if children is None:
            del self.fields["children"]
        else:
            self.fields["children"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
                pk__in=[child.pk for child in children]
            ).order_by("pk")
        if not with_action:
            for name in ("action_description", "action_owner", "action_due_on"):
                del self.fields[name]
        self._apply_govuk_attributes()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "action_description" in self.fields and (data.get("action_description") or "").strip():
            if not data.get("action_owner"):
                self.add_error("action_owner", "Choose who will do the action")
            if not data.get("action_due_on"):
                self.add_error("action_due_on", "Enter the date the action is due by")
        return data

    def content(self) -> SupervisionContent:
        data = self.cleaned_data
        return SupervisionContent(
            occurred_on=data["occurred_on"],
            supervisee=data["supervisee"],
            duration_minutes=data["duration_minutes"],
            worries=data["worries"],
            working_well=data["working_well"],
            needs_to_happen=data["needs_to_happen"],
            scale_score=data["scale_score"],
            scale_zero_anchor=data["scale_zero_anchor"],
            scale_ten_anchor=data["scale_ten_anchor"],
            scale_reasons=data["scale_reasons"],
            decisions=data["decisions"],
            decision_reasons=data["decision_reasons"],
            next_discussion_on=data["next_discussion_on"],
        )

    def actions(self) -> list[ActionAgreed]:
        data = self.cleaned_data
        if not (data.get("action_description") or "").strip():
            return []
        return [ActionAgreed(data["action_description"].strip(), data["action_owner"], data["action_due_on"])]


class SupervisionChangeForm(SupervisionForm):
    version = VersionField()


class ActionForm(GovukForm):
    description = forms.CharField(
        label="Action agreed",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the action agreed"},
    )
    owner = StaffChoiceField(
        queryset=User.objects.none(),
        label="Who will do it",
        empty_label="Choose who will do it",
        error_messages={"required": "Choose who will do the action"},
    )
    due_on = GovukDateField(label="Due by", error_messages={"required": "Enter the date the action is due by"})
    version = VersionField()

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=[user.pk for user in staff]
        )
        self._apply_govuk_attributes()

    def action(self) -> ActionAgreed:
        data = self.cleaned_data
        due_on: datetime.date = data["due_on"]
        return ActionAgreed(data["description"].strip(), data["owner"], due_on)


class AcknowledgeForm(GovukForm):
    agrees = forms.TypedChoiceField(
        label="Do you agree with the record?",
        choices=[("yes", "Yes, it is a fair record"), ("no", "No, I disagree with it")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether you agree with the record"},
    )
    comment = forms.CharField(
        label="Your comment (optional if you agree)",
        help_text="If you disagree, say what with. It is kept beside the record, never changes it.",
        required=False,
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = VersionField()


class AdditionForm(GovukForm):
    text = forms.CharField(
        label="What you want to add",
        help_text="It is added below the signed record with your name and the date",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter what you want to add"},
    )


class StaffTicksField(OfferedMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class GroupSupervisionForm(GovukForm):
    held_on = GovukDateField(label="Date of the session", error_messages={"required": "Enter the date of the session"})
    facilitator = StaffChoiceField(
        queryset=User.objects.none(),
        label="Facilitator",
        empty_label="Choose the facilitator",
        error_messages={"required": "Choose exactly one facilitator"},
    )
    presenters = StaffTicksField(
        queryset=User.objects.none(),
        label="Presenting workers",
        error_messages={"required": "Choose at least one presenting worker"},
    )
    adviser = StaffChoiceField(
        queryset=User.objects.none(), label="Adviser (optional)", required=False, empty_label="No adviser"
    )
    observers = StaffTicksField(
        queryset=User.objects.none(), label="Observers", help_text="Everyone else who took part", required=False
    )
    presenter_question = forms.CharField(
        label="The presenter's question",
        help_text="What the presenting worker asked the group to help with",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the presenter's question"},
    )
    worries = _text(
        "The session's map: what are we worried about? (optional)",
        "One worry a line. The map is saved as a new draft version of the family's map, never over a signed one",
    )
    working_well = _text("The session's map: what's working well? (optional)", "One strength a line")
    next_steps = _text("Next steps")

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = User.objects.filter(pk__in=[user.pk for user in staff]).order_by("last_name", "first_name")
        for name in ("facilitator", "presenters", "adviser", "observers"):
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]
        self._apply_govuk_attributes()

    def participants(self) -> list[Any]:
        from casemap.supervision.models import GroupRole
        from casemap.supervision.services.group import Participant

        data = self.cleaned_data
        chosen = [Participant(data["facilitator"], GroupRole.FACILITATOR)]
        chosen += [Participant(user, GroupRole.PRESENTER) for user in data["presenters"]]
        if data.get("adviser"):
            chosen.append(Participant(data["adviser"], GroupRole.ADVISER))
        chosen += [Participant(user, GroupRole.OBSERVER) for user in data["observers"]]
        return chosen


class LearningNoteForm(GovukForm):
    learning_note = _required_text(
        "Your learning from the session",
        "Enter your learning from the session",
        help_text="A few sentences about what you take from it for your practice. Leave out the family's details.",
        limit=SHORT_TEXT,
    )


class OversightDecisionForm(GovukForm):
    children = ChildrenField(
        queryset=Person.objects.none(),
        label="Which children is the decision about?",
        error_messages={"required": "Choose at least one child"},
    )
    decided_on = GovukDateField(
        label="Date of the decision", error_messages={"required": "Enter the date of the decision"}
    )
    decision = _required_text("Decision", "Enter the decision")
    reasons = _required_text("Reasons", "Enter the reasons for the decision")

    def __init__(self, *args: Any, children: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            pk__in=[child.pk for child in children]
        ).order_by("pk")
        self._apply_govuk_attributes()


class NoteChoiceField(StaffChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()}, {obj.occurred_on:%-d %B %Y}, by {obj.created_by}"


class NoteOversightForm(GovukForm):
    note = NoteChoiceField(
        queryset=None,  # type: ignore[arg-type]  # set from the case's notes
        label="Which note?",
        empty_label="Choose a case note",
        error_messages={"required": "Choose a case note"},
    )
    kind = forms.ChoiceField(
        label="Affirmation or comment?",
        choices=[("affirm", "Affirmation: this is good work"), ("comment", "Comment")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose affirmation or comment"},
    )
    text = _required_text(
        "What you want to say",
        "Enter your affirmation or comment",
        help_text="Shown beside the note with your name. The practitioner's note is not changed.",
        limit=SHORT_TEXT,
    )

    def __init__(self, *args: Any, notes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["note"].queryset = notes  # type: ignore[attr-defined]
        self._apply_govuk_attributes()


class CaseChoiceField(StaffChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.family_name}{' (closed)' if obj.closed_on else ''}"


class AppreciativeInquiryForm(GovukForm):
    """The appreciative inquiry form's own questions, in its order."""

    held_on = GovukDateField(
        label="Date of the conversation",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date of the conversation"},
    )
    case = CaseChoiceField(
        queryset=None,  # type: ignore[arg-type]  # set from the worker's own cases
        label="Which family is it about? (optional)",
        help_text="Only your own cases are listed. Leave it empty for work that is not about one family.",
        required=False,
        empty_label="Not about one family",
    )
    went_well = _required_text("What went well, or made you proud?", "Enter what went well")
    how_made_it_happen = _required_text("How did you make it happen?", "Enter how you made it happen")
    who_helped = _text("Who or what helped? (optional)")
    family_would_say = _text("What would the family or network say you contributed? (optional)")
    learning = _required_text("What is the most important learning?", "Enter the most important learning")
    self_scale = forms.TypedChoiceField(
        label="On a scale of 0 to 10, where would you put this piece of work?",
        help_text="0 means it did not go well at all; 10 means it went as well as it could",
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Choose a number from 0 to 10"},
    )
    closer_to_ten = _text("What would move the score closer to 10? (optional)")

    def __init__(self, *args: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]
        self._apply_govuk_attributes()


class InquiryCommentForm(VersionForm):
    manager_comments = _required_text(
        "Your comments",
        "Enter your comments",
        help_text="Shown beside the worker's words with your name. What they wrote is not changed.",
    )


class InquiryNominateForm(GovukForm):
    consented = forms.BooleanField(
        label="I agree to this being shared in the good-practice library, without the family's details",
        error_messages={"required": "Tick to say you agree to it being shared, without the family's details"},
    )
