"""An export logs every child it holds in a few bulk inserts, and the access log's chain stays whole."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.access.services import access_log_append, access_log_append_many, access_log_verify_chain
from casemap.conftest import World


def test_many_rows_continue_the_chain_in_a_fixed_number_of_queries(world: World) -> None:
    people = [world.child.pk, world.sibling.pk, world.mother.pk] * 40
    before = AccessLogEntry.objects.count()
    with CaptureQueriesContext(connection) as queries:
        written = access_log_append_many(
            user=world.data_officer,
            action=AccessAction.EXPORT,
            record_type="CIN census",
            person_ids=people,
            detail="2026",
            batch_size=50,
        )
    assert written == 120
    # The chain's last hash, then three inserts of at most 50 (and the transaction's own statements).
    inserts = [query for query in queries.captured_queries if query["sql"].startswith("INSERT")]
    assert len(inserts) == 3
    rows = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [row.person_id for row in rows] == people
    assert {row.action for row in rows} == {AccessAction.EXPORT}
    access_log_append(user=world.worker, action=AccessAction.VIEW, record_type="person", person=world.child)
    assert access_log_verify_chain().intact
