"""Choosing several people at once, where a plan asks who makes sure a rule happens and who checks it: ticks
against the people already on the record (`casemap.cases.known_people`) and a box for anyone else.

What is stored keeps its shape: one network member, or the names written out as a list ("Merinda Cooper and Eddy
Cooper", `casemap.mapping.statements.names_in_a_list`), so plans written before still read the same and the
family's copy still says "make sure" for several people (`safety/templatetags/safety_words.py`).
"""

import re
from collections.abc import Sequence
from typing import Any

from django import forms

from casemap.core.people_choice import KnownPerson

# "Merinda and Eddy", "Rose & Pat", "Rose, Pat and Kerri": the ways a list of names is written.
_BETWEEN_NAMES = re.compile(r"\s*(?:,|&|\band\b)\s*", re.IGNORECASE)


class KnownPeopleField(forms.MultipleChoiceField):
    """Ticks against the people known to the record; `people` is set for each form."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.people: list[KnownPerson] = []

    def offer(self, people: Sequence[KnownPerson]) -> None:
        self.people = list(people)
        self.choices = [(person.key, person.label) for person in self.people]

    def names(self, keys: Sequence[str]) -> list[str]:
        """The names of the people ticked, in the order the list shows them."""
        return [person.name for person in self.people if person.key in keys]


def split_names(text: str) -> list[str]:
    """The names in a list as it was written: 'Merinda and Eddy' is Merinda, Eddy; 'Rose & Pat' is Rose, Pat."""
    return [name for name in _BETWEEN_NAMES.split(text.strip()) if name]


def ticked_and_others(stored: str, people: Sequence[KnownPerson]) -> tuple[list[str], str]:
    """A stored name or list of names shown again: the people it names who are on the record ticked, anyone else
    left written in the box. A list written by hand ("Merinda and Eddy") stays as it was typed."""
    known = {person.name: person.key for person in people}
    if stored.strip() in known:
        return [known[stored.strip()]], ""
    names = split_names(stored)
    if names and all(name in known for name in names):
        return [known[name] for name in names], ""
    return [], stored.strip()
