"""Bad input is answered in plain words: the version field, and the length of free text."""

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string

from casemap.core.forms import (
    LONG_TEXT,
    OUT_OF_DATE_MESSAGE,
    GovukForm,
    VersionField,
    posted_version,
    text_limit_subject,
)


class NoteForm(GovukForm):
    version = VersionField()
    note = forms.CharField(label="Case note", max_length=LONG_TEXT, widget=forms.Textarea)
    why = forms.CharField(label="Why was the child not seen? (optional)", max_length=10, required=False)


@pytest.mark.parametrize("posted", ["", "abc", "1.5", "-1", "2147483648", "9" * 5000, "\x00", "1; DROP TABLE"])
def test_a_version_that_is_missing_or_not_a_version_says_the_page_was_out_of_date(posted: str) -> None:
    form = NoteForm({"version": posted, "note": "Seen at home"})
    assert not form.is_valid()
    assert form.errors.as_data().keys() == {"__all__"}
    assert form.non_field_errors() == [OUT_OF_DATE_MESSAGE]


def test_a_missing_version_is_refused_too() -> None:
    form = NoteForm({"note": "Seen at home"})
    assert not form.is_valid()
    assert form.non_field_errors() == [OUT_OF_DATE_MESSAGE]


@pytest.mark.parametrize(("posted", "version"), [("0", 0), ("7", 7), (" 12 ", 12), ("2147483647", 2_147_483_647)])
def test_a_version_is_a_whole_number_a_record_can_have(posted: str, version: int) -> None:
    form = NoteForm({"version": posted, "note": "Seen at home"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["version"] == version


def test_the_out_of_date_message_is_said_once_at_the_top_not_linked_to_a_hidden_field() -> None:
    form = NoteForm({"version": "x", "note": ""})
    form.is_valid()
    summary = render_to_string("govuk/error_summary.html", {"form": form})
    assert summary.count(OUT_OF_DATE_MESSAGE) == 1
    assert 'href="#id_version"' not in summary


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"version": "3", "why": "no"}, 3),
        ({"version": "three"}, None),
        ({}, None),
        ({"version": "-4"}, None),
    ],
)
def test_a_button_reads_its_version_through_the_same_field(data: dict[str, str], expected: int | None) -> None:
    posted = QueryDict(mutable=True)
    posted.update(data)
    assert posted_version(posted) == expected


def test_over_long_text_says_how_long_it_may_be_and_how_long_it_is() -> None:
    form = NoteForm({"version": "1", "note": "x" * 25_301, "why": "y" * 11})
    assert not form.is_valid()
    assert form.errors["note"] == ["Case note must be 20,000 characters or fewer. It has 25,301."]
    assert form.errors["why"] == ["Your answer must be 10 characters or fewer. It has 11."]
    assert NoteForm({"version": "1", "note": "x" * LONG_TEXT}).is_valid()


def test_over_long_text_stays_on_the_form_as_typed() -> None:
    typed = "Visited at home. " * 1_500
    form = NoteForm({"version": "1", "note": typed})
    assert not form.is_valid()
    assert typed in str(form)


def test_a_text_box_does_not_cut_a_long_paste_off_in_the_browser() -> None:
    html = str(NoteForm())
    assert 'maxlength="20000"' not in html
    assert 'maxlength="10"' in html  # a one-line box still says its limit


def test_a_field_with_its_own_length_message_keeps_it() -> None:
    class CodeForm(GovukForm):
        code = forms.CharField(max_length=6, error_messages={"max_length": "The security code must be 6 digits"})

    form = CodeForm({"code": "1234567"})
    assert not form.is_valid()
    assert form.errors["code"] == ["The security code must be 6 digits"]


@pytest.mark.parametrize(
    ("label", "subject"),
    [
        ("Note", "Note"),
        ("Notes (optional)", "Notes"),
        ("The child's words", "The child's words"),
        ("Why this score?", "Your answer"),
        ("What was reported", "Your answer"),
        ("Or a name, like a helpline", "Your answer"),
        (None, "Your answer"),
    ],
)
def test_the_message_names_the_field_or_says_your_answer(label: str | None, subject: str) -> None:
    assert text_limit_subject(label) == subject
