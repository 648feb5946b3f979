"""Feedback results by service, team and quarter. Every figure shown passes through the shared suppression
(`casemap.feedback.suppression`): counts of 1 to 5 are "c", with secondary suppression, and a percentage on a
base under 10 is hidden. Free text is shown only for groups of 10 or more responses, and only what a member of
staff has checked: the 50 most recent words for each question.

The figures come from counts kept as responses are given (`casemap.feedback.counts`), so a view adds up rows for
each team and month, not every answer in the authority."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import QuerySet, Sum

from casemap.accounts.models import Team
from casemap.feedback.models import (
    Agreement,
    Answer,
    AnswerCount,
    Question,
    QuestionKind,
    Response,
    ResponseCount,
    Survey,
    TextCheck,
)
from casemap.feedback.suppression import (
    SMALLEST_PERCENTAGE_BASE,
    Cell,
    SuppressedTable,
    shown_percentage,
    suppress_table,
)

QUARTERS_SHOWN = 4
SMALLEST_GROUP_FOR_TEXT = 10
TEXTS_SHOWN = 50  # for each question, the most recent
SCALE_BANDS = [("0 to 3", range(0, 4)), ("4 to 6", range(4, 7)), ("7 to 10", range(7, 11))]


_Kept = TypeVar("_Kept", ResponseCount, AnswerCount)


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
    texts_note: str  # why no words are shown, or which are
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


def _responses_by_team(filters: Filters, quarters: list[datetime.date]) -> SuppressedTable:
    counts: dict[int, dict[datetime.date, int]] = defaultdict(lambda: defaultdict(int))
    kept = _in_period(ResponseCount.objects.filter(version__survey=filters.survey), filters, quarters)
    if filters.team is not None:
        kept = kept.filter(team=filters.team)
    for team_id, month, n in kept.values_list("team_id", "month").annotate(n=Sum("n")).order_by():
        counts[team_id][quarter_start(month)] += n
    teams = dict(Team.objects.filter(pk__in=counts).order_by("name").values_list("pk", "name"))
    return suppress_table(
        [[counts[team_id][quarter] for quarter in quarters] for team_id in teams],
        list(teams.values()),
        [quarter_label(quarter) for quarter in quarters],
    )


def _in_period(kept: QuerySet[_Kept], filters: Filters, quarters: list[datetime.date]) -> QuerySet[_Kept]:
    kept = kept.filter(month__gte=quarters[0], month__lt=next_quarter(quarters[-1]))
    return kept.filter(service=filters.service) if filters.service else kept


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


def _counts(
    questions: _Questions, filters: Filters, quarters: list[datetime.date]
) -> dict[str, dict[str, dict[object, int]]]:
    """The answers to the yes-partly-no and 0-10 questions, from the kept counts: kind -> question words -> answer ->
    count. Every team's results read the service's rows, one team's its own."""
    counts: dict[str, dict[str, dict[object, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    kept = _in_period(
        AnswerCount.objects.filter(question_id__in=questions.ids(QuestionKind.AGREE, QuestionKind.SCALE)),
        filters,
        quarters,
    )
    kept = kept.filter(team=filters.team) if filters.team is not None else kept.filter(team__isnull=True)
    for question, answer, n in kept.values_list("question_id", "answer").annotate(n=Sum("n")).order_by():
        kind, text = questions.words[question]
        counts[kind][text][int(answer) if kind == QuestionKind.SCALE else answer] += n
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
    """The checked words answering each question, the most recent first, at most TEXTS_SHOWN of them; and a note:
    why none are shown, or which are."""
    if responses < SMALLEST_GROUP_FOR_TEXT:
        return {}, f"People's own words are shown only for groups of {SMALLEST_GROUP_FOR_TEXT} or more responses."
    asked: dict[str, list[int]] = defaultdict(list)  # the same words in several versions are one question
    for pk in questions.ids(QuestionKind.TEXT):
        asked[questions.words[pk][1]].append(pk)
    texts: dict[str, list[str]] = {}
    more = False
    for text in sorted(asked):
        # The checked words are few among the answers: the partial index feedback_answer_shown finds them.
        said = list(
            Answer.objects.filter(response__in=found, question_id__in=asked[text], text_check=TextCheck.SHOWN)
            .order_by("-pk")
            .values_list("text", flat=True)[: TEXTS_SHOWN + 1]
        )
        if said:
            texts[text] = said[:TEXTS_SHOWN]
            more = more or len(said) > TEXTS_SHOWN
    if not texts:
        return texts, "No one's words have been checked for showing yet."
    return texts, f"The {TEXTS_SHOWN} most recent for each question, newest first." if more else "Newest first."


def feedback_results(filters: Filters, *, today: datetime.date) -> Results:
    quarters = _quarters(filters, today)
    found = _responses(filters, quarters)
    responses = _responses_by_team(filters, quarters)
    questions = _questions(filters.survey)
    counts = _counts(questions, filters, quarters)
    agreement, yes, bars = _agreement(questions, counts[QuestionKind.AGREE])
    texts, texts_note = _texts(questions, found, responses.grand_total.count)
    return Results(
        filters=filters,
        quarters=quarters,
        responses=responses,
        agreement=agreement,
        agreement_yes=yes,
        bars=bars,
        scales=_scales(questions, counts[QuestionKind.SCALE]),
        texts=texts,
        texts_note=texts_note,
        total=responses.grand_total,
    )


__all__ = ["SMALLEST_PERCENTAGE_BASE", "Filters", "Results", "feedback_results", "quarter_label", "quarter_start"]
