"""Unique Pupil Number check-letter validation, as the DfE specifies it.

A UPN is 13 characters: a check letter, then the 3-digit authority number, 4-digit school
number, 2-digit year and 3-digit serial; a temporary UPN ends in a letter. Characters 2 to 13
are weighted 2 to 13, summed, and the remainder on dividing by 23 picks the check letter.
The authority number is one the DfE has issued since April 1998, or one of its "pseudo" codes
(the CIN census rule 1530 refuses any other).
"""

import re

# I, O and S are never used, so they cannot be mistaken for digits.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_SHAPE = re.compile(r"^[A-Z]\d{11}[0-9A-Z]$")


def _codes(*spans: tuple[int, int] | int) -> frozenset[str]:
    codes: set[str] = set()
    for span in spans:
        first, last = span if isinstance(span, tuple) else (span, span)
        codes.update(f"{code:03d}" for code in range(first, last + 1))
    return frozenset(codes)


# The authority numbers a UPN may carry (the CIN census's rule 1530).
UPN_AUTHORITY_CODES = _codes(
    (1, 5), (201, 213), (301, 320), (330, 336), (340, 344), (350, 359), (370, 373), (380, 384), (390, 394), 420,
    (660, 681), (701, 708), (800, 803), (805, 808), (810, 813), 815, 816, (820, 823), 825, 826, 830, 831,
    (835, 839), 840, 841, 845, 846, (850, 852), (855, 857), 860, 861, (865, 896), 908, 909, 916, 919, 921, 925,
    926, 928, 929, 931, 933, (935, 938), (940, 943),
)  # fmt: skip


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
    if upn[1:4] not in UPN_AUTHORITY_CODES:
        return (
            f"Characters 2 to 4 of a UPN are the number of the authority that issued it, and {upn[1:4]} is not one: "
            "check it has been copied correctly"
        )
    return None
