"""Every view and change of a child's data is logged, and the log cannot be edited or deleted."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from casemap.access.models import AccessLogEntry
from casemap.access.services import access_log_verify_chain
from casemap.conftest import World, add_note

pytestmark = pytest.mark.django_db


def test_viewing_a_record_is_logged_with_who_what_and_where(world: World, client_for) -> None:
    before = AccessLogEntry.objects.count()
    client_for(world.worker).get(reverse("people:detail", args=[world.child.pk]), REMOTE_ADDR="10.1.2.3")
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry is not None
    assert (entry.user, entry.action, entry.person, entry.record_type) == (
        world.worker,
        "view",
        world.child,
        "person",
    )
    assert entry.ip_address == "10.1.2.3"


def test_printing_and_changing_are_logged(world: World, client_for) -> None:
    client = client_for(world.worker)
    client.get(reverse("people:print", args=[world.child.pk]))
    assert AccessLogEntry.objects.filter(action="print", person=world.child).exists()
    add_note(world)
    assert AccessLogEntry.objects.filter(action="create", record_type="case_note", person=world.child).exists()


def test_refused_views_write_nothing_about_the_child(world: World, client_for) -> None:
    before = AccessLogEntry.objects.filter(person=world.child).count()
    client_for(world.other_worker).get(reverse("people:detail", args=[world.child.pk]))
    assert AccessLogEntry.objects.filter(person=world.child).count() == before


def test_the_database_refuses_to_update_the_log(world: World) -> None:
    entry = AccessLogEntry.objects.first()
    assert entry is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).update(detail="tampered")


def test_the_database_refuses_to_delete_from_the_log(world: World) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLogEntry.objects.all().delete()


def test_the_hash_chain_is_intact_and_catches_a_forged_row(world: World, client_for) -> None:
    client_for(world.worker).get(reverse("people:detail", args=[world.child.pk]))
    assert access_log_verify_chain() is None
    last = AccessLogEntry.objects.order_by("-id").first()
    assert last is not None
    # A row slipped in by hand, bypassing the application, does not follow from the one before.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO access_accesslogentry (at, user_id, action, record_type, record_id, detail, user_agent, "
            "previous_hash, entry_hash) VALUES (%s, %s, 'view', 'person', '1', '', '', %s, %s)",
            [last.at, world.worker.pk, "f" * 64, "e" * 64],
        )
    forged = AccessLogEntry.objects.order_by("-id").first()
    assert forged is not None
    assert access_log_verify_chain() == forged.pk
