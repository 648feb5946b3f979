"""The GOV.UK form group and Django's plain input boxes, written in Python rather than through templates.

Every form on every page is drawn field by field: through templates a text box was four nested renders (the form
group, its error message, the widget, the widget's attributes), about half a millisecond each, which made a
three-field search form cost more than the rest of its page. The markup is the same as those templates wrote
(`casemap/core/tests/test_form_markup.py`); so is a select's, and radios' and checkboxes'.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.boundfield import BoundField
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # in Django, not in its stubs
from django.utils.translation import gettext

# Widgets of several inputs, asked as a fieldset with a legend rather than one input with a label.
GROUPED_WIDGETS = frozenset({"radioselect", "checkboxselectmultiple", "govukdate"})
# Django's widgets whose template is its plain <input>.
INPUT_WIDGET_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
}


def _as_string(value: Any) -> str:
    """What the `stringformat:'s'` filter gives: the value as text, still marked safe if it was."""
    text = str(value)
    return mark_safe(text) if isinstance(value, SafeData) else text  # noqa: S308  # it was marked safe already


def _attributes(attrs: Mapping[str, Any]) -> str:
    """Django's attrs.html: ` name="value"` for each, the name alone for True, nothing for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(_as_string(value))}"')
    return "".join(parts)


def input_widget(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(_as_string(value))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{shown}{_attributes(widget['attrs'])}>"
    )


def _shown(value: Any) -> str:
    """`{{ value }}` in a template: in local time and the locale's format where it is a date or a number, escaped."""
    return conditional_escape(localize(template_localtime(value)))


def select_widget(context: Mapping[str, Any]) -> str:
    """Django's select (and multiple select), as `templates/django/forms/widgets/select.html` writes it: a list of
    teams or people is an option each, and through the template a list of forty cost a loop of loops."""
    widget = context["widget"]
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{conditional_escape(_as_string(option["value"]))}"{_attributes(option["attrs"])}>'
                f"{_shown(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _choices_widget(context: Mapping[str, Any], kind: str, opening: str, *, required_shown: bool) -> str:
    """GOV.UK radios or checkboxes, as `templates/django/forms/widgets/radio.html` and `checkbox_select.html` write
    them: a survey's questions are five to eleven radios each, and through the template each radio was a render."""
    input_type = "radio" if kind == "radios" else "checkbox"
    parts = [opening]
    for _group_name, group_choices, _index in context["widget"]["optgroups"]:
        for option in group_choices:
            attrs = option["attrs"]
            option_id = conditional_escape(attrs.get("id", ""))
            flags = (" checked" if attrs.get("checked") else "") + (
                " required" if required_shown and attrs.get("required") else ""
            )
            name = conditional_escape(option["name"])
            value = conditional_escape(_as_string(option["value"]))
            label = _shown(option["label"])
            parts.append(
                f'\n  <div class="govuk-{kind}__item">\n'
                f'    <input class="govuk-{kind}__input" type="{input_type}" name="{name}" value="{value}"'
                f' id="{option_id}"{flags}>\n'
                f'    <label class="govuk-label govuk-{kind}__label" for="{option_id}">{label}</label>\n  </div>'
            )
    parts.append("\n</div>\n")
    return "".join(parts)


def radio_widget(context: Mapping[str, Any]) -> str:
    inline = " govuk-radios--inline" if context["widget"]["attrs"].get("inline") else ""
    opening = f'<div class="govuk-radios{inline}" data-module="govuk-radios">'
    return _choices_widget(context, "radios", opening, required_shown=True)


def checkbox_select_widget(context: Mapping[str, Any]) -> str:
    opening = '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
    return _choices_widget(context, "checkboxes", opening, required_shown=False)


def textarea_widget(context: Mapping[str, Any]) -> str:
    widget = context["widget"]
    value = widget["value"]
    text = conditional_escape(value) if value else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>\n{text}</textarea>'


def date_widget(context: Mapping[str, Any]) -> str:
    """The GOV.UK date input: a day, a month and a year box, each with its label."""
    widget = context["widget"]
    boxes = []
    for part, box in zip(("Day", "Month", "Year"), widget["subwidgets"], strict=True):
        box_id = conditional_escape(box["attrs"].get("id", ""))
        boxes.append(
            '\n  <div class="govuk-date-input__item">\n    <div class="govuk-form-group">\n'
            f'      <label class="govuk-label govuk-date-input__label" for="{box_id}">{part}</label>\n'
            f"      {input_widget({'widget': box})}\n\n\n    </div>\n  </div>"
        )
    date_id = conditional_escape(widget["attrs"].get("id", ""))
    return f'<div class="govuk-date-input" id="{date_id}">{"".join(boxes)}\n</div>'


def _error_message(field: BoundField) -> str:
    errors = field.errors
    if not errors:
        return ""
    prefix = f'<span class="govuk-visually-hidden">{conditional_escape(gettext("Error:"))}</span> '
    lines = "<br>".join(f"{prefix}{conditional_escape(str(error))}" for error in errors)
    return f'<p id="{conditional_escape(field.auto_id)}-error" class="govuk-error-message">{lines}</p>'


def form_group(field: BoundField) -> SafeString:
    """One question: its label or legend, hint, error message and input, as the GOV.UK Design System lays it out."""
    return mark_safe(_form_group_markup(field))  # noqa: S308  # each value in it is escaped, or a widget's own markup


def _form_group_markup(field: BoundField) -> str:
    widget_type = field.widget_type
    auto_id = conditional_escape(field.auto_id)
    errors = field.errors
    group_class = "govuk-form-group govuk-form-group--error" if errors else "govuk-form-group"
    label = conditional_escape(field.label)
    hint_class = "govuk-hint govuk-checkboxes__hint" if widget_type == "checkbox" else "govuk-hint"
    hint = (
        f'<div id="{auto_id}-hint" class="{hint_class}">{conditional_escape(field.help_text)}</div>'
        if field.help_text
        else ""
    )
    # The error message's own line ends in a newline, as the template it replaces did.
    error_message = _error_message(field) + "\n"
    if widget_type in GROUPED_WIDGETS:
        described_by = " ".join(
            ([f"{auto_id}-hint"] if field.help_text else []) + ([f"{auto_id}-error"] if errors else [])
        )
        fieldset_attributes = (' role="group"' if widget_type == "govukdate" else "") + (
            f' aria-describedby="{described_by}"' if described_by else ""
        )
        return (
            f'<div class="{group_class}">\n'
            f'  <fieldset class="govuk-fieldset"{fieldset_attributes}>\n'
            f'    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>\n'
            f"    {hint}\n"
            f"    {error_message}\n"
            f"    {field}\n"
            f"  </fieldset>\n"
            f"</div>"
        )
    if widget_type == "checkbox":
        return (
            f'<div class="{group_class}">\n'
            f"  {error_message}\n"
            f'  <div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">\n'
            f'    <div class="govuk-checkboxes__item">\n'
            f"      {field}\n"
            f'      <label class="govuk-label govuk-checkboxes__label" for="{conditional_escape(field.id_for_label)}">'
            f"{label}</label>\n"
            f"      {hint}\n"
            f"    </div>\n"
            f"  </div>\n"
            f"</div>"
        )
    label_for = conditional_escape(field.id_for_label)
    return (
        f'<div class="{group_class}">\n'
        f'  <label class="govuk-label govuk-label--s" for="{label_for}">{label}</label>\n'
        f"  {hint}\n"
        f"  {error_message}\n"
        f"  {field}\n"
        f"</div>"
    )


def form_fields(context: Mapping[str, Any]) -> str:
    """`{{ form }}`: the hidden fields, then each visible field's form group."""
    form = context["form"]
    return "".join(str(field) for field in form.hidden_fields()) + "".join(
        form_group(field) for field in form.visible_fields()
    )


WRITTEN_IN_PYTHON: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "govuk/form.html": form_fields,
    "govuk/field.html": lambda context: form_group(context["field"]),
    "govuk/widgets/date.html": date_widget,
    "django/forms/widgets/textarea.html": textarea_widget,
    "django/forms/widgets/select.html": select_widget,
    "django/forms/widgets/radio.html": radio_widget,
    "django/forms/widgets/checkbox_select.html": checkbox_select_widget,
    **dict.fromkeys(INPUT_WIDGET_TEMPLATES, input_widget),
}
