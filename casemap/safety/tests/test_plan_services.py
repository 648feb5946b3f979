"""Safety plan services: versions, sign-off by a manager in the line, frozen once signed, stale saves refused,
monitoring on the signed plan, new versions; and the flags put right before sign-off."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casemap.access.models import AccessLogEntry
from casemap.cases.models import ChronologyEntry
from casemap.conftest import World
from casemap.core.forms import StaleEditError
from casemap.safety.models import PlanMonitoringEntry, PlanStatus, SafetyPlan, SafetyPlanRule
from casemap.safety.selectors.plans import plan_flags
from casemap.safety.services import network_member_add
from casemap.safety.services.plans import (
    PlanFrozenError,
    monitoring_add,
    plan_new_version,
    plan_sign_off,
    plan_start,
    plan_update_details,
    rule_save,
    section_remove,
)
from casemap.safety.snapshot import plan_snapshot
from casemap.safety.tests.plan_data import RULE, TODAY, draft_plan

pytestmark = pytest.mark.django_db


def flags_of(plan: SafetyPlan):  # type: ignore[no-untyped-def]
    return plan_flags(plan=plan, data=plan_snapshot(plan))


def test_plans_are_numbered_per_case_and_only_one_draft_at_a_time(world: World) -> None:
    plan = plan_start(acting_user=world.worker, case=world.case, kind="immediate")
    assert (plan.number, plan.status, plan.version) == (1, PlanStatus.DRAFT, 1)
    with pytest.raises(ValidationError, match="already a draft"):
        plan_start(acting_user=world.worker, case=world.case, kind="family")
    with pytest.raises(ValidationError):
        plan_start(acting_user=world.worker, case=world.case, kind="forever")


def test_every_change_goes_up_a_version_and_is_in_the_access_log_for_each_child(world: World) -> None:
    plan = draft_plan(world)
    assert plan.version == 5  # four additions after the start
    rows = AccessLogEntry.objects.filter(record_type="safety_plan", record_id=str(plan.pk))
    assert rows.filter(action="create").count() == 2  # one per child
    assert rows.filter(action="change", detail="rule").count() == 2
    assert {row.person_id for row in rows} == {world.child.pk, world.sibling.pk}


def test_a_stale_save_is_refused_and_nothing_is_lost(world: World) -> None:
    plan = draft_plan(world)
    rule = plan.rules.get()
    rule_save(acting_user=world.teammate, plan=plan, expected_version=plan.version, wording="Tom's words", rule=rule)
    with pytest.raises(StaleEditError):
        rule_save(acting_user=world.worker, plan=plan, expected_version=plan.version, wording="Sally's", rule=rule)
    assert SafetyPlanRule.objects.get(pk=rule.pk).wording == "Tom's words"


def test_a_rule_person_must_be_an_active_network_member_of_this_case(world: World) -> None:
    plan = draft_plan(world)
    other_case_member = network_member_add(acting_user=world.worker, case=world.case, name="Gone", phone="1")
    other_case_member.is_active = False
    other_case_member.save()
    with pytest.raises(ValidationError, match="active in this family's safety network"):
        rule_save(
            acting_user=world.worker,
            plan=plan,
            expected_version=None,
            wording="x",
            responsible_member=other_case_member,
        )
    with pytest.raises(ValidationError, match="Enter the rule"):
        rule_save(acting_user=world.worker, plan=plan, expected_version=None, wording="  ")


def test_flags_name_the_problems_in_plain_words(world: World) -> None:
    plan = plan_start(acting_user=world.worker, case=world.case, kind="family")
    network_member_add(acting_user=world.worker, case=world.case, name="Pat")  # no way to reach
    flags = flags_of(plan)
    assert "The plan has no rules yet. Add at least one rule in the family's words." in flags.problems
    assert "The plan has no review date. Add the date it will be looked at again." in flags.problems
    assert any("no way to reach Pat" in warning for warning in flags.warnings)
    assert "The plan does not say who to call." in flags.warnings
    rule_save(acting_user=world.worker, plan=plan, expected_version=None, wording=RULE)
    plan_update_details(
        acting_user=world.worker,
        plan=plan,
        expected_version=None,
        kind="family",
        review_on=TODAY - datetime.timedelta(days=1),
    )
    flags = flags_of(plan)
    assert flags.problems == ["Rule 1 has no one named to make sure it happens."]
    assert "Rule 1 has no one named to check it is happening." in flags.warnings
    assert "The review date is in the past. Choose a date still to come." in flags.warnings


def test_problems_stop_sign_off_and_warnings_must_be_confirmed(world: World) -> None:
    plan = draft_plan(world, review=False)
    with pytest.raises(ValidationError, match="no review date"):
        plan_sign_off(acting_user=world.manager, plan=plan, expected_version=None)
    plan = plan_update_details(
        acting_user=world.worker, plan=plan, expected_version=None, kind="family", review_on=TODAY
    )
    # Pat has no phone or email, only an address, so every member can be reached: no warnings yet.
    assert flags_of(plan).warnings == []
    network_member_add(acting_user=world.worker, case=world.case, name="Nobody reachable")
    with pytest.raises(ValidationError, match="Confirm you have read the warnings"):
        plan_sign_off(acting_user=world.manager, plan=plan, expected_version=None)
    signed = plan_sign_off(acting_user=world.manager, plan=plan, expected_version=None, warnings_confirmed=True)
    assert signed.status == PlanStatus.SIGNED_OFF
    assert signed.warnings_confirmed and "Nobody reachable" in signed.warnings_confirmed[0]


@pytest.mark.parametrize("persona", ["worker", "teammate", "other_worker", "practice_lead", "data_officer"])
def test_only_a_manager_in_the_line_signs_off(world: World, persona: str) -> None:
    plan = draft_plan(world)
    with pytest.raises(PermissionDenied):
        plan_sign_off(acting_user=getattr(world, persona), plan=plan, expected_version=None)
    assert SafetyPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_a_signed_plan_is_frozen_and_renders_as_signed(world: World) -> None:
    plan = draft_plan(world)
    signed = plan_sign_off(acting_user=world.service_manager, plan=plan, expected_version=plan.version)
    assert signed.signed_off_by == world.service_manager
    assert signed.snapshot["rules"][0]["wording"] == RULE
    assert signed.snapshot["rules"][0]["checker"] == "Rose"
    assert signed.snapshot["signed_off_by"] == str(world.service_manager)
    rule = signed.rules.get(wording=RULE)
    with pytest.raises(PlanFrozenError):
        rule_save(acting_user=world.worker, plan=signed, expected_version=None, wording="changed", rule=rule)
    with pytest.raises(PlanFrozenError):
        section_remove(acting_user=world.worker, plan=signed, expected_version=None, row=rule)
    with pytest.raises(PlanFrozenError):
        plan_sign_off(acting_user=world.manager, plan=signed, expected_version=None)
    assert SafetyPlanRule.objects.get(pk=rule.pk).wording == RULE
    summaries = set(ChronologyEntry.objects.filter(person=world.child).values_list("summary", flat=True))
    assert f"Family safety plan 1 signed off by {world.service_manager}" in summaries


def test_a_stale_sign_off_is_refused(world: World) -> None:
    plan = draft_plan(world)
    loaded = plan.version
    rule_save(acting_user=world.worker, plan=plan, expected_version=loaded, wording="A late change")
    with pytest.raises(StaleEditError):
        plan_sign_off(acting_user=world.manager, plan=plan, expected_version=loaded)


def test_monitoring_goes_on_the_signed_plan_and_not_on_a_draft(world: World) -> None:
    plan = draft_plan(world)
    entry = {
        "happened_on": TODAY,
        "reported_by": "Rose",
        "followed": "partly",
        "what_happened": "Eddy drove off after an argument, but the children stayed with Kerri.",
        "what_was_done": "Sally met Merinda and Eddy the next day.",
    }
    with pytest.raises(ValidationError, match="signed plan"):
        monitoring_add(acting_user=world.worker, plan=plan, **entry)
    signed = plan_sign_off(acting_user=world.manager, plan=plan, expected_version=None)
    added = monitoring_add(acting_user=world.teammate, plan=signed, **entry)
    assert added.plan == signed and added.created_by == world.teammate
    assert SafetyPlan.objects.get(pk=signed.pk).version == signed.version  # the plan itself is unchanged
    assert ChronologyEntry.objects.filter(person=world.child, summary__contains="followed: partly").exists()
    with pytest.raises(ValidationError) as refused:
        monitoring_add(acting_user=world.worker, plan=signed, **(entry | {"reported_by": "", "followed": "maybe"}))
    assert set(refused.value.message_dict) == {"reported_by", "followed"}
    assert PlanMonitoringEntry.objects.count() == 1


def test_a_new_version_copies_the_plan_and_supersedes_it_once_signed(world: World) -> None:
    draft = draft_plan(world, rules=2)
    with pytest.raises(ValidationError, match="Only the signed plan"):
        plan_new_version(acting_user=world.worker, plan=draft)
    first = plan_sign_off(acting_user=world.manager, plan=draft, expected_version=None)
    second = plan_new_version(acting_user=world.worker, plan=first)
    assert (second.number, second.status, second.previous) == (2, PlanStatus.DRAFT, first)
    assert [r.wording for r in second.rules.all()] == [r.wording for r in first.rules.all()]
    assert second.triggers.count() == second.contacts.count() == second.bottom_lines.count() == 1
    assert second.review_on is None
    rule_save(
        acting_user=world.worker, plan=second, expected_version=None, wording="A new rule", responsible_name="Eddy"
    )
    assert first.rules.count() == 2  # the signed plan is untouched
    assert SafetyPlan.objects.get(pk=first.pk).status == PlanStatus.SIGNED_OFF  # in force until the new one is signed
    plan_update_details(acting_user=world.worker, plan=second, expected_version=None, kind="family", review_on=TODAY)
    plan_sign_off(acting_user=world.manager, plan=second, expected_version=None, warnings_confirmed=True)
    assert SafetyPlan.objects.get(pk=first.pk).status == PlanStatus.SUPERSEDED
    assert SafetyPlan.objects.get(pk=first.pk).snapshot["rules"][0]["wording"] == RULE
