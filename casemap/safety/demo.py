"""The worked-example family's safety network (Rose, Kerri and Pat) for the demo authority."""

import datetime

from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case, MemberRole
from casemap.people.models import RelationshipType
from casemap.safety.models import NetworkRole, SafetyNetworkMember
from casemap.safety.services import network_member_add

# Made-up contact details: 01632 960xxx numbers are set aside by Ofcom for drama, example.org for examples.
SEED_NETWORK = [
    (
        "Rose",
        [NetworkRole.MENTOR, NetworkRole.RESPONDS_TO_WORRIES, NetworkRole.GIVES_FEEDBACK],
        {"phone": "01632 960101", "email": "rose@example.org"},
        "Merinda's closest friend. Lives five minutes away and the children go to her when there is shouting.",
    ),
    (
        "Kerri",
        [NetworkRole.SUPERVISES_FAMILY_TIME, NetworkRole.RESPONDS_TO_WORRIES],
        {"phone": "01632 960202"},
        "Drives the children to school on weekdays so they are not in the car during arguments.",
    ),
    (
        "Pat",
        [NetworkRole.GIVES_FEEDBACK],
        {"address": "14 Moor View, Northbridge"},
        "Family friend of Eddy's; visits at weekends.",
    ),
]


def demo_network_create(
    *, case: Case, worker: User, told_on: datetime.date | None = None, agreed_on: datetime.date | None = None
) -> list[SafetyNetworkMember]:
    """Add Rose, Kerri and Pat (recorded on the case as family friends) to the case's safety network.

    `told_on` is when they heard the danger statements (the family meeting); `agreed_on`, if given, when
    they agreed to the plan. Anyone not found on the case is added by name.
    """
    told_on = told_on or timezone.localdate()
    adults = {
        m.person.first_name: m.person
        for m in case.memberships.select_related("person").order_by("pk")
        if m.role == MemberRole.ADULT
    }
    members = []
    for name, roles, contact, notes in SEED_NETWORK:
        person = adults.get(name)
        members.append(
            network_member_add(
                acting_user=worker,
                case=case,
                person=person,
                name="" if person else name,
                relationship_kind=RelationshipType.FRIEND,
                roles=roles,
                told_danger_statements_on=told_on,
                agreed_to_plan_on=agreed_on,
                notes=notes,
                **contact,
            )
        )
    return members
