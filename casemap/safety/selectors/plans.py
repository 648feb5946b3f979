"""Reads of safety plans and the trajectory, filtered by the one access policy: a plan is visible when its
case is. Also the problems to put right before a plan is signed off."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from casemap.access.policy import can_add_to_case, can_manage_case, read_through_the_rule, visible_cases
from casemap.accounts.models import User
from casemap.cases.known_people import known_people
from casemap.cases.models import Case
from casemap.core.people_choice import KnownPerson
from casemap.safety.models import (
    PlanMonitoringEntry,
    PlanStatus,
    SafetyNetworkMember,
    SafetyPlan,
    Trajectory,
    TrajectoryStep,
)


def visible_plans(user: User) -> QuerySet[SafetyPlan]:
    return SafetyPlan.objects.filter(case__in=visible_cases(user).values("pk"), archived_at__isnull=True)


def get_plan_for_user(user: User, plan_id: int) -> SafetyPlan:
    plan = (
        visible_plans(user)
        .select_related("case", "signed_off_by", "previous")
        .defer("previous__snapshot")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404("No safety plan found")
    read_through_the_rule(user, plan.case)
    return plan


def offers_plan_changes(user: User, plan: SafetyPlan) -> bool:
    """Whether the plan page offers its forms: a draft, and the policy says this user may add to the case. What
    to show only: the services decide, through the write guard."""
    return plan.is_draft and can_add_to_case(user, plan.case)


def can_sign_off_plan(user: User, plan: SafetyPlan) -> bool:
    """The same rule as maps: a manager in the case team's line."""
    return plan.is_draft and can_manage_case(user, plan.case)


def case_plans(*, case: Case) -> list[SafetyPlan]:
    # A list of plans needs none of their frozen content.
    return list(case.safety_plans.select_related("signed_off_by").defer("snapshot").order_by("-number"))


def current_plan(*, case: Case) -> SafetyPlan | None:
    """The signed plan in force, if there is one."""
    return case.safety_plans.filter(status=PlanStatus.SIGNED_OFF).defer("snapshot").order_by("-number").first()


def draft_plan(*, case: Case) -> SafetyPlan | None:
    return case.safety_plans.filter(status=PlanStatus.DRAFT).defer("snapshot").first()


def plan_monitoring(*, plan: SafetyPlan) -> list[PlanMonitoringEntry]:
    return list(plan.monitoring.select_related("created_by").order_by("-happened_on", "-pk"))


@dataclass(frozen=True)
class PlanPeople:
    """Who a plan can name: the people the case's record knows (`casemap.cases.known_people`), with anyone who has
    left the safety network said so, and the network's members by name, so that someone chosen on their own is
    linked to their place in the network (and flagged if they leave it)."""

    people: list[KnownPerson]
    members: dict[str, SafetyNetworkMember]
    network: list[SafetyNetworkMember]  # every member, active or not, for the plan's flags

    def member(self, name: str) -> SafetyNetworkMember | None:
        return self.members.get(name)


def plan_people(*, case: Case, user: User) -> PlanPeople:
    """Everyone a plan can name, the signed-in worker first. Five queries."""
    network = list(
        SafetyNetworkMember.objects.filter(case=case, archived_at__isnull=True)
        .select_related("person", "professional")
        .order_by("is_active", "pk")  # an active member wins a shared name: written last
    )
    members = {member.display_name: member for member in network}
    left = {f"network-{member.pk}" for member in network if not member.is_active}
    people = [
        KnownPerson(person.key, person.name, "left the safety network") if person.key in left else person
        for person in known_people(case=case, user=user)
    ]
    return PlanPeople(people=people, members=members, network=network)


def phone_on_record(*, case: Case, key: str) -> str:
    """The phone number the record holds for someone chosen from the known people (`KnownPerson.key`): a person
    on the case, a professional working with it, or a network member."""
    kind, _, pk = key.partition("-")
    if not pk.isdigit():
        return ""
    if kind == "person":
        found = case.memberships.filter(person_id=pk).values_list("person__phone", flat=True).first()
    elif kind == "professional":
        found = case.professionals.filter(pk=pk).values_list("phone", flat=True).first()
    elif kind == "network":
        found = SafetyNetworkMember.objects.filter(case=case, pk=pk).values_list("phone", flat=True).first()
    else:
        found = None
    return found or ""


@dataclass(frozen=True)
class PlanFlags:
    """What to put right before sign-off. Problems stop the sign-off; warnings the manager must confirm."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def plan_flags(
    *,
    plan: SafetyPlan,
    data: dict[str, Any],
    today: datetime.date | None = None,
    network: list[SafetyNetworkMember] | None = None,
) -> PlanFlags:
    """The flags of a plan from its data (see `plan_snapshot`), in plain words, plus one query for the network
    unless the page has read it already (`network`: every member of the case's network)."""
    today = today or timezone.localdate()
    problems: list[str] = []
    warnings: list[str] = []
    rules = data["rules"]
    if not rules:
        problems.append("The plan has no rules yet. Add at least one rule in the family's words.")
    for index, rule in enumerate(rules, start=1):
        if not rule["responsible"].strip():
            problems.append(f"Rule {index} has no one named to make sure it happens.")
        if not rule["checker"].strip():
            warnings.append(f"Rule {index} has no one named to check it is happening.")
    if not data["review_on"]:
        problems.append("The plan has no review date. Add the date it will be looked at again.")
    elif datetime.date.fromisoformat(data["review_on"]) < today:
        warnings.append("The review date is in the past. Choose a date still to come.")
    if not data["contacts"]:
        warnings.append("The plan does not say who to call.")
    if network is None:
        network = list(
            SafetyNetworkMember.objects.filter(case_id=plan.case_id, archived_at__isnull=True).select_related(
                "person", "professional"
            )
        )
    left = {member.pk: member.display_name for member in network if not member.is_active}
    for index, rule in enumerate(rules, start=1):
        for side in ("responsible_member_id", "checker_member_id"):
            if rule[side] in left:
                warnings.append(f"Rule {index} names {left[rule[side]]}, who is no longer in the safety network.")
    for contact in data["contacts"]:
        if contact["member_id"] in left:
            warnings.append(f"Who to call names {left[contact['member_id']]}, who is no longer in the safety network.")
    for member in network:
        if member.is_active and not member.has_way_to_reach:
            warnings.append(
                f"There is no way to reach {member.display_name} in the safety network: add a phone, email or address."
            )
    return PlanFlags(problems=problems, warnings=warnings)


def case_trajectory(*, case: Case) -> Trajectory | None:
    """The case's trajectory, if one has been made."""
    return Trajectory.objects.filter(case=case).first()


def case_trajectory_plan(*, case: Case) -> tuple[Trajectory | None, list[TrajectoryStep]]:
    """The case's trajectory and its steps, in date order, in two queries."""
    trajectory = Trajectory.objects.filter(case=case).select_related("modified_by").first()
    if trajectory is None:
        return None, []
    return trajectory, list(trajectory.steps.order_by("target_on", "position", "pk"))
