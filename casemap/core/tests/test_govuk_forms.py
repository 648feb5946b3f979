"""The one rendering layer gives every form GOV.UK markup, with errors linked to their fields."""

import datetime

from django import forms
from django.template.loader import render_to_string

from casemap.core.forms import GovukDateField, GovukForm


class VisitForm(GovukForm):
    name = forms.CharField(label="Name", help_text="As the family say it")
    seen_on = GovukDateField(label="Date seen")
    kind = forms.ChoiceField(label="Kind", choices=[("a", "Home"), ("b", "School")], widget=forms.RadioSelect)
    notes = forms.CharField(label="Notes", widget=forms.Textarea)


def test_fields_render_as_govuk_components() -> None:
    html = str(VisitForm())
    assert 'class="govuk-input"' in html
    assert 'aria-describedby="id_name-hint"' in html
    assert 'class="govuk-radios"' in html
    assert "govuk-date-input__input govuk-input--width-4" in html
    assert 'class="govuk-textarea"' in html
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date seen</legend>' in html


def test_errors_mark_the_field_and_keep_the_value() -> None:
    form = VisitForm({"name": "", "seen_on_day": "31", "seen_on_month": "2", "seen_on_year": "2024", "notes": "kept"})
    assert not form.is_valid()
    html = str(form)
    assert "govuk-form-group--error" in html
    assert "govuk-input--error" in html
    assert 'id="id_seen_on-error"' in html
    assert "Date seen must be a real date" in html
    assert "\nkept</textarea>" in html


def test_date_field_messages() -> None:
    def error(day: str, month: str, year: str) -> str:
        form = VisitForm({"seen_on_day": day, "seen_on_month": month, "seen_on_year": year})
        form.is_valid()
        return " ".join(form.errors.get("seen_on", []))

    assert error("", "", "") == "This field is required."
    assert error("1", "", "2024") == "Date seen must include a month"
    assert error("1", "x", "2024") == "Date seen must be a real date, written in numbers"
    assert error("1", "2", "24") == "Year must include 4 numbers"
    assert error("31", "2", "2024") == "Date seen must be a real date"
    assert error("1", "99999999999999999999", "2024") == "Date seen must be a real date"
    form = VisitForm(
        {
            "name": "n",
            "seen_on_day": "29",
            "seen_on_month": "2",
            "seen_on_year": "2024",
            "kind": "a",
            "notes": "n",
        }
    )
    assert form.is_valid()
    assert form.cleaned_data["seen_on"] == datetime.date(2024, 2, 29)


def test_every_error_in_the_summary_links_to_a_field() -> None:
    form = VisitForm({"name": "Rose", "seen_on_day": "", "notes": "kept"})
    assert not form.is_valid()
    form.add_error(None, "Sally changed this record at 10:04. Check the changes, then save again.")
    html = render_to_string("govuk/error_summary.html", {"form": form})
    assert '<a href="#id_name">Sally changed this record at 10:04.' in html
    assert '<a href="#id_seen_on_0">' in html
    assert '<a href="#id_kind_0">' in html


def test_a_required_date_of_only_spaces_is_still_required() -> None:
    from casemap.core.forms import GovukDateField, GovukForm

    class WhenForm(GovukForm):
        held_on = GovukDateField(label="Date", error_messages={"required": "Enter the date of the mapping"})

    form = WhenForm({"held_on_day": " ", "held_on_month": "", "held_on_year": ""})
    assert not form.is_valid()
    assert form.errors["held_on"] == ["Enter the date of the mapping"]
