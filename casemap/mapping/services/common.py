"""What every map service shares: the frozen rule, holding a draft against a stale save, and the access log."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import Case, MemberRole
from casemap.core.forms import StaleEditError
from casemap.core.models import recorded_save
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


def map_case_children(case: Case) -> list[Person]:
    return [m.person for m in case.memberships.select_related("person") if m.role == MemberRole.CHILD]


def map_log(
    acting_user: User, map_: Map, detail: str, request: HttpRequest | None, action: str = AccessAction.CHANGE
) -> None:
    access_log_append_each(
        user=acting_user,
        action=AccessAction(action),
        record_type="map",
        record_id=map_.pk,
        detail=detail,
        people=list(map_.children.all()) or [None],
        request=request,
    )


@contextmanager
def map_editing(
    map_: Map, *, acting_user: User, expected_version: int | None, detail: str, request: HttpRequest | None
) -> Iterator[Map]:
    """Hold the map for one change: refuse it if signed off or changed since the worker loaded it."""
    with transaction.atomic():
        current = Map.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=map_.pk)
        if current.status != MapStatus.DRAFT:
            raise MapFrozenError()
        if expected_version is not None and current.version != expected_version:
            raise StaleEditError(str(current.modified_by or "Someone"), current.modified_at)
        yield current
        recorded_save(current, acting_user=acting_user)
        map_log(acting_user, current, detail, request)
