"""Writes to Words and Pictures, one module per part: the booklet's life cycle, its pages, and what happened
with each version (parents' views, given to the children, explanations without a booklet)."""

from casemap.words.services.booklets import booklet_archive, booklet_create, booklet_new_version
from casemap.words.services.pages import page_add, page_change, page_move, page_remove
from casemap.words.services.records import GivenDetails, agreement_record, explanation_record_create, given_record
from casemap.words.services.sign_off import booklet_sign_off

__all__ = [
    "GivenDetails",
    "agreement_record",
    "booklet_archive",
    "booklet_create",
    "booklet_new_version",
    "booklet_sign_off",
    "explanation_record_create",
    "given_record",
    "page_add",
    "page_change",
    "page_move",
    "page_remove",
]
