"""Each page costs a fixed number of queries however much data there is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casemap.cases.models import Case
from casemap.conftest import World, add_note, make_case

pytestmark = pytest.mark.django_db

# Upper bounds per page: session, user, two-factor device, access policy, the page's own reads, access log.
# The child record and the case page are the richest: the record's practice panel reads maps, voice, network, plans
# and Words and Pictures; the case page adds its meetings, five kinds of statutory record, the children's care
# history (two), the case's supervision and oversight (one to three), the family's open safety answers (one) and,
# for a manager, whether the service needs a closure audit before the case closes (one).
PAGE_QUERY_LIMIT = 40


def grow(world: World, families: int) -> None:
    for index in range(families):
        make_case(
            acting=world.worker,
            team=world.team,
            worker=world.worker,
            manager=world.manager,
            surname=f"Family{index:03d}",
        )
    for index in range(families):
        add_note(world, text=f"Visit number {index}")


def pages(world: World) -> dict[str, tuple[str, str, dict[str, str]]]:
    child, case = world.child.pk, world.case.pk
    return {
        "caseload": ("get", reverse("cases:my-caseload"), {}),
        "caseload sorted": ("get", reverse("cases:my-caseload"), {"sort": "-last_visit"}),
        "team caseload": ("get", reverse("cases:team-caseload"), {}),
        "record": ("get", reverse("people:detail", args=[child]), {}),
        "family": ("get", reverse("people:section", args=[child, "family"]), {}),
        "episodes": ("get", reverse("people:section", args=[child, "episodes"]), {}),
        "timeline": ("get", reverse("people:section", args=[child, "timeline"]), {}),
        "print": ("get", reverse("people:print", args=[child]), {}),
        "case": ("get", reverse("cases:detail", args=[case]), {}),
        "search": ("post", reverse("people:search"), {"name": "alkira"}),
    }


def count_queries(client, method: str, url: str, data: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("persona", ["worker", "manager"])
def test_queries_per_page_do_not_grow_with_the_data(world: World, client_for, persona: str) -> None:
    client = client_for(getattr(world, persona))
    visible = {name: page for name, page in pages(world).items() if persona == "manager" or name != "team caseload"}
    grow(world, 2)
    client.get(reverse("cases:my-caseload"))  # warm the session
    small = {name: count_queries(client, *page) for name, page in visible.items()}
    grow(world, 8)
    large = {name: count_queries(client, *page) for name, page in visible.items()}
    assert Case.objects.count() >= 11
    assert large == small
    assert max(large.values()) <= PAGE_QUERY_LIMIT, large
