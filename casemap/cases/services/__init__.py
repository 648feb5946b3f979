"""Writes to cases: referrals, decisions, allocation, notes and closure.

Each service names the acting user, runs in one transaction, writes the chronology entries
for every child concerned and appends to the access log.
"""

from casemap.cases.services.casework import (
    STATUTORY_SERVICES,
    case_allocate,
    case_change_service,
    case_close,
    case_professional_add,
)
from casemap.cases.services.family import case_relationships_add
from casemap.cases.services.notes import case_note_add, case_note_update
from casemap.cases.services.referrals import (
    DECISION_SERVICE,
    referral_decide,
    referral_receive,
    referral_receive_new_children,
)

__all__ = [
    "DECISION_SERVICE",
    "STATUTORY_SERVICES",
    "case_allocate",
    "case_change_service",
    "case_close",
    "case_note_add",
    "case_note_update",
    "case_professional_add",
    "case_relationships_add",
    "referral_decide",
    "referral_receive",
    "referral_receive_new_children",
]
