"""A signed case supervision of the Cooper children and a signed personal supervision of their worker, made
through the real services, with the worker's supervision facts: Dana supervises Sally, Grace is Dana's line
manager."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from casemap.accounts.models import User
from casemap.conftest import World
from casemap.supervision.models import Supervision
from casemap.supervision.rules import default_rules_ensure
from casemap.supervision.services.records import (
    ActionAgreed,
    SupervisionContent,
    case_supervision_record,
    personal_supervision_record,
    supervision_sign,
)
from casemap.supervision.services.staff import supervision_profile_set

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def frequency_rules(db: None) -> None:
    """The migration's rules, back if a browser test's flush emptied them."""
    default_rules_ensure()


def case_content(world: World, **changes: object) -> SupervisionContent:
    values: dict[str, object] = {
        "occurred_on": TODAY - datetime.timedelta(days=2),
        "supervisee": world.worker,
        "duration_minutes": 60,
        "worries": "Alkira said she hides when her mum and Eddy shout.",
        "working_well": "Grandmother Rose collects the children from school every day.",
        "needs_to_happen": "A safety plan the children can explain in their own words.",
        "scale_score": 4,
        "scale_zero_anchor": "The children will be hurt if they stay at home",
        "scale_ten_anchor": "Everyone knows the children are safe enough to close the case",
        "scale_reasons": "The network is new and has not been tested yet.",
        "decisions": "Continue under the child protection plan.",
        "decision_reasons": "The danger statements are not yet answered by the network.",
        "next_discussion_on": TODAY + datetime.timedelta(days=20),
    }
    values.update(changes)
    return SupervisionContent(**values)  # type: ignore[arg-type]


def signed_case_supervision(world: World) -> Supervision:
    supervision = case_supervision_record(
        acting_user=world.manager,
        case=world.case,
        children=[world.child, world.sibling],
        content=case_content(world),
        actions=[ActionAgreed("Meet Rose to go through the plan", world.worker, TODAY + datetime.timedelta(days=7))],
    )
    return supervision_sign(acting_user=world.manager, supervision=supervision, expected_version=1)


def signed_personal_supervision(world: World) -> Supervision:
    supervision = personal_supervision_record(
        acting_user=world.manager,
        content=SupervisionContent(
            occurred_on=TODAY - datetime.timedelta(days=3),
            supervisee=world.worker,
            duration_minutes=90,
            working_well="Sally's direct work with the children is thoughtful.",
            worries="Sally is working late most evenings.",
            needs_to_happen="Protected time on Fridays for recording.",
        ),
    )
    return supervision_sign(acting_user=world.manager, supervision=supervision, expected_version=1)


@dataclass
class SupervisionWorld:
    world: World
    other_manager: User  # Ruth, manager of another team: 404
    case_supervision: Supervision
    personal_supervision: Supervision


@pytest.fixture
def supervised(world: World) -> SupervisionWorld:
    supervision_profile_set(
        acting_user=world.manager, staff=world.worker, supervisor=world.manager, line_manager=world.manager
    )
    supervision_profile_set(
        acting_user=world.service_manager, staff=world.manager, supervisor=world.service_manager,
        line_manager=world.service_manager,
    )  # fmt: skip
    return SupervisionWorld(
        world=world,
        other_manager=User.objects.get(username="ruth"),
        case_supervision=signed_case_supervision(world),
        personal_supervision=signed_personal_supervision(world),
    )
