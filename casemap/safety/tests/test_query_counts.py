"""The network panels add a fixed number of queries to the child record and case pages, and the network
and family tree pages cost the same however many members and relatives there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casemap.cases.services import case_professional_add
from casemap.cases.tests.test_query_counts import PAGE_QUERY_LIMIT
from casemap.conftest import World
from casemap.people.models import RelationshipType
from casemap.people.services import person_create, relationship_add
from casemap.safety.services import network_member_add

pytestmark = pytest.mark.django_db
# The child record also carries the practice panel, which reads maps, voice, network, plans and Words and
# Pictures, and the case page its meetings, care history and supervision: the same bound as the case tests'.


def grow(world: World, count: int) -> None:
    for index in range(count):
        relative = person_create(acting_user=world.worker, first_name=f"Aunt{index}", last_name="Cooper")
        relationship_add(
            acting_user=world.worker, person=world.mother, relative=relative, kind=RelationshipType.SIBLING
        )
        network_member_add(
            acting_user=world.worker,
            case=world.case,
            person=relative,
            roles=["mentor"],
            phone="" if index % 2 else "01632 960000",
        )
        network_member_add(acting_user=world.worker, case=world.case, name=f"Friend {index}", roles=[])
        case_professional_add(
            acting_user=world.worker, case=world.case, name=f"Pro {index}", agency_name=f"Agency {index % 2}"
        )


def pages(world: World) -> dict[str, str]:
    return {
        "record": reverse("people:detail", args=[world.child.pk]),
        "case": reverse("cases:detail", args=[world.case.pk]),
        "network": reverse("safety:network", args=[world.case.pk]),
        "family tree": reverse("safety:family-tree", args=[world.child.pk]),
    }


def count(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_queries_per_page_do_not_grow_with_the_network(world: World, client_for) -> None:
    client = client_for(world.worker)
    client.get(reverse("cases:my-caseload"))  # warm the session
    grow(world, 1)
    small = {name: count(client, url) for name, url in pages(world).items()}
    grow(world, 6)
    large = {name: count(client, url) for name, url in pages(world).items()}
    assert large == small
    assert max(large.values()) <= PAGE_QUERY_LIMIT, large
