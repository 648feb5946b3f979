from typing import Any

from django import forms
from django.utils import timezone

from casemap.core.forms import LONG_TEXT, GovukDateField, GovukForm, VersionField
from casemap.mapping.models import ItemCategory, MapSetting, RaterRole
from casemap.people.models import Person


class MapVersionForm(GovukForm):
    """Every change to a draft map carries the version of the map the worker was looking at."""

    version = VersionField()


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
    children = forms.ModelMultipleChoiceField(
        label="Which children is the map about?",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose which children the map is about"},
    )

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = children
        self.fields["children"].label_from_instance = lambda person: person.full_name


class ParticipantForm(MapVersionForm):
    name = forms.CharField(label="Name", max_length=160, error_messages={"required": "Enter the person's name"})
    role = forms.ChoiceField(label="Role", choices=RaterRole.choices)


class ItemForm(MapVersionForm):
    category = forms.ChoiceField(choices=ItemCategory.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        label="What was said or seen",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter what was said or seen"},
    )
    said_by = forms.CharField(label="Who said or saw it (optional)", max_length=160, required=False)
    noted_on = GovukDateField(label="When (optional)", required=False)
    evidence = forms.CharField(
        label="Evidence (optional)", max_length=LONG_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    disputed_by = forms.CharField(label="Who disagrees (optional)", max_length=255, required=False)


class DangerPairForm(MapVersionForm):
    """The structured questions of a danger statement and its safety goal, and the statements in the family's words."""

    who_is_worried = forms.CharField(
        label="Who is worried?",
        max_length=255,
        help_text="Name the people and agencies, for example Sally from Child Protection Services",
        error_messages={"required": "Enter who is worried"},
    )
    behaviour = forms.CharField(
        label="About what behaviour, or what is not being done, by whom?",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Describe what people do, not a label: 'will scream, shout and throw things', not 'domestic violence'"
        ),
        error_messages={"required": "Enter the behaviour people are worried about"},
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
        error_messages={"required": "Enter what could happen to the children"},
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
        error_messages={"required": "Enter what the parents or carers will be doing"},
    )
    child_will_experience = forms.CharField(
        label="What will the children experience?",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what the children will experience"},
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
        error_messages={"required": "Enter for how long"},
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


class JudgementForm(MapVersionForm):
    scale = forms.ChoiceField(label="Which scale?", choices=[("overall", "Overall")])
    rater_name = forms.CharField(
        label="Who is scaling?", max_length=160, error_messages={"required": "Enter who gave the score"}
    )
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


class NextStepForm(MapVersionForm):
    action = forms.CharField(
        label="What needs to happen?",
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter what needs to happen"},
    )
    owner_name = forms.CharField(
        label="Who will do it?", max_length=160, error_messages={"required": "Enter who will do it"}
    )
    due_on = GovukDateField(label="By when?", error_messages={"required": "Enter the date it is due"})


class RemapForm(GovukForm):
    setting = StartMapForm.base_fields["setting"]
    held_on = StartMapForm.base_fields["held_on"]
    clean_held_on = StartMapForm.clean_held_on
