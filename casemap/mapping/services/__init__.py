"""Writes to maps. Every change goes through here: drafts only, the version the worker started from,
one transaction, history, access log; sign-off and re-mapping also go on each child's timeline."""

from casemap.mapping.services.common import FROZEN_MESSAGE, MapFrozenError, variant_for_case
from casemap.mapping.services.entries import (
    item_remove,
    item_save,
    judgement_add,
    judgement_remove,
    next_step_add,
    next_step_mark_done,
)
from casemap.mapping.services.maps import map_remap, map_sign_off, map_start, map_update_details, participant_add
from casemap.mapping.services.pairs import danger_pair_remove, danger_pair_save

__all__ = [
    "FROZEN_MESSAGE",
    "MapFrozenError",
    "danger_pair_remove",
    "danger_pair_save",
    "item_remove",
    "item_save",
    "judgement_add",
    "judgement_remove",
    "map_remap",
    "map_sign_off",
    "map_start",
    "map_update_details",
    "next_step_add",
    "next_step_mark_done",
    "participant_add",
    "variant_for_case",
]
