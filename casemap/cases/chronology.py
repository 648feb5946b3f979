"""Every significant event goes on the timeline of each child it concerns, in the same transaction."""

import datetime
from collections.abc import Iterable

from django.db import models

from casemap.accounts.models import User
from casemap.cases.models import Case, ChronologyEntry, ChronologyKind
from casemap.people.models import Person


def chronology_record(
    *,
    acting_user: User,
    people: Iterable[Person],
    kind: ChronologyKind,
    occurred_on: datetime.date,
    summary: str,
    source: models.Model,
    case: Case | None = None,
    detail: str = "",
) -> list[ChronologyEntry]:
    entries = [
        ChronologyEntry(
            person=person,
            case=case,
            occurred_on=occurred_on,
            recorded_by=acting_user,
            kind=kind,
            summary=summary[:255],
            detail=detail,
            source_type=source._meta.label_lower,
            source_id=source.pk,
        )
        for person in people
    ]
    return ChronologyEntry.objects.bulk_create(entries)
