"""A map as a record a worker asks a manager to sign off (casemap/handoffs), registered from the app's ready()."""

from django.db.models import QuerySet

from casemap.cases.models import ChronologyKind
from casemap.handoffs.records import SignableRecord
from casemap.mapping.models import Map, MapStatus
from casemap.people.models import Person


def map_label(map_: Map) -> str:
    return f"{map_.variant.name} map {map_.number}"


def map_children(map_: Map) -> list[Person]:
    return list(map_.children.all())


def map_not_signable(map_: Map) -> str:
    if map_.is_archived:
        return "This map has been archived"
    if map_.status == MapStatus.SIGNED_OFF:
        return "This map has been signed off. Start a re-map to record what has changed"
    if map_.status == MapStatus.SUPERSEDED:
        return "A later map has replaced this one"
    return ""


def maps_awaiting(maps: QuerySet[Map]) -> QuerySet[Map]:
    return maps.filter(status=MapStatus.DRAFT, archived_at__isnull=True)


SIGNABLE_MAP = SignableRecord(
    model=Map,
    record_type="map",
    noun="map",
    page="mapping:map",
    ask_url="mapping:ask-sign-off",
    decide_url="mapping:sign-off",
    label=map_label,
    children=map_children,
    not_signable=map_not_signable,
    awaiting=maps_awaiting,
    signed_off_kind=ChronologyKind.MAP_SIGNED_OFF,
)
