"""The plain-language coach: hints that help a worker write what a family can read.

Used beside the Signs of Safety map as the worker writes, and again on submit. Hints never block
a save; readability is shown as information only.
"""

from casemap.core.plain_language.checks import (
    Hint,
    danger_statement_hints,
    jargon_hints,
    pair_count_hints,
    safety_goal_hints,
)
from casemap.core.plain_language.lexicon import JARGON, JargonTerm
from casemap.core.plain_language.readability import Readability, readability

__all__ = [
    "JARGON",
    "Hint",
    "JargonTerm",
    "Readability",
    "danger_statement_hints",
    "jargon_hints",
    "pair_count_hints",
    "readability",
    "safety_goal_hints",
]
