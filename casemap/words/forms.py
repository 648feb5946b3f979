"""Forms for Words and Pictures: one question page, one form. Choices of children and parents come from the
case, so a form cannot name anyone else; who explained it and who else was there are chosen from the people the
case's record already names (`casemap.cases.known_people`), with anyone else typed once."""

from typing import Any, cast

from django import forms
from django.utils import timezone

from casemap.core.forms import LONG_TEXT, SHORT_TEXT, GovukDateField, GovukForm, VersionField
from casemap.core.people_choice import KnownPerson, KnownPersonField, names_ticked
from casemap.core.uploads import UploadRefused, upload_clean, upload_read
from casemap.people.models import Person
from casemap.voice.models import ChildDrawing
from casemap.words.models import AgreementResponse

YES_NO = [("yes", "Yes"), ("no", "No")]
NO_PARENT = "none"
OTHERS_PRESENT_LIMIT = 255  # the record's column for who else was there


def _people(people: list[Person]) -> list[tuple[str, str]]:
    return [(str(person.pk), person.full_name) for person in people]


def _not_future(value: Any, what: str) -> Any:
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"The date {what} must be today or in the past")
    return value


class BookletForm(GovukForm):
    title = forms.CharField(
        label="Title of the booklet",
        max_length=160,
        help_text="For example, Darel, Alkira and Jirra's story",
        error_messages={"required": "Enter a title for the booklet"},
    )
    children = forms.MultipleChoiceField(
        label="Who is the booklet for?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one child the booklet is for"},
    )

    def __init__(self, *args: Any, children: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["children"]).choices = _people(children)
        self._apply_govuk_attributes()


class PageForm(GovukForm):
    version = VersionField()
    heading = forms.CharField(
        label="Heading (optional)", max_length=120, required=False, help_text="For example, Who is worried?"
    )
    text = forms.CharField(
        label="The words on the page",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Write as you would say it to the child: short sentences and everyday words.",
        error_messages={"required": "Enter the words for this page"},
    )
    picture = forms.FileField(
        label="Picture (optional)",
        required=False,
        help_text="A PNG or JPEG: a drawing the child made, or a photo of one.",
        widget=forms.FileInput(attrs={"class": "govuk-file-upload", "accept": "image/png,image/jpeg"}),
    )
    picture_description = forms.CharField(
        label="What the picture shows (optional)",
        max_length=200,
        required=False,
        help_text="For anyone who cannot see it, for example: Alkira's drawing of her cat",
    )
    drawing = forms.ChoiceField(
        label="Or use one of the children's drawings (optional)",
        required=False,
        widget=forms.RadioSelect,
        help_text="Drawings from their voice records, on the pad or on paper.",
    )
    remove_picture = forms.BooleanField(label="Take the picture off this page", required=False)

    def __init__(
        self, *args: Any, has_picture: bool = False, drawings: list[ChildDrawing] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if not has_picture:
            del self.fields["remove_picture"]
        if drawings:
            cast(forms.ChoiceField, self.fields["drawing"]).choices = [
                ("", "No drawing"),
                *[(str(d.pk), f"{d.child.first_name}: {d.title}, {d.drawn_on:%-d %B %Y}") for d in drawings],
            ]
        else:
            del self.fields["drawing"]
        self._apply_govuk_attributes()

    def clean_picture(self) -> Any:
        """Checked and cleaned here, so a refused picture is said against the field and the words stay as typed."""
        uploaded = self.cleaned_data.get("picture")
        if not uploaded:
            return None
        try:
            return upload_clean(data=upload_read(uploaded), original_name=uploaded.name or "", allow_pdf=False)
        except UploadRefused as refused:
            raise forms.ValidationError(refused.messages) from refused

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("picture") and data.get("drawing"):
            self.add_error("drawing", "Choose one of the children's drawings or upload a picture, not both")
        return data


class AgreementForm(GovukForm):
    version = VersionField()
    parent = forms.ChoiceField(
        label="Which parent?", widget=forms.RadioSelect, error_messages={"required": "Choose a parent"}
    )
    response = forms.ChoiceField(
        label="Does the parent agree with the wording?",
        choices=AgreementResponse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the parent agrees with the wording"},
    )
    their_words = forms.CharField(
        label="What they want changed, or what they do not agree with",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In the parent's own words. Needed unless they agree.",
    )
    agreed_on = GovukDateField(label="Date they gave their view", error_messages={"required": "Enter the date"})

    def __init__(self, *args: Any, parents: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["parent"]).choices = _people(parents)
        self._apply_govuk_attributes()

    def clean_agreed_on(self) -> Any:
        return _not_future(self.cleaned_data.get("agreed_on"), "they gave their view")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        response = data.get("response")
        if response and response != AgreementResponse.AGREED and not str(data.get("their_words", "")).strip():
            self.add_error("their_words", "Enter what the parent wants changed or does not agree with")
        return data


class GivenForm(GovukForm):
    version = VersionField()
    child = forms.ChoiceField(
        label="Which child?", widget=forms.RadioSelect, error_messages={"required": "Choose a child"}
    )
    given_on = GovukDateField(label="Date it was given", error_messages={"required": "Enter the date it was given"})
    parent_present = forms.ChoiceField(
        label="Which parent was there?",
        widget=forms.RadioSelect,
        help_text="Share the booklet with a parent there if you can.",
        error_messages={"required": "Say which parent was there, or that no parent was"},
    )
    others_present_people = forms.MultipleChoiceField(
        label="Who else was there? (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone on the record who was there",
    )
    others_present = forms.CharField(
        label="Anyone else who was there (optional)",
        max_length=OTHERS_PRESENT_LIMIT,
        required=False,
        help_text="Their names, for example Pat from school",
    )
    explained_by = KnownPersonField(
        label="Who explained it to the child?",
        max_length=160,
        error_messages={"required": "Choose who explained the booklet to the child, or enter their name"},
    )
    child_kept_copy = forms.ChoiceField(
        label="Did the child keep a copy?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the child kept a copy"},
    )
    child_said = forms.CharField(
        label="What the child said, asked or added (optional)",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Write the child's own words. Say if they drew or added anything.",
    )

    def __init__(
        self, *args: Any, children: list[Person], parents: list[Person], people: list[KnownPerson], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        cast(forms.ChoiceField, self.fields["child"]).choices = _people(children)
        cast(forms.ChoiceField, self.fields["parent_present"]).choices = [
            *_people(parents),
            (NO_PARENT, "No parent was there"),
        ]
        cast(forms.ChoiceField, self.fields["others_present_people"]).choices = [(p.key, p.label) for p in people]
        cast(KnownPersonField, self.fields["explained_by"]).people = people
        self._apply_govuk_attributes()

    def clean_given_on(self) -> Any:
        return _not_future(self.cleaned_data.get("given_on"), "it was given")

    def clean(self) -> dict[str, Any]:
        """Who else was there, ticked and typed, is kept as one line of names."""
        data = super().clean() or {}
        if "others_present" in data:
            others = names_ticked(self.people, data.get("others_present_people") or [], data["others_present"])
            if len(others) > OTHERS_PRESENT_LIMIT:
                self.add_error(
                    "others_present",
                    f"The names of who else was there must be {OTHERS_PRESENT_LIMIT} characters or fewer all "
                    f"together. They have {len(others)}.",
                )
            else:
                data["others_present"] = others
        return data


class ExplanationForm(GovukForm):
    case = forms.ChoiceField(
        label="Which case is this for?", widget=forms.RadioSelect, error_messages={"required": "Choose a case"}
    )
    explained_on = GovukDateField(
        label="Date of the explanation", error_messages={"required": "Enter the date of the explanation"}
    )
    how = forms.CharField(
        label="How was it explained?",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, talked through with pictures at school, with mum there",
        error_messages={"required": "Enter how the explanation was given"},
    )
    explained_by = KnownPersonField(
        label="Who explained it?",
        max_length=160,
        error_messages={"required": "Choose who gave the explanation, or enter their name"},
    )

    def __init__(self, *args: Any, cases: list[tuple[int, str]], people: list[KnownPerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["case"]).choices = [(str(pk), name) for pk, name in cases]
        cast(KnownPersonField, self.fields["explained_by"]).people = people
        if len(cases) == 1:
            self.fields["case"].initial = str(cases[0][0])
        self._apply_govuk_attributes()

    def clean_explained_on(self) -> Any:
        return _not_future(self.cleaned_data.get("explained_on"), "of the explanation")


class ArchiveForm(GovukForm):
    version = VersionField()
    reason = forms.CharField(
        label="Why are you archiving this booklet?",
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the booklet is being archived"},
    )
