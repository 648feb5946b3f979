"""The plan pages cost the same number of queries however many rules, triggers, contacts, monitoring entries,
trajectory steps, and danger statements and goals on the case's map there are."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casemap.conftest import World
from casemap.mapping.models import Map
from casemap.mapping.services import danger_pair_save, map_start
from casemap.safety.models import SafetyPlan
from casemap.safety.services.plans import (
    bottom_line_save,
    contact_save,
    monitoring_add,
    plan_new_version,
    plan_sign_off,
    rule_save,
    trigger_save,
)
from casemap.safety.services.trajectory import trajectory_step_add
from casemap.safety.tests.plan_data import TODAY, draft_plan

pytestmark = pytest.mark.django_db
# A draft plan's page reads the plan and its flags, the people its forms can name (the case's known people), the
# danger statements and goals of the map it answers, and logs a view of the plan and of the map for each child:
# more than other pages, but the same however large the plan, the network or the map.
PAGE_QUERY_LIMIT = 40


def grow(world: World, plan: SafetyPlan, signed: SafetyPlan, count: int) -> None:
    members = list(world.case.network_members.all())
    map_ = Map.objects.get(case=world.case)
    for index in range(count):
        danger_pair_save(
            acting_user=world.worker,
            map_=map_,
            expected_version=None,
            statement_fields={"statement": f"Sally is worried about worry {index}."},
            goal_fields={"statement": f"Goal {index}."},
        )
        rule_save(
            acting_user=world.worker,
            plan=plan,
            expected_version=None,
            wording=f"Rule {index}: Rose visits on a weekday.",
            responsible_member=members[index % 3],
            checker_member=members[(index + 1) % 3],
        )
        trigger_save(acting_user=world.worker, plan=plan, expected_version=None, warning_sign="Loud", what_to_do="Walk")
        contact_save(acting_user=world.worker, plan=plan, expected_version=None, member=members[0], when_to_call="Any")
        bottom_line_save(acting_user=world.worker, plan=plan, expected_version=None, text=f"Bottom line {index}")
        monitoring_add(
            acting_user=world.worker,
            plan=signed,
            happened_on=TODAY - datetime.timedelta(days=index),
            reported_by="Kerri",
            followed="yes",
            what_happened="Calm",
        )
        trajectory_step_add(
            acting_user=world.worker, case=world.case, expected_version=None, description="Step", target_on=TODAY
        )


def count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_queries_per_plan_page_do_not_grow_with_the_plan(world: World, client_for) -> None:
    signed = plan_sign_off(acting_user=world.manager, plan=draft_plan(world), expected_version=None)
    draft = plan_new_version(acting_user=world.worker, plan=signed)
    map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    pages = {
        "plans": reverse("safety:plans", args=[world.case.pk]),
        "draft": reverse("safety:plan", args=[draft.pk]),
        "signed": reverse("safety:plan", args=[signed.pk]),
        "family copy": reverse("safety:plan-document", args=[draft.pk]),
        "print": reverse("safety:plan-print", args=[draft.pk]),
        "trajectory": reverse("safety:trajectory", args=[world.case.pk]),
    }
    client = client_for(world.manager)
    client.get(reverse("cases:my-caseload"))  # warm the session
    pages["sign-off"] = reverse("safety:plan-sign-off", args=[draft.pk])
    grow(world, draft, signed, 1)
    small = {name: count(client, url) for name, url in pages.items()}
    grow(world, draft, signed, 6)
    large = {name: count(client, url) for name, url in pages.items()}
    assert large == small
    assert max(large.values()) <= PAGE_QUERY_LIMIT, large
