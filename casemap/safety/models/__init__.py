"""The safety network, and the safety plans and trajectory the network keeps going."""

from casemap.safety.models.network import NetworkRole, SafetyNetworkMember
from casemap.safety.models.plans import (
    BottomLine,
    PlanContact,
    PlanFollowed,
    PlanMonitoringEntry,
    PlanStatus,
    PlanTrigger,
    SafetyPlan,
    SafetyPlanKind,
    SafetyPlanRule,
    SustainUnit,
    Trajectory,
    TrajectoryStep,
)

__all__ = [
    "BottomLine",
    "NetworkRole",
    "PlanContact",
    "PlanFollowed",
    "PlanMonitoringEntry",
    "PlanStatus",
    "PlanTrigger",
    "SafetyNetworkMember",
    "SafetyPlan",
    "SafetyPlanKind",
    "SafetyPlanRule",
    "SustainUnit",
    "Trajectory",
    "TrajectoryStep",
]
