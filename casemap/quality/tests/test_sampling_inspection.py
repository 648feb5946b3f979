"""Inspection samples: the practice lead finds each child the inspector named, and making the sample takes each
child's open case (or their most recent), due on the inspector's date."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.cases.models import ClosureReason
from casemap.cases.services import case_close
from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_rendered, rendered_form
from casemap.quality.models import InspectionChild, ProgrammeKind, SampledCase, SamplingProgramme
from casemap.quality.sampling_services import (
    child_case_for_inspection,
    inspection_child_add,
    inspection_child_search,
    inspection_sample_draw,
)
from casemap.quality.tests.sampling_seeded import TODAY, auditor, open_case, programme

DUE = TODAY + datetime.timedelta(days=20)


def _inspection(world: World) -> SamplingProgramme:
    return programme(
        world, [auditor()], name="Inspection, March", kind=ProgrammeKind.INSPECTION, size_number=None, due_on=DUE
    )


def test_the_practice_lead_finds_a_named_child_and_adds_them(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    inspection = _inspection(world)
    client = client_for(world.practice_lead)
    url = reverse("quality:inspection-child-new", args=[inspection.pk])
    form = rendered_form(client, url, "inspection-search")
    born = world.child.date_of_birth
    assert born is not None
    found = post_rendered(
        client,
        url,
        form,
        first_name="alkira",
        last_name="COOPER",
        date_of_birth_day=str(born.day),
        date_of_birth_month=str(born.month),
        date_of_birth_year=str(born.year),
    )
    page = found.content.decode()
    assert world.child.reference in page
    assert AccessLogEntry.objects.filter(user=world.practice_lead, action=AccessAction.SEARCH).exists()
    added = client.post(url, {"child": str(world.child.pk)})
    assert added.status_code == 302
    assert InspectionChild.objects.filter(programme=inspection, child=world.child).exists()


def test_the_search_finds_only_an_exact_match_never_a_browse(world: World) -> None:
    with pytest.raises(ValidationError):
        inspection_child_search(acting_user=world.practice_lead, last_name="Cooper")
    assert (
        inspection_child_search(
            acting_user=world.practice_lead,
            first_name="Alk",
            last_name="Cooper",
            date_of_birth=world.child.date_of_birth,
        )
        == []
    )
    assert inspection_child_search(acting_user=world.practice_lead, identifier=world.child.reference) == [world.child]
    # Only a child: the mother is not offered by her reference.
    assert inspection_child_search(acting_user=world.practice_lead, identifier=world.mother.reference) == []


def test_making_the_sample_takes_each_childs_open_or_latest_case(world: World) -> None:
    inspection = _inspection(world)
    closed = open_case(
        world, team=world.other_team, worker=world.other_worker, received_on=TODAY - datetime.timedelta(90)
    )
    case_close(
        acting_user=world.service_manager,
        case=closed,
        closed_on=TODAY - datetime.timedelta(10),
        closure_reason=ClosureReason.RC7,
    )
    closed_child = closed.memberships.get().person
    for child in (world.child, world.sibling, closed_child):
        inspection_child_add(acting_user=world.practice_lead, programme=inspection, child=child)
    made = inspection_sample_draw(acting_user=world.practice_lead, programme=inspection)
    sampled = list(SampledCase.objects.filter(draw=made.draw).order_by("position"))
    # Alkira and Darel share the Coopers' case: it is audited once.
    assert [s.case_id for s in sampled] == [world.case.pk, closed.pk]
    assert all(s.due_on == DUE for s in sampled)
    assert made.draw.population_size == 3
    with pytest.raises(ValidationError, match="every child listed is in a sample"):
        inspection_sample_draw(acting_user=world.practice_lead, programme=inspection)


def test_an_open_case_is_chosen_over_a_more_recent_closed_one(world: World) -> None:
    assert child_case_for_inspection(world.child) == world.case


def test_the_inspection_pages_are_for_practice_leads_only(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    inspection = _inspection(world)
    inspection_child_add(acting_user=world.practice_lead, programme=inspection, child=world.child)
    for user in (world.worker, world.manager, world.data_officer):
        client = client_for(user)
        assert client.get(reverse("quality:inspection-child-new", args=[inspection.pk])).status_code == 404
        assert client.post(reverse("quality:inspection-draw", args=[inspection.pk])).status_code == 404
    client = client_for(world.practice_lead)
    response = client.post(reverse("quality:inspection-draw", args=[inspection.pk]))
    assert response.status_code == 302
    assert SampledCase.objects.filter(draw__programme=inspection, case=world.case).exists()
    # A child in a sample stays on the list.
    client.post(reverse("quality:inspection-child-remove", args=[inspection.pk, world.child.pk]))
    assert InspectionChild.objects.filter(programme=inspection, child=world.child).exists()
