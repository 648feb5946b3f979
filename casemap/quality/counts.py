"""Completed audits and their scores kept counted as audits are completed, for the results
(`casemap.quality.reports`).

A completed audit never changes, so it is counted once, in the transaction that completes it. Counting every
completed audit's scores on each view of the results grows with the authority; these counts grow with teams and
months only. `recount` makes them again from the audits: after audits are loaded in bulk (the benchmark's
authority), or to check them.
"""

import datetime
from collections import Counter

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import transaction
from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone

from casemap.core.kept_counts import add_one
from casemap.quality.models import Audit, AuditCount, AuditScoreCount


def completed_month(audit: Audit) -> datetime.date:
    assert audit.completed_at is not None, "only a completed audit is counted"
    return timezone.localtime(audit.completed_at).date().replace(day=1)


def count_audit(audit: Audit) -> None:
    """Adds one completed audit and its scores to the counts, inside the caller's transaction."""
    month = completed_month(audit)
    add_one(
        AuditCount,
        [{"tool_version_id": audit.tool_version_id, "team_id": audit.team_id, "month": month,
          "overall_judgement": audit.overall_judgement}],
    )  # fmt: skip
    scored = audit.scores.filter(score__isnull=False).values_list("criterion_id", "score")
    add_one(
        AuditScoreCount,
        [
            {"criterion_id": criterion_id, "team_id": team_id, "month": month, "score": score}
            for criterion_id, score in scored
            for team_id in (audit.team_id, None)
        ],
    )


def recount(apps: Apps = global_apps) -> None:
    """Every count made again from the completed audits (`apps`: the models as a migration sees them)."""
    audits = apps.get_model("quality", "Audit")._default_manager
    scores = apps.get_model("quality", "AuditScore")._default_manager
    audit_count = apps.get_model("quality", "AuditCount")
    score_count = apps.get_model("quality", "AuditScoreCount")
    completed = {"status": "completed", "archived_at__isnull": True, "completed_at__isnull": False}
    month = TruncMonth("completed_at", output_field=DateField())
    with transaction.atomic():
        audit_count._default_manager.all().delete()
        score_count._default_manager.all().delete()
        audit_count._default_manager.bulk_create(
            [
                audit_count(**row)
                for row in audits.filter(**completed)
                .annotate(month=month)
                .values("tool_version_id", "team_id", "month", "overall_judgement")
                .annotate(n=Count("pk"))
                .order_by()
            ],
            batch_size=2000,
        )
        counted: Counter[tuple[int, int | None, datetime.date, int]] = Counter()
        scored = (
            scores.filter(score__isnull=False, **{f"audit__{field}": value for field, value in completed.items()})
            .annotate(month=TruncMonth("audit__completed_at", output_field=DateField()))
            .values_list("criterion_id", "audit__team_id", "month", "score")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for criterion_id, team_id, completed_in, score, n in scored:
            counted[(criterion_id, team_id, completed_in, score)] += n
            counted[(criterion_id, None, completed_in, score)] += n
        score_count._default_manager.bulk_create(
            [
                score_count(criterion_id=criterion_id, team_id=team_id, month=completed_in, score=score, n=n)
                for (criterion_id, team_id, completed_in, score), n in counted.items()
            ],
            batch_size=2000,
        )
