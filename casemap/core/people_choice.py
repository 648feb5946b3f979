"""Choosing a person instead of typing their name again.

Wherever a page asks who (who took part, who is scaling, who said or saw it, who will do it, who makes sure),
it offers the people already known: the signed-in worker first, then the family, the safety network and the
professionals on the case (`casemap.cases.known_people`), with "Someone else" and a name box as the fallback.
The field gives the chosen name as it is written on the record, so what is stored reads the same as before.
Without JavaScript both boxes show; the name box is used only when "Someone else" is chosen.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django import forms
from django.core.exceptions import ValidationError

SOMEONE_ELSE = "someone-else"


@dataclass(frozen=True)
class KnownPerson:
    """Someone on the record who can be chosen: `key` is stable for the page ("you", "person-12", "network-3"),
    `name` is what is stored, `description` says who they are to the family."""

    key: str
    name: str
    description: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.description})" if self.description else self.name


class PeopleOnDemand(Sequence[KnownPerson]):
    """The people known, read the first time they are needed: when a form is shown, or when a saved answer
    names someone from the list. An autosave that names nobody, or someone typed, reads none of them."""

    def __init__(self, read: Callable[[], list[KnownPerson]]) -> None:
        self._read = read
        self._people: list[KnownPerson] | None = None

    def _all(self) -> list[KnownPerson]:
        if self._people is None:
            self._people = list(self._read())
        return self._people

    @overload
    def __getitem__(self, index: int) -> KnownPerson: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[KnownPerson]: ...
    def __getitem__(self, index: int | slice) -> KnownPerson | Sequence[KnownPerson]:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())


class KnownPersonWidget(forms.MultiWidget):
    """A GOV.UK select of the people known, then a text box for someone else's name."""

    template_name = "govuk/widgets/known_person.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            widgets={
                "choice": forms.Select(attrs={"class": "govuk-select"}),
                "other": forms.TextInput(attrs={"class": "govuk-input govuk-!-width-two-thirds"}),
            },
            attrs=attrs,
        )
        self.people: Sequence[KnownPerson] = []

    def decompress(self, value: Any) -> list[Any]:
        if not value:
            return ["", ""]
        for person in self.people:
            if person.name == value:
                return [person.key, ""]
        return [SOMEONE_ELSE, value]

    def id_for_label(self, id_: str) -> str:
        return f"{id_}_0" if id_ else id_


class KnownPersonField(forms.MultiValueField):
    """Who, chosen from the people known to the record, or typed once when they are someone else."""

    widget = KnownPersonWidget

    def __init__(self, *, max_length: int = 160, **kwargs: Any) -> None:
        self.name_max_length = max_length
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),  # its length is checked in compress, in plain words
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(fields=fields, **kwargs)
        self.people = []

    @property
    def people(self) -> Sequence[KnownPerson]:
        return self._people

    @people.setter
    def people(self, people: Sequence[KnownPerson]) -> None:
        self._people = people if isinstance(people, PeopleOnDemand) else list(people)
        widget: KnownPersonWidget = self.widget  # type: ignore[assignment]
        widget.people = self._people
        choose: forms.Select = widget.widgets[0]  # type: ignore[assignment]
        # Read when the list is shown, so a save that names nobody from it does not read the people.
        choose.choices = lambda: [  # type: ignore[assignment]  # a callable is read when shown
            ("", "Choose someone"),
            *((p.key, p.label) for p in self._people),
            (SOMEONE_ELSE, "Someone else"),
        ]

    def chosen(self, value: str) -> KnownPerson | None:
        """The known person a stored name belongs to, if any (for pages that show who they are)."""
        return next((person for person in self._people if person.name == value), None)

    def compress(self, data_list: list[str]) -> str:
        if not data_list:
            return ""
        choice, other = (part.strip() if part else "" for part in [*data_list, "", ""][:2])
        if choice and choice != SOMEONE_ELSE:
            person = next((p for p in self._people if p.key == choice), None)
            if person is None:
                raise ValidationError("Choose someone from the list, or choose Someone else and enter their name")
            return person.name
        if choice == SOMEONE_ELSE and not other:
            raise ValidationError("Enter the name of the person, or choose them from the list")
        if len(other) > self.name_max_length:
            raise ValidationError(f"The name must be {self.name_max_length} characters or fewer")
        return other

    def clean(self, value: Any) -> str:
        name = super().clean(value)
        if self.required and not name:
            raise ValidationError(self.error_messages["required"], code="required")
        return name


def names_ticked(people: list[KnownPerson], keys: list[str], others: str) -> str:
    """Where several people may be named (who was there): the known people ticked, in the list's order, then
    anyone else as typed, as the one line of names the record keeps ("Merinda Cooper, Aunty Jen")."""
    names = [person.name for person in people if person.key in keys]
    return ", ".join([*names, others.strip()] if others.strip() else names)


def ticks_for_names(people: list[KnownPerson], saved: str) -> tuple[list[str], str]:
    """A saved line of names shown again: the keys of the known people it names, to tick, and the rest as typed,
    in its order, for the box for anyone else. Saving it again unchanged keeps every name."""
    by_name = {person.name: person.key for person in people}
    parts = [part.strip() for part in saved.split(",")]
    keys = [by_name[part] for part in parts if part in by_name]
    rest = ", ".join(part for part in parts if part and part not in by_name)
    return keys, rest
