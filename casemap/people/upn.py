"""Unique Pupil Number check-letter validation, as the DfE specifies it.

A UPN is 13 characters: a check letter, then the 3-digit authority number, 4-digit school
number, 2-digit year and 3-digit serial; a temporary UPN ends in a letter. Characters 2 to 13
are weighted 2 to 13, summed, and the remainder on dividing by 23 picks the check letter.
"""

import re

# I, O and S are never used, so they cannot be mistaken for digits.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_SHAPE = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


def upn_check_letter(body: str) -> str:
    """The check letter for the last 12 characters of a UPN."""
    total = 0
    for weight, character in enumerate(body, start=2):
        value = UPN_LETTERS.index(character) if character.isalpha() else int(character)
        total += weight * value
    return UPN_LETTERS[total % 23]


def upn_problem(upn: str) -> str | None:
    """A plain-words reason the UPN is wrong, or None if it is valid."""
    if len(upn) != 13:
        return "Enter a UPN that is 13 characters long, like A123456789012"
    if not UPN_SHAPE.match(upn):
        return "Enter a UPN that starts with a letter followed by 11 numbers and ends with a number or letter"
    if upn[-1].isalpha() and upn[-1] not in UPN_LETTERS:
        return "A temporary UPN cannot end with I, O or S"
    if upn[0] != upn_check_letter(upn[1:]):
        return "This UPN's check letter does not match the rest of the number: check it has been copied correctly"
    return None
