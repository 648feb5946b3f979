"""Group supervision: the roles, the size warning, the session's map saved as a new draft version of the family's
map (never over a signed one), and the anonymised learning entry for a participant who may not see the family."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from casemap.access.policy import get_group_supervision_for_user
from casemap.conftest import UserFactory, World
from casemap.core.tests.rendered_forms import post_changed
from casemap.mapping.models import Map, MapItem, MapStatus
from casemap.mapping.services import map_start
from casemap.supervision.models import GroupRole, GroupSupervision
from casemap.supervision.selectors import learning_log
from casemap.supervision.services.group import (
    DRAFT_MAP_OPEN,
    Participant,
    SessionMap,
    group_learning_note_save,
    group_supervision_record,
)
from tests.browser.seed_map import ensure_variants, record_seed_map

TODAY = timezone.localdate()
QUESTION = "How do we help Eddy see what the children see when he drinks?"


def people(world: World, observers: int = 1) -> list[Participant]:
    chosen = [
        Participant(world.manager, GroupRole.FACILITATOR),
        Participant(world.worker, GroupRole.PRESENTER),
        Participant(world.practice_lead, GroupRole.ADVISER),
        Participant(world.other_worker, GroupRole.OBSERVER),
    ]
    extra = [Participant(UserFactory(team=world.team), GroupRole.OBSERVER) for _ in range(observers - 1)]
    return chosen + extra


NO_MAP = SessionMap()


def record(world: World, participants: list[Participant], session_map: SessionMap = NO_MAP):  # type: ignore[no-untyped-def]
    return group_supervision_record(
        acting_user=world.manager, case=world.case, held_on=TODAY, participants=participants,
        presenter_question=QUESTION, next_steps="Sally to map with Eddy next week.", session_map=session_map,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("roles", "field"),
    [
        ([GroupRole.PRESENTER, GroupRole.OBSERVER, GroupRole.OBSERVER, GroupRole.OBSERVER], "facilitator"),
        ([GroupRole.FACILITATOR, GroupRole.FACILITATOR, GroupRole.PRESENTER, GroupRole.OBSERVER], "facilitator"),
        ([GroupRole.FACILITATOR, GroupRole.OBSERVER, GroupRole.OBSERVER, GroupRole.OBSERVER], "presenters"),
        ([GroupRole.FACILITATOR, GroupRole.PRESENTER, GroupRole.ADVISER, GroupRole.ADVISER], "adviser"),
    ],
)
def test_the_roles_are_refused_unless_one_facilitator_a_presenter_and_at_most_one_adviser(
    world: World, roles: list[GroupRole], field: str
) -> None:
    users = [world.manager, world.worker, world.teammate, world.practice_lead]
    with pytest.raises(ValidationError) as refused:
        record(world, [Participant(user, role) for user, role in zip(users, roles, strict=True)])
    assert field in refused.value.message_dict
    assert not GroupSupervision.objects.exists()


@pytest.mark.parametrize(("observers", "warned"), [(0, True), (1, False), (7, False), (8, True)])
def test_fewer_than_4_or_more_than_10_people_is_a_warning_not_a_refusal(
    world: World, observers: int, warned: bool
) -> None:
    chosen = people(world, observers=max(observers, 1))
    if observers == 0:
        chosen = chosen[:3]
    session, warnings = record(world, chosen)
    assert session.pk and session.participants.count() == len(chosen)
    assert bool(warnings) is warned


def test_the_sessions_map_is_a_new_draft_version_never_over_the_signed_map(world: World) -> None:
    signed = record_seed_map(world)
    signed_items = list(MapItem.objects.filter(map=signed).values_list("pk", "text"))
    session, _ = record(world, people(world), SessionMap(worries="Eddy drinks on Fridays", working_well="Rose visits"))
    draft = session.map
    assert draft is not None and draft.status == MapStatus.DRAFT and draft.previous_id == signed.pk
    signed.refresh_from_db()
    assert signed.status != MapStatus.DRAFT
    assert list(MapItem.objects.filter(map=signed).values_list("pk", "text")) == signed_items
    texts = set(MapItem.objects.filter(map=draft).values_list("text", flat=True))
    assert {"Eddy drinks on Fridays", "Rose visits"} <= texts
    assert {text for _, text in signed_items} <= texts, "the draft carries the signed map forward"


def test_a_case_with_no_map_gets_its_first_draft_and_an_open_draft_is_refused(world: World) -> None:
    ensure_variants()
    session, _ = record(world, people(world), SessionMap(worries="Eddy drinks on Fridays"))
    assert session.map is not None and session.map.number == 1 and session.map.status == MapStatus.DRAFT
    with pytest.raises(ValidationError) as refused:
        record(world, people(world), SessionMap(worries="Another worry"))
    assert refused.value.message_dict["worries"] == [DRAFT_MAP_OPEN]
    assert GroupSupervision.objects.count() == 1 and Map.objects.count() == 1


def test_a_participant_who_may_not_see_the_family_sees_only_an_anonymised_learning_entry(
    client_for, world: World
) -> None:  # type: ignore[no-untyped-def]
    session, _ = record(world, people(world))
    with pytest.raises(Http404):
        get_group_supervision_for_user(world.other_worker, session.pk)
    group_learning_note_save(
        acting_user=world.other_worker, session=session, note="Asking what the child sees keeps it concrete."
    )
    (entry,) = learning_log(user=world.other_worker)
    assert not entry.sees_family and entry.family_name == ""
    assert entry.learning_note == "Asking what the child sees keeps it concrete."
    client = client_for(world.other_worker)
    page = client.get(reverse("supervision:learning")).content.decode()
    assert "Asking what the child sees" in page
    assert "Cooper" not in page and QUESTION not in page
    assert client.get(reverse("supervision:group", args=[session.pk])).status_code == 404
    (mine,) = learning_log(user=world.worker)
    assert mine.sees_family and mine.family_name == "Cooper family"


def test_a_group_supervision_recorded_through_its_page(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    ensure_variants()
    manager = client_for(world.manager)
    url = reverse("supervision:group-new", args=[world.case.pk])
    day = {"held_on_day": str(TODAY.day), "held_on_month": str(TODAY.month), "held_on_year": str(TODAY.year)}
    response = post_changed(
        manager, url, "record-form", facilitator=str(world.manager.pk), presenters=[str(world.worker.pk)],
        observers=[str(world.teammate.pk)], adviser=str(world.practice_lead.pk), presenter_question=QUESTION,
        worries="Eddy drinks on Fridays", next_steps="Map with Eddy", **day,
    )  # fmt: skip
    session = GroupSupervision.objects.get()
    assert response.status_code == 302 and response.url == reverse("supervision:group", args=[session.pk])
    assert session.map is not None
    page = manager.get(response.url).content.decode()
    assert QUESTION in page and "new draft version" in page
    case_page = client_for(world.teammate).get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    assert reverse("supervision:group", args=[session.pk]) in case_page


def test_a_session_without_a_map_leaves_an_open_draft_alone(world: World) -> None:
    ensure_variants()
    map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY - datetime.timedelta(1))
    session, _ = record(world, people(world))
    assert session.map is None, "no map drawn in the session: the open draft is left alone"


def test_a_choice_the_page_never_offered_is_refused_in_words(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    response = client_for(world.manager).post(
        reverse("supervision:group-new", args=[world.case.pk]),
        {"presenters": "9223372036854775808", "facilitator": "99999999999999999999", "presenter_question": "Q"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not GroupSupervision.objects.exists()
