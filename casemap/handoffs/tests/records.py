"""Drafts to ask about, made through the real services: a map with one worry, a safety plan, a booklet."""

from django.utils import timezone

from casemap.conftest import World
from casemap.mapping.models import ItemCategory, Map
from casemap.mapping.services import item_save, map_start


def draft_map(world: World) -> Map:
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=timezone.localdate())
    item_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        category=ItemCategory.HARM,
        text="Alkira cut her foot badly on a glass Merinda threw",
    )
    map_.refresh_from_db()
    return map_
