"""Audit results by criterion, team and quarter: the learning outputs of practice audit.

Counted from completed audits of one tool: every version of it on the same scale, criteria of different versions
counted together when their titles are the same. Every count shown passes through the shared suppression
(`casemap.feedback.suppression`): 1 to 5 is "c", with secondary suppression so a total cannot give a hidden count
away. A team with fewer than 6 completed audits in the period is not shown as a team: its audits count among
"Other teams" and in the totals. Learning messages are shown for groups of 6 or more audits, with no name of any
member of staff in them.

The figures come from counts kept as audits are completed (`casemap.quality.counts`), so a view adds up rows for
each team and month, not every completed audit in the authority.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import QuerySet, Sum
from django.utils import timezone

from casemap.accounts.models import Team
from casemap.feedback.reports import next_quarter, previous_quarter, quarter_label, quarter_start
from casemap.feedback.suppression import SMALLEST_SHOWN, Cell, SuppressedTable, suppress_table
from casemap.quality.models import (
    Audit,
    AuditCount,
    AuditCriterion,
    AuditScoreCount,
    AuditStatus,
    AuditTool,
    AuditToolVersion,
    OfstedGrade,
    Scale,
    score_label,
)
from casemap.quality.redaction import staff_names, without_names
from casemap.quality.results_access import TeamScope

_Kept = TypeVar("_Kept", AuditCount, AuditScoreCount)

QUARTERS_SHOWN = 4
# A team is shown as a team, and a group's learning messages are shown, from this many completed audits.
SMALLEST_TEAM = SMALLEST_SHOWN
LEARNING_SHOWN = 50
OTHER_TEAMS = "Other teams"

# The bands scores are counted in: for 0 to 10 the inadequate band and three more; for Ofsted's four grades, each.
BANDS: dict[str, list[tuple[str, range]]] = {
    Scale.SIGNS_OF_SAFETY: [
        ("0 to 2 (inadequate)", range(0, 3)),
        ("3 to 5", range(3, 6)),
        ("6 to 7", range(6, 8)),
        ("8 to 10", range(8, 11)),
    ],
    Scale.OFSTED: [(str(grade.label), range(grade.value, grade.value + 1)) for grade in OfstedGrade],
}
SCALE_TOP = {Scale.SIGNS_OF_SAFETY: 10, Scale.OFSTED: 4}


@dataclass(frozen=True)
class Filters:
    tool: AuditTool
    version: int | None = None  # a version number of the tool; None for every version
    service: str = ""
    team: Team | None = None
    quarter: datetime.date | None = None  # the first day of a quarter; None for the last four


CHART_ROW = 32
CHART_LABEL_WIDTH = 320
CHART_BAR_SPACE = 320


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str  # the median as the table shows it, "c" when hidden
    share: float  # 0 to 100 of the scale; 0 when hidden

    @property
    def bar_width(self) -> float:
        return round(self.share * CHART_BAR_SPACE / 100, 1)

    @property
    def value_x(self) -> float:
        return CHART_LABEL_WIDTH + self.bar_width + 6


@dataclass(frozen=True)
class Results:
    filters: Filters
    scale: str
    quarters: list[datetime.date]
    by_team: SuppressedTable  # teams by quarter: the number of completed audits
    total: Cell
    team_left_out: bool  # the chosen team had fewer than SMALLEST_TEAM audits: none of its figures are shown
    criteria: SuppressedTable  # criteria by band
    medians: list[str]  # for each criterion, or "c"
    overall: SuppressedTable | None  # one row: the overall judgements by band
    overall_median: str
    bars: list[Bar]
    learning: list[str]
    learning_note: str
    versions_left_out: list[int]  # version numbers on another scale than the newest

    @property
    def chart_height(self) -> int:
        return CHART_ROW * len(self.bars)

    @property
    def scale_top(self) -> int:
        return SCALE_TOP[Scale(self.scale)]


def quarters_for(quarter: datetime.date | None, today: datetime.date) -> list[datetime.date]:
    if quarter is not None:
        return [quarter]
    quarters = [quarter_start(today)]
    while len(quarters) < QUARTERS_SHOWN:
        quarters.insert(0, previous_quarter(quarters[0]))
    return quarters


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class _Criteria:
    """The tool's criteria on one scale: their titles in the order of the newest version, and each id's title."""

    scale: str
    titles: list[str]
    title_of: dict[int, str]
    versions: list[int]  # the version ids counted
    versions_left_out: list[int]  # numbers


def _criteria(tool: AuditTool, version: int | None) -> _Criteria:
    """Every published version's criteria in one query, newest version first."""
    rows = list(
        AuditCriterion.objects.filter(version__tool=tool, version__published_at__isnull=False)
        .order_by("-version__number", "position")
        .values_list("pk", "title", "version_id", "version__number", "version__scale")
    )
    if version is not None:
        rows = [row for row in rows if row[3] == version]
    scale = rows[0][4] if rows else _newest_scale(tool)
    titles: dict[str, None] = {}
    title_of: dict[int, str] = {}
    versions: dict[int, None] = {}
    left_out: dict[int, None] = {}
    for pk, title, version_id, number, version_scale in rows:
        if version_scale != scale:
            left_out[number] = None
            continue
        titles.setdefault(title, None)
        title_of[pk] = title
        versions[version_id] = None
    return _Criteria(scale, list(titles), title_of, list(versions), sorted(left_out))


def _newest_scale(tool: AuditTool) -> str:
    newest = AuditToolVersion.objects.filter(tool=tool).order_by("-number").values_list("scale", flat=True).first()
    return newest or Scale.SIGNS_OF_SAFETY


def completed_audits(filters: Filters, version_ids: list[int], quarters: list[datetime.date]) -> QuerySet[Audit]:
    found = Audit.objects.filter(
        tool_version_id__in=version_ids,
        status=AuditStatus.COMPLETED,
        archived_at__isnull=True,
        completed_at__gte=local_midnight(quarters[0]),
        completed_at__lt=local_midnight(next_quarter(quarters[-1])),
    )
    if filters.service:
        found = found.filter(team__service=filters.service)
    if filters.team is not None:
        found = found.filter(team=filters.team)
    return found


def _kept(
    counts: QuerySet[_Kept], filters: Filters, quarters: list[datetime.date], *, every_team_row: bool = False
) -> QuerySet[_Kept]:
    """The kept counts of the period, service and team asked for. With `every_team_row`, every team's results with
    no service chosen read the rows of every team (no team) instead of adding up each team's."""
    counts = counts.filter(month__gte=quarters[0], month__lt=next_quarter(quarters[-1]))
    if filters.team is not None:
        counts = counts.filter(team=filters.team)
    elif every_team_row and not filters.service:
        return counts.filter(team__isnull=True)
    elif every_team_row:
        counts = counts.filter(team__isnull=False)
    return counts.filter(team__service=filters.service) if filters.service else counts


def _by_team(
    filters: Filters, criteria: _Criteria, quarters: list[datetime.date], scope: TeamScope
) -> tuple[SuppressedTable, dict[int, int]]:
    """Completed audits by team and quarter: a team the reader may see with enough audits has its own row, every
    other team's audits are in one row. Also each team's number of audits in the period."""
    counts: dict[int, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[int, str] = {}
    rows = (
        _kept(AuditCount.objects.filter(tool_version_id__in=criteria.versions), filters, quarters)
        .values_list("team_id", "team__name", "month")
        .annotate(n=Sum("n"))
        .order_by()
    )
    for team_id, name, month, n in rows:
        counts[team_id][quarter_start(month)] += n
        names[team_id] = name
    in_period = {team_id: sum(by_quarter.values()) for team_id, by_quarter in counts.items()}
    shown = sorted(
        (team_id for team_id, n in in_period.items() if n >= SMALLEST_TEAM and scope.shows(team_id)),
        key=lambda team_id: names[team_id],
    )
    others = [team_id for team_id in counts if team_id not in shown]
    table_rows = [[counts[team_id][quarter] for quarter in quarters] for team_id in shown]
    labels = [names[team_id] for team_id in shown]
    if others:
        table_rows.append([sum(counts[team_id][quarter] for team_id in others) for quarter in quarters])
        labels.append(OTHER_TEAMS)
    table = suppress_table(table_rows, labels, [quarter_label(quarter) for quarter in quarters])
    return table, in_period


def _histograms(filters: Filters, criteria: _Criteria, quarters: list[datetime.date]) -> dict[str, dict[int, int]]:
    """Criterion title -> score -> number of audits scoring it, from the kept counts."""
    counted: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    scored = _kept(
        AuditScoreCount.objects.filter(criterion_id__in=criteria.title_of), filters, quarters, every_team_row=True
    )
    for criterion_id, score, n in scored.values_list("criterion_id", "score").annotate(n=Sum("n")).order_by():
        counted[criteria.title_of[criterion_id]][score] += n
    return counted


def _overall_histogram(filters: Filters, criteria: _Criteria, quarters: list[datetime.date]) -> dict[int, int]:
    judged = _kept(
        AuditCount.objects.filter(tool_version_id__in=criteria.versions, overall_judgement__isnull=False),
        filters,
        quarters,
    )
    return dict(judged.values_list("overall_judgement").annotate(n=Sum("n")).order_by())


def median_of(histogram: dict[int, int]) -> float | None:
    """The median of the scores counted in a histogram, without listing every score."""
    total = sum(histogram.values())
    if not total:
        return None
    ordered = sorted(histogram.items())

    def at(position: int) -> int:  # the score at a 0-based position in the sorted scores
        seen = 0
        for score, n in ordered:
            seen += n
            if position < seen:
                return score
        raise IndexError(position)

    return statistics.fmean([at((total - 1) // 2), at(total // 2)])


def median_label(scale: str, median: float | None) -> str:
    if median is None:
        return "None"
    if median.is_integer():
        return score_label(scale, int(median))
    if scale == Scale.OFSTED:
        return f"Between {score_label(scale, int(median))} and {score_label(scale, int(median) + 1)}"
    return f"{median:.1f}"


def _banded(scale: str, histograms: list[dict[int, int]], labels: list[str]) -> SuppressedTable:
    bands = BANDS[Scale(scale)]
    return suppress_table(
        [[sum(histogram.get(score, 0) for score in band) for _, band in bands] for histogram in histograms],
        labels,
        [label for label, _ in bands],
    )


def _shown_median(scale: str, histogram: dict[int, int], total: Cell) -> tuple[str, float]:
    """The median as shown, and as a share of the scale for the chart; hidden with the count it comes from."""
    median = median_of(histogram)
    if total.suppressed or median is None:
        return ("c" if total.suppressed else "None"), 0.0
    return median_label(scale, median), 100 * median / SCALE_TOP[Scale(scale)]


def _learning(found: QuerySet[Audit], audits: int) -> tuple[list[str], str]:
    if audits < SMALLEST_TEAM:
        return [], f"Learning is shown only for {SMALLEST_TEAM} or more completed audits."
    texts = list(
        found.exclude(learning="")
        .order_by("-completed_at", "-pk")
        .values_list("learning", flat=True)[: LEARNING_SHOWN + 1]
    )
    if not texts:
        return [], "No learning was recorded in these audits."
    names = staff_names()
    note = f"The {LEARNING_SHOWN} most recent." if len(texts) > LEARNING_SHOWN else ""
    return [without_names(text, names) for text in texts[:LEARNING_SHOWN]], note


def audit_results(filters: Filters, *, scope: TeamScope, today: datetime.date) -> Results:
    criteria = _criteria(filters.tool, filters.version)
    quarters = quarters_for(filters.quarter, today)
    found = completed_audits(filters, criteria.versions, quarters)
    by_team, in_period = _by_team(filters, criteria, quarters, scope)
    team_left_out = filters.team is not None and in_period.get(filters.team.pk, 0) < SMALLEST_TEAM
    if team_left_out:
        found = found.none()
    histograms = defaultdict(dict) if team_left_out else _histograms(filters, criteria, quarters)
    criteria_table = _banded(criteria.scale, [histograms[title] for title in criteria.titles], criteria.titles)
    medians, bars = [], []
    for (title, _, total), histogram in zip(
        criteria_table.rows(), [histograms[title] for title in criteria.titles], strict=True
    ):
        shown, share = _shown_median(criteria.scale, histogram, total)
        medians.append(shown)
        bars.append(Bar(label=title, shown=shown, share=share))
    overall_histogram = {} if team_left_out else _overall_histogram(filters, criteria, quarters)
    overall = _banded(criteria.scale, [overall_histogram], ["Overall judgement"]) if overall_histogram else None
    overall_median = _shown_median(criteria.scale, overall_histogram, overall.grand_total)[0] if overall else ""
    audits = 0 if team_left_out else by_team.grand_total.count
    learning, learning_note = _learning(found, audits)
    return Results(
        filters=filters,
        scale=criteria.scale,
        quarters=quarters,
        by_team=by_team,
        total=by_team.grand_total,
        team_left_out=team_left_out,
        criteria=criteria_table,
        medians=medians,
        overall=overall,
        overall_median=overall_median,
        bars=bars,
        learning=learning,
        learning_note=learning_note,
        versions_left_out=criteria.versions_left_out,
    )


__all__ = ["BANDS", "QUARTERS_SHOWN", "Filters", "Results", "audit_results", "quarter_label", "quarter_start"]
