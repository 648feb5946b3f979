"""GOV.UK Design System markup for every Django form, from one place.

The renderer points Django at our form and field templates; `GovukForm` adds the GOV.UK
classes and `aria-describedby` links to widgets, so views and templates just write `{{ form }}`.

Bad input is answered in plain words here too (docs/forms.md): a text too long for its field says how long
it may be, and a version that is missing or not a number says the page was out of date.
"""

import datetime
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.http import HttpRequest, QueryDict

from casemap.core.form_markup import GROUPED_WIDGETS, WRITTEN_IN_PYTHON

# Text columns have no length limit, so every free-text form field sets one: long enough for anything written
# in practice, short enough that a pasted file cannot fill the record.
LONG_TEXT = 20_000  # notes and narrative: a case note, what was reported, the child's words, a plan's rules
SHORT_TEXT = 2_000  # a reason, an address or an answer of a few sentences

OUT_OF_DATE_MESSAGE = (
    "This page was out of date, so nothing was saved. Reload the page, check the record as it is now, then try again."
)
# Labels that ask a question cannot start a sentence about length; their message says "Your answer".
_QUESTION_WORDS = {"what", "who", "why", "how", "when", "where", "which", "whose", "is", "was", "did", "does", "or"}

WIDGET_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "number": "govuk-input",
    "password": "govuk-input",
    "search": "govuk-input",
    "tel": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
    "radioselect": "govuk-radios__input",
    "checkboxselectmultiple": "govuk-checkboxes__input",
    "file": "govuk-file-upload",
    "clearablefile": "govuk-file-upload",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class GovukFormRenderer(TemplatesSetting):
    """The form group and the plain input boxes are written in Python (casemap/core/form_markup.py); any other
    widget, or a form or field given its own template, renders through the templates."""

    form_template_name = "govuk/form.html"
    field_template_name = "govuk/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
        write = WRITTEN_IN_PYTHON.get(template_name)
        if write is not None:
            return write(context)
        return super().render(template_name, context, request)


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        part = {"inputmode": "numeric"}
        super().__init__(
            widgets={
                "day": forms.TextInput(
                    attrs={**part, "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
                ),
                "month": forms.TextInput(
                    attrs={**part, "class": "govuk-input govuk-date-input__input govuk-input--width-2"}
                ),
                "year": forms.TextInput(
                    attrs={**part, "class": "govuk-input govuk-date-input__input govuk-input--width-4"}
                ),
            },
            attrs=attrs,
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def id_for_label(self, id_: str) -> str:
        # Django names the boxes <id>_0, _1, _2 in order: the label and error links go to the day.
        return f"{id_}_0" if id_ else id_


class GovukDateField(forms.MultiValueField):
    """A date typed as day, month and year, with GOV.UK's plain error messages."""

    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)

    def compress(self, data_list: list[str]) -> datetime.date | None:
        if not data_list or not any(data_list):
            return None
        label = (self.label or "The date").lower()
        day, month, year = (part.strip() if part else "" for part in data_list)
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{label.capitalize()} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{label.capitalize()} must be a real date, written in numbers")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:  # a day or month of twenty digits overflows, not just fails
            raise ValidationError(f"{label.capitalize()} must be a real date") from error

    def clean(self, value: Any) -> datetime.date | None:
        # Boxes holding only spaces pass Django's "is anything there" check but leave no date: still required.
        day = super().clean(value)
        if day is None and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        return day


class GovukForm(forms.Form):
    """Widgets carry their GOV.UK classes and hint/error links from the start and again once validated, so a
    template may render `{{ form }}` or lay fields out one by one with `as_field_group`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._apply_govuk_attributes()

    def full_clean(self) -> None:
        for field in self.fields.values():
            _say_text_limit_plainly(field)
        super().full_clean()
        self._show_hidden_field_errors_on_the_form()
        self._apply_govuk_attributes()

    def _show_hidden_field_errors_on_the_form(self) -> None:
        """A hidden field (a version, a category) has nowhere to show its error, and a summary link to it would
        point at nothing: say it once at the top of the form instead."""
        found = getattr(self, "_errors", None)
        if not found:
            return
        for name, field in self.fields.items():
            if field.widget.is_hidden and name in found:
                top = found.setdefault(
                    NON_FIELD_ERRORS, self.error_class(error_class="nonfield", renderer=self.renderer)
                )
                for error in found.pop(name).as_data():
                    if error not in top.as_data():
                        top.append(error)

    def _apply_govuk_attributes(self) -> None:
        # Read the errors already found, never `self.errors`, which would validate the form early.
        found = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            widget = field.widget
            bound = self[name]
            widget_type = bound.widget_type
            has_errors = bool(found.get(name))
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}-hint")
            if has_errors:
                described_by.append(f"{bound.auto_id}-error")
            base_class = WIDGET_CLASSES.get(widget_type)
            if base_class:
                classes = [base_class, *widget.attrs.get("class", "").split()]
                if base_class in ERROR_CLASSES:
                    classes = [c for c in classes if c != ERROR_CLASSES[base_class]]
                    if has_errors:
                        classes.append(ERROR_CLASSES[base_class])
                widget.attrs["class"] = " ".join(dict.fromkeys(c for c in classes if c))
            if widget_type == "textarea":
                # A browser cuts a long paste off at `maxlength` without a word; the server's message says why.
                widget.attrs.pop("maxlength", None)
            if widget_type not in GROUPED_WIDGETS:
                if described_by:
                    widget.attrs["aria-describedby"] = " ".join(described_by)
                else:
                    widget.attrs.pop("aria-describedby", None)
            if widget_type == "knownperson":
                choose = widget.widgets[0]
                classes = [c for c in choose.attrs.get("class", "govuk-select").split() if c != "govuk-select--error"]
                choose.attrs["class"] = " ".join([*classes, "govuk-select--error"] if has_errors else classes)
            if has_errors and widget_type == "govukdate":
                for sub in widget.widgets:
                    if "govuk-input--error" not in sub.attrs["class"]:
                        sub.attrs["class"] += " govuk-input--error"


class StaleEditError(Exception):
    """Someone else saved the record after this form was loaded. `current_version` is the version saved now, so
    the form can be shown again with what the user typed and a version the next save will accept."""

    def __init__(self, modified_by: str, modified_at: datetime.datetime, current_version: int | None = None) -> None:
        self.modified_by = modified_by
        self.modified_at = modified_at
        self.current_version = current_version
        super().__init__(f"changed by {modified_by} at {modified_at:%H:%M}")


def stale_edit_message(error: StaleEditError) -> str:
    local = error.modified_at.astimezone()
    return (
        f"{error.modified_by} changed this record at {local:%H:%M on %-d %B} while you were editing it. "
        "Your changes have not been saved. They are shown below: check the record as it is now, "
        "then save again."
    )


class TextLimitValidator(MaxLengthValidator):
    """Django's length check, saying in plain words what may be typed and how much was."""

    def __init__(self, limit_value: int, subject: str) -> None:
        super().__init__(limit_value)
        self.subject = subject

    def __call__(self, value: Any) -> None:
        count = len(value)
        if count > self.limit_value:
            raise ValidationError(
                f"{self.subject} must be {self.limit_value:,} characters or fewer. It has {count:,}.",
                code="max_length",
            )


def text_limit_subject(label: Any) -> str:
    """What a length message calls the field: its label without "(optional)", or "Your answer" for a question."""
    name = str(label or "").removesuffix("(optional)").strip()
    words = name.split()
    if not words or name.endswith("?") or words[0].lower() in _QUESTION_WORDS:
        return "Your answer"
    return name


def _say_text_limit_plainly(field: forms.Field) -> None:
    if not isinstance(field, forms.CharField) or field.max_length is None or "max_length" in field.error_messages:
        return  # no limit, or the field words its own message (a security code is "6 digits")
    field.validators = [
        TextLimitValidator(v.limit_value, text_limit_subject(field.label)) if type(v) is MaxLengthValidator else v
        for v in field.validators
    ]


class VersionField(forms.IntegerField):
    """The version of the record the page showed, posted back in a hidden field so a stale save is refused.

    Missing, or anything but a whole number a version can be, is refused with one plain message rather than
    passed on: a service told "no version" would skip its stale-save check."""

    widget = forms.HiddenInput
    default_error_messages = {
        "required": OUT_OF_DATE_MESSAGE,
        "invalid": OUT_OF_DATE_MESSAGE,
        "min_value": OUT_OF_DATE_MESSAGE,
        "max_value": OUT_OF_DATE_MESSAGE,
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)  # the largest a version column holds
        super().__init__(**kwargs)


class VersionForm(GovukForm):
    """Only the version: for buttons that change a record (sign off, remove, mark as done) and confirm pages."""

    version = VersionField()


def show_after_stale_save(form: forms.Form, error: StaleEditError, field: str = "version") -> None:
    """Keep what the user typed, say why it was not saved, and carry the record's current version, so that once
    they have checked the record as it is now, saving again succeeds."""
    form.add_error(None, stale_edit_message(error))
    if error.current_version is not None and form.is_bound:
        data = form.data.copy()  # type: ignore[attr-defined]  # a bound form holds a QueryDict
        data[form.add_prefix(field)] = str(error.current_version)
        form.data = data


def show_refusal(form: forms.Form, error: Exception, renamed: dict[str, str] | None = None) -> None:
    """A service's refusal on its form, keeping what was typed: beside the field it is about (`renamed` maps a
    service's field name to the form's) or at the top. After a stale save the form carries the record's current
    version, so saving again once the user has checked the record succeeds."""
    if isinstance(error, StaleEditError):
        show_after_stale_save(form, error)
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = (renamed or {}).get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    elif isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
    else:
        raise error


def posted_version(data: QueryDict) -> int | None:
    """The version a button posted, or None when it is missing or is not a version."""
    form = VersionForm(data)
    return form.cleaned_data["version"] if form.is_valid() else None


LARGEST_ID = 2**63 - 1  # the largest a database id holds: anything else is no choice the page offered


def refuse_unoffered_id(field: forms.Field, value: Any) -> None:
    """Refuse, as a choice the page did not offer, anything that is not an id a database can hold: SQLite cannot
    even compare a larger number, and the query would fail rather than find nothing."""
    text = str(value)
    if not text.isdigit() or int(text) > LARGEST_ID:
        raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice", params={"value": text})


class OfferedChoiceField(forms.ModelChoiceField):
    """One record chosen from those the page offered."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values:
            refuse_unoffered_id(self, value)
        return super().to_python(value)


class OfferedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Records ticked from those the page offered."""

    def clean(self, value: Any) -> Any:
        if value not in self.empty_values and isinstance(value, list | tuple):
            for one in value:
                refuse_unoffered_id(self, one)
        return super().clean(value)
