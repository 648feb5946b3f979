"""Safety plan and trajectory pages with the personas: who sees, who changes, who signs off (everyone else gets
404 on every page and post), forms that keep typed work, stale saves, and the access log."""

import datetime
import io

import pytest
from django.urls import reverse

from casemap.access.models import AccessLogEntry
from casemap.conftest import REFUSED, SEES, World
from casemap.core.tests.rendered_forms import post_changed
from casemap.safety.models import PlanMonitoringEntry, PlanStatus, SafetyPlan, SafetyPlanRule, Trajectory
from casemap.safety.services.plans import plan_new_version, plan_sign_off, plan_start, rule_save
from casemap.safety.services.trajectory import trajectory_step_add
from casemap.safety.tests.plan_data import RULE, TODAY, draft_plan, seed_network

pytestmark = pytest.mark.django_db


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def signed_plan(world: World) -> SafetyPlan:
    return plan_sign_off(acting_user=world.manager, plan=draft_plan(world), expected_version=None)


def every_get(world: World, draft: SafetyPlan, signed: SafetyPlan) -> list[str]:
    rule = draft.rules.first()
    assert rule is not None
    return [
        reverse("safety:plans", args=[world.case.pk]),
        reverse("safety:plan-new", args=[world.case.pk]),
        reverse("safety:plan", args=[draft.pk]),
        reverse("safety:plan", args=[signed.pk]),
        reverse("safety:plan-section-change", args=[draft.pk, "rules", rule.pk]),
        reverse("safety:plan-sign-off", args=[draft.pk]),
        reverse("safety:plan-document", args=[signed.pk]),
        reverse("safety:plan-print", args=[signed.pk]),
        reverse("safety:trajectory", args=[world.case.pk]),
    ]


def every_post(world: World, draft: SafetyPlan, signed: SafetyPlan) -> list[tuple[str, dict[str, str]]]:
    rule = draft.rules.first()
    assert rule is not None
    version = str(draft.version)
    step = trajectory_step_add(
        acting_user=world.worker, case=world.case, expected_version=None, description="x", target_on=TODAY
    )
    return [
        (reverse("safety:plan-new", args=[world.case.pk]), {"kind": "immediate"}),
        (reverse("safety:plan-details", args=[draft.pk]), {"details-version": version, "details-kind": "interim"}),
        (
            reverse("safety:plan-section-add", args=[draft.pk, "rules"]),
            {"rules-version": version, "rules-wording": "x"},
        ),
        (
            reverse("safety:plan-section-change", args=[draft.pk, "rules", rule.pk]),
            {"rules-version": version, "rules-wording": "x"},
        ),
        (reverse("safety:plan-section-remove", args=[draft.pk, "rules", rule.pk]), {"version": version}),
        (reverse("safety:plan-sign-off", args=[draft.pk]), {"version": version, "warnings_confirmed": "on"}),
        (reverse("safety:plan-new-version", args=[signed.pk]), {"new-kind": "family"}),
        (
            reverse("safety:plan-monitoring", args=[signed.pk]),
            {"monitoring-reported_by": "Rose", "monitoring-followed": "yes", "monitoring-what_happened": "x"}
            | {f"monitoring-{k}": v for k, v in date_fields("happened_on", TODAY).items()},
        ),
        (reverse("safety:trajectory-step-add", args=[world.case.pk]), {"step-version": "1", "step-description": "x"}),
        (reverse("safety:trajectory-step-done", args=[world.case.pk, step.pk]), {"version": "1"}),
        (
            reverse("safety:trajectory-sustained", args=[world.case.pk]),
            {"sustained-version": "1", "sustained-sustain_unit": "weeks"},
        ),
    ]


def two_plans(world: World) -> tuple[SafetyPlan, SafetyPlan]:
    """Plan 1 signed, plan 2 a draft new version of it."""
    signed = signed_plan(world)
    return plan_new_version(acting_user=world.worker, plan=signed), signed


@pytest.mark.parametrize("persona", SEES)
def test_the_case_team_and_line_see_every_plan_page(world: World, client_for, persona: str) -> None:
    draft, signed = two_plans(world)
    client = client_for(getattr(world, persona))
    for url in every_get(world, draft, signed):
        if url.endswith("/sign-off/") and persona not in {"manager", "service_manager"}:
            assert client.get(url).status_code == 404, url  # only managers in the line sign off
            continue
        response = client.get(url)
        assert response.status_code == 200, url
    pdf = client.get(reverse("safety:plan-pdf", args=[signed.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_else_gets_not_found_on_every_page_and_post(world: World, client_for, persona: str) -> None:
    draft, signed = two_plans(world)
    client = client_for(getattr(world, persona))
    for url in [*every_get(world, draft, signed), reverse("safety:plan-pdf", args=[signed.pk])]:
        assert client.get(url).status_code == 404, url
    before = (draft.version, SafetyPlanRule.objects.count(), PlanMonitoringEntry.objects.count())
    for url, data in every_post(world, draft, signed):
        assert client.post(url, data).status_code == 404, url
    draft.refresh_from_db()
    assert (draft.version, SafetyPlanRule.objects.count(), PlanMonitoringEntry.objects.count()) == before
    assert SafetyPlan.objects.count() == 2 and Trajectory.objects.get().steps.count() == 1
    assert not AccessLogEntry.objects.filter(user=getattr(world, persona)).exclude(action="denied").exists()


def test_a_teammate_cannot_sign_off_even_by_posting(world: World, client_for) -> None:
    plan = draft_plan(world)
    response = client_for(world.teammate).post(
        reverse("safety:plan-sign-off", args=[plan.pk]), {"version": str(plan.version)}
    )
    assert response.status_code == 404
    assert SafetyPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_the_worker_builds_a_plan_through_the_pages(world: World, client_for) -> None:
    rose, kerri, _pat = seed_network(world)
    client = client_for(world.worker)
    assert (
        reverse("safety:plans", args=[world.case.pk])
        in client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    )
    response = client.post(reverse("safety:plan-new", args=[world.case.pk]), {"kind": "family"})
    assert response.status_code == 302
    plan = SafetyPlan.objects.get()
    plan_page = reverse("safety:plan", args=[plan.pk])
    response = post_changed(
        client,
        plan_page,
        posts_to=reverse("safety:plan-section-add", args=[plan.pk, "rules"]),
        **{
            "rules-wording": RULE,
            "rules-responsible_people": f"network-{kerri.pk}",
            "rules-checker_people": f"network-{rose.pk}",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#rules")
    rule = SafetyPlanRule.objects.get()
    assert (rule.responsible_member, rule.checker_member) == (kerri, rose)
    assert (rule.responsible, rule.checker) == ("Kerri", "Rose")
    record = client.get(reverse("people:detail", args=[world.child.pk])).content.decode()
    assert reverse("safety:plans", args=[world.case.pk]) in record
    post_changed(
        client,
        plan_page,
        posts_to=reverse("safety:plan-details", args=[plan.pk]),
        **{f"details-{k}": v for k, v in date_fields("review_on", TODAY + datetime.timedelta(days=30)).items()},
    )
    plan.refresh_from_db()
    assert plan.review_on == TODAY + datetime.timedelta(days=30)
    page = client.get(reverse("safety:plan", args=[plan.pk])).content.decode()
    assert RULE in page and "Makes sure it happens: Kerri. Checks: Rose." in page
    assert "Reading age of the plan: about" in page
    assert "The plan does not say who to call." in page


def test_a_form_with_errors_keeps_what_was_typed_and_links_the_error(world: World, client_for) -> None:
    plan = draft_plan(world)
    client = client_for(world.worker)
    response = client.post(
        reverse("safety:plan-section-add", args=[plan.pk, "triggers"]),
        {
            "triggers-version": str(plan.version),
            "triggers-warning_sign": "Eddy goes quiet and grips the keys",
            "triggers-what_to_do": "",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert '<a href="#id_triggers-what_to_do">Enter what everyone will do when they see it</a>' in page
    assert "Eddy goes quiet and grips the keys" in page
    assert plan.triggers.count() == 1


def test_a_stale_save_says_who_changed_the_plan_and_keeps_the_typing(world: World, client_for) -> None:
    plan = draft_plan(world)
    rule = plan.rules.get()
    loaded = plan.version
    rule_save(acting_user=world.teammate, plan=plan, expected_version=loaded, wording="Tom's change", rule=rule)
    response = client_for(world.worker).post(
        reverse("safety:plan-section-change", args=[plan.pk, "rules", rule.pk]),
        {"rules-version": str(loaded), "rules-wording": "Sally's careful words", "rules-responsible_name": "Eddy"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "changed this record" in page and "Your changes have not been saved" in page
    assert "Sally&#x27;s careful words" in page
    assert SafetyPlanRule.objects.get(pk=rule.pk).wording == "Tom's change"


def test_a_new_plan_lists_what_is_still_to_do_without_showing_errors(world: World, client_for) -> None:
    plan = plan_start(acting_user=world.worker, case=world.case, kind="family", review_on=None)
    page = client_for(world.worker).get(reverse("safety:plan", args=[plan.pk])).content.decode()
    assert "govuk-error-summary" not in page and "govuk-error-message" not in page
    assert '<div class="govuk-inset-text" id="plan-problems">' in page
    assert "Before this plan can be signed off:" in page and "The plan has no rules yet." in page


def test_the_sign_off_page_shows_problems_and_offers_only_the_return(world: World, client_for) -> None:
    plan = draft_plan(world, review=False)
    client = client_for(world.manager)
    url = reverse("safety:plan-sign-off", args=[plan.pk])
    page = client.get(url).content.decode()
    assert "The plan has no review date." in page
    assert "Sign off the safety plan</button>" not in page
    assert "Return it to the worker</button>" in page
    assert "govuk-error-summary" not in page
    response = client.post(url, {"version": str(plan.version), "sign_off": "yes"})  # a button the page did not offer
    assert response.status_code == 400
    refused = response.content.decode()
    assert 'class="govuk-error-summary" data-module="govuk-error-summary" id="plan-problems"' in refused
    assert "The plan has no review date." in refused
    assert SafetyPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT
    returned = post_changed(client, url, "sign-off-decision", "return_to_worker", reasons="Agree a review date.")
    assert returned.status_code == 302
    worker_page = client_for(world.worker).get(reverse("safety:plan", args=[plan.pk])).content.decode()
    assert "Agree a review date." in worker_page
    assert SafetyPlan.objects.get(pk=plan.pk).status == PlanStatus.DRAFT


def test_the_manager_confirms_warnings_and_signs_off(world: World, client_for) -> None:
    plan = draft_plan(world)
    rule_save(
        acting_user=world.worker,
        plan=plan,
        expected_version=None,
        wording="Pat visits on Sundays",
        responsible_name="Pat",
    )
    plan.refresh_from_db()
    client = client_for(world.manager)
    url = reverse("safety:plan-sign-off", args=[plan.pk])
    page = client.get(url).content.decode()
    assert "Rule 2 has no one named to check it is happening." in page
    response = post_changed(client, url, "sign-off-decision", "sign_off")
    assert response.status_code == 400
    assert "Confirm you have read the warnings before signing off" in response.content.decode()
    response = post_changed(
        client, url, "sign-off-decision", "sign_off", warnings_confirmed="on", reasons="Pat's rule is agreed."
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SIGNED_OFF
    page = client.get(reverse("safety:plan", args=[plan.pk])).content.decode()
    assert "Add a monitoring entry" in page and "Add a rule" not in page
    assert "Rule 2 has no one named to check it is happening." in page  # kept with the plan, as accepted
    assert "Pat&#x27;s rule is agreed." in page


def test_monitoring_is_added_to_the_signed_plan_through_the_page(world: World, client_for) -> None:
    plan = signed_plan(world)
    kerri = world.case.network_members.get(name="Kerri")
    client = client_for(world.teammate)
    plan_page = reverse("safety:plan", args=[plan.pk])
    posts_to = reverse("safety:plan-monitoring", args=[plan.pk])
    typed = {
        "monitoring-reported_by_choice": f"network-{kerri.pk}",
        "monitoring-followed": "no",
        "monitoring-what_happened": "Shouting on Friday night.",
    } | {f"monitoring-{k}": v for k, v in date_fields("happened_on", TODAY).items()}
    response = post_changed(client, plan_page, posts_to=posts_to, **typed)
    assert response.status_code == 302
    assert PlanMonitoringEntry.objects.get().reported_by == "Kerri"
    page = client.get(plan_page).content.decode()
    assert "Shouting on Friday night." in page
    bad = post_changed(client, plan_page, posts_to=posts_to, **(typed | {"monitoring-followed": None}))
    assert bad.status_code == 400 and "Choose whether the plan was followed" in bad.content.decode()
    nobody = post_changed(client, plan_page, posts_to=posts_to, **(typed | {"monitoring-reported_by_choice": ""}))
    assert "Choose who told you how the plan is going" in nobody.content.decode()
    assert PlanMonitoringEntry.objects.count() == 1


def test_views_prints_and_downloads_are_in_the_access_log(world: World, client_for) -> None:
    plan = signed_plan(world)
    client = client_for(world.teammate)
    client.get(reverse("safety:plan", args=[plan.pk]))
    client.get(reverse("safety:plan-print", args=[plan.pk]))
    client.get(reverse("safety:plan-pdf", args=[plan.pk]))
    rows = AccessLogEntry.objects.filter(user=world.teammate, record_type="safety_plan", record_id=str(plan.pk))
    assert sorted(rows.values_list("action", flat=True)) == ["export", "export", "print", "print", "view", "view"]
    assert {row.person_id for row in rows} == {world.child.pk, world.sibling.pk}


def test_the_family_copy_is_a_pdf_with_the_rules_and_the_sign_off(world: World, client_for) -> None:
    from pypdf import PdfReader

    plan = signed_plan(world)
    client = client_for(world.worker)
    response = client.get(reverse("safety:plan-pdf", args=[plan.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Our safety plan" in text
    assert RULE in text
    assert f"signed off by {world.manager}" in text
    html = client.get(reverse("safety:plan-print", args=[plan.pk])).content.decode()
    assert RULE in html and "Rose makes sure" not in html and "Merinda and Eddy make sure this happens." in html


def test_the_family_copy_says_make_sure_and_check_for_several_people(world: World, client_for) -> None:
    plan = draft_plan(world)
    rose = plan.case.network_members.get(name="Rose")
    rule_save(
        acting_user=world.worker,
        plan=plan,
        expected_version=plan.version,
        wording="Pat visits every Sunday.",
        responsible_member=rose,
        checker_name="Kerri and Pat",
    )
    html = client_for(world.worker).get(reverse("safety:plan-print", args=[plan.pk])).content.decode()
    assert "Merinda and Eddy make sure this happens." in html and "Merinda and Eddy makes" not in html
    assert "Rose makes sure this happens." in html
    assert "Rose checks." in html and "Kerri and Pat check." in html


def test_the_family_copy_check_shows_the_reading_age_and_the_coach(world: World, client_for) -> None:
    plan = draft_plan(world)
    rule_save(
        acting_user=world.worker,
        plan=plan,
        expected_version=None,
        wording="Mum will not expose the children to domestic violence.",
        responsible_name="Merinda",
    )
    client = client_for(world.worker)
    page = client.get(reverse("safety:plan-document", args=[plan.pk])).content.decode()
    assert "Reading age: about" in page
    assert "Rule 2: “domestic violence” is jargon" in page
    plan_page = client.get(reverse("safety:plan", args=[plan.pk])).content.decode()
    assert "“domestic violence” is jargon" in plan_page


def test_the_trajectory_page_adds_steps_and_shows_the_expected_closure(world: World, client_for) -> None:
    client = client_for(world.worker)
    url = reverse("safety:trajectory", args=[world.case.pk])
    assert "Not known until the goals are being kept" in client.get(url).content.decode()
    step = {"step-version": "0", "step-description": "Family meeting to review the plan"}
    step |= {f"step-{k}": v for k, v in date_fields("target_on", TODAY + datetime.timedelta(days=14)).items()}
    assert client.post(reverse("safety:trajectory-step-add", args=[world.case.pk]), step).status_code == 302
    since = TODAY - datetime.timedelta(days=7)
    sustained = {"sustained-version": "2", "sustained-sustain_for": "3", "sustained-sustain_unit": "months"}
    sustained |= {f"sustained-{k}": v for k, v in date_fields("sustained_since", since).items()}
    assert client.post(reverse("safety:trajectory-sustained", args=[world.case.pk]), sustained).status_code == 302
    trajectory = Trajectory.objects.get()
    assert trajectory.sustain_label == "3 months"
    page = client.get(url).content.decode()
    assert "Family meeting to review the plan" in page
    assert f"{trajectory.expected_closure:%-d %B %Y}, if the goals keep being met" in page
    stale = client.post(
        reverse("safety:trajectory-sustained", args=[world.case.pk]), sustained | {"sustained-sustain_for": "6"}
    )
    assert stale.status_code == 400 and "changed this record" in stale.content.decode()
    bad = client.post(
        reverse("safety:trajectory-sustained", args=[world.case.pk]),
        sustained | {"sustained-version": "3", "sustained-sustain_for": "many"},
    )
    assert bad.status_code == 400 and "Enter a whole number, like 6" in bad.content.decode()
    step_id = trajectory.steps.get().pk
    assert (
        client.post(reverse("safety:trajectory-step-done", args=[world.case.pk, step_id]), {"version": "3"}).status_code
        == 302
    )
    assert trajectory.steps.get().done_on == TODAY


def test_work_kept_at_an_idle_time_out_comes_back_on_the_plan(world: World, client_for) -> None:
    from casemap.core.models import KeptDraft

    plan = draft_plan(world)
    client = client_for(world.worker)
    url = reverse("safety:plan-section-add", args=[plan.pk, "bottom-lines"])
    kept = KeptDraft.objects.create(
        owner=world.worker,
        path=url,
        data={"bottom-lines-version": [str(plan.version)], "bottom-lines-text": ["Jirra sleeps at home every night."]},
    )
    page = client.get(f"{url}?draft={kept.pk}").content.decode()
    assert "You were signed out while writing" in page
    assert "Jirra sleeps at home every night." in page
    assert plan.bottom_lines.count() == 1
    assert client.get(url).status_code == 302  # nothing kept: back to the plan
    steps = reverse("safety:trajectory-step-add", args=[world.case.pk])
    kept = KeptDraft.objects.create(owner=world.worker, path=steps, data={"step-description": ["Family meeting"]})
    assert "Family meeting" in client.get(f"{steps}?draft={kept.pk}").content.decode()


def test_the_coach_gives_hints_as_a_rule_is_typed(world: World, client_for) -> None:
    plan = draft_plan(world)
    client = client_for(world.worker)
    url = reverse("safety:plan-coach", args=[plan.pk, "rules"])
    page = client.post(
        url, {"rules-version": "1", "rules-wording": "Eddy will stop the non-engagement."}
    ).content.decode()
    assert 'id="coach-rules"' in page and "“non-engagement” is jargon" in page and "Reading age: about" in page
    plain = client.post(url, {"rules-wording": "Eddy goes for a walk when he feels angry."}).content.decode()
    assert "No suggestions: the words look plain." in plain
    assert client_for(world.other_worker).post(url, {"rules-wording": "x"}).status_code == 404
    assert client.post(reverse("safety:plan-coach", args=[plan.pk, "nonsense"]), {}).status_code == 404
    rule = plan.rules.get()
    change = client.get(reverse("safety:plan-section-change", args=[plan.pk, "rules", rule.pk])).content.decode()
    assert 'id="coach-rules"' in change and "Reading age: about" in change


def test_a_new_version_compares_with_the_one_it_came_from(world: World, client_for) -> None:
    draft, signed = two_plans(world)
    rule_save(acting_user=world.worker, plan=draft, expected_version=None, wording="Eddy sleeps at his brother's")
    first_rule = draft.rules.get(wording=RULE)
    rule_save(
        acting_user=world.worker,
        plan=draft,
        expected_version=None,
        wording="Merinda goes for a walk when voices get loud.",
        responsible_name="Merinda",
        rule=first_rule,
    )
    client = client_for(world.teammate)
    page = client.get(reverse("safety:plan", args=[draft.pk])).content.decode()
    assert reverse("safety:plan-compare", args=[draft.pk]) in page
    compared = client.get(reverse("safety:plan-compare", args=[draft.pk])).content.decode()
    added = compared.split("Added")[1].split("Taken out")[0]
    removed = compared.split("Taken out")[1].split("Kept")[0]
    assert "Merinda goes for a walk when voices get loud." in added and "Eddy sleeps at his brother" in added
    assert RULE in removed
    assert "Review date" in compared  # the new version's review date is still to be agreed
    assert client.get(reverse("safety:plan-compare", args=[signed.pk])).status_code == 404  # the first has none
    assert client_for(world.other_worker).get(reverse("safety:plan-compare", args=[draft.pk])).status_code == 404
