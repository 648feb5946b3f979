"""A map page costs the same number of queries with 5 items or 100, and 2 scales or 50."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from casemap.conftest import World
from casemap.mapping.models import ItemCategory, Map
from casemap.mapping.services import danger_pair_save, item_save, judgement_add, map_sign_off, map_start

pytestmark = pytest.mark.django_db


def fill(world: World, map_: Map, items: int, judgements: int, pairs: int) -> None:
    categories = ItemCategory.values
    for index in range(items):
        item_save(
            acting_user=world.worker,
            map_=map_,
            expected_version=None,
            category=categories[index % 5],
            text=f"Item {index}",
            said_by="Sally",
        )
    statements = [
        danger_pair_save(
            acting_user=world.worker,
            map_=map_,
            expected_version=None,
            statement_fields={
                "who_is_worried": "Sally",
                "behaviour": "b",
                "short_term_impact": "s",
                "statement": f"Statement {index}",
            },
            goal_fields={
                "parents_will": "p",
                "child_will_experience": "c",
                "sustained_for": "6 months",
                "statement": f"Goal {index}",
            },
        )
        for index in range(pairs)
    ]
    for index in range(judgements):
        judgement_add(
            acting_user=world.worker,
            map_=map_,
            expected_version=None,
            rater_name=f"Rater {index}",
            rater_role="worker",
            score=index % 11,
            reason="r",
            danger_statement=statements[index % pairs] if index % 2 and statements else None,
        )


def queries_for(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed", [False, True])
def test_map_page_queries_do_not_grow_with_its_size(world: World, client_for, signed: bool) -> None:
    today = timezone.localdate()
    small = map_start(acting_user=world.worker, case=world.case, setting="meeting", held_on=today)
    fill(world, small, items=5, judgements=2, pairs=1)
    large = map_start(acting_user=world.worker, case=world.case, setting="meeting", held_on=today)
    fill(world, large, items=100, judgements=50, pairs=4)
    if signed:
        map_sign_off(acting_user=world.manager, map_=small, expected_version=None)
        map_sign_off(acting_user=world.manager, map_=large, expected_version=None)
    client = client_for(world.worker)
    client.get(reverse("cases:my-caseload"))
    # The first view of a draft may render its blank forms (one query more, for the children offered);
    # after that they are kept. Count a page as it is seen from then on.
    cache.clear()
    client.get(reverse("mapping:map", args=[small.pk]))
    client.get(reverse("mapping:map", args=[large.pk]))
    small_count = queries_for(client, reverse("mapping:map", args=[small.pk]))
    large_count = queries_for(client, reverse("mapping:map", args=[large.pk]))
    assert small_count == large_count
    assert large_count <= 30
