"""Management oversight: a decision on the children's record apart from casework notes, a manager's words beside a
practitioner's note that leave its text alone, and the day-15 oversight point reported when missed."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from casemap.cases.models import CaseNote, ChronologyEntry, ChronologyKind
from casemap.cases.services.statutory import assessment_start
from casemap.conftest import World, add_note
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.supervision.models import NoteOversight, OversightDecision, OversightPoint
from casemap.supervision.selectors import missed_oversight_points, missed_points_for
from casemap.supervision.services.oversight import oversight_decision_record

TODAY = timezone.localdate()


def day(prefix: str, on: datetime.date) -> dict[str, str]:
    return {f"{prefix}_day": str(on.day), f"{prefix}_month": str(on.month), f"{prefix}_year": str(on.year)}


def test_an_oversight_decision_goes_on_the_childrens_record_not_among_the_notes(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    manager = client_for(world.manager)
    url = reverse("supervision:oversight-new", args=[world.case.pk])
    response = post_changed(
        manager, url, "record-form", children=[str(world.child.pk)], decision="Step up to a strategy discussion.",
        reasons="A second injury in a month.", **day("decided_on", TODAY),
    )  # fmt: skip
    assert response.status_code == 302
    decision = OversightDecision.objects.get()
    assert list(decision.children.all()) == [world.child]
    assert not CaseNote.objects.exists(), "a decision of its own, never a case note"
    entry = ChronologyEntry.objects.get(kind=ChronologyKind.MANAGEMENT_OVERSIGHT)
    assert entry.person == world.child
    page = client_for(world.teammate).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Step up to a strategy discussion." in page and "A second injury in a month." in page


@pytest.mark.parametrize("name", ["worker", "teammate", "practice_lead"])
def test_only_a_manager_in_the_line_records_oversight(client_for, world: World, name: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(getattr(world, name))
    for route in ("supervision:oversight-new", "supervision:note-oversight-new"):
        assert client.get(reverse(route, args=[world.case.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        oversight_decision_record(
            acting_user=world.worker, case=world.case, children=[world.child], decided_on=TODAY, decision="Close",
            reasons="Safe",
        )  # fmt: skip


def test_a_managers_affirmation_sits_beside_the_note_and_leaves_its_text_alone(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    add_note(world, text="Alkira showed me her room and her drawings.")
    note = CaseNote.objects.get()
    before = (note.text, note.version)
    manager = client_for(world.manager)
    url = reverse("supervision:note-oversight-new", args=[world.case.pk])
    assert rendered_form(manager, url, "record-form").options["note"] == ["", str(note.pk)]
    post_changed(manager, url, "record-form", note=str(note.pk), kind="affirm", text="Lovely direct work, Sally.")
    note.refresh_from_db()
    assert (note.text, note.version) == before
    added = NoteOversight.objects.get()
    assert added.note == note and added.added_by == world.manager
    page = client_for(world.worker).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert "Lovely direct work, Sally." in page and "Alkira showed me her room and her drawings." in page


def test_the_day_15_oversight_point_is_reported_when_missed(world: World) -> None:
    started = TODAY - datetime.timedelta(days=20)
    assessment_start(acting_user=world.worker, case=world.case, child=world.child, started_on=started)
    cases = world.case.__class__.objects.filter(pk=world.case.pk)
    (missed,) = missed_oversight_points(cases=cases, today=TODAY)
    assert missed.point == "Day 15 of an assessment" and missed.due_on == started + datetime.timedelta(days=15)
    assert [m.case_id for m in missed_points_for(user=world.manager, today=TODAY)] == [world.case.pk]
    assert missed_points_for(user=world.worker, today=TODAY) == []
    oversight_decision_record(
        acting_user=world.manager, case=world.case, children=[world.child],
        decided_on=started + datetime.timedelta(days=14), decision="Carry on", reasons="The assessment is on track.",
    )  # fmt: skip
    assert missed_oversight_points(cases=cases, today=TODAY) == []
    # On the day the point falls is in time; the day after is not.
    decision = OversightDecision.objects.get()
    OversightDecision.objects.filter(pk=decision.pk).update(decided_on=started + datetime.timedelta(days=15))
    assert missed_oversight_points(cases=cases, today=TODAY) == []
    OversightDecision.objects.filter(pk=decision.pk).update(decided_on=started + datetime.timedelta(days=16))
    assert len(missed_oversight_points(cases=cases, today=TODAY)) == 1
    # A decision before the assessment started is not oversight of it.
    OversightDecision.objects.filter(pk=decision.pk).update(decided_on=started - datetime.timedelta(days=1))
    assert len(missed_oversight_points(cases=cases, today=TODAY)) == 1
    OversightDecision.objects.filter(pk=decision.pk).update(decided_on=started + datetime.timedelta(days=14))
    # The point is data: a day-10 point is missed even with the day-14 decision.
    OversightPoint.objects.update(by_day=10)
    assert len(missed_oversight_points(cases=cases, today=TODAY)) == 1
