"""The benchmark's audits are what the audit form and moderation would have left: each audit keeps its case's team
and worker, scores every criterion of its own tool version, is moderated by someone who is neither its auditor nor
the team's manager (every inadequate one among them), and the results page's query count does not grow with them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.generate_audits import TABLES, build, table_models
from bench.generate_authority import defaults_for_missing
from casemap.accounts.models import Role
from casemap.conftest import UserFactory
from casemap.quality.counts import recount
from casemap.quality.models import (
    Audit,
    AuditCriterion,
    AuditScore,
    AuditStatus,
    AuditTool,
    ModeratedScore,
    Moderation,
    is_inadequate,
)
from tests.test_bench_feedback import authority, signed_in

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def write(seed: int, per_team_month: int = 3) -> dict[str, list[dict]]:
    writer = build(seed=seed, today=TODAY, per_team_month=per_team_month)
    models = table_models()
    for key in reversed(TABLES):
        models[key].objects.all().delete()  # type: ignore[attr-defined]
    for key in TABLES:
        model = models[key]
        model.objects.bulk_create(model(**row) for row in writer.rows[key])  # type: ignore[attr-defined, operator]
    recount()  # as the generator does after writing its rows
    return writer.rows


def test_every_required_column_is_written_by_the_generator_itself() -> None:
    authority(teams=3, cases_each=4)
    models = table_models()
    seen: dict[str, dict] = {}
    for seed in range(20):  # an inadequate audit's response needs a low score
        for key, rows in build(seed=seed, today=TODAY).rows.items():
            if rows:
                seen.setdefault(key, rows[0])
        if set(seen) == set(TABLES):
            break
    assert set(seen) == set(TABLES)
    for key in TABLES:
        assert defaults_for_missing(models[key], list(seen[key])) == {}, key


def test_audits_keep_their_case_score_their_own_criteria_and_are_moderated_by_someone_else() -> None:
    authority(teams=3, cases_each=4)
    rows = write(seed=4)
    audits = Audit.objects.select_related("case", "tool_version", "team")
    assert audits.filter(status=AuditStatus.COMPLETED).count() == sum(
        1 for row in rows["audit"] if row["status"] == "completed"
    )
    year_ago = timezone.now() - datetime.timedelta(days=400)
    for audit in audits:
        assert audit.team_id == audit.case.team_id
        assert audit.auditor_id != audit.team.manager_id, "a peer audit is by another team's manager"
        criteria = set(AuditCriterion.objects.filter(version=audit.tool_version).values_list("pk", flat=True))
        scored = set(AuditScore.objects.filter(audit=audit).values_list("criterion_id", flat=True))
        if audit.status == AuditStatus.COMPLETED:
            assert scored == criteria
            assert year_ago < audit.completed_at <= timezone.now()
            assert audit.overall_judgement in audit.tool_version.scores
            if is_inadequate(audit.tool_version.scale, audit.overall_judgement):
                assert Moderation.objects.filter(audit=audit).exists(), "every inadequate audit is moderated"
        else:
            assert audit.completed_at is None and scored < criteria
    for moderation in Moderation.objects.select_related("audit__team"):
        assert moderation.moderator_id not in {moderation.audit.auditor_id, moderation.audit.team.manager_id}
        graded = set(ModeratedScore.objects.filter(moderation=moderation).values_list("criterion_id", flat=True))
        own = set(AuditScore.objects.filter(audit=moderation.audit).values_list("criterion_id", flat=True))
        assert graded == (own if moderation.completed_at else set())
    assert Audit.objects.filter(tool_version__tool__name="Closure audit").exists()


def test_the_results_page_costs_the_same_queries_on_more_audits() -> None:
    authority(teams=2, cases_each=4)
    write(seed=3, per_team_month=1)
    client = signed_in(UserFactory(role=Role.SERVICE_MANAGER))
    tool = AuditTool.objects.get(name="Signs of Safety case audit")

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("quality:results"), {"tool": tool.pk})
        assert page.status_code == 200
        return len(queries)

    counted()  # the first request saves the session
    small = counted()
    authority(teams=6, cases_each=8)
    write(seed=3, per_team_month=6)
    assert Audit.objects.count() > 100
    assert counted() == small
