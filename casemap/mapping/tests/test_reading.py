"""One reader of a map: as it was signed for a signed-off or superseded map, as it is now for a draft."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from casemap.conftest import World
from casemap.mapping.models import Map, MapItem
from casemap.mapping.services import item_save, map_remap, map_sign_off, map_start
from casemap.mapping.snapshot import map_data

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
OLD_SAID_BY = "said by Alkira, 7, in her Three Houses on 3 Nov"
_SAID_BY_MIGRATION = importlib.import_module("casemap.mapping.migrations.0005_said_by_without_its_label")


def signed_map(world: World, said_by: str = "Police") -> Map:
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    item_save(
        acting_user=world.worker, map_=map_, expected_version=None, category="harm", text="Cut foot", said_by=said_by
    )
    return map_sign_off(acting_user=world.manager, map_=map_, expected_version=None)


def test_a_signed_map_reads_as_signed_and_a_draft_as_it_is_now(world: World, client_for) -> None:
    first = signed_map(world)
    MapItem.objects.filter(map=first).update(text="Changed underneath")  # never through the services
    first.refresh_from_db()
    assert map_data(first)["categories"][0]["items"][0]["text"] == "Cut foot"
    second = map_remap(acting_user=world.worker, map_=first, held_on=TODAY, setting="meeting")
    assert map_data(second)["categories"][0]["items"][0]["text"] == "Changed underneath"
    client = client_for(world.worker)
    page = client.get(reverse("mapping:map", args=[first.pk])).content.decode()
    assert "Cut foot" in page and "Changed underneath" not in page
    compared = client.get(
        reverse("mapping:compare", args=[world.case.pk]), {"older": first.pk, "newer": second.pk}
    ).content.decode()
    assert "Cut foot" in compared and "Changed underneath" in compared


def test_who_said_it_reads_once_on_older_items_signed_or_not(world: World, client_for) -> None:
    signed = signed_map(world, said_by=OLD_SAID_BY)
    draft = map_start(acting_user=world.worker, case=world.case, setting="meeting", held_on=TODAY)
    item_save(
        acting_user=world.worker,
        map_=draft,
        expected_version=None,
        category="harm",
        text="Yelling",
        said_by=OLD_SAID_BY,
    )

    _SAID_BY_MIGRATION.said_by_without_its_label(apps, None)

    assert set(MapItem.objects.values_list("said_by", flat=True)) == {"Alkira, 7, in her Three Houses on 3 Nov"}
    signed.refresh_from_db()
    assert signed.snapshot["categories"][0]["items"][0]["said_by"] == OLD_SAID_BY  # what was signed is kept
    client = client_for(world.worker)
    for map_ in (signed, draft):
        assert map_data(map_)["categories"][0]["items"][0]["said_by"] == "Alkira, 7, in her Three Houses on 3 Nov"
        page = client.get(reverse("mapping:map", args=[map_.pk])).content.decode()
        assert "Said or seen by: Alkira, 7, in her Three Houses on 3 Nov" in page
        assert "said by said by" not in page.lower() and "Said or seen by: said by" not in page
