"""The supervision pages used as their users use them: each form read as the page renders it and posted back.
Recording, signing, the freeze, the supervisee's acknowledgement or disagreement, additions, actions on the
caseload, the case page's panel, and the 404 for everyone the policy refuses."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessLogEntry
from casemap.cases.models import ChronologyEntry, ChronologyKind
from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_changed, refused_as_stale, rendered_form
from casemap.supervision.models import Supervision, SupervisionStatus
from casemap.supervision.services.records import supervision_update
from casemap.supervision.tests.conftest import SupervisionWorld, case_content

TODAY = timezone.localdate()
TYPED = {
    "worries": "Eddy shouted at Merinda in front of the children on Friday.",
    "working_well": "Rose has the children every day after school.",
    "needs_to_happen": "The network meets to agree the rules.",
    "scale_score": "5",
    "scale_zero_anchor": "The children will be hurt",
    "scale_ten_anchor": "The children are safe enough to close",
    "scale_reasons": "Rose is there but the plan is new.",
    "decisions": "Hold a network meeting this month.",
    "decision_reasons": "The plan needs the network's agreement.",
    "action_description": "Invite the network",
}


def day_fields(prefix: str, day: datetime.date) -> dict[str, str]:
    return {f"{prefix}_day": str(day.day), f"{prefix}_month": str(day.month), f"{prefix}_year": str(day.year)}


def record_through_the_page(client_for, world: World, occurred_on: datetime.date):  # type: ignore[no-untyped-def]
    manager = client_for(world.manager)
    url = reverse("supervision:case-new", args=[world.case.pk])
    return post_changed(
        manager,
        url,
        "record-form",
        supervisee=str(world.worker.pk),
        action_owner=str(world.worker.pk),
        **day_fields("occurred_on", occurred_on),
        **day_fields("action_due_on", TODAY + datetime.timedelta(days=7)),
        **TYPED,
    )


def test_a_case_supervision_from_draft_to_the_workers_disagreement(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    response = record_through_the_page(client_for, world, TODAY - datetime.timedelta(days=1))
    supervision = Supervision.objects.get()
    assert response.status_code == 302 and response.url == reverse("supervision:detail", args=[supervision.pk])
    assert supervision.status == SupervisionStatus.DRAFT
    assert {e.child_id for e in supervision.child_entries.all()} == {world.child.pk, world.sibling.pk}
    assert supervision.actions.get().owner == world.worker
    manager = client_for(world.manager)
    detail = reverse("supervision:detail", args=[supervision.pk])
    assert not ChronologyEntry.objects.filter(kind=ChronologyKind.CASE_SUPERVISION).exists(), "a draft is on no record"
    signed = post_changed(manager, detail, posts_to=reverse("supervision:sign", args=[supervision.pk]))
    assert signed.status_code == 302
    supervision.refresh_from_db()
    assert supervision.status == SupervisionStatus.SIGNED
    entries = ChronologyEntry.objects.filter(kind=ChronologyKind.CASE_SUPERVISION)
    assert {e.person_id for e in entries} == {world.child.pk, world.sibling.pk}
    # Frozen: the change page is gone and the service refuses.
    assert manager.get(reverse("supervision:change", args=[supervision.pk])).status_code == 404
    with pytest.raises(ValidationError):
        supervision_update(
            acting_user=world.manager, supervision=supervision, expected_version=supervision.version,
            content=case_content(world),
        )  # fmt: skip
    worker = client_for(world.worker)
    page = worker.get(detail).content.decode()
    assert "Acknowledge or disagree" in page
    ack = reverse("supervision:acknowledge", args=[supervision.pk])
    refused = post_changed(worker, ack, "record-form", agrees="no")
    assert "Say what you disagree with" in refused.content.decode()
    done = post_changed(
        worker, ack, "record-form", agrees="no", comment="Rose cannot do Fridays; the plan says she can."
    )
    assert done.status_code == 302
    supervision.refresh_from_db()
    assert supervision.status == SupervisionStatus.ACKNOWLEDGED
    assert supervision.worries == TYPED["worries"], "the disagreement is kept beside, never merged"
    page = manager.get(detail).content.decode()
    assert "disagrees with the record" in page and "Rose cannot do Fridays" in page
    assert worker.get(ack).status_code == 404, "acknowledged once"


def test_additions_are_appended_below_the_signed_record(client_for, supervised: SupervisionWorld) -> None:  # type: ignore[no-untyped-def]
    world = supervised.world
    record = supervised.case_supervision
    manager = client_for(world.manager)
    url = reverse("supervision:addition-new", args=[record.pk])
    post_changed(manager, url, "record-form", text="Rose confirmed she can do Fridays after all.")
    page = manager.get(reverse("supervision:detail", args=[record.pk])).content.decode()
    assert "Rose confirmed she can do Fridays" in page
    record.refresh_from_db()
    assert "Rose confirmed" not in record.worries + record.decisions
    assert client_for(world.teammate).get(url).status_code == 404, "only the two people in it add"


def test_a_date_in_the_future_is_refused_on_the_form_with_what_was_typed_kept(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    response = record_through_the_page(client_for, world, TODAY + datetime.timedelta(days=1))
    body = response.content.decode()
    assert response.status_code == 200
    assert "The date of the supervision must be today or in the past" in body
    assert TYPED["worries"] in body
    assert not Supervision.objects.exists()


def test_a_late_entry_says_how_many_days_later_it_was_recorded(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    record_through_the_page(client_for, world, TODAY - datetime.timedelta(days=6))
    supervision = Supervision.objects.get()
    page = client_for(world.manager).get(reverse("supervision:detail", args=[supervision.pk])).content.decode()
    assert "Recorded 6 days later" in page


def test_a_stale_draft_save_is_refused_with_the_typing_kept(client_for, supervised: SupervisionWorld) -> None:  # type: ignore[no-untyped-def]
    world = supervised.world
    record_through_the_page(client_for, world, TODAY - datetime.timedelta(days=1))
    draft = Supervision.objects.get(status=SupervisionStatus.DRAFT)
    url = reverse("supervision:change", args=[draft.pk])
    manager = client_for(world.manager)

    def meanwhile() -> None:
        supervision_update(
            acting_user=world.manager, supervision=draft, expected_version=None,
            content=case_content(world, occurred_on=draft.occurred_on),
        )  # fmt: skip

    again = refused_as_stale(manager, url, "record-form", meanwhile, worries="Changed on the other page")
    from casemap.core.tests.rendered_forms import post_rendered

    assert post_rendered(manager, url, again).status_code == 302
    draft.refresh_from_db()
    assert draft.worries == "Changed on the other page"


def test_the_case_page_shows_case_supervision_and_never_personal(client_for, supervised: SupervisionWorld) -> None:  # type: ignore[no-untyped-def]
    world = supervised.world
    teammate = client_for(world.teammate)
    page = teammate.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert reverse("supervision:detail", args=[supervised.case_supervision.pk]) in page
    assert reverse("supervision:detail", args=[supervised.personal_supervision.pk]) not in page
    timeline = (
        client_for(world.worker).get(reverse("people:section", args=[world.child.pk, "timeline"])).content.decode()
    )
    assert "Case supervision" in timeline
    assert (
        not ChronologyEntry.objects.filter(
            source_id=supervised.personal_supervision.pk, source_type__contains="supervision"
        )
        .exclude(kind=ChronologyKind.CASE_SUPERVISION)
        .exists()
    )
    assert not ChronologyEntry.objects.filter(
        source_type="supervision.supervision", source_id=supervised.personal_supervision.pk
    ).exists()


def test_actions_stay_on_the_owners_caseload_until_done(client_for, supervised: SupervisionWorld) -> None:  # type: ignore[no-untyped-def]
    world = supervised.world
    worker = client_for(world.worker)
    caseload = reverse("cases:my-caseload")
    assert "Meet Rose to go through the plan" in worker.get(caseload).content.decode()
    detail = reverse("supervision:detail", args=[supervised.case_supervision.pk])
    action = supervised.case_supervision.actions.get()
    post_changed(worker, detail, posts_to=reverse("supervision:action-done", args=[action.pk]))
    action.refresh_from_db()
    assert action.done_by == world.worker
    assert "Meet Rose to go through the plan" not in worker.get(caseload).content.decode()


@pytest.mark.parametrize("name", ["other_worker", "practice_lead", "chair", "other_manager"])
def test_supervision_pages_are_not_found_for_those_refused(client_for, supervised: SupervisionWorld, name: str) -> None:  # type: ignore[no-untyped-def]
    user = supervised.other_manager if name == "other_manager" else getattr(supervised.world, name)
    client = client_for(user)
    for record in (supervised.case_supervision, supervised.personal_supervision):
        assert client.get(reverse("supervision:detail", args=[record.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(user=user, action="denied").exists()


def test_personal_supervision_pages_for_the_line_manager_and_not_a_teammate(
    client_for, supervised: SupervisionWorld
) -> None:  # type: ignore[no-untyped-def]
    world = supervised.world
    url = reverse("supervision:detail", args=[supervised.personal_supervision.pk])
    assert client_for(world.service_manager).get(url).status_code == 200
    assert client_for(world.teammate).get(url).status_code == 404
    assert AccessLogEntry.objects.filter(
        user=world.service_manager, record_type="personal supervision", person=None
    ).exists()


def test_a_supervisor_records_personal_supervision_for_their_supervisee(
    client_for, supervised: SupervisionWorld
) -> None:  # type: ignore[no-untyped-def]
    world = supervised.world
    manager = client_for(world.manager)
    url = reverse("supervision:personal-new")
    form = rendered_form(manager, url, "record-form")
    assert form.options["supervisee"] == ["", str(world.worker.pk)], "only the supervisor's own supervisees"
    response = post_changed(
        manager, url, "record-form", supervisee=str(world.worker.pk), duration_minutes="90",
        working_well="Good direct work", **day_fields("occurred_on", TODAY),
    )  # fmt: skip
    assert response.status_code == 302
    assert Supervision.objects.filter(kind="personal", status="draft", supervisee=world.worker).exists()
    assert client_for(world.teammate).get(url).status_code == 404, "supervises nobody"


def test_the_caseload_counts_what_waits_to_be_acknowledged_and_signed(client_for, supervised: SupervisionWorld) -> None:  # type: ignore[no-untyped-def]
    world = supervised.world
    caseload = reverse("cases:my-caseload")
    assert "2 records to acknowledge" in client_for(world.worker).get(caseload).content.decode()
    Supervision.objects.filter(pk=supervised.personal_supervision.pk).update(status=SupervisionStatus.DRAFT)
    assert "1 record to acknowledge" in client_for(world.worker).get(caseload).content.decode()
    assert "1 draft to sign" in client_for(world.manager).get(caseload).content.decode()
