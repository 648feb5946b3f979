"""The audit pages as their users use them, every form posted as the page rendered it: the auditor starts and
scores an audit (errors in plain words, typing kept), the practitioner adds their own scores, an action is done
from the owner's list, the audit is completed, moderated and replied to; everyone else gets a 404."""

import datetime
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessLogEntry, CaseAssignment
from casemap.accounts.models import Role
from casemap.conftest import UserFactory, World
from casemap.core.tests.rendered_forms import form_on_page, post_changed, post_rendered, rendered_form
from casemap.quality.default_tools import SIGNS_OF_SAFETY_CASE_AUDIT
from casemap.quality.models import Audit, AuditAction, AuditTool, InadequateResponse, Moderation
from casemap.quality.services.audits import AUDIT_PURPOSE
from casemap.quality.views import audits as audit_views
from casemap.supervision.tests.test_pages import day_fields

TODAY = timezone.localdate()


class Always(random.Random):
    def random(self) -> float:
        return 0.0


@pytest.fixture
def assigned(world: World) -> World:
    CaseAssignment.objects.create(
        case=world.case, user=world.practice_lead, purpose=AUDIT_PURPOSE, assigned_by=world.practice_lead,
        starts_on=TODAY,
    )  # fmt: skip
    return world


def start_through_the_page(client_for, world: World) -> Audit:  # type: ignore[no-untyped-def]
    lead = client_for(world.practice_lead)
    tool = AuditTool.objects.get(name=SIGNS_OF_SAFETY_CASE_AUDIT)
    response = post_changed(
        lead, reverse("quality:audit-start", args=[world.case.pk]), "record-form", tool=str(tool.pk)
    )
    audit = Audit.objects.get()
    assert response.status_code == 302 and response.url == reverse("quality:audit-edit", args=[audit.pk])
    return audit


def scores_for(audit: Audit, score: int) -> dict[str, str]:
    return {f"score_{c.pk}": str(score) for c in audit.tool_version.criteria.all()}


def test_the_auditor_scores_with_the_records_facts_beside_the_criteria(client_for, assigned: World) -> None:  # type: ignore[no-untyped-def]
    world = assigned
    audit = start_through_the_page(client_for, world)
    lead = client_for(world.practice_lead)
    edit_url = reverse("quality:audit-edit", args=[audit.pk])
    page = lead.get(edit_url).content.decode()
    assert "What the record already shows" in page and "Alkira Cooper" in page
    assert "A balanced, specific map the family helped make" in page  # an anchor of the tool
    refused = post_changed(
        lead, edit_url, "record-form", learning="Sally listened well.", strengths="Clear danger statements.",
        **scores_for(audit, 7),
    )  # fmt: skip
    body = refused.content.decode()
    assert refused.status_code == 200 and "never names a worker: take out Sally" in body
    again = form_on_page(refused, "record-form")
    assert again.fields["strengths"] == ["Clear danger statements."]
    saved = post_rendered(
        lead, edit_url, again, learning="Scaling with the children made the plan clearer.",
        family_contact_person=str(world.mother.pk), family_contact_method="phone",
        family_words="She listened to us.", practitioner_participation="present",
        overall_judgement="7", **day_fields("family_contacted_on", TODAY),
    )  # fmt: skip
    assert saved.status_code == 302
    audit.refresh_from_db()
    assert audit.family_contact_person == world.mother and audit.overall_judgement == 7
    assert set(audit.scores.values_list("score", flat=True)) == {7}


def test_a_stale_audit_save_keeps_what_was_typed(client_for, assigned: World) -> None:  # type: ignore[no-untyped-def]
    from casemap.core.tests.rendered_forms import refused_as_stale
    from casemap.quality.services.audits import audit_save

    world = assigned
    audit = start_through_the_page(client_for, world)
    lead = client_for(world.practice_lead)

    def meanwhile() -> None:
        audit_save(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, entries={})

    refused_as_stale(lead, reverse("quality:audit-edit", args=[audit.pk]), "record-form", meanwhile, strengths="Typed")  # type: ignore[arg-type]


def test_the_whole_round_through_the_pages(client_for, assigned: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    world = assigned
    monkeypatch.setattr(audit_views, "moderation_draw", Always())
    audit = start_through_the_page(client_for, world)
    lead = client_for(world.practice_lead)
    post_changed(
        lead,
        reverse("quality:audit-edit", args=[audit.pk]),
        "record-form",
        overall_judgement="2",
        **scores_for(audit, 2),
    )

    worker = client_for(world.worker)
    home = worker.get(reverse("quality:home")).content.decode()
    own_url = reverse("quality:audit-self-score", args=[audit.pk])
    assert own_url in home
    assert post_changed(worker, own_url, "record-form", **scores_for(audit, 5)).status_code == 302
    assert set(audit.scores.values_list("practitioner_score", flat=True)) == {5}

    action_url = reverse("quality:audit-action-new", args=[audit.pk])
    due = TODAY + datetime.timedelta(days=14)
    response = post_changed(
        lead, action_url, "record-form", description="Add the children's words to the plan",
        owner=str(world.worker.pk), **day_fields("due_on", due),
    )  # fmt: skip
    assert response.status_code == 302
    action = AuditAction.objects.get()
    assert "Add the children&#x27;s words to the plan" in worker.get(reverse("cases:my-caseload")).content.decode()

    complete_url = reverse("quality:audit-complete", args=[audit.pk])
    detail = rendered_form(lead, reverse("quality:audit", args=[audit.pk]), posts_to=complete_url)
    assert post_rendered(lead, complete_url, detail).status_code == 302
    audit.refresh_from_db()
    assert audit.is_completed
    moderation = Moderation.objects.get(audit=audit)

    second_lead = UserFactory(username="pat", role=Role.PRACTICE_LEAD, first_name="Pat")
    moderator = UserFactory(username="mo", role=Role.PRACTICE_LEAD, first_name="Mo")
    pat = client_for(second_lead)
    choose_url = reverse("quality:moderator-choose", args=[audit.pk])
    assert choose_url in pat.get(reverse("quality:home")).content.decode()
    assert post_changed(pat, choose_url, "record-form", moderator=str(moderator.pk)).status_code == 302
    mo = client_for(moderator)
    moderate_url = reverse("quality:moderate", args=[audit.pk])
    assert moderate_url in mo.get(reverse("quality:home")).content.decode()
    assert (
        post_changed(mo, moderate_url, "record-form", overall_judgement="4", **scores_for(audit, 4)).status_code == 302
    )
    moderation.refresh_from_db()
    assert moderation.completed_at is not None
    shown = lead.get(reverse("quality:audit", args=[audit.pk])).content.decode()
    assert "Moderator" in shown and "The moderator's grades are shown beside the auditor's" in shown

    manager = client_for(world.manager)
    reply_url = reverse("quality:audit-reply", args=[audit.pk])
    assert reply_url in manager.get(reverse("quality:home")).content.decode()
    assert (
        post_changed(manager, reply_url, "record-form", reply="We will map with the family again.").status_code == 302
    )
    assert InadequateResponse.objects.get().replied_at is not None

    done_url = reverse("quality:action-done", args=[action.pk])
    assert post_changed(worker, done_url, "record-form", note="Done with Rose").status_code == 302
    action.refresh_from_db()
    assert action.done_at is not None


def test_the_manager_acknowledges_a_concern_from_their_caseload(client_for, assigned: World) -> None:  # type: ignore[no-untyped-def]
    world = assigned
    audit = start_through_the_page(client_for, world)
    lead = client_for(world.practice_lead)
    post_changed(
        lead, reverse("quality:audit-edit", args=[audit.pk]), "record-form", safeguarding_concern="on",
        safeguarding_detail="The children were left alone overnight.",
    )  # fmt: skip
    manager = client_for(world.manager)
    acknowledge_url = reverse("quality:audit-acknowledge", args=[audit.pk])
    assert acknowledge_url in manager.get(reverse("cases:my-caseload")).content.decode()
    complete_url = reverse("quality:audit-complete", args=[audit.pk])
    refused = post_rendered(
        lead, complete_url, rendered_form(lead, reverse("quality:audit", args=[audit.pk]), posts_to=complete_url)
    )
    assert refused.status_code == 200 and "must acknowledge the safeguarding concern" in refused.content.decode()
    empty = post_changed(manager, acknowledge_url, "record-form")
    assert "Say what you have done or will do" in empty.content.decode()
    assert post_changed(manager, acknowledge_url, "record-form", response="Visited today.").status_code == 302


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("practice_lead", 200),
        ("worker", 200),
        ("manager", 200),
        ("service_manager", 200),
        ("teammate", 404),
        ("other_worker", 404),
        ("chair", 404),
        ("data_officer", 404),
        ("administrator", 404),
    ],
)
def test_who_may_read_an_audit(client_for, assigned: World, persona: str, status: int) -> None:  # type: ignore[no-untyped-def]
    world = assigned
    audit = start_through_the_page(client_for, world)
    before = AccessLogEntry.objects.filter(record_type="practice audit", action="view").count()
    response = client_for(getattr(world, persona)).get(reverse("quality:audit", args=[audit.pk]))
    assert response.status_code == status
    after = AccessLogEntry.objects.filter(record_type="practice audit", action="view").count()
    assert (after > before) == (status == 200)


def test_the_close_page_says_what_is_missing(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    from casemap.cases.models import CaseService
    from casemap.quality.default_tools import CLOSURE_AUDIT
    from casemap.quality.models import ClosureAuditRule

    world.case.service = CaseService.CHILD_PROTECTION
    world.case.save()
    ClosureAuditRule.objects.create(
        service=CaseService.CHILD_PROTECTION, tool=AuditTool.objects.get(name=CLOSURE_AUDIT)
    )
    manager = client_for(world.manager)
    page = manager.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Child protection cases close only after a completed closure audit" in page
    assert reverse("quality:audit-start", args=[world.case.pk]) in page
    response = post_changed(
        manager, reverse("cases:detail", args=[world.case.pk]), None, posts_to=reverse("cases:close", args=[world.case.pk]),
        closure_reason="RC8", **day_fields("closed_on", TODAY),
    )  # fmt: skip
    assert response.status_code == 200 and "cannot close yet" in response.content.decode()
    world.case.refresh_from_db()
    assert world.case.closed_on is None
