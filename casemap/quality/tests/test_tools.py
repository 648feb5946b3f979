"""Audit tools as versioned data: a practice lead writes a new version through the page, anchors the scale needs
are required, a published version never changes and an audit keeps the version it started with."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_changed, post_rendered, rendered_form
from casemap.quality.default_tools import CLOSURE_AUDIT, SIGNS_OF_SAFETY_CASE_AUDIT
from casemap.quality.models import AuditTool, AuditToolVersion, Scale
from casemap.quality.services.tools import CriterionText, version_draft, version_publish, version_save


def test_the_default_tools_have_anchors_for_every_required_score(db: None) -> None:
    case_audit = AuditTool.objects.get(name=SIGNS_OF_SAFETY_CASE_AUDIT).versions.get()
    closure = AuditTool.objects.get(name=CLOSURE_AUDIT).versions.get()
    assert case_audit.scale == Scale.SIGNS_OF_SAFETY and closure.scale == Scale.OFSTED
    assert all({"0", "10"} <= set(c.anchors) for c in case_audit.criteria.all())
    assert all(set(c.anchors) == {"1", "2", "3", "4"} for c in closure.criteria.all())


def test_editing_a_tool_makes_a_new_version_through_the_pages(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    lead = client_for(world.practice_lead)
    tool = AuditTool.objects.get(name=SIGNS_OF_SAFETY_CASE_AUDIT)
    first = tool.versions.get()
    page_url = reverse("quality:tool-version", args=[first.pk])
    new_url = reverse("quality:tool-new-version", args=[tool.pk])
    response = post_rendered(lead, new_url, rendered_form(lead, page_url, posts_to=new_url))
    draft = tool.versions.get(number=2)
    edit_url = reverse("quality:tool-version-edit", args=[draft.pk])
    assert response.url == edit_url
    refused = post_changed(lead, edit_url, "record-form", title_9="Working with partners", guidance_9="Who else helps")
    assert refused.status_code == 200
    assert "Describe what a score of 0 means for &#x27;Working with partners&#x27;" in refused.content.decode()
    saved = post_changed(
        lead, edit_url, "record-form", title_9="Working with partners", guidance_9="Who else helps",
        anchor_9_0="No partner is involved.", anchor_9_10="Every partner knows their part.", remove_1="on",
    )  # fmt: skip
    assert saved.status_code == 302
    titles = list(draft.criteria.values_list("title", flat=True))
    assert titles[-1] == "Working with partners" and "The child's voice" not in titles
    assert first.criteria.count() == 8, "the published version is unchanged"
    publish_url = reverse("quality:tool-version-publish", args=[draft.pk])
    post_rendered(
        lead, publish_url, rendered_form(lead, reverse("quality:tool-version", args=[draft.pk]), posts_to=publish_url)
    )
    draft.refresh_from_db()
    assert draft.is_published
    assert lead.get(edit_url).status_code == 404


def test_a_draft_changed_meanwhile_is_not_overwritten(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    lead = client_for(world.practice_lead)
    draft = version_draft(acting_user=world.practice_lead, tool=AuditTool.objects.get(name=CLOSURE_AUDIT))
    edit_url = reverse("quality:tool-version-edit", args=[draft.pk])
    shown = rendered_form(lead, edit_url, "record-form")
    criteria = [CriterionText(c.title, c.guidance, c.anchors) for c in draft.criteria.all()]
    version_save(acting_user=world.practice_lead, version=draft, criteria=criteria[:1], has_overall_judgement=True)
    refused = post_rendered(lead, edit_url, shown, title_1="Renamed")
    assert refused.status_code == 200 and "Someone else changed this draft" in refused.content.decode()
    assert draft.criteria.count() == 1


def test_a_published_version_never_changes(world: World) -> None:
    version = AuditToolVersion.objects.filter(tool__name=CLOSURE_AUDIT).get()
    with pytest.raises(ValidationError, match="published and cannot change"):
        version_save(acting_user=world.practice_lead, version=version, criteria=[], has_overall_judgement=True)
    with pytest.raises(ValidationError, match="published and cannot change"):
        version_publish(acting_user=world.practice_lead, version=version)


def test_only_practice_leads_write_tools(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    tool = AuditTool.objects.get(name=CLOSURE_AUDIT)
    with pytest.raises(PermissionDenied):
        version_draft(acting_user=world.manager, tool=tool)
    assert client_for(world.manager).get(reverse("quality:tool-new")).status_code == 404
    assert client_for(world.manager).get(reverse("quality:tools")).status_code == 200
    assert client_for(world.data_officer).get(reverse("quality:tools")).status_code == 404


def test_a_new_tool_starts_as_a_draft(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    lead = client_for(world.practice_lead)
    response = post_changed(
        lead, reverse("quality:tool-new"), "record-form", name="Thematic audit: the child's voice",
        purpose="thematic", scale="ofsted",
    )  # fmt: skip
    version = AuditToolVersion.objects.get(tool__name="Thematic audit: the child's voice")
    assert response.url == reverse("quality:tool-version-edit", args=[version.pk]) and not version.is_published
    with pytest.raises(ValidationError, match="Add at least one criterion"):
        version_publish(acting_user=world.practice_lead, version=version)


def test_an_administrator_sets_a_closure_audit_rule_in_the_admin(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    from casemap.quality.models import ClosureAuditRule

    admin = client_for(world.administrator)
    tool = AuditTool.objects.get(name=CLOSURE_AUDIT)
    response = post_changed(
        admin, reverse("admin:quality_closureauditrule_add"), "closureauditrule_form", service="child_protection",
        tool=str(tool.pk),
    )  # fmt: skip
    assert response.status_code == 302
    assert ClosureAuditRule.objects.get().service == "child_protection"
