"""The SSDA903 return's CSV files, one a table, written row by row as the children arrive: nothing but the current
child is held.

Each table has exactly the columns of the 2026 specification (`casemap/returns/schemas/ssda903/`: the 2017 schema
with its yearly changes), in its order. Dates are dd/mm/YYYY; yes and no are 1 and 0; what is not known is left
empty. The DfE tells the tables apart by their columns; the files are named as the DfE's validation tool names them.
"""

import csv
import dataclasses
import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from casemap.returns.ssda903.records import Child903

# (table, file name, columns), in the order the DfE lists the tables.
TABLES: list[tuple[str, str, list[str]]] = [
    ("Header", "header.csv", ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]),
    (
        "Episodes",
        "episodes.csv",
        [
            "CHILD",
            "DECOM",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ],
    ),
    ("Reviews", "reviews.csv", ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]),
    ("UASC", "uasc.csv", ["CHILD", "DOB", "SEX", "DUC"]),
    (
        "OC2",
        "oc2.csv",
        [
            "CHILD",
            "DOB",
            "SDQ_SCORE",
            "SDQ_REASON",
            "CONVICTED",
            "HEALTH_CHECK",
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED",
        ],
    ),
    ("OC3", "oc3.csv", ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"]),
    (
        "AD1",
        "ad1.csv",
        ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    ),
    (
        "PlacedAdoption",
        "placed_for_adoption.csv",
        ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    ),
    ("PrevPerm", "previous_permanence.csv", ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"]),
    ("Missing", "missing.csv", ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]),
    # Social worker episodes, from the allocation history of the child's cases.
    ("SWEpisodes", "sw_episodes.csv", ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"]),
]
FILE_NAMES = {table: name for table, name, _columns in TABLES}

Value = str | int | bool | datetime.date | None


def _text(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _rows(child: Child903) -> Iterable[tuple[str, list[Value]]]:
    """Each row the child has, with the table it goes in."""
    dob = child.born_on
    yield (
        "Header",
        [child.child_id, child.sex, dob, child.ethnicity, child.upn, child.is_mother, child.first_child_born_on],
    )
    for episode in child.episodes:
        yield (
            "Episodes",
            [
                child.child_id,
                episode.started_on,
                episode.new_episode_reason,
                episode.legal_status,
                episode.category_of_need,
                episode.placement_type,
                episode.provider,
                episode.ended_on,
                episode.end_reason,
                episode.placement_change_reason,
                episode.home_postcode,
                episode.placement_postcode,
                episode.urn,
            ],
        )
    for held_on, participation in child.reviews:
        yield "Reviews", [child.child_id, dob, held_on, participation]
    if child.unaccompanied:
        yield "UASC", [child.child_id, dob, child.sex, child.unaccompanied_ceased_on]
    if child.outcomes is not None:
        yield "OC2", [child.child_id, dob, *dataclasses.astuple(child.outcomes)]
    if child.leaver_outcomes is not None:
        outcome = child.leaver_outcomes
        yield "OC3", [child.child_id, dob, outcome.in_touch, outcome.activity, outcome.accommodation]
    if child.adoption is not None:
        adoption = child.adoption
        yield (
            "AD1",
            [
                child.child_id,
                dob,
                adoption.decided_on,
                adoption.matched_on,
                adoption.by_foster_carers,
                adoption.adopter_count,
                adoption.adopter_sexes,
                adoption.adopter_legal_status,
            ],
        )
    for placed in child.placed_for_adoption:
        yield "PlacedAdoption", [child.child_id, dob, placed.decided_on, placed.ceased_on, placed.ceased_reason]
    for permanence in child.previous_permanence:
        yield "PrevPerm", [child.child_id, dob, permanence.kind, permanence.authority_number, permanence.order_made_on]
    for kind, started_on, ended_on in child.missing:
        yield "Missing", [child.child_id, dob, kind, started_on, ended_on]
    for worker in child.social_workers:
        yield (
            "SWEpisodes",
            [child.child_id, dob, worker.worker_number, worker.started_on, worker.ended_on, worker.reason],
        )


def ssda903_write(folder: Path, *, chunks: Iterable[list[Child903]]) -> list[int]:
    """Write every table's file into `folder` (which must exist), the header row first, then each child's rows as
    their chunk arrives. Returns the people written, in order."""
    handles: dict[str, IO[str]] = {}
    written: list[int] = []
    try:
        writers = {}
        for table, name, columns in TABLES:
            handles[table] = (folder / name).open("w", newline="", encoding="utf-8")
            writers[table] = csv.writer(handles[table])
            writers[table].writerow(columns)
        for chunk in chunks:
            for child in chunk:
                for table, row in _rows(child):
                    writers[table].writerow([_text(value) for value in row])
                written.append(child.person_id)
    finally:
        for handle in handles.values():
            handle.close()
    return written
