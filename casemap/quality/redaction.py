"""A guard on learning messages: any staff member's name found in the words is taken out before they are shown.

An auditor is asked to write learning for the service without naming a worker; this catches the slip. Every
member of staff's first name, last name and full name is matched as a whole word, in any case. A staff member
whose first name is also an ordinary word ("Will", "Hope") takes that word out too: a learning message with a
gap is better than one that names someone.
"""

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from casemap.accounts.models import User

NAME_REMOVED = "[name removed]"
SHORTEST_NAME = 2
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class StaffNames:
    """Names in lower case, each indexed by the words in it, so a text is matched only against the few names
    whose words it holds."""

    names: frozenset[str]
    by_word: dict[str, frozenset[str]]

    @classmethod
    def of(cls, names: set[str]) -> "StaffNames":
        by_word: dict[str, set[str]] = defaultdict(set)
        lowered = {name.lower() for name in names}
        for name in lowered:
            for word in _WORD.findall(name):
                by_word[word].add(name)
        return cls(frozenset(lowered), {word: frozenset(found) for word, found in by_word.items()})

    def found_in(self, text: str) -> frozenset[str]:
        words = set(_WORD.findall(text.lower()))
        return frozenset(
            name for word in words for name in self.by_word.get(word, ()) if set(_WORD.findall(name)) <= words
        )


def staff_names() -> StaffNames:
    """Every first, last and full name of staff, past and present: one query. Indexing a few thousand names costs
    more than reading them, and they seldom change: the index is kept for the names as read."""
    return _indexed(tuple(User.objects.values_list("first_name", "last_name").order_by("pk")))


@functools.lru_cache(maxsize=4)
def _indexed(rows: tuple[tuple[str, str], ...]) -> StaffNames:
    names: set[str] = set()
    for first, last in rows:
        first, last = first.strip(), last.strip()
        names.update(name for name in (first, last, f"{first} {last}".strip()) if len(name) >= SHORTEST_NAME)
    return StaffNames.of(names)


@functools.lru_cache(maxsize=256)
def _pattern(names: frozenset[str]) -> re.Pattern[str]:
    # Longest first, so a full name goes as one and not as its two halves.
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=lambda name: (-len(name), name)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def without_names(text: str, names: StaffNames) -> str:
    found = names.found_in(text)
    return _pattern(found).sub(NAME_REMOVED, text) if found else text
