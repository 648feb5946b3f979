"""Forms for arranging a meeting, inviting people already on the record, recording attendance and ending it."""

import datetime
import re
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from casemap.accounts.models import Role, User
from casemap.core.forms import (
    LONG_TEXT,
    SHORT_TEXT,
    GovukDateField,
    GovukForm,
    OfferedMultipleChoiceField,
    VersionField,
)
from casemap.meetings.models import Attendance, ConferencePart, InviteeRole, MeetingKind
from casemap.people.models import Person, Professional

TIME_FORMAT_MESSAGE = "Enter a time like 10:30 or 2pm"
_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?\s*$", re.IGNORECASE)


def parse_time_of_day(text: str) -> datetime.time | None:
    """A time as people write it: 10:30, 14.15, 2pm, 9:45am."""
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), (match.group(3) or "").lower()
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.time(hour, minute)


class TimeOfDayField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 10:30 or 2pm")
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)
        self.widget.attrs.update({"class": "govuk-input govuk-input--width-5", "inputmode": "text"})

    def clean(self, value: Any) -> datetime.time | None:
        text = super().clean(value)
        if not text:
            return None
        parsed = parse_time_of_day(text)
        if parsed is None:
            raise forms.ValidationError(TIME_FORMAT_MESSAGE)
        return parsed


def local_moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def chairs() -> QuerySet[User]:
    return User.objects.filter(
        is_active=True, role__in=[Role.CONFERENCE_CHAIR, Role.TEAM_MANAGER, Role.SERVICE_MANAGER]
    ).order_by("role", "last_name", "first_name")


class WhenAndWhereForm(GovukForm):
    day = GovukDateField(label="Date", error_messages={"required": "Enter the date of the meeting"})
    starts = TimeOfDayField(label="Start time", error_messages={"required": "Enter the time it starts"})
    ends = TimeOfDayField(label="End time (optional)", required=False)
    venue = forms.CharField(
        label="Where",
        help_text="The room and building, or the link to join online. Never a family's home address.",
        max_length=200,
        error_messages={"required": "Say where the meeting is, or give the link to join it"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts:
            data["starts_at"] = local_moment(day, starts)
            data["ends_at"] = local_moment(day, ends) if ends else None
            if ends and ends <= starts:
                self.add_error("ends", "The end time must be after the start time")
        return data


class ArrangeMeetingForm(WhenAndWhereForm):
    kind = forms.ChoiceField(
        label="What kind of meeting?",
        choices=MeetingKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the kind of meeting"},
    )
    children = OfferedMultipleChoiceField(
        label="Which children is it about?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the children the meeting is about"},
    )
    chair = forms.ModelChoiceField(
        label="Who will chair it? (conferences)",
        help_text="They will see the family's record while the conference and its record are in hand",
        queryset=User.objects.none(),
        required=False,
        empty_label="Choose the chair",
    )

    field_order = ["kind", "children", "day", "starts", "ends", "venue", "chair"]

    def __init__(self, *args: Any, children: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen: forms.ModelMultipleChoiceField = self.fields["children"]  # type: ignore[assignment]
        chosen.queryset = Person.objects.filter(pk__in=[child.pk for child in children]).order_by("date_of_birth")
        chosen.label_from_instance = lambda person: person.full_name  # type: ignore[method-assign,assignment]
        chair: forms.ModelChoiceField = self.fields["chair"]  # type: ignore[assignment]
        chair.queryset = chairs()
        chair.label_from_instance = lambda user: f"{user} ({user.get_role_display()})"  # type: ignore[method-assign,assignment]


class ChangeMeetingForm(WhenAndWhereForm):
    version = VersionField()


class CancelMeetingForm(GovukForm):
    version = VersionField()
    reason = forms.CharField(
        label="Why is it cancelled?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the meeting is cancelled"},
    )


class InviteForm(GovukForm):
    """Everyone offered is already on the record: the family and network on the case, the professionals on it, and
    staff. Nobody is typed in."""

    version = VersionField()
    who = forms.ChoiceField(label="Who do you want to invite?", error_messages={"required": "Choose who to invite"})
    role = forms.ChoiceField(
        label="If they are family: how are they involved?",
        choices=[
            ("", "As recorded"),
            (InviteeRole.PARENT, InviteeRole.PARENT.label),
            (InviteeRole.FAMILY, InviteeRole.FAMILY.label),
            (InviteeRole.FOSTER_CARER, InviteeRole.FOSTER_CARER.label),
        ],
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        people: list[Person],
        professionals: list[Professional],
        staff: list[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = {f"person-{p.pk}": p for p in people}
        self.professionals = {f"professional-{p.pk}": p for p in professionals}
        self.staff = {f"user-{u.pk}": u for u in staff}
        groups: list[tuple[str, Any]] = [("", "Choose someone")]
        if people:
            groups.append(("Family and network", [(key, p.full_name) for key, p in self.people.items()]))
        if professionals:
            groups.append(("Professionals on the case", [(key, str(p)) for key, p in self.professionals.items()]))
        if staff:
            groups.append(("Staff", [(key, f"{u} ({u.get_role_display()})") for key, u in self.staff.items()]))
        self.fields["who"].choices = groups  # type: ignore[attr-defined]

    def invitee(self) -> dict[str, Any]:
        key = self.cleaned_data["who"]
        return {
            "person": self.people.get(key),
            "professional": self.professionals.get(key),
            "user": self.staff.get(key),
            "role": self.cleaned_data["role"],
        }


class AttendanceForm(GovukForm):
    version = VersionField()
    attendance = forms.ChoiceField(
        label="How did they take part?",
        choices=[choice for choice in Attendance.choices if choice[0]],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how they took part"},
    )
    arrived = TimeOfDayField(label="Time they arrived (optional)", required=False)
    left = TimeOfDayField(label="Time they left (optional)", required=False)
    interpreter = forms.CharField(
        label="Interpreter (optional)",
        help_text="The language, if an interpreter was there",
        max_length=120,
        required=False,
    )
    advocate = forms.CharField(label="Advocate (optional)", help_text="Their name", max_length=160, required=False)
    excluded_from = forms.MultipleChoiceField(
        label="Parts of the conference they were asked to leave for (optional)",
        help_text="Only for a family member. Their copy of the record will leave these parts out.",
        choices=ConferencePart.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    exclusion_reason = forms.CharField(
        label="Why were they asked to leave? (if they were)",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("excluded_from") and not (data.get("exclusion_reason") or "").strip():
            self.add_error("exclusion_reason", "Say why they were asked to leave")
        arrived, left = data.get("arrived"), data.get("left")
        if arrived and left and left < arrived:
            self.add_error("left", "The time they left must be after the time they arrived")
        return data


class EndMeetingForm(GovukForm):
    version = VersionField()
    held_on = GovukDateField(label="Date it was held", error_messages={"required": "Enter the date it was held"})
    outcome = forms.ChoiceField(
        label="How did it end?",
        choices=[("held", "It was held"), ("adjourned", "It was adjourned, to meet again")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was held or adjourned"},
    )
    quorum_override_reason = forms.CharField(
        label="If the conference was not quorate: why did it go ahead?",
        help_text="Only the chair records this. Without it, a conference that is not quorate can only be adjourned.",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reconvene_day = GovukDateField(label="If adjourned: the date it meets again", required=False)
    reconvene_time = TimeOfDayField(label="If adjourned: the time it meets again", required=False)
    interim_plan = forms.CharField(
        label="If adjourned: the interim plan until it meets again",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["adjourned"] = data.get("outcome") == "adjourned"
        data["reconvene_at"] = None
        if data["adjourned"]:
            day, time = data.get("reconvene_day"), data.get("reconvene_time")
            if not day:
                self.add_error("reconvene_day", "Give the date the conference will meet again")
            if not time:
                self.add_error("reconvene_time", "Give the time it meets again")
            if day and time:
                data["reconvene_at"] = local_moment(day, time)
        return data
