"""Every record the case pages change, in two steps: a page loaded, someone else saving meanwhile, the form posted
exactly as it was rendered (refused in plain words, with what was typed kept), then the form as the refusal
rendered it posted again (saved)."""

import datetime

import pytest
from django.urls import reverse

from casemap.cases.models import Case, CaseNote, CaseService
from casemap.cases.services import case_allocate, case_note_update, referral_receive
from casemap.conftest import World, add_note
from casemap.core.tests.rendered_forms import (
    form_on_page,
    post_changed,
    post_rendered,
    refused_as_stale,
    rendered_form,
)
from casemap.people.services import person_create

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
OUT_OF_DATE = "Your changes have not been saved"


def someone_else_allocates(world: World, case: Case) -> None:
    case_allocate(acting_user=world.service_manager, case=case, worker=world.teammate, reason="Cover")


def a_case_awaiting_a_decision(world: World) -> Case:
    child = person_create(
        acting_user=world.worker,
        first_name="Kiah",
        last_name="Radcliffe",
        is_child=True,
        date_of_birth=TODAY - datetime.timedelta(days=3000),
    )
    return referral_receive(
        acting_user=world.worker,
        children=[child],
        team=world.team,
        received_on=TODAY,
        source="2A",
        what_was_reported="Came to school hungry",
    )


def test_the_referral_decision(world: World, client_for) -> None:
    case = a_case_awaiting_a_decision(world)
    manager = client_for(world.manager)
    decide = reverse("cases:decide", args=[case.pk])
    loaded = rendered_form(manager, reverse("cases:detail", args=[case.pk]), posts_to=decide)
    someone_else_allocates(world, case)
    typed = {
        "decision": "assessment",
        "decided_on_day": str(TODAY.day),
        "decided_on_month": str(TODAY.month),
        "decided_on_year": str(TODAY.year),
        "primary_need": "N4",
        "reasons": "Needs an assessment of the children's care",
    }
    refused = post_rendered(manager, decide, loaded, **typed)
    assert OUT_OF_DATE in refused.content.decode()
    shown_again = form_on_page(refused, posts_to=decide)
    assert {name: shown_again.fields[name] for name in typed} == {name: [value] for name, value in typed.items()}
    case.refresh_from_db()
    assert case.service == CaseService.REFERRAL
    assert post_rendered(manager, decide, shown_again).status_code == 302
    case.refresh_from_db()
    assert (case.service, case.allocated_worker) == (CaseService.CHILD_IN_NEED, world.teammate)


def test_the_allocation(world: World, client_for) -> None:
    manager = client_for(world.manager)
    allocate = reverse("cases:allocate", args=[world.case.pk])
    loaded = rendered_form(manager, reverse("cases:detail", args=[world.case.pk]), posts_to=allocate)
    someone_else_allocates(world, world.case)
    refused = post_rendered(
        manager, allocate, loaded, worker=str(world.worker.pk), change_reason="ABSENC", reason="Back from leave"
    )
    assert OUT_OF_DATE in refused.content.decode()
    shown_again = form_on_page(refused, posts_to=allocate)
    assert (shown_again.fields["worker"], shown_again.fields["reason"]) == ([str(world.worker.pk)], ["Back from leave"])
    world.case.refresh_from_db()
    assert world.case.allocated_worker == world.teammate
    assert post_rendered(manager, allocate, shown_again).status_code == 302
    world.case.refresh_from_db()
    assert world.case.allocated_worker == world.worker


def test_the_closure(world: World, client_for) -> None:
    manager = client_for(world.manager)
    close = reverse("cases:close", args=[world.case.pk])
    loaded = rendered_form(manager, reverse("cases:detail", args=[world.case.pk]), posts_to=close)
    someone_else_allocates(world, world.case)
    typed = {
        "closed_on_day": str(TODAY.day),
        "closed_on_month": str(TODAY.month),
        "closed_on_year": str(TODAY.year),
        "closure_reason": "RC7",
    }
    refused = post_rendered(manager, close, loaded, **typed)
    assert OUT_OF_DATE in refused.content.decode()
    shown_again = form_on_page(refused, posts_to=close)
    assert {name: shown_again.fields[name] for name in typed} == {name: [value] for name, value in typed.items()}
    world.case.refresh_from_db()
    assert world.case.is_open
    assert post_rendered(manager, close, shown_again).status_code == 302
    world.case.refresh_from_db()
    assert (world.case.closed_on, world.case.closure_reason) == (TODAY, "RC7")


def test_a_case_note(world: World, client_for) -> None:
    add_note(world, text="First wording")
    note = CaseNote.objects.get()
    worker = client_for(world.worker)
    url = reverse("cases:note-edit", args=[world.case.pk, note.pk])

    def from_another_tab() -> None:
        # Only a note's author may change it: here the author saves it from another tab.
        case_note_update(
            acting_user=world.worker,
            note=note,
            expected_version=note.version,
            text="Wording from the other tab",
            present="",
        )

    shown_again = refused_as_stale(worker, url, "case-note", from_another_tab, text="Wording from this tab")
    note.refresh_from_db()
    assert note.text == "Wording from the other tab"
    assert post_rendered(worker, url, shown_again).status_code == 302
    note.refresh_from_db()
    assert (note.text, note.version) == ("Wording from this tab", 3)


def test_a_change_of_social_worker_asks_why_and_the_first_worker_needs_no_reason(world: World, client_for) -> None:
    manager = client_for(world.manager)
    case_page = reverse("cases:detail", args=[world.case.pk])
    allocate = reverse("cases:allocate", args=[world.case.pk])
    # The case is Sally's: giving it to her teammate asks why, in plain words, and keeps nothing until answered.
    refused = post_changed(manager, case_page, posts_to=allocate, worker=str(world.teammate.pk))
    assert refused.status_code == 200
    assert f"Choose why the case is going to {world.teammate} from {world.worker}" in refused.content.decode()
    world.case.refresh_from_db()
    assert world.case.allocated_worker == world.worker
    moved = post_changed(
        manager, case_page, posts_to=allocate, worker=str(world.teammate.pk), change_reason="LEFTRL", reason="Notice"
    )
    assert moved.status_code == 302
    latest = world.case.allocations.order_by("-started_at").first()
    assert latest is not None
    assert (latest.worker, latest.change_reason, latest.reason) == (world.teammate, "LEFTRL", "Notice")
    # Held unallocated, then the same worker again: not a change of social worker, so no reason is kept.
    assert post_changed(manager, case_page, posts_to=allocate, worker="", change_reason="MANAGE").status_code == 302
    assert post_changed(manager, case_page, posts_to=allocate, worker=str(world.teammate.pk)).status_code == 302
    assert [allocation.change_reason for allocation in world.case.allocations.order_by("-started_at")[:2]] == ["", ""]


def test_a_case_first_allocated_offers_no_reason(world: World, client_for) -> None:
    case = a_case_awaiting_a_decision(world)
    page = rendered_form(
        client_for(world.manager),
        reverse("cases:detail", args=[case.pk]),
        posts_to=reverse("cases:allocate", args=[case.pk]),
    )
    assert "change_reason" not in page.fields and "change_reason" not in page.options
