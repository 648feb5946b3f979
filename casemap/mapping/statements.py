"""Composing danger statements and safety goals from their parts.

The form asks the structured questions; these functions put whatever answers there are into readable sentences
the worker then rewrites in the family's words. Any answer may be blank, one word, several people, long, or end
in punctuation: each answer is tidied into a clause (spaces and repeated punctuation collapsed, a trailing "and"
or "because" dropped) before it goes into a sentence, and every sentence starts with a capital and ends with a
full stop. With no answers at all there is nothing to write, and the result is empty.
"""

import re
from collections.abc import Sequence

_PUNCTUATION = ".,;:!?"
# Joining words that leave a sentence unfinished when an answer ends with them, or doubled when one starts with them.
_DANGLING_AT_END = {"and", "or", "but", "because", "so"}
_DANGLING_AT_START = {"and", "or", "but", "like"}
# Answers that say there is nothing to say.
_NOTHING = {"none", "n/a", "na", "nil", "nothing", "-"}


def names_in_a_list(names: Sequence[str]) -> str:
    """'Darel', 'Darel and Alkira', 'Darel, Alkira and Jirra'."""
    names = [name for name in names if name]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def clause(text: str | None) -> str:
    """An answer as a clause to build a sentence from: one line, single spaces, one punctuation mark where several
    were typed, and no punctuation or unfinished joining word at either end."""
    text = " ".join((text or "").split())
    if text.lower().strip(_PUNCTUATION) in _NOTHING:
        return ""
    text = re.sub(rf"\s+(?=[{_PUNCTUATION}])", "", text)  # "fights , and" -> "fights, and"
    text = re.sub(rf"([{_PUNCTUATION}])(?:\s*[{_PUNCTUATION}])+", r"\1", text)  # "fights,, and" -> "fights, and"
    text = re.sub(rf"\b({'|'.join(_DANGLING_AT_END)})[{_PUNCTUATION}]", r"\1", text, flags=re.IGNORECASE)  # "and, then"
    words = text.split()
    while words and words[-1].strip(_PUNCTUATION).lower() in _DANGLING_AT_END | {""}:
        words.pop()
    while words and words[0].strip(_PUNCTUATION).lower() in _DANGLING_AT_START | {""}:
        words.pop(0)
    return " ".join(words).strip(_PUNCTUATION + " ")


def sentence(text: str | None) -> str:
    """One sentence: a capital first letter and a full stop, or nothing when there is nothing to say."""
    text = clause(text)
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _joined(sentences: Sequence[str]) -> str:
    return " ".join(part for part in sentences if part)


def _is_several(who: str) -> bool:
    return " and " in who or "," in who


def _starts_with(text: str, word: str) -> bool:
    return text.split(" ", 1)[0].lower() == word


def _without_first_word(text: str, word: str) -> str:
    """The answer without a first word the sentence already has: "Will feel safe" -> "feel safe", "for 6 months"
    -> "6 months"; an answer of that word alone says nothing more."""
    if not _starts_with(text, word):
        return text
    return clause(text.split(" ", 1)[1]) if " " in text else ""


def compose_danger_statement(
    *,
    who_is_worried: str | None,
    behaviour: str | None,
    short_term_impact: str | None,
    children: Sequence[str],
    what_happened: str | None = "",
    long_term_impact: str | None = "",
) -> str:
    """'Sally is worried that …, like …, and Darel and Alkira will …. In the long run, ….'"""
    who, worry, happened = clause(who_is_worried), clause(behaviour), clause(what_happened)
    soon, later = clause(short_term_impact), clause(long_term_impact)
    children_named = names_in_a_list([clause(child) for child in children]) or "the children"
    first = ""
    if who or worry or happened or soon:
        subject = who or "We"
        worried = f"{subject} {'are' if subject == 'We' or _is_several(who) else 'is'} worried"
        if worry:
            first = f"{worried} that {worry}"
            if happened:
                first += f", like {happened}"
            if soon:
                first += f", and {children_named} {soon}"
        elif soon:
            first = f"{worried} that {children_named} {soon}"
            if happened:
                first += f", after what happened {happened}"
        else:
            first = f"{worried} about {children_named}"
            if happened:
                first += f" after what happened {happened}"
    second = f"in the long run, {later}" if later else ""
    return _joined([sentence(first), sentence(second)])


def compose_safety_goal(
    *,
    parents_will: str | None,
    child_will_experience: str | None,
    sustained_for: str | None,
    children: Sequence[str],
    professionals_will_see: str | None = "",
) -> str:
    """'Merinda and Eddy will …. Darel and Alkira will …. Sally will see …. This will carry on for 6 months.'"""
    parents, professionals = clause(parents_will), clause(professionals_will_see)
    if _starts_with(parents, "will"):  # "will sort out problems calmly": say who will
        doing = _without_first_word(parents, "will")
        parents = f"the parents will {doing}" if doing else ""
    experience = _without_first_word(clause(child_will_experience), "will")
    how_long = _without_first_word(clause(sustained_for), "for")
    children_named = names_in_a_list([clause(child) for child in children]) or "the children"
    return _joined(
        [
            sentence(parents),
            sentence(f"{children_named} will {experience}" if experience else ""),
            sentence(professionals),
            sentence(f"this will carry on for {how_long}" if how_long else ""),
        ]
    )
