"""Cases, programmes and draws for the sampling tests and the route fuzzer, made through the real services."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from django.utils import timezone

from casemap.accounts.models import Role, Team, User
from casemap.cases.models import Case, ReferralDecision
from casemap.cases.services import case_allocate, referral_decide, referral_receive
from casemap.conftest import UserFactory, World
from casemap.people.services import person_create
from casemap.quality.models import AuditTool, ProgrammeKind, SampledCase, SamplingProgramme
from casemap.quality.sampling_services import (
    ProgrammeDetails,
    inspection_child_add,
    programme_create,
    sample_draw,
    sampled_case_allocate,
)

TODAY = timezone.localdate()


@contextmanager
def recorded_at(moment: datetime.datetime) -> Iterator[None]:
    """Record as if at `moment`: the record's own times and its history are then, as they would have been."""
    real_localdate = timezone.localdate

    def localdate(value: datetime.datetime | None = None, timezone: Any = None) -> datetime.date:
        return real_localdate(value or moment, timezone)

    with (
        mock.patch("django.utils.timezone.now", return_value=moment),
        mock.patch("django.utils.timezone.localdate", side_effect=localdate),
    ):
        yield


def open_case(
    world: World, *, team: Team, worker: User | None, received_on: datetime.date, surname: str = "Hill"
) -> Case:
    """A family of one child, referred on `received_on` to `team`, taken on for assessment and allocated."""
    manager = team.manager or world.service_manager
    child = person_create(
        acting_user=manager,
        first_name="Kim",
        last_name=surname,
        date_of_birth=TODAY - datetime.timedelta(days=3000),
        is_child=True,
    )
    case = referral_receive(
        acting_user=manager,
        children=[child],
        adults=[],
        team=team,
        received_on=received_on,
        source="2A",
        what_was_reported="School worried about attendance.",
        family_name=f"{surname} family",
    )
    case = referral_decide(
        acting_user=world.service_manager,
        case=case,
        decision=ReferralDecision.ASSESSMENT,
        decided_on=received_on,
        reasons="Needs an assessment",
    )
    if worker is not None:
        case = case_allocate(acting_user=world.service_manager, case=case, worker=worker, allocated_on=received_on)
    return case


def auditor(username: str = "nina", team: Team | None = None) -> User:
    """A practice lead outside the case teams, so peer audit never rules them out."""
    return UserFactory(username=username, first_name=username.capitalize(), role=Role.PRACTICE_LEAD, team=team)


def programme(world: World, auditors: list[User], **overrides: Any) -> SamplingProgramme:
    details = ProgrammeDetails(
        name=overrides.pop("name", "Monthly case audit"),
        kind=overrides.pop("kind", ProgrammeKind.RANDOM),
        tool=AuditTool.objects.order_by("pk").first(),
        auditors=auditors,
        **({"size_number": 2} | overrides),
    )
    return programme_create(acting_user=world.practice_lead, details=details)


def seed_sampling_for_routes(world: World) -> tuple[dict[str, int | str], dict[tuple[str, str], int | str]]:
    """A random programme with one draw, its first case allocated; an inspection programme naming the child."""
    checker = auditor("sampling-auditor")
    random_programme = programme(world, [checker], name="Route programme", size_number=1)
    draw = sample_draw(acting_user=world.practice_lead, programme=random_programme, seed=7)
    sampled = SampledCase.objects.filter(draw=draw).order_by("position").first()
    assert sampled is not None
    sampled_case_allocate(acting_user=world.practice_lead, sampled=sampled, auditor=checker)
    inspection = programme(
        world,
        [checker],
        name="Route inspection",
        kind=ProgrammeKind.INSPECTION,
        size_number=None,
        due_on=TODAY + datetime.timedelta(days=20),
    )
    inspection_child_add(acting_user=world.practice_lead, programme=inspection, child=world.child)
    objects: dict[str, int | str] = {
        "programme_id": random_programme.pk,
        "draw_id": draw.pk,
        "sampled_case_id": sampled.pk,
    }
    per_route: dict[tuple[str, str], int | str] = {
        ("quality:inspection-child-new", "programme_id"): inspection.pk,
        ("quality:inspection-child-remove", "programme_id"): inspection.pk,
        ("quality:inspection-child-remove", "child_id"): world.child.pk,
        ("quality:inspection-draw", "programme_id"): inspection.pk,
    }
    return objects, per_route


SAMPLING_ROUTES = {
    "quality:programme-list",
    "quality:programme-new",
    "quality:programme",
    "quality:programme-edit",
    "quality:draw-new",
    "quality:draw",
    "quality:draw-check",
    "quality:sampled-case-allocate",
    "quality:inspection-child-new",
    "quality:inspection-child-remove",
    "quality:inspection-draw",
}
