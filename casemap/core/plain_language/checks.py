"""Checks that coach a worker towards plain, behaviourally specific writing.

Each check returns hints: things worth a second look, shown beside the text. A hint never stops
a save. The checks are heuristics over words, not grammar, so they lean towards staying quiet:
a hint that is wrong every time teaches workers to ignore all of them.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from casemap.core.plain_language.lexicon import (
    BEHAVIOUR_WORDS,
    IMPACT_PHRASES,
    JARGON,
    NOT_ACTIONS,
    NOT_NAMES,
    ROLE_WORDS,
    TURN_ROUND,
    JargonTerm,
)


@dataclass(frozen=True)
class Hint:
    code: str
    message: str
    term: str = ""
    suggestion: str = ""


# A hyphen or apostrophe joins words: "self-neglect" is not "neglect", and "we're" is not "re".
_BEFORE_WORD = r"(?<![\w'\u2019-])"
_AFTER_WORD = r"(?![\w-])"


def _is_abbreviation(word: str) -> bool:
    return sum(character.isupper() for character in word) >= 2


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """Whole-word pattern for a phrase: any case, except abbreviations, which match exactly.

    Words may be split by spaces or hyphens, and a plural "s" may follow the last word.
    """
    words = re.split(r"[\s-]+", phrase.strip())
    parts = [
        re.escape(word) if _is_abbreviation(word) else "(?i:" + re.escape(word).replace("'", "['\u2019]") + ")"
        for word in words
    ]
    last = words[-1]
    # Short words take no plural, so "re" never matches "res".
    plural = "[sS]?" if len(last) >= 3 and not last.lower().endswith("s") else ""
    return re.compile(_BEFORE_WORD + r"[\s-]+".join(parts) + plural + _AFTER_WORD)


_JARGON_PATTERNS = tuple((term, _phrase_pattern(term.phrase)) for term in JARGON)
_IMPACT_PATTERNS = tuple(_phrase_pattern(phrase) for phrase in IMPACT_PHRASES)


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    term: JargonTerm


def _find_jargon(text: str) -> list[_Found]:
    """Jargon in the text, in reading order, with no two finds overlapping."""
    candidates = [
        _Found(match.start(), match.end(), term)
        for term, pattern in _JARGON_PATTERNS
        for match in pattern.finditer(text)
    ]
    # Longest first, so "LAC review" wins over "LAC" and "failed to engage" over "failed to".
    candidates.sort(key=lambda found: (found.start - found.end, found.start))
    kept: list[_Found] = []
    taken = bytearray(len(text))
    for found in candidates:
        if not any(taken[found.start : found.end]):
            kept.append(found)
            taken[found.start : found.end] = b"\x01" * (found.end - found.start)
    return sorted(kept, key=lambda found: found.start)


def _jargon_message(written: str, term: JargonTerm) -> str:
    if term.label:
        message = f"“{written}” is jargon. Describe what happened instead: {term.plain}."
    else:
        message = f"“{written}” is jargon. Write “{term.plain}” instead."
    return f"{message} {term.note}" if term.note else message


def jargon_hints(text: str) -> list[Hint]:
    """One hint per jargon term in the text, in the order the worker wrote them."""
    hints: list[Hint] = []
    reported: set[JargonTerm] = set()
    for found in _find_jargon(text):
        if found.term in reported:
            continue
        reported.add(found.term)
        written = text[found.start : found.end]
        hints.append(Hint("jargon", _jargon_message(written, found.term), term=written, suggestion=found.term.plain))
    return hints


# --- Danger statements -------------------------------------------------------------------------

_WORRIED = re.compile(
    r"(?:\b(?:am|is|are|was|were|feel|feels|felt|remain|remains|became|become)|['\u2019](?:s|re|m))\s+"
    r"(?:(?:really|very|so|still|also|most|more|particularly|extremely|deeply|increasingly|all|both|now|quite)\s+)*"
    r"(?:worried|concerned)\b"
    r"|\b(?:worry|worries)\s+(?:that|about)\b"
    r"|\b(?:has|have)\s+(?:(?:some|real|serious|big)\s+)?(?:worries|concerns)\b",
    re.IGNORECASE,
)
# Several children can be named together; a baby may not have a name yet.
_CHILDREN_TOGETHER = re.compile(
    r"\b(?:the|both|all|their|these)\s+(?:\w+\s+)?(?:children|kids|siblings|boys|girls)\b", re.IGNORECASE
)
_BABY = re.compile(r"\b(?:the|their|her|his|unborn)\s+(?:unborn\s+|new\s+)?baby\b", re.IGNORECASE)
_ANY_CHILD = re.compile(
    r"\b(?:child|children|kids?|baby|young\s+(?:person|people)|boy|girl|son|daughter)s?\b", re.IGNORECASE
)

NO_ONE_WORRIED = Hint(
    "no-one-worried",
    "Say who is worried, by name or role, "
    "for example “Sally (social worker) and Rose (family friend) are worried that …”.",
)
NO_BEHAVIOUR = Hint(
    "no-behaviour",
    "Say what the parent or carer does or does not do that worries you, "
    "for example “Merinda and Eddy will scream, swear and throw things at each other”.",
)
NO_IMPACT = Hint(
    "no-impact",
    "Say what could happen to the child if nothing changes, "
    "for example “Alkira could be badly hurt” or “the children will be frightened and miss school”.",
)


def _names_someone_worried(text: str) -> bool:
    """Someone named or described by role, before the words that say they are worried."""
    for match in _WORRIED.finditer(text):
        for word in re.findall(r"[\w'\u2019]+", text[: match.start()]):
            if word.lower() in ROLE_WORDS or (word[0].isupper() and word.lower() not in NOT_NAMES):
                return True
    return False


def _behaviour_hints(text: str) -> list[Hint]:
    """No hint if a behaviour word appears outside the jargon; else point at the label used, if any."""
    found = _find_jargon(text)
    # Blank out jargon so "supervised contact" does not count as supervising.
    outside_jargon = list(text)
    for each in found:
        outside_jargon[each.start : each.end] = " " * (each.end - each.start)
    words = re.findall(r"[a-z]+", "".join(outside_jargon).lower())
    if any(word in BEHAVIOUR_WORDS for word in words):
        return []
    labels = [each for each in found if each.term.label]
    if not labels:
        return [NO_BEHAVIOUR]
    written = text[labels[0].start : labels[0].end]
    message = (
        f"“{written}” is a label, not a behaviour. "
        f"Say what the parent or carer does or does not do: {labels[0].term.plain}."
    )
    return [Hint("label-not-behaviour", message, term=written, suggestion=labels[0].term.plain)]


def _names_list(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _names_a_child(text: str, child_names: Sequence[str]) -> bool:
    names = [name.strip() for name in child_names if name.strip()]
    if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) for name in names):
        return True
    if len(names) != 1 and _CHILDREN_TOGETHER.search(text):
        return True
    if _BABY.search(text):
        return True
    # With no names on the map yet, any mention of a child is the best that can be asked for.
    return not names and bool(_ANY_CHILD.search(text))


def _no_child_hint(child_names: Sequence[str]) -> Hint:
    names = [name.strip() for name in child_names if name.strip()]
    if not names:
        return Hint("no-child", "Say which child this is about.")
    who = "child" if len(names) == 1 else "children"
    listed = _names_list(names)
    return Hint("no-child", f"Name the {who} this is about: {listed}.", suggestion=listed)


def danger_statement_hints(text: str, *, child_names: Sequence[str]) -> list[Hint]:
    """Checks a danger statement says who is worried, about what behaviour, for which child, and
    what could happen to the child if nothing changes."""
    hints: list[Hint] = []
    if not _names_someone_worried(text):
        hints.append(NO_ONE_WORRIED)
    hints.extend(_behaviour_hints(text))
    if not _names_a_child(text, child_names):
        hints.append(_no_child_hint(child_names))
    if not any(pattern.search(text) for pattern in _IMPACT_PATTERNS):
        hints.append(NO_IMPACT)
    return hints


# --- Safety goals ------------------------------------------------------------------------------

_NEGATIVE = re.compile(
    r"\b(?:(?:will|would|must|should|shall|can|could|do|does)\s+not|(?:won|wouldn|mustn|shouldn|can|couldn|don|doesn)['\u2019]t"
    r"|cannot|never|no\s+more|no\s+longer|stop(?:s|ped|ping)?|refrain\s+from)\b",
    re.IGNORECASE,
)
_NEXT_WORD = re.compile(r"\s+([a-z]+)", re.IGNORECASE)
_TURNED_ROUND_EXAMPLE = "will sort out problems calmly"

_NUMBER = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|"
    r"twenty[\s-]four|a\s+few|few|several)"
)
_UNIT = r"(?:(?:school|calendar)\s+)?(?:day|week|month|year|term|half[\s-]term)s?"
_DURATION = re.compile(
    r"\b(?:(?:for|over|during|throughout)\s+"
    r"(?:at\s+least\s+|a\s+period\s+of\s+|a\s+further\s+|another\s+|the\s+(?:next|coming|following|whole)\s+)?"
    rf"(?:{_NUMBER}(?:\s*(?:-|\u2013|to|or)\s*{_NUMBER})?\s+)?(?:more\s+)?{_UNIT}"
    rf"|until|till|{_NUMBER}[\s-]+{_UNIT}\s+period)\b",
    re.IGNORECASE,
)
# Words between "will" and the action that say nothing about what is done.
_FILLER = frozenset({"always", "both", "each", "all", "still", "also", "then", "now", "continue", "to"})

GOAL_NO_ACTION = Hint(
    "goal-no-action",
    "Say what the parents or carers will do, "
    "for example “Merinda and Eddy will sort out disagreements calmly, away from the children”.",
)
GOAL_NO_DURATION = Hint(
    "goal-no-duration",
    "Say how long things must stay like this before the case can close, for example “for 6 months”.",
)


def _turned_round(word: str) -> str | None:
    """The positive turn for a verb in any of its forms: "hitting" and "fights" find "hit" and "fight"."""
    stem = word.lower()
    candidates = [stem, stem.removesuffix("s")]
    if stem.endswith("ing"):
        candidates += [stem[:-3], stem[:-4], stem[:-3] + "e"]
    return next((TURN_ROUND[candidate] for candidate in candidates if candidate in TURN_ROUND), None)


def _negative_goal_hints(text: str) -> list[Hint]:
    hints: list[Hint] = []
    reported: set[str] = set()
    for match in _NEGATIVE.finditer(text):
        end, turn = match.end(), None
        # The behaviour is usually one of the next few words: "will not ever hit".
        position = match.end()
        for _ in range(3):
            word = _NEXT_WORD.match(text, position)
            if word is None:
                break
            position = word.end()
            turn = _turned_round(word.group(1))
            if turn is not None:
                end = position
                break
        written = text[match.start() : end]
        if written.lower() in reported:
            continue
        reported.add(written.lower())
        suggestion = f"will {turn}" if turn else ""
        message = (
            f"Say what people will do, not only what must stop: turn “{written}” round, "
            f"for example “{suggestion or _TURNED_ROUND_EXAMPLE}”."
        )
        hints.append(Hint("goal-negative", message, term=written, suggestion=suggestion))
    return hints


def _says_what_someone_will_do(text: str) -> bool:
    words = re.findall(r"[a-z'\u2019]+", text.lower())
    for index, word in enumerate(words):
        if word == "will" or word.endswith(("'ll", "\u2019ll")):
            following = index + 1
        elif word == "going" and words[index + 1 : index + 2] == ["to"]:
            following = index + 2
        else:
            continue
        while following < len(words) and (words[following] in _FILLER or words[following].endswith("ly")):
            following += 1
        if following < len(words) and words[following] not in NOT_ACTIONS:
            return True
    return False


def safety_goal_hints(text: str, *, child_names: Sequence[str]) -> list[Hint]:
    """Checks a safety goal says, in positive words, what the parents or carers will do, for
    which child, and for how long."""
    hints = _negative_goal_hints(text)
    if not _names_a_child(text, child_names):
        hints.append(_no_child_hint(child_names))
    # A negative goal already has a hint that shows the action to write instead.
    if (not hints or hints[0].code != "goal-negative") and not _says_what_someone_will_do(text):
        hints.append(GOAL_NO_ACTION)
    if not _DURATION.search(text):
        hints.append(GOAL_NO_DURATION)
    return hints


# --- The map as a whole ------------------------------------------------------------------------


def pair_count_hints(pairs: int, *, limit: int = 3) -> list[Hint]:
    """A hint when a map has more danger statement and safety goal pairs than the family can hold in mind."""
    if pairs <= limit:
        return []
    message = (
        f"This map has {pairs} danger statements with safety goals. Aim for {limit} or fewer: "
        "join statements about the same worry and keep the ones that matter most for the children's safety."
    )
    return [Hint("too-many-pairs", message, suggestion=f"{limit} or fewer")]
