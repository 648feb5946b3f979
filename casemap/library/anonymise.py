"""Anonymised text for the good-practice library: every name, address and postcode the record knows replaced by a
neutral label that is the same wherever it appears in one example, and every date moved by the example's own
number of days.

It knows only the names it is given (`casemap.library.names` reads them from the record). A name the record does
not hold (a teacher's name typed into a note, a street mentioned in passing) is not found: the second person's
check is there for those.

Names are matched whole, ignoring case, with any run of spaces between their words and either apostrophe, so
"darel's", "DAREL" and "Merinda\u00a0Cooper" are all found, and "Darelle" is not. The longest name wins where one
holds another ("Merinda Cooper" before "Merinda"). A label is never searched again, so a label that happens to
contain a name ("the worker", for a worker called Worker) is left as it is.
"""

import calendar
import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Shortest name searched for: a single letter would match every "A" in the text.
SHORTEST_NAME = 2

MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
DATE_PATTERN = re.compile(
    "|".join(
        [
            r"(?<![\w/.-])(?P<iso_y>\d{4})-(?P<iso_m>[01]?\d)-(?P<iso_d>[0-3]?\d)(?![\w/-])",
            r"(?<![\w/.-])(?P<num_d>[0-3]?\d)[/.-](?P<num_m>[01]?\d)[/.-](?P<num_y>\d{4}|\d{2})(?![\w/-])",
            r"(?<!\w)" + _DAY.format("dm_d") + r"\s+(?:of\s+)?" + _MONTH.format("dm_m")
            + r"(?:,?\s+(?P<dm_y>\d{4}))?(?!\w)",
            r"(?<!\w)" + _MONTH.format("md_m") + r"\s+" + _DAY.format("md_d") + r"(?:,?\s+(?P<md_y>\d{4}))?(?![\w])",
            r"(?<!\w)" + _MONTH.format("my_m") + r"\s+(?P<my_y>\d{4})(?!\w)",
        ]
    ),
    re.IGNORECASE,
)  # fmt: skip
PHONE_PATTERN = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|0)\d{2,4}(?:[\s-]?\d{3,4}){1,2}(?!\w)")
EMAIL_PATTERN = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_LABEL = "[phone number]"
EMAIL_LABEL = "[email address]"
UNREADABLE_DATE_LABEL = "[date]"


@dataclass(frozen=True)
class KnownName:
    """A name, address or postcode the record holds, and the label that replaces it."""

    text: str
    label: str
    postcode: bool = False


def name_key(text: str) -> str:
    """How two spellings of one name are known to be the same: case, spaces and apostrophes ignored."""
    return re.sub(r"\s+", "", text.casefold().replace("\u2019", "'"))


def _pattern_for(name: KnownName) -> str:
    words = name.text.replace("\u2019", "'").split()
    joiner = r"\s*" if name.postcode else r"\s+"
    return joiner.join(re.escape(word).replace("'", "['\u2019]") for word in words)


def _alternation(names: Iterable[KnownName]) -> re.Pattern[str] | None:
    patterns = sorted({_pattern_for(name) for name in names}, key=len, reverse=True)
    if not patterns:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE)


def _usable(names: Iterable[KnownName]) -> list[KnownName]:
    return [name for name in names if len(name_key(name.text)) >= SHORTEST_NAME]


class Anonymiser:
    """Replaces the given names by their labels and moves dates by `shift_days`. The first label given for a
    name is the one used, so callers list people in order of importance (the children first)."""

    def __init__(self, names: Iterable[KnownName], *, shift_days: int, reference_year: int) -> None:
        self.shift = datetime.timedelta(days=shift_days)
        self.reference_year = reference_year
        self.labels: dict[str, str] = {}
        usable = _usable(names)
        for name in usable:
            self.labels.setdefault(name_key(name.text), name.label)
        self._names = _alternation(usable)
        label_names = [KnownName(label, label) for label in set(self.labels.values())]
        # For the final check: labels are searched with the names, so a name inside a label is not reported.
        self._names_and_labels = _alternation([*usable, *label_names])
        self._label_keys = {name_key(label) for label in self.labels.values()}

    def text(self, value: str) -> str:
        """The text with names, addresses and postcodes replaced, dates moved, phone numbers and emails taken out."""
        if not value:
            return value
        if self._names is not None:
            value = self._names.sub(self._label_for, value)
        value = EMAIL_PATTERN.sub(EMAIL_LABEL, value)
        value = DATE_PATTERN.sub(self._shifted, value)
        return PHONE_PATTERN.sub(PHONE_LABEL, value)

    def _label_for(self, found: re.Match[str]) -> str:
        """The name's label, with a capital where a sentence starts ("the worker" -> "The worker")."""
        label = self.labels[name_key(found.group())]
        before = found.string[: found.start()].rstrip(" \t\"'\u2018\u201c(")
        return label[0].upper() + label[1:] if not before or before[-1] in ".!?\n-:" else label

    def date(self, day: datetime.date) -> datetime.date:
        return day + self.shift

    def date_text(self, day: datetime.date | str | None) -> str:
        """A date held as a field, moved and written out: '' for none."""
        if not day:
            return ""
        if isinstance(day, str):
            day = datetime.date.fromisoformat(day[:10])
        return _written(self.date(day), with_year=True)

    def names_found(self, value: str) -> list[str]:
        """The known names still in the text, as they are written there, in order and once each."""
        if not value or self._names_and_labels is None:
            return []
        found: dict[str, str] = {}
        for match in self._names_and_labels.finditer(value):
            key = name_key(match.group())
            if key in self.labels and key not in self._label_keys:
                found.setdefault(key, match.group())
        return list(found.values())

    def _shifted(self, found: re.Match[str]) -> str:
        parts = {key: value for key, value in found.groupdict().items() if value is not None}
        kind = next(iter(parts))[:-2]
        try:
            if kind == "my":
                month = MONTHS[parts["my_m"].casefold()]
                moved = self.date(datetime.date(int(parts["my_y"]), month, 15))
                return f"{calendar.month_name[moved.month]} {moved.year}"
            year_text = parts.get(f"{kind}_y")
            month_text = parts[f"{kind}_m"]
            month = int(month_text) if month_text.isdigit() else MONTHS[month_text.casefold()]
            year = int(year_text) if year_text else self.reference_year
            if year < 100:
                year += 2000
            moved = self.date(datetime.date(year, month, int(parts[f"{kind}_d"])))
        except (KeyError, ValueError, OverflowError):
            return UNREADABLE_DATE_LABEL
        return _written(moved, with_year=bool(year_text))


def _written(day: datetime.date, *, with_year: bool) -> str:
    text = f"{day.day} {calendar.month_name[day.month]}"
    return f"{text} {day.year}" if with_year else text
