"""Counts kept beside the records they count, for pages that would otherwise count every record on each view (the
feedback and audit results). A count is a row with its key's columns and `n`."""

from typing import Any

from django.db import models
from django.db.models import F, Q


def add_one(model: type[models.Model], keys: list[dict[str, Any]]) -> None:
    """One more in each key's row (no key twice), inside the caller's transaction. A missing row is made at 0 first;
    the rows are then locked in the order of their ids, so two people counting into the same rows at once wait for
    each other, never deadlock, and neither's one is lost."""
    if not keys:
        return
    manager = model._default_manager
    manager.bulk_create([model(**key) for key in keys], ignore_conflicts=True)
    matching = Q()
    for key in keys:
        matching |= Q(**key)
    locked = list(manager.select_for_update().filter(matching).order_by("pk").values_list("pk", flat=True))
    if len(locked) != len(keys):
        raise RuntimeError(f"{model.__name__}: {len(keys)} counts to add to, {len(locked)} found")
    manager.filter(pk__in=locked).update(n=F("n") + 1)
