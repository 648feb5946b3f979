"""The audit results read counts kept as audits are completed (`casemap.quality.counts`): an audit counts once, when
it is completed, in the month it was completed in local time, and the counts are those made again from the audits."""

import datetime

import pytest
from django.utils import timezone

from casemap.conftest import World
from casemap.quality.counts import recount
from casemap.quality.models import AuditCount, AuditScoreCount
from casemap.quality.services.audits import audit_complete
from casemap.quality.tests.results_data import completed_audit
from casemap.quality.tests.test_audits import Never, scored

pytestmark = pytest.mark.django_db


def kept() -> dict[tuple[object, ...], int]:
    counts: dict[tuple[object, ...], int] = {}
    for row in AuditCount.objects.values_list("tool_version_id", "team_id", "month", "overall_judgement", "n"):
        counts[("audit", *row[:-1])] = row[-1]
    for row in AuditScoreCount.objects.values_list("criterion_id", "team_id", "month", "score", "n"):
        counts[("score", *row[:-1])] = row[-1]
    return counts


def test_an_audit_is_counted_once_when_it_is_completed(world: World) -> None:
    audit = scored(world, 7)
    assert kept() == {}, "an audit in progress is not counted"
    audit_complete(acting_user=world.practice_lead, audit=audit, expected_version=audit.version, rng=Never())
    month = timezone.localdate().replace(day=1)
    criteria = list(audit.tool_version.criteria.values_list("pk", flat=True))
    expected = {("audit", audit.tool_version_id, world.team.pk, month, 7): 1}
    for criterion in criteria:
        expected[("score", criterion, world.team.pk, month, 7)] = 1
        expected[("score", criterion, None, month, 7)] = 1
    assert kept() == expected
    recount()
    assert kept() == expected


def test_the_counts_are_those_made_again_from_the_audits(world: World) -> None:
    # Either side of midnight at the end of June in British Summer Time: 00:30 on 1 July is still 30 June in UTC,
    # and counts in July, the month it was completed in local time.
    london = timezone.get_current_timezone()
    late_june = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=london)
    early_july = datetime.datetime(2026, 7, 1, 0, 30, tzinfo=london)
    for team, when, scores, overall in [
        (world.team, late_june, [7, 3, 9], 6),
        (world.team, early_july, [7, 8, None], None),
        (world.other_team, early_july, [1, 2, 3], 2),
        (world.other_team, timezone.now(), [10, 10, 10], 10),
    ]:
        completed_audit(
            case=world.case, team=team, auditor=world.practice_lead, scores=scores, overall=overall, completed_at=when
        )
    as_completed = kept()
    months = {key[3] for key in as_completed if key[0] == "audit"}
    assert {datetime.date(2026, 6, 1), datetime.date(2026, 7, 1)} <= months, "each in its local month"
    recount()
    assert kept() == as_completed
