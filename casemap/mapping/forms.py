import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from casemap.core.forms import LONG_TEXT, GovukDateField, GovukForm, OfferedMultipleChoiceField, VersionField
from casemap.core.people_choice import KnownPerson, KnownPersonField
from casemap.mapping.models import ItemCategory, MapSetting, RaterRole
from casemap.mapping.statements import names_in_a_list
from casemap.people.models import Person


class KnownPeopleForm(GovukForm):
    """A form that asks who, offering the people already on the case's record (`casemap.cases.known_people`), the
    signed-in worker first. What is stored is the name, as before, so older records read the same."""

    def __init__(self, *args: Any, people: Sequence[KnownPerson], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        for field in self.fields.values():
            if isinstance(field, KnownPersonField):
                field.people = people

    def chosen(self, name: str) -> KnownPerson | None:
        """The known person a field's answer names, if it was chosen from the list."""
        value = self.cleaned_data.get(name) or ""
        return next((person for person in self.people if person.name == value), None)

    def chosen_person_id(self, name: str) -> int | None:
        """The id of the person on the case the answer names, when one was chosen (not a worker or network)."""
        person = self.chosen(name)
        if person is None or not person.key.startswith("person-"):
            return None
        return int(person.key.removeprefix("person-"))


class MapVersionForm(GovukForm):
    """Every change to a draft map carries the version of the map the worker was looking at."""

    version = VersionField()


class MapPeopleForm(KnownPeopleForm, MapVersionForm):
    """A change to a draft map that asks who."""


class StartMapForm(GovukForm):
    setting = forms.ChoiceField(
        label="Where is the mapping being done?",
        choices=MapSetting.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the mapping is done"},
    )
    held_on = GovukDateField(label="Date", error_messages={"required": "Enter the date of the mapping"})

    def clean_held_on(self) -> Any:
        value = self.cleaned_data.get("held_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of the mapping must be today or in the past")
        return value


class MapDetailsForm(StartMapForm, MapVersionForm):
    children = OfferedMultipleChoiceField(
        label="Which children is the map about?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose which children the map is about"},
    )

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        self.fields["children"].label_from_instance = lambda person: person.full_name


class ParticipantForm(MapPeopleForm):
    name = KnownPersonField(
        label="Who took part?", error_messages={"required": "Choose who took part, or enter their name"}
    )
    role = forms.ChoiceField(label="Their part in the mapping", choices=RaterRole.choices)


class ItemForm(MapPeopleForm):
    category = forms.ChoiceField(choices=ItemCategory.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        label="What was said or seen",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was said or seen"},
    )
    said_by = KnownPersonField(label="Who said or saw it (optional)", required=False)
    noted_on = GovukDateField(label="When (optional)", required=False)
    evidence = forms.CharField(
        label="Evidence (optional)", max_length=LONG_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    disputed_by = KnownPersonField(label="Who disagrees (optional)", max_length=255, required=False)


WHO_IS_WORRIED_LIMIT = 255  # the stored answer: the people ticked and anyone else, in one list of names
STATEMENT_MISSING = (
    "Enter the statement in words the family will understand, or answer the questions above to write it from"
)
GOAL_MISSING = "Enter the goal in words the family will understand, or answer the questions above to write it from"
# The answers a statement left empty is written from, and what to say when one of them is missing.
STATEMENT_QUESTIONS = {
    "who_is_worried": "Choose who is worried, or enter who they are",
    "behaviour": "Enter the behaviour people are worried about",
    "short_term_impact": "Enter what could happen to the children",
}
GOAL_QUESTIONS = {
    "parents_will": "Enter what the parents or carers will be doing",
    "child_will_experience": "Enter what the children will experience",
    "sustained_for": "Enter for how long",
}


def _split_names(names: str) -> list[str]:
    """'Sally, Rose and Kerri' -> ['Sally', 'Rose', 'Kerri']: the inverse of `names_in_a_list`."""
    return [part.strip() for part in re.split(r",\s*|\s+and\s+", names) if part.strip()]


class DangerPairForm(MapPeopleForm):
    """The structured questions of a danger statement and its safety goal, and the statements in the family's words.

    Who is worried may be several people: the people on the record are ticked, anyone else (an agency, a
    professional not yet recorded) is typed; the answer is kept as one list of names, as it always was."""

    who_is_worried_people = forms.MultipleChoiceField(
        label="Who is worried?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone on the record who is worried",
    )
    who_is_worried = forms.CharField(
        label="Anyone else who is worried (optional)",
        max_length=WHO_IS_WORRIED_LIMIT,
        required=False,
        help_text="Name the people and agencies, for example Sally from Child Protection Services",
    )
    behaviour = forms.CharField(
        label="About what behaviour, or what is not being done, by whom?",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Describe what people do, not a label: 'will scream, shout and throw things', not 'domestic violence'"
        ),
        required=False,
    )
    what_happened = forms.CharField(
        label="What has already happened? (optional)",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    short_term_impact = forms.CharField(
        label="What could happen to the children soon if nothing changes?",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    long_term_impact = forms.CharField(
        label="And in the long run? (optional)",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    statement = forms.CharField(
        label="The statement, in words the family will understand",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Leave empty and choose 'Write the statements for me' to start from your answers, then edit",
    )
    family_view = forms.CharField(
        label="Where the family disagree, in their words (optional)",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    parents_will = forms.CharField(
        label="What will the parents or carers be doing?",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Say what they will do, not what must stop: 'will sort out disagreements calmly'",
        required=False,
    )
    child_will_experience = forms.CharField(
        label="What will the children experience?",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    professionals_will_see = forms.CharField(
        label="What will professionals see? (optional)",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    sustained_for = forms.CharField(
        label="For how long must this carry on?",
        max_length=120,
        help_text="For example 6 months",
        required=False,
    )
    goal_statement = forms.CharField(
        label="The goal, in words the family will understand",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    family_version = forms.CharField(
        label="The family's own version of the goal (optional)",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, people: Sequence[KnownPerson], **kwargs: Any) -> None:
        super().__init__(*args, people=people, **kwargs)
        ticked: forms.MultipleChoiceField = self.fields["who_is_worried_people"]  # type: ignore[assignment]
        ticked.choices = [(person.key, person.label) for person in people]
        saved = str(self.initial.get("who_is_worried") or "")
        if saved and "who_is_worried_people" not in self.initial:
            self.initial.update(self.who_is_worried_initial(saved))

    def who_is_worried_initial(self, saved: str) -> dict[str, Any]:
        """A saved answer shown as ticks when it names only people on the record; otherwise all as typed, so
        that saving again keeps it word for word."""
        by_name = {person.name: person.key for person in self.people}
        names = _split_names(saved)
        if names and all(name in by_name for name in names):
            return {"who_is_worried_people": [by_name[name] for name in names], "who_is_worried": ""}
        return {"who_is_worried_people": [], "who_is_worried": saved}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        ticked = set(cleaned.get("who_is_worried_people", []))
        names = [person.name for person in self.people if person.key in ticked]  # in the order the page lists them
        other = (cleaned.get("who_is_worried") or "").strip()
        who = names_in_a_list([*names, other])
        if len(who) > WHO_IS_WORRIED_LIMIT:
            self.add_error(
                "who_is_worried",
                f"The people who are worried must be {WHO_IS_WORRIED_LIMIT} characters or fewer all together. "
                f"They have {len(who)}.",
            )
        cleaned["who_is_worried"] = who
        if "compose" not in self.data:  # writing the statements is a help that works from any answers
            self._written_or_answered(cleaned, "statement", STATEMENT_QUESTIONS, STATEMENT_MISSING)
            self._written_or_answered(cleaned, "goal_statement", GOAL_QUESTIONS, GOAL_MISSING)
        return cleaned

    def _written_or_answered(
        self, cleaned: dict[str, Any], statement: str, questions: dict[str, str], missing: str
    ) -> None:
        """A statement in the family's words is enough on its own. Left empty, it is written from the answers, so
        the answers it needs must be there; with no answers at all, the statement itself is asked for."""
        if (cleaned.get(statement) or "").strip() or any(name in self.errors for name in questions):
            return
        unanswered = {name: message for name, message in questions.items() if not cleaned.get(name, "").strip()}
        if len(unanswered) == len(questions):
            self.add_error(statement, missing)
            return
        for name, message in unanswered.items():
            self.add_error("who_is_worried_people" if name == "who_is_worried" else name, message)


class JudgementForm(MapPeopleForm):
    scale = forms.ChoiceField(label="Which scale?", choices=[("overall", "Overall")])
    rater_name = KnownPersonField(label="Who is scaling?", error_messages={"required": "Choose who gave the score"})
    rater_role = forms.ChoiceField(label="Their role", choices=RaterRole.choices)
    score = forms.TypedChoiceField(
        label="Score",
        coerce=int,
        choices=[(n, str(n)) for n in range(11)],
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Choose a score from 0 to 10"},
    )
    reason = forms.CharField(
        label="Why this score?",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the reason for the score"},
    )
    zero_anchor = forms.CharField(
        label="What 0 means, in words for this person (optional)",
        max_length=255,
        required=False,
        help_text="Leave empty to use the usual words",
    )
    ten_anchor = forms.CharField(
        label="What 10 means, in words for this person (optional)",
        max_length=255,
        required=False,
        help_text="Leave empty to use the usual words",
    )
    one_point_higher = forms.CharField(
        label="What would one point higher look like? (optional)",
        max_length=LONG_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, pairs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale: forms.ChoiceField = self.fields["scale"]  # type: ignore[assignment]
        scale.choices = [("overall", "Overall"), *pairs]


class NextStepForm(MapPeopleForm):
    action = forms.CharField(
        label="What needs to happen?",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what needs to happen"},
    )
    owner_name = KnownPersonField(label="Who will do it?", error_messages={"required": "Choose who will do it"})
    due_on = GovukDateField(label="By when?", error_messages={"required": "Enter the date it is due"})


class RemapForm(GovukForm):
    setting = StartMapForm.base_fields["setting"]
    held_on = StartMapForm.base_fields["held_on"]
    clean_held_on = StartMapForm.clean_held_on
