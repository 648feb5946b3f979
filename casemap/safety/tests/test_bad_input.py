"""Bad input on the network, plan and trajectory pages: a version that is missing or not a number changes nothing
and says the page was out of date, and words too long to keep are refused in plain words, kept on the form."""

import pytest
from django.urls import reverse

from casemap.conftest import World
from casemap.core.forms import LONG_TEXT, OUT_OF_DATE_MESSAGE
from casemap.safety.models import SafetyNetworkMember, SafetyPlanRule, TrajectoryStep
from casemap.safety.services import network_member_deactivate
from casemap.safety.services.trajectory import trajectory_step_add
from casemap.safety.tests.plan_data import TODAY, draft_plan

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("version", ["abc", "", None, "-3", "1.5"])
def test_buttons_with_a_bad_version_change_nothing_and_say_the_page_was_out_of_date(
    world: World, client_for, version: str | None
) -> None:
    plan = draft_plan(world)
    rule = SafetyPlanRule.objects.get(plan=plan)
    left = network_member_deactivate(
        acting_user=world.worker,
        member=SafetyNetworkMember.objects.get(name="Pat"),
        expected_version=None,
        inactive_since=TODAY,
        reason="Moved away",
    )
    step = trajectory_step_add(
        acting_user=world.worker, case=world.case, expected_version=None, description="Family meeting", target_on=TODAY
    )
    client = client_for(world.worker)
    posted = {} if version is None else {"version": version}
    for url in [
        reverse("safety:trajectory-step-done", args=[world.case.pk, step.pk]),
        reverse("safety:plan-section-remove", args=[plan.pk, "rules", rule.pk]),
        reverse("safety:member-reactivate", args=[left.pk]),
    ]:
        response = client.post(url, posted, follow=True)
        assert response.status_code == 200, url
        assert OUT_OF_DATE_MESSAGE in response.content.decode(), url
    assert TrajectoryStep.objects.get().done_on is None
    assert SafetyPlanRule.objects.filter(pk=rule.pk).exists()
    assert not SafetyNetworkMember.objects.get(pk=left.pk).is_active


def test_notes_too_long_are_refused_and_kept_on_the_form(world: World, client_for) -> None:
    notes = "Rose has the children after school. " * 600
    response = client_for(world.worker).post(
        reverse("safety:member-add", args=[world.case.pk]), {"name": "Rose", "notes": notes}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"Notes must be {LONG_TEXT:,} characters or fewer. It has {len(notes.strip()):,}." in page
    assert notes.strip() in page
    assert not SafetyNetworkMember.objects.exists()


def test_a_rule_too_long_is_refused_and_kept_on_the_plan(world: World, client_for) -> None:
    plan = draft_plan(world)
    wording = "Merinda and Eddy talk calmly." * 700
    response = client_for(world.worker).post(
        reverse("safety:plan-section-add", args=[plan.pk, "rules"]),
        {"rules-version": plan.version, "rules-wording": wording},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert f"The rule, in the family&#x27;s words must be {LONG_TEXT:,} characters or fewer." in page
    assert wording in page
    assert SafetyPlanRule.objects.filter(plan=plan).count() == 1
