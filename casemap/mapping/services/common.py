"""What every map service shares: the frozen rule and the one write guard around every change to a map."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from casemap.access.guard import guarded_change
from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.mapping.models import (
    FrameworkVariant,
    Map,
    MapStatus,
)
from casemap.people.models import Person

FROZEN_MESSAGE = "This map has been signed off, so it cannot be changed. Start a re-map to record what has changed."


class MapFrozenError(ValidationError):
    def __init__(self) -> None:
        super().__init__(FROZEN_MESSAGE)


def variant_for_case(case: Case) -> FrameworkVariant | None:
    """The variant whose default services include the case's service; otherwise Signs of Safety, if set up."""
    variants = list(FrameworkVariant.objects.all())
    for variant in variants:
        if case.service in (variant.default_services or []):
            return variant
    return next(
        (variant for variant in variants if variant.key == "signs-of-safety"), variants[0] if variants else None
    )


def map_log(
    acting_user: User, map_: Map, detail: str, request: HttpRequest | None, action: str = AccessAction.CHANGE
) -> None:
    """The access log row of a new map or a sign-off; every change through `map_editing` is logged by the guard."""
    access_log_append_each(
        user=acting_user,
        action=AccessAction(action),
        record_type="map",
        record_id=map_.pk,
        detail=detail,
        people=list(map_.children.all()) or [None],
        request=request,
    )


def refuse_unless_draft(map_: Map) -> None:
    """The map's own refusal, asked by the guard on the held row: a signed-off or superseded map is frozen."""
    if map_.status != MapStatus.DRAFT:
        raise MapFrozenError()


def map_children(map_: Map) -> list[Person]:
    """Whose records the access log counts a change to the map against."""
    return list(map_.children.all())


@contextmanager
def map_editing(
    map_: Map, *, acting_user: User, expected_version: int | None, detail: str, request: HttpRequest | None
) -> Iterator[Map]:
    """Hold the map for one change through the write guard (`casemap.access.guard`), which asks the policy,
    refuses a stale save, saves the map one version up with history and logs it; the map adds only its own
    refusal: signed off means frozen."""
    with guarded_change(
        map_,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="map",
        people=map_children,
        detail=detail,
        request=request,
        refuse=refuse_unless_draft,
        related=("case",),
    ) as current:
        yield current
