"""Feedback results by service, team and quarter. Every figure shown passes through the shared suppression
(`casemap.feedback.suppression`): counts of 1 to 5 are "c", with secondary suppression, and a percentage on a
base under 10 is hidden. Free text is shown only for groups of 10 or more responses, and only what a member of
staff has checked."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from casemap.accounts.models import Team
from casemap.feedback.models import Agreement, Answer, Question, QuestionKind, Response, Survey, TextCheck
from casemap.feedback.suppression import (
    SMALLEST_PERCENTAGE_BASE,
    Cell,
    SuppressedTable,
    shown_percentage,
    suppress_table,
)

QUARTERS_SHOWN = 4
SMALLEST_GROUP_FOR_TEXT = 10
SCALE_BANDS = [("0 to 3", range(0, 4)), ("4 to 6", range(4, 7)), ("7 to 10", range(7, 11))]


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def previous_quarter(start: datetime.date) -> datetime.date:
    return datetime.date(start.year - 1, 10, 1) if start.month == 1 else datetime.date(start.year, start.month - 3, 1)


def next_quarter(start: datetime.date) -> datetime.date:
    return datetime.date(start.year + 1, 1, 1) if start.month == 10 else datetime.date(start.year, start.month + 3, 1)


def quarter_label(start: datetime.date) -> str:
    end = datetime.date(start.year, start.month + 2, 1)
    return f"{start:%B} to {end:%B %Y}"


@dataclass(frozen=True)
class Filters:
    survey: Survey
    service: str = ""
    team: Team | None = None
    quarter: datetime.date | None = None  # the first day of a quarter; None is the last four


CHART_ROW = 32
CHART_LABEL_WIDTH = 320
CHART_BAR_SPACE = 320


@dataclass(frozen=True)
class Bar:
    label: str
    percentage: str  # "c" when hidden
    share: float  # 0 to 100; 0 when hidden

    @property
    def bar_width(self) -> float:
        return round(self.share * CHART_BAR_SPACE / 100, 1)

    @property
    def value_x(self) -> float:
        return CHART_LABEL_WIDTH + self.bar_width + 6


@dataclass(frozen=True)
class Results:
    filters: Filters
    quarters: list[datetime.date]
    responses: SuppressedTable  # teams by quarter
    agreement: SuppressedTable  # questions by yes, partly, no
    agreement_yes: list[str]  # the share of "yes" for each agreement row, or "c"
    bars: list[Bar]
    scales: SuppressedTable | None  # 0-10 questions by band
    texts: dict[str, list[str]]  # question -> checked free text, only for a group large enough
    texts_withheld_reason: str
    total: Cell

    @property
    def chart_height(self) -> int:
        return CHART_ROW * len(self.bars)


def _responses(filters: Filters, quarters: list[datetime.date]) -> QuerySet[Response]:
    found = Response.objects.filter(
        version__survey=filters.survey, month__gte=quarters[0], month__lt=next_quarter(quarters[-1])
    )
    if filters.service:
        found = found.filter(service=filters.service)
    if filters.team is not None:
        found = found.filter(team=filters.team)
    return found


def _quarters(filters: Filters, today: datetime.date) -> list[datetime.date]:
    if filters.quarter is not None:
        return [filters.quarter]
    quarters = [quarter_start(today)]
    while len(quarters) < QUARTERS_SHOWN:
        quarters.insert(0, previous_quarter(quarters[0]))
    return quarters


def _responses_by_team(found: QuerySet[Response], quarters: list[datetime.date]) -> SuppressedTable:
    counts: dict[int, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    for row in found.values("team_id", "month").annotate(n=Count("pk")).order_by():
        counts[row["team_id"]][quarter_start(row["month"])] += row["n"]
    teams = dict(Team.objects.filter(pk__in=counts).order_by("name").values_list("pk", "name"))
    return suppress_table(
        [[counts[team_id][quarter] for quarter in quarters] for team_id in teams],
        list(teams.values()),
        [quarter_label(quarter) for quarter in quarters],
    )


@dataclass(frozen=True)
class _Questions:
    """A survey's questions: of each kind, their words in the order the newest version asks them; the same words in
    an older version count as the same question."""

    texts: dict[str, list[str]]  # kind -> words
    words: dict[int, tuple[str, str]]  # question id -> (kind, words), for every published version

    def ids(self, *kinds: str) -> list[int]:
        return [pk for pk, (kind, _) in self.words.items() if kind in kinds]


def _questions(survey: Survey) -> _Questions:
    """Every published version's questions in one query."""
    texts: dict[str, dict[str, None]] = defaultdict(dict)
    words: dict[int, tuple[str, str]] = {}
    for pk, kind, text in (
        Question.objects.filter(version__survey=survey, version__published_at__isnull=False)
        .order_by("-version__number", "position")
        .values_list("pk", "kind", "text")
    ):
        texts[kind].setdefault(text, None)
        words[pk] = (kind, text)
    return _Questions({kind: list(seen) for kind, seen in texts.items()}, words)


def _counts(questions: _Questions, found: QuerySet[Response]) -> dict[str, dict[str, dict[object, int]]]:
    """The answers to the yes-partly-no and 0-10 questions, counted in one pass over the responses' answers: kind ->
    question words -> answer -> count. Grouped by question id, not by its words, so no join to the questions."""
    counts: dict[str, dict[str, dict[object, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    answered = Answer.objects.filter(
        response__in=found, question_id__in=questions.ids(QuestionKind.AGREE, QuestionKind.SCALE)
    )
    for question, agreement, scale, n in (
        answered.values_list("question_id", "agreement", "scale").annotate(n=Count("pk")).order_by()
    ):
        kind, text = questions.words[question]
        if kind == QuestionKind.AGREE and agreement:
            counts[kind][text][agreement] += n
        elif kind == QuestionKind.SCALE and scale is not None:
            counts[kind][text][scale] += n
    return counts


def _agreement(
    questions: _Questions, answers: dict[str, dict[object, int]]
) -> tuple[SuppressedTable, list[str], list[Bar]]:
    texts = questions.texts.get(QuestionKind.AGREE, [])
    choices = [Agreement.YES, Agreement.PARTLY, Agreement.NO]
    table = suppress_table(
        [[answers.get(text, {}).get(choice, 0) for choice in choices] for text in texts],
        texts,
        [choice.label for choice in choices],
    )
    yes = [shown_percentage(cells[0], total) for _, cells, total in table.rows()]
    bars = [
        Bar(label=text, percentage=share, share=0.0 if share == "c" else float(share.rstrip("%")))
        for text, share in zip(texts, yes, strict=True)
    ]
    return table, yes, bars


def _scales(questions: _Questions, answers: dict[str, dict[object, int]]) -> SuppressedTable | None:
    texts = questions.texts.get(QuestionKind.SCALE, [])
    if not texts:
        return None
    return suppress_table(
        [[sum(answers.get(text, {}).get(score, 0) for score in band) for _, band in SCALE_BANDS] for text in texts],
        texts,
        [label for label, _ in SCALE_BANDS],
    )


def _texts(questions: _Questions, found: QuerySet[Response], responses: int) -> tuple[dict[str, list[str]], str]:
    if responses < SMALLEST_GROUP_FOR_TEXT:
        return {}, f"People's own words are shown only for groups of {SMALLEST_GROUP_FOR_TEXT} or more responses."
    said_to: dict[str, list[str]] = defaultdict(list)
    # The checked words are few among the answers: the partial index feedback_answer_shown finds them.
    checked = Answer.objects.filter(
        response__in=found, question_id__in=questions.ids(QuestionKind.TEXT), text_check=TextCheck.SHOWN
    )
    for question, said in checked.values_list("question_id", "text").order_by("pk"):
        said_to[questions.words[question][1]].append(said)
    # In the order of the questions' words, as before, then each question's answers oldest first.
    texts = {text: said_to[text] for text in sorted(said_to)}
    return texts, "" if texts else "No one's words have been checked for showing yet."


def feedback_results(filters: Filters, *, today: datetime.date) -> Results:
    quarters = _quarters(filters, today)
    found = _responses(filters, quarters)
    responses = _responses_by_team(found, quarters)
    questions = _questions(filters.survey)
    counts = _counts(questions, found)
    agreement, yes, bars = _agreement(questions, counts[QuestionKind.AGREE])
    texts, withheld = _texts(questions, found, responses.grand_total.count)
    return Results(
        filters=filters,
        quarters=quarters,
        responses=responses,
        agreement=agreement,
        agreement_yes=yes,
        bars=bars,
        scales=_scales(questions, counts[QuestionKind.SCALE]),
        texts=texts,
        texts_withheld_reason=withheld,
        total=responses.grand_total,
    )


__all__ = ["SMALLEST_PERCENTAGE_BASE", "Filters", "Results", "feedback_results", "quarter_label", "quarter_start"]
