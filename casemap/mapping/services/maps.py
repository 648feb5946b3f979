"""A map's life: started, its details and who took part, signed off and frozen, and re-mapped as a new draft."""

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import REFUSED_MESSAGE, check_version, guarded_change
from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, can_manage_case
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, ChronologyKind
from casemap.cases.selectors import case_children
from casemap.handoffs.models import SignOffOutcome
from casemap.handoffs.services import sign_off_decided
from casemap.mapping.models import (
    FrameworkVariant,
    Map,
    MapParticipant,
    MapSetting,
    MapStatus,
    RaterRole,
)
from casemap.mapping.services.common import MapFrozenError, map_editing, map_log, variant_for_case
from casemap.mapping.sign_off import map_children
from casemap.mapping.snapshot import map_snapshot
from casemap.people.models import Person


def map_start(
    *,
    acting_user: User,
    case: Case,
    setting: str,
    held_on: datetime.date,
    children: Sequence[Person] = (),
    variant: FrameworkVariant | None = None,
    request: HttpRequest | None = None,
) -> Map:
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The date of the mapping must be today or in the past"})
    variant = variant or variant_for_case(case)
    if variant is None:
        raise ValidationError("No framework variants are set up. Ask a Casemap administrator to add one.")
    on_case = case_children(case)
    chosen = list(children) or on_case
    if any(child not in on_case for child in chosen):
        raise ValidationError({"children": "A map can only be about children on this case"})
    with transaction.atomic():
        held = Case.objects.select_for_update().get(pk=case.pk)  # numbers are given out one at a time
        if not can_add_to_case(acting_user, held):
            raise PermissionDenied(REFUSED_MESSAGE)
        number = (Map.objects.filter(case=case).aggregate(top=Max("number"))["top"] or 0) + 1
        map_ = Map(
            case=case,
            number=number,
            setting=MapSetting(setting),
            held_on=held_on,
            author=acting_user,
            variant=variant,
            created_by=acting_user,
            modified_by=acting_user,
        )
        map_._history_user = acting_user  # type: ignore[attr-defined]
        map_.save()
        map_.children.set(chosen)
        map_log(acting_user, map_, "started", request, AccessAction.CREATE)
    return map_


def map_update_details(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    setting: str,
    held_on: datetime.date,
    children: Sequence[Person],
    request: HttpRequest | None = None,
) -> Map:
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The date of the mapping must be today or in the past"})
    if not children:
        raise ValidationError({"children": "Choose which children the map is about"})
    with map_editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="details", request=request
    ) as current:
        current.setting = setting
        current.held_on = held_on
        current.children.set(children)
    return current


def participant_add(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    name: str,
    role: str,
    person: Person | None = None,
    request: HttpRequest | None = None,
) -> MapParticipant:
    with map_editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="participant", request=request
    ) as current:
        return MapParticipant.objects.create(map=current, name=name.strip(), role=RaterRole(role), person=person)


def map_sign_off(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    reasons: str = "",
    request: HttpRequest | None = None,
) -> Map:
    """A manager in the case team's line signs the map off with their reasons: it is frozen as it stands, the map
    it re-mapped is superseded, and any request for its sign-off closes (casemap/handoffs)."""
    if not can_manage_case(acting_user, map_.case):
        raise PermissionDenied("Only a manager in the team's line can sign off a map")
    with transaction.atomic():
        with guarded_change(
            map_,
            acting_user=acting_user,
            expected_version=expected_version,
            record_type="map",
            people=map_children,
            detail="signed off",
            request=request,
            refuse=lambda current: _refuse_sign_off(current, expected_version),
            related=("case",),
        ) as current:
            current.status = MapStatus.SIGNED_OFF
            current.signed_off_by = acting_user
            current.signed_off_at = timezone.now()
        # Taken from the saved row, so it records the signed status, signer and final version.
        current.snapshot = map_snapshot(current)
        Map.objects.filter(pk=current.pk).update(snapshot=current.snapshot)
        if current.previous_id:
            Map.objects.filter(pk=current.previous_id, status=MapStatus.SIGNED_OFF).update(status=MapStatus.SUPERSEDED)
        sign_off_decided(acting_user=acting_user, record=current, outcome=SignOffOutcome.SIGNED_OFF, reasons=reasons)
    return current


def _refuse_sign_off(current: Map, expected_version: int | None) -> None:
    if current.status != MapStatus.DRAFT:
        raise MapFrozenError()
    check_version(current, expected_version)  # the manager judged the map their page showed
    if not current.danger_statements.exists() and not current.items.exists():
        raise ValidationError("An empty map cannot be signed off")


def _copy(rows: Sequence[Any], change: Callable[[Any], None]) -> None:
    for row in rows:
        row.pk = None
        row._state.adding = True
        change(row)
        row.save()


def map_remap(
    *, acting_user: User, map_: Map, held_on: datetime.date, setting: str, request: HttpRequest | None = None
) -> Map:
    """Start a new draft from a signed-off map, with everything on it, to be changed and re-scored."""
    if map_.status == MapStatus.DRAFT:
        raise ValidationError("Finish and sign off this map before re-mapping")
    with transaction.atomic():
        # Held first, so two re-maps started at once cannot both find no draft; map_start asks the policy.
        Case.objects.select_for_update().get(pk=map_.case_id)
        if Map.objects.filter(case=map_.case_id, status=MapStatus.DRAFT).exists():
            raise ValidationError("There is already a draft map for this case: carry on with that one")
        new = map_start(
            acting_user=acting_user,
            case=map_.case,
            setting=setting,
            held_on=held_on,
            children=list(map_.children.all()),
            variant=map_.variant,
            request=request,
        )
        new.previous = map_
        new.save(update_fields=["previous"])
        _copy(list(map_.participants.all()), lambda row: setattr(row, "map", new))
        _copy(list(map_.items.all()), lambda row: setattr(row, "map", new))
        _copy(list(map_.next_steps.filter(done_on__isnull=True)), lambda row: setattr(row, "map", new))
        for statement in map_.danger_statements.select_related("goal"):
            goal = getattr(statement, "goal", None)
            statement.pk = None
            statement._state.adding = True
            statement.map = new
            statement.save()
            if goal is not None:
                goal.pk = None
                goal._state.adding = True
                goal.danger_statement = statement
                goal.save()
        chronology_record(
            acting_user=acting_user,
            people=list(new.children.all()),
            case=new.case,
            kind=ChronologyKind.MAP_STARTED,
            occurred_on=held_on,
            summary=f"Re-mapping started: map {new.number}, from map {map_.number}",
            source=new,
        )
    return new
