"""Forms for the child's voice. The session form grows one group of fields per part of the chosen tool."""

from typing import Any

from django import forms
from django.forms import BoundField
from django.utils import timezone

from casemap.core.forms import (
    LONG_TEXT,
    OUT_OF_DATE_MESSAGE,
    SHORT_TEXT,
    GovukDateField,
    GovukForm,
    VersionField,
)
from casemap.core.people_choice import KnownPerson, KnownPersonField, names_ticked, ticks_for_names
from casemap.core.uploads import max_upload_bytes
from casemap.mapping.models import ItemCategory, Map
from casemap.voice.models import (
    ChildDrawing,
    ChildVoiceRecord,
    ParentalConsent,
    ShareConsent,
    VoiceEntry,
    VoiceTool,
    WrittenBy,
)
from casemap.voice.services import DrawingDetails, EntryInput, SessionDetails

YES_NO = [("yes", "Yes"), ("no", "No")]
DETAIL_FIELDS = [
    "case",
    "used_on",
    "present_people",
    "present",
    "parental_consent",
    "parental_consent_by",
    "parental_consent_not_needed_reason",
]
AFTER_FIELDS = ["read_back", "share_consent", "share_with"]
PRESENT_LIMIT = 255  # the record's column for who else was there


class ChooseToolForm(GovukForm):
    tool = forms.ChoiceField(
        label="Which tool did you use?", widget=forms.RadioSelect, error_messages={"required": "Choose a tool"}
    )

    def __init__(self, *args: Any, tools: list[VoiceTool], last_used: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tool"].choices = [
            (tool.key, f"{tool.name} ({last_used[tool.name]})" if tool.name in last_used else tool.name)
            for tool in tools
        ]


class VoiceSessionForm(GovukForm):
    version = VersionField(required=False)
    case = forms.ChoiceField(label="Which case is this for?", widget=forms.RadioSelect)
    used_on = GovukDateField(label="Date of the session", error_messages={"required": "Enter the date of the session"})
    present_people = forms.MultipleChoiceField(
        label="Who else was there? (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone on the record who was there",
    )
    present = forms.CharField(
        label="Anyone else who was there (optional)",
        max_length=PRESENT_LIMIT,
        required=False,
        help_text="Their names, for example Pat from school",
    )
    parental_consent = forms.ChoiceField(
        label="Parental consent",
        choices=ParentalConsent.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether a parent gave consent"},
    )
    parental_consent_by = KnownPersonField(
        label="Who gave consent", max_length=160, required=False, help_text="If consent was given"
    )
    parental_consent_not_needed_reason = forms.CharField(
        label="Why consent was not needed",
        max_length=SHORT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="If consent was not needed, for example during a child protection enquiry",
    )
    read_back = forms.ChoiceField(
        label="Were the child's words read back to them?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child's words were read back to them"},
    )
    share_consent = forms.ChoiceField(
        label="Is the child happy for this to be shared?",
        choices=ShareConsent.choices,
        widget=forms.RadioSelect,
        initial=ShareConsent.NOT_ASKED,
    )
    share_with = forms.CharField(
        label="Who is the child happy to share it with?",
        max_length=SHORT_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="If only with some people",
    )

    def __init__(
        self,
        *args: Any,
        tool: VoiceTool,
        people: list[KnownPerson],
        cases: list[tuple[int, str]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.tool = tool
        self.people = people
        self.fields["present_people"].choices = [(person.key, person.label) for person in people]
        consent_by: KnownPersonField = self.fields["parental_consent_by"]  # type: ignore[assignment]
        consent_by.people = people
        if cases is None:  # changing a record: its case stays, and the version the worker loaded is checked
            del self.fields["case"]
            self.fields["version"].required = True
        else:
            self.fields["case"].choices = [(str(pk), name) for pk, name in cases]
            if len(cases) == 1:
                self.fields["case"].initial = str(cases[0][0])
        for part in tool.parts:
            key, default = part["key"], part["default_label"]
            self.fields[f"{key}__label"] = forms.CharField(
                label="What the child calls it",
                max_length=120,
                required=False,
                initial=default,
                help_text=f"Leave as {default} unless the child chose another name",
            )
            self.fields[f"{key}__words"] = forms.CharField(
                label="The child's words",
                max_length=LONG_TEXT,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=f"{part['prompt']} Write exactly what the child said.",
            )
            if part.get("scale"):
                self.fields[f"{key}__scale"] = forms.IntegerField(
                    label="Where the child put themself, from 0 to 10",
                    required=False,
                    min_value=0,
                    max_value=10,
                    widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}),
                    error_messages={
                        "min_value": "Enter a number from 0 to 10",
                        "max_value": "Enter a number from 0 to 10",
                        "invalid": "Enter a number from 0 to 10",
                    },
                )
            self.fields[f"{key}__written_by"] = forms.ChoiceField(
                label="Who wrote the words down?",
                choices=WrittenBy.choices,
                widget=forms.RadioSelect,
                initial=WrittenBy.CHILD,
            )
        self._apply_govuk_attributes()

    def detail_fields(self) -> list[BoundField]:
        return [self[name] for name in DETAIL_FIELDS if name in self.fields]

    def after_fields(self) -> list[BoundField]:
        return [self[name] for name in AFTER_FIELDS]

    def part_sections(self) -> list[dict[str, Any]]:
        sections = []
        for part in self.tool.parts:
            key = part["key"]
            names = [f"{key}__label", f"{key}__words", f"{key}__scale", f"{key}__written_by"]
            sections.append(
                {"heading": part["default_label"], "fields": [self[name] for name in names if name in self.fields]}
            )
        return sections

    def details(self) -> SessionDetails:
        data = self.cleaned_data
        return SessionDetails(
            used_on=data["used_on"],
            present=data["present"],
            parental_consent=data["parental_consent"],
            parental_consent_by=data["parental_consent_by"],
            parental_consent_not_needed_reason=data["parental_consent_not_needed_reason"],
            read_back=data["read_back"] == "yes",
            share_consent=data["share_consent"] or ShareConsent.NOT_ASKED,
            share_with=data["share_with"],
        )

    def entries(self) -> list[EntryInput]:
        data = self.cleaned_data
        return [
            EntryInput(
                part_key=part["key"],
                label=data.get(f"{part['key']}__label", ""),
                words=data.get(f"{part['key']}__words", ""),
                written_by=data.get(f"{part['key']}__written_by") or WrittenBy.CHILD,
                scale_position=data.get(f"{part['key']}__scale"),
            )
            for part in self.tool.parts
        ]

    def clean(self) -> dict[str, Any]:
        """The service refuses a session with nothing in it; say so against the first part's words, so the
        error summary links to a field and the field shows the message. Who else was there, ticked and typed, is
        kept as one line of names."""
        super().clean()
        data = self.cleaned_data
        if "present" in data:
            present = names_ticked(self.people, data.get("present_people") or [], data["present"])
            if len(present) > PRESENT_LIMIT:
                self.add_error(
                    "present",
                    f"The names of who else was there must be {PRESENT_LIMIT} characters or fewer all together. "
                    f"They have {len(present)}.",
                )
            else:
                data["present"] = present
        keys = [part["key"] for part in self.tool.parts]
        filled = any(
            str(data.get(f"{key}__words") or "").strip() or data.get(f"{key}__scale") is not None for key in keys
        )
        if keys and not filled and not self.has_error(f"{keys[0]}__words"):
            self.add_error(f"{keys[0]}__words", "Enter the child's words for at least one part")
        return data

    def clean_used_on(self) -> Any:
        value = self.cleaned_data.get("used_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of the session must be today or in the past")
        return value


def session_initial(record: ChildVoiceRecord, people: list[KnownPerson]) -> dict[str, Any]:
    """The form's starting values, read from the session as it is now, its version among them; who was there
    shows as the known people ticked and anyone else typed."""
    ticked, others = ticks_for_names(people, record.present)
    initial: dict[str, Any] = {
        "version": record.version,
        "used_on": record.used_on,
        "present_people": ticked,
        "present": others,
        "parental_consent": record.parental_consent,
        "parental_consent_by": record.parental_consent_by,
        "parental_consent_not_needed_reason": record.parental_consent_not_needed_reason,
        "read_back": "yes" if record.read_back else "no",
        "share_consent": record.share_consent,
        "share_with": record.share_with,
    }
    for entry in record.entries.all():
        initial[f"{entry.part_key}__label"] = entry.label
        initial[f"{entry.part_key}__words"] = entry.words
        initial[f"{entry.part_key}__written_by"] = entry.written_by
        initial[f"{entry.part_key}__scale"] = entry.scale_position
    return initial


class ArchiveForm(GovukForm):
    version = VersionField()
    reason = forms.CharField(
        label="Why are you archiving this record?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the record is being archived"},
    )


class PullIntoMapForm(GovukForm):
    entries = forms.MultipleChoiceField(
        label="What the child said to add to the map",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose what the child said to add to the map"},
    )
    map = forms.ChoiceField(
        label="Which map?", widget=forms.RadioSelect, error_messages={"required": "Choose a draft map"}
    )
    category = forms.ChoiceField(
        label="Where on the map?",
        choices=ItemCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where on the map the words go"},
    )

    def __init__(self, *args: Any, entries: list[VoiceEntry], maps: list[Map], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].choices = [(str(e.pk), f"{e.label}: {e.words}") for e in entries if e.words]
        self.fields["map"].choices = [(str(m.pk), f"Map {m.number}, {m.held_on:%-d %B %Y}") for m in maps]
        if len(maps) == 1:
            self.fields["map"].initial = str(maps[0].pk)
        # The version of each draft map as the worker saw it, so a change in between is refused.
        for map_ in maps:
            self.fields[f"version_{map_.pk}"] = VersionField(required=False, initial=map_.version)
        self._apply_govuk_attributes()

    def clean(self) -> dict[str, Any]:
        """The chosen map's version must come back: without it the change would not be checked against it."""
        data = super().clean() or {}
        version = f"version_{data.get('map')}"
        if data.get("map") and version in self.fields and data.get(version) is None and not self.has_error(version):
            self.add_error(None, OUT_OF_DATE_MESSAGE)
        return data

    def map_version(self) -> int | None:
        value = self.cleaned_data.get(f"version_{self.cleaned_data['map']}")
        return int(value) if value is not None else None


WHOLE_SESSION = "all"


class DrawingAboutForm(GovukForm):
    """What the worker says about a drawing: which part of the tool it is for, what it shows, a description and
    when it was drawn."""

    part_key = forms.ChoiceField(
        label="Which part is the drawing for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which part the drawing is for"},
    )
    title = forms.CharField(
        label="What is the drawing of?",
        max_length=160,
        help_text="In the child's words, for example: my house of worries with the broken window",
        error_messages={"required": "Enter what the drawing shows"},
    )
    description = forms.CharField(
        label="Describe the drawing (optional)",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is in it and what the child said about it, for anyone who cannot see the picture",
    )
    drawn_on = GovukDateField(label="Date of the drawing", error_messages={"required": "Enter the date of the drawing"})

    def __init__(self, *args: Any, record: ChildVoiceRecord | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record
        if record is None:
            del self.fields["part_key"]
        else:
            self.fields["part_key"].choices = [
                *((str(part["key"]), str(part["default_label"])) for part in record.tool.parts),
                (WHOLE_SESSION, f"The whole {record.tool.name}"),
            ]
        self._apply_govuk_attributes()

    def clean_drawn_on(self) -> Any:
        value = self.cleaned_data.get("drawn_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of the drawing must be today or in the past")
        return value

    def details(self) -> DrawingDetails:
        data = self.cleaned_data
        part_key = data.get("part_key", WHOLE_SESSION)
        return DrawingDetails(
            title=data["title"],
            description=data["description"],
            drawn_on=data["drawn_on"],
            part_key="" if part_key == WHOLE_SESSION else part_key,
        )


class DrawingForm(DrawingAboutForm):
    """A drawing from the pad (a PNG data URL the page's script puts in `drawing`) or a file, and what it shows.
    Without JavaScript there is no pad, and the file upload does the job."""

    drawing = forms.CharField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(
        label="Upload a photo or scan of the drawing",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,application/pdf,.png,.jpg,.jpeg,.pdf"}),
    )

    def __init__(self, *args: Any, record: ChildVoiceRecord, **kwargs: Any) -> None:
        super().__init__(*args, record=record, **kwargs)
        limit = max_upload_bytes() // (1024 * 1024)
        self.fields["file"].help_text = f"A PNG or JPEG picture, or a PDF, smaller than {limit} MB"
        self._bound_fields_cache.pop("file", None)  # bound before the hint was set
        self._apply_govuk_attributes()

    def add_error(self, field: str | None, error: Any) -> None:
        """An upload refused after validation marks its field as any other error does."""
        super().add_error(field, error)
        self._apply_govuk_attributes()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        drawn, chosen = bool(data.get("drawing")), bool(data.get("file"))
        if not drawn and not chosen and not self.has_error("file"):
            self.add_error("file", "Draw the picture on the pad, or choose a photo or scan of it")
        elif drawn and chosen:
            self.add_error("file", "Either draw on the pad or choose a file, not both: clear the pad to use the file")
        return data


class DrawingChangeForm(DrawingAboutForm):
    version = VersionField()


def drawing_initial(drawing: ChildDrawing) -> dict[str, Any]:
    """The form's starting values, read from the drawing as it is now, its version among them."""
    return {
        "version": drawing.version,
        "part_key": drawing.part_key or WHOLE_SESSION,
        "title": drawing.title,
        "description": drawing.description,
        "drawn_on": drawing.drawn_on,
    }


class DrawingArchiveForm(GovukForm):
    version = VersionField()
    reason = forms.CharField(
        label="Why are you archiving this drawing?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, it was added to the wrong child's record",
        error_messages={"required": "Enter why the drawing is being archived"},
    )
