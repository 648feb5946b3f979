"""How hard a piece of writing is to read, shown to the worker beside the text.

This is information, not a hint: a long, careful sentence is sometimes the right way to say a
worry (the seed family's first danger statement is one), so nothing here flags or blocks.
"""

import re
from dataclasses import dataclass

import textstat

# Outside this range a reading age tells a worker nothing more: 5 is "just learning to read",
# 18 is "adult reading, as hard as a formal report".
YOUNGEST_READING_AGE = 5
OLDEST_READING_AGE = 18

# A sentence ends at . ! or ? followed by a space, or at a line break (lists, notes).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Readability:
    reading_age: int
    flesch_reading_ease: float
    words: int
    longest_sentence_words: int


def reading_age_from_grade(grade: float) -> int:
    """A UK reading age from a US school grade.

    US children start grade 1 at about six, so the reading age is the grade plus 5, rounded to
    whole years and kept between YOUNGEST_READING_AGE and OLDEST_READING_AGE.
    """
    return max(YOUNGEST_READING_AGE, min(OLDEST_READING_AGE, round(grade) + 5))


def readability(text: str) -> Readability:
    """Reading age, Flesch reading ease, word count and the longest sentence, using textstat.

    The reading age comes from the Flesch-Kincaid grade,
    0.39 * (words per sentence) + 11.8 * (syllables per word) - 15.59, plus 5 (see
    `reading_age_from_grade`). Flesch reading ease runs from about 100 (very easy) down to 0 and
    below (very hard); 60 to 70 is plain English. Syllables come from the CMU pronouncing
    dictionary, bundled, so nothing is downloaded.
    """
    words = int(textstat.lexicon_count(text))
    if words == 0:
        # Nothing to read is as easy as it gets; callers can hide the measure when words is 0.
        return Readability(YOUNGEST_READING_AGE, 100.0, 0, 0)
    sentences = [sentence for sentence in _SENTENCE_BREAK.split(text) if sentence.strip()]
    return Readability(
        reading_age=reading_age_from_grade(float(textstat.flesch_kincaid_grade(text))),
        flesch_reading_ease=round(float(textstat.flesch_reading_ease(text)), 1),
        words=words,
        longest_sentence_words=max(int(textstat.lexicon_count(sentence)) for sentence in sentences),
    )
