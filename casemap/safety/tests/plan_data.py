"""A safety plan for the worked-example family, made through the real services, for the plan tests."""

import datetime

from django.utils import timezone

from casemap.conftest import World
from casemap.safety.models import SafetyNetworkMember, SafetyPlan
from casemap.safety.services import network_member_add
from casemap.safety.services.plans import bottom_line_save, contact_save, plan_start, rule_save, trigger_save

TODAY = timezone.localdate()
RULE = "When Merinda and Eddy start to argue, one of them goes for a walk to cool down."


def seed_network(world: World) -> list[SafetyNetworkMember]:
    return [
        network_member_add(acting_user=world.worker, case=world.case, name="Rose", phone="01632 960101"),
        network_member_add(acting_user=world.worker, case=world.case, name="Kerri", phone="01632 960202"),
        network_member_add(acting_user=world.worker, case=world.case, name="Pat", address="14 Moor View"),
    ]


def draft_plan(world: World, *, rules: int = 1, review: bool = True) -> SafetyPlan:
    """A draft family plan with rules, a trigger, a contact and a bottom line, all from the network."""
    rose, kerri, _pat = seed_network(world)
    plan = plan_start(
        acting_user=world.worker,
        case=world.case,
        kind="family",
        review_on=TODAY + datetime.timedelta(days=42) if review else None,
    )
    for index in range(rules):
        rule_save(
            acting_user=world.worker,
            plan=plan,
            expected_version=None,
            wording=RULE if index == 0 else f"Rule {index}: the children sleep at home every night.",
            responsible_name="Merinda and Eddy",
            checker_member=rose if index % 2 == 0 else kerri,
        )
    trigger_save(
        acting_user=world.worker,
        plan=plan,
        expected_version=None,
        warning_sign="Voices get loud in the kitchen.",
        what_to_do="Darel takes Alkira to her room and calls Rose.",
    )
    contact_save(
        acting_user=world.worker,
        plan=plan,
        expected_version=None,
        member=rose,
        when_to_call="When anyone is frightened or the children need to leave the house.",
    )
    bottom_line_save(
        acting_user=world.worker,
        plan=plan,
        expected_version=None,
        text="No one drives the children after a fight.",
    )
    plan.refresh_from_db()
    return plan
