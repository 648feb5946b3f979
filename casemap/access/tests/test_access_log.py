"""Every view and change of a child's data is logged, and the log cannot be edited or deleted."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from casemap.access.models import AccessAction, AccessLogEntry
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
    assert access_log_verify_chain().intact
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
    assert access_log_verify_chain().broken_id == forged.pk


def test_a_refused_record_page_leaves_one_denied_row_without_the_query(world: World, client_for) -> None:
    before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
    path = reverse("people:detail", args=[world.child.pk])
    assert client_for(world.worker).get(path).status_code == 200
    response = client_for(world.other_worker).get(path, {"q": "Alkira"})
    assert response.status_code == 404
    refused = AccessLogEntry.objects.filter(id__gt=before, action=AccessAction.DENIED)
    assert [(row.user, row.person, row.record_type, row.record_id, row.detail) for row in refused] == [
        (world.other_worker, None, "url", "", f"GET {path}")
    ]
    assert access_log_verify_chain().intact


def test_a_refused_page_logs_its_path_without_control_characters_or_a_hidden_query(world: World, client_for) -> None:
    before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
    response = client_for(world.teammate).get("/people/%0Aforged%00line/%3Fq=Alkira")
    assert response.status_code == 404
    refused = AccessLogEntry.objects.get(id__gt=before)
    assert (refused.user, refused.action, refused.detail) == (world.teammate, "denied", "GET /people/forgedline/")


def test_a_404_is_logged_only_for_a_signed_in_user(world: World, client, client_for) -> None:
    before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
    assert client.get("/no-such-page/").status_code == 404
    assert client_for(world.chair).get("/no-such-page/").status_code == 404
    logged = AccessLogEntry.objects.filter(id__gt=before)
    assert [(row.user, row.action, row.detail) for row in logged] == [(world.chair, "denied", "GET /no-such-page/")]
