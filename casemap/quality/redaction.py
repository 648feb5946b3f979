"""A guard on learning messages: any staff member's name found in the words is taken out before they are shown.

An auditor is asked to write learning for the service without naming a worker; this catches the slip. Every
member of staff's first name, last name and full name is matched as a whole word, in any case. A staff member
whose first name is also an ordinary word ("Will", "Hope") takes that word out too: a learning message with a
gap is better than one that names someone.
"""

import functools
import re

from casemap.accounts.models import User

NAME_REMOVED = "[name removed]"
SHORTEST_NAME = 2


def staff_names() -> frozenset[str]:
    """Every first, last and full name of staff, past and present: one query."""
    names: set[str] = set()
    for first, last in User.objects.values_list("first_name", "last_name").order_by():
        first, last = first.strip(), last.strip()
        names.update(name for name in (first, last, f"{first} {last}".strip()) if len(name) >= SHORTEST_NAME)
    return frozenset(names)


@functools.lru_cache(maxsize=4)
def _pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    # Longest first, so a full name goes as one and not as its two halves.
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=lambda name: (-len(name), name)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def without_names(text: str, names: frozenset[str]) -> str:
    pattern = _pattern(names)
    return pattern.sub(NAME_REMOVED, text) if pattern is not None else text
