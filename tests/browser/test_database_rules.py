"""The browser tests lift the access log's append-only rule only to flush the database between tests."""

import pytest
from django.db import DatabaseError

from casemap.access.models import AccessLogEntry
from casemap.conftest import World

pytestmark = pytest.mark.django_db(transaction=True)


def test_access_log_is_still_append_only_between_browser_tests(world: World) -> None:
    entry = AccessLogEntry.objects.first()
    assert entry is not None, "making the case through the services should have logged something"
    with pytest.raises(DatabaseError, match="append-only"):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(DatabaseError, match="append-only"):
        AccessLogEntry.objects.filter(pk=entry.pk).update(detail="changed")
