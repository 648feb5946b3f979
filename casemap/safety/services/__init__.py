"""Writes to the safety network, safety plans and the trajectory."""

from casemap.safety.services.network import (
    RECORD_TYPE,
    network_member_add,
    network_member_deactivate,
    network_member_reactivate,
    network_member_update,
)

__all__ = [
    "RECORD_TYPE",
    "network_member_add",
    "network_member_deactivate",
    "network_member_reactivate",
    "network_member_update",
]
