"""Reads for meetings: a case's meetings and statutory records (`records`), and what is due for a worker, a team
and a chair (`due`)."""

from casemap.meetings.selectors.due import (
    ASSESSMENT_TO_AUTHORISE,
    DueCounts,
    DueItem,
    DueLists,
    HeldLate,
    Urgency,
    due_counts,
    due_lists,
)
from casemap.meetings.selectors.records import (
    StatutoryRecords,
    case_meetings,
    case_statutory_records,
    chaired_meetings,
)

__all__ = [
    "ASSESSMENT_TO_AUTHORISE",
    "DueCounts",
    "DueItem",
    "DueLists",
    "HeldLate",
    "StatutoryRecords",
    "Urgency",
    "case_meetings",
    "case_statutory_records",
    "chaired_meetings",
    "due_counts",
    "due_lists",
]
