"""Composing danger statements and safety goals from their parts.

The form asks the structured questions; these functions put the answers into one readable
sentence the worker can then rewrite in the family's words.
"""

from collections.abc import Sequence


def names_in_a_list(names: Sequence[str]) -> str:
    """'Darel', 'Darel and Alkira', 'Darel, Alkira and Jirra'."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _clause(text: str) -> str:
    return text.strip().rstrip(".")


def compose_danger_statement(
    *,
    who_is_worried: str,
    behaviour: str,
    short_term_impact: str,
    children: Sequence[str],
    what_happened: str = "",
    long_term_impact: str = "",
) -> str:
    who = _clause(who_is_worried)
    verb = "are" if " and " in who or "," in who else "is"
    statement = f"{who} {verb} worried that {_clause(behaviour)}"
    if what_happened.strip():
        statement += f", like {_clause(what_happened)}"
    statement += f", and {names_in_a_list(children) or 'the children'} {_clause(short_term_impact)}"
    composed = _sentence(statement)
    if long_term_impact.strip():
        composed += " " + _sentence(f"in the long run, {_clause(long_term_impact)}")
    return composed


def compose_safety_goal(
    *,
    parents_will: str,
    child_will_experience: str,
    sustained_for: str,
    children: Sequence[str],
    professionals_will_see: str = "",
) -> str:
    parts = [
        _sentence(parents_will),
        _sentence(f"{names_in_a_list(children) or 'The children'} will {_clause(child_will_experience)}"),
    ]
    if professionals_will_see.strip():
        parts.append(_sentence(professionals_will_see))
    parts.append(_sentence(f"this will carry on for {_clause(sustained_for)}"))
    return " ".join(part for part in parts if part)
