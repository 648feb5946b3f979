"""The subqueries Annex A's reads share: a count, a first or latest date, a plan or period open at the period's end,
and the case's team and allocated worker."""

from typing import Any

from django.db.models import Exists, F, Func, IntegerField, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from casemap.returns.annex_a.period import AnnexPeriod

ALLOCATION = (
    "case__team__name",
    "case__allocated_worker__username",
    "case__allocated_worker__first_name",
    "case__allocated_worker__last_name",
)


def count_of(records: QuerySet[Any]) -> Coalesce:
    """How many of `records` (filtered on an outer row) there are, as a subquery: COUNT without GROUP BY."""
    counted = records.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def first_of(records: QuerySet[Any], field: str, *, latest: bool = False) -> Subquery:
    """The first (or latest) value of `field` among `records`, as a subquery."""
    ordered = records.order_by(f"-{field}" if latest else field, "-pk" if latest else "pk")
    return Subquery(ordered.values(field)[:1])


def open_at_end(model: type[Model], period: AnnexPeriod) -> Exists:
    """The child has one of `model` (a plan, a period of care) open at the end of the period."""
    return Exists(
        model._default_manager.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=period.end),
            child=OuterRef("child"),
            archived_at__isnull=True,
            started_on__lte=period.end,
        )
    )
