"""The worked-example family's signed safety plan, monitoring log and trajectory, in words the coach passes."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.core import plain_language
from casemap.safety.demo import (
    SEED_BOTTOM_LINES,
    SEED_CHILDRENS_VERSION,
    SEED_CONTACTS,
    SEED_MONITORING,
    SEED_RULES,
    SEED_TRIGGERS,
)
from casemap.safety.document import family_text
from casemap.safety.models import PlanStatus, SafetyPlan, Trajectory

pytestmark = pytest.mark.django_db


def test_the_seed_plan_wording_passes_the_coach() -> None:
    texts = [rule for rule, _who, _checker in SEED_RULES]
    texts += [part for trigger in SEED_TRIGGERS for part in trigger]
    texts += [when for _member, _name, when in SEED_CONTACTS]
    texts += [*SEED_BOTTOM_LINES, SEED_CHILDRENS_VERSION]
    texts += [entry[3] for entry in SEED_MONITORING]
    assert {text: plain_language.jargon_hints(text) for text in texts} == {text: [] for text in texts}
    assert plain_language.readability("\n".join(texts)).reading_age <= 11


@override_settings(DEMO_MODE=True)
def test_the_demo_family_has_a_signed_plan_with_the_network_in_it(client_for) -> None:
    call_command("seed_demo", "--children", "10", "--quiet-logins", stdout=StringIO())
    case = Case.objects.get(family_name="Merinda and Eddy's family")
    plan = SafetyPlan.objects.get(case=case)
    assert (plan.kind, plan.status) == ("family", PlanStatus.SIGNED_OFF)
    assert plan.signed_off_by == User.objects.get(username="dana")
    rules = plan.snapshot["rules"]
    assert [rule["wording"] for rule in rules] == [rule for rule, _who, _checker in SEED_RULES]
    assert all(rule["responsible"] and rule["checker"] for rule in rules)
    assert {rule["checker_member_id"] for rule in rules} <= {m.pk for m in case.network_members.all()}
    names = {rule["checker"].split()[0] for rule in rules} | {rule["responsible"].split()[0] for rule in rules}
    assert {"Rose", "Kerri", "Pat", "Merinda"} <= names
    assert plan.review_on is not None and len(plan.snapshot["contacts"]) == 3
    assert plan.monitoring.count() == len(SEED_MONITORING)
    assert plan.monitoring.filter(followed="partly").exists()
    assert not [hint for text in family_text(plan.snapshot).split("\n") for hint in plain_language.jargon_hints(text)]
    trajectory = Trajectory.objects.get(case=case)
    assert trajectory.steps.count() == 4 and trajectory.steps.filter(done_on__isnull=False).count() == 2
    assert trajectory.sustain_label == "6 months" and trajectory.expected_closure is not None

    client = client_for(User.objects.get(username="sally"))
    page = client.get(reverse("safety:plan", args=[plan.pk])).content.decode()
    assert "Makes sure it happens: Kerri" in page and "Monitoring log" in page
    pdf = client.get(reverse("safety:plan-pdf", args=[plan.pk]))
    assert pdf.content.startswith(b"%PDF")
