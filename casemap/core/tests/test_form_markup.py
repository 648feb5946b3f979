"""The form group and the plain inputs written in Python give the GOV.UK markup, escaped, with errors linked."""

import re

from django import forms
from django.utils import translation
from django.utils.safestring import mark_safe

from casemap.core.form_markup import form_group
from casemap.core.forms import GovukDateField, GovukForm


def _collapsed(html: str) -> str:
    """Whitespace between tags does not change the page: compare without it."""
    return re.sub(r">\s+<", "><", html.strip())


class AnswerForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(label="Name", help_text="As the family say it", max_length=50)
    seen_on = GovukDateField(label="Date seen", help_text="For example, 27 3 2026")
    place = forms.ChoiceField(label="Where", choices=[("home", "Home"), ("school", "School")], widget=forms.RadioSelect)
    agreed = forms.BooleanField(label="The family agreed", required=False, help_text="Ask them first")
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)


def test_a_text_question_is_its_label_hint_error_and_box() -> None:
    form = AnswerForm({"version": "1", "name": ""})
    form.is_valid()
    assert _collapsed(form_group(form["name"])) == (
        '<div class="govuk-form-group govuk-form-group--error">'
        '<label class="govuk-label govuk-label--s" for="id_name">Name</label>'
        '<div id="id_name-hint" class="govuk-hint">As the family say it</div>'
        '<p id="id_name-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> This field is required.</p>'
        '<input type="text" name="name" maxlength="50" class="govuk-input govuk-input--error"'
        ' aria-describedby="id_name-hint id_name-error" required aria-invalid="true" id="id_name">'
        "</div>"
    )


def test_a_question_without_an_error_or_hint_has_neither() -> None:
    group = form_group(AnswerForm()["notes"])
    assert '<textarea name="notes" cols="40" rows="10" class="govuk-textarea" id="id_notes">\n</textarea>' in group
    assert _collapsed(group) == (
        '<div class="govuk-form-group">'
        '<label class="govuk-label govuk-label--s" for="id_notes">Notes</label>'
        '<textarea name="notes" cols="40" rows="10" class="govuk-textarea" id="id_notes"></textarea>'
        "</div>"
    )


def test_a_date_is_a_fieldset_of_three_labelled_boxes() -> None:
    form = AnswerForm({"seen_on_day": "31", "seen_on_month": "2", "seen_on_year": "2026"})
    form.is_valid()
    html = _collapsed(form_group(form["seen_on"]))
    assert html.startswith(
        '<div class="govuk-form-group govuk-form-group--error">'
        '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_seen_on-hint id_seen_on-error">'
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date seen</legend>'
        '<div id="id_seen_on-hint" class="govuk-hint">For example, 27 3 2026</div>'
        '<p id="id_seen_on-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Date seen must be a real date</p>'
        '<div class="govuk-date-input" id="id_seen_on">'
    )
    boxes = re.findall(r'<label class="govuk-label govuk-date-input__label" for="([^"]+)">(\w+)</label>', html)
    assert boxes == [("id_seen_on_0", "Day"), ("id_seen_on_1", "Month"), ("id_seen_on_2", "Year")]
    assert 'name="seen_on_day" value="31"' in html
    assert 'name="seen_on_year" value="2026"' in html
    assert html.count("govuk-input--error") == 3


def test_radios_are_a_fieldset_without_a_group_role() -> None:
    html = _collapsed(form_group(AnswerForm()["place"]))
    assert html.startswith(
        '<div class="govuk-form-group"><fieldset class="govuk-fieldset">'
        '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Where</legend>'
        '<div class="govuk-radios" data-module="govuk-radios">'
    )


def test_a_single_checkbox_has_its_label_and_hint_after_the_box() -> None:
    html = _collapsed(form_group(AnswerForm()["agreed"]))
    assert html == (
        '<div class="govuk-form-group">'
        '<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">'
        '<div class="govuk-checkboxes__item">'
        '<input type="checkbox" name="agreed" class="govuk-checkboxes__input" aria-describedby="id_agreed-hint"'
        ' id="id_agreed">'
        '<label class="govuk-label govuk-checkboxes__label" for="id_agreed">The family agreed</label>'
        '<div id="id_agreed-hint" class="govuk-hint govuk-checkboxes__hint">Ask them first</div>'
        "</div></div></div>"
    )
    ticked = AnswerForm(initial={"agreed": True})
    assert (
        'name="agreed" class="govuk-checkboxes__input" aria-describedby="id_agreed-hint" id="id_agreed" checked>'
        in (str(ticked["agreed"]))
    )


def test_what_was_typed_and_the_labels_are_escaped() -> None:
    class EscapingForm(GovukForm):
        name = forms.CharField(label="Name <b>", help_text=mark_safe("Say <em>who</em>"))
        notes = forms.CharField(label="Notes", widget=forms.Textarea)

    form = EscapingForm({"name": '"><script>x</script>', "notes": "</textarea><b>&"})
    html = str(form)
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html
    assert ">Name &lt;b&gt;</label>" in html
    assert '<div id="id_name-hint" class="govuk-hint">Say <em>who</em></div>' in html
    assert ">\n&lt;/textarea&gt;&lt;b&gt;&amp;</textarea>" in html
    assert "<script>" not in html


def test_hidden_fields_come_first_without_a_form_group() -> None:
    html = str(AnswerForm(initial={"version": 3}))
    assert html.startswith('<input type="hidden" name="version" value="3" id="id_version">')
    # Five questions, and the date's three boxes each in a group of its own.
    assert html.count('<div class="govuk-form-group') == 5 + 3


def test_the_error_prefix_is_in_the_page_language() -> None:
    form = AnswerForm({"name": ""})
    form.is_valid()
    with translation.override("cy"):
        html = form_group(form["name"])
    assert '<span class="govuk-visually-hidden">Gwall:</span>' in html


SELECTS = {
    "teams, one chosen": (
        forms.Select(attrs={"class": "govuk-select"}),
        [(1, "Duty & assessment"), (2, "Child <protection>")],
        2,
    ),
    "nothing chosen, an empty first choice": (forms.Select(), [("", "All teams"), ("a", "Team A")], None),
    "groups of choices": (
        forms.Select(attrs={"aria-describedby": "hint"}),
        [("Family", [("person-1", "Ann Smith"), ("person-2", "Bob O'Neil")]), ("you", "You")],
        "person-2",
    ),
    "several chosen": (forms.SelectMultiple(), [(1, "One"), (2, "Two"), (3, "Three")], [1, 3]),
    "words marked safe and numbers as labels": (forms.Select(), [("x", mark_safe("<b>bold</b>")), (7, 1234)], 7),
}


def test_a_select_is_written_as_its_template_writes_it() -> None:
    from django.template.loader import get_template

    from casemap.core.form_markup import select_widget

    template = get_template("django/forms/widgets/select.html")
    for case, (widget, choices, value) in SELECTS.items():
        widget.choices = choices
        context = widget.get_context("team", value, {"id": "id_team"})
        assert select_widget(context) == template.render(context), case
    with translation.override("cy"):
        widget, choices, value = SELECTS["teams, one chosen"]
        context = widget.get_context("team", value, {"id": "id_team"})
        assert select_widget(context) == template.render(context)


CHOICE_WIDGETS = {
    "radios, one chosen": (forms.RadioSelect(), [("yes", "Yes"), ("no", "No <not sure>")], "no"),
    "radios side by side, required, none chosen": (
        forms.RadioSelect(attrs={"inline": True, "required": True}),
        [(0, "0"), (10, 1234)],
        None,
    ),
    "radios in groups, words marked safe": (
        forms.RadioSelect(),
        [("Family", [("person-1", mark_safe("<b>Ann</b>")), ("person-2", "Bob O'Neil")]), ("you", "You")],
        "you",
    ),
    "checkboxes, two chosen": (forms.CheckboxSelectMultiple(), [(1, "One"), (2, "Two & more"), (3, "Three")], [1, 3]),
    "checkboxes, required, none chosen": (
        forms.CheckboxSelectMultiple(attrs={"required": True}),
        [("a", "A"), ("b", "B")],
        [],
    ),
}


def test_radios_and_checkboxes_are_written_as_their_templates_write_them() -> None:
    from django.template.loader import get_template

    from casemap.core.form_markup import checkbox_select_widget, radio_widget

    for case, (widget, choices, value) in CHOICE_WIDGETS.items():
        widget.choices = choices
        write = checkbox_select_widget if isinstance(widget, forms.CheckboxSelectMultiple) else radio_widget
        template = get_template(widget.template_name)
        for attrs in ({"id": "id_answer"}, {}):
            context = widget.get_context("answer", value, attrs)
            assert write(context) == template.render(context), (case, attrs)
    with translation.override("cy"):
        widget, choices, value = CHOICE_WIDGETS["radios side by side, required, none chosen"]
        context = widget.get_context("answer", value, {"id": "id_answer"})
        assert radio_widget(context) == get_template(widget.template_name).render(context)


def test_a_form_of_radios_and_checkboxes_renders_through_the_python_widgets() -> None:
    class ChoicesForm(GovukForm):
        place = forms.ChoiceField(
            label="Where", choices=[("home", "Home"), ("school", "School")], widget=forms.RadioSelect
        )
        days = forms.MultipleChoiceField(
            label="Days", choices=[("mon", "Monday"), ("tue", "Tuesday")], widget=forms.CheckboxSelectMultiple
        )

    html = str(ChoicesForm({"place": "school", "days": ["tue"]}))
    assert (
        '<input class="govuk-radios__input" type="radio" name="place" value="school" id="id_place_1" checked required>'
    ) in html
    assert (
        '<input class="govuk-checkboxes__input" type="checkbox" name="days" value="tue" id="id_days_1" checked>' in html
    )
