"""Reads of safety networks, family trees, safety plans and the trajectory."""

from casemap.safety.selectors.network import (
    GENOGRAM_KINDS,
    NetworkCandidate,
    NetworkSummary,
    PersonNetwork,
    case_family,
    case_network,
    case_network_summary,
    case_professionals,
    family_tree_data,
    get_network_member_for_user,
    network_candidates,
    person_network,
    visible_network_members,
)

__all__ = [
    "GENOGRAM_KINDS",
    "NetworkCandidate",
    "NetworkSummary",
    "PersonNetwork",
    "case_family",
    "case_network",
    "case_network_summary",
    "case_professionals",
    "family_tree_data",
    "get_network_member_for_user",
    "network_candidates",
    "person_network",
    "visible_network_members",
]
