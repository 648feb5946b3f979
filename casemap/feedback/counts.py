"""Responses and answers kept counted as they are given, for the results (`casemap.feedback.reports`).

Counting every answer in the authority on each view of the results grows with the authority; these counts grow
with teams and months only. A response and its answers are counted in the transaction that saves them, so the
counts are never behind the answers. `recount` makes them again from the answers: after answers are loaded in
bulk (the benchmark's authority), or to check them.
"""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import transaction
from django.db.models import Count

from casemap.core.kept_counts import add_one
from casemap.feedback.models import Answer, AnswerCount, QuestionKind, Response, ResponseCount

COUNTED_KINDS = (QuestionKind.AGREE, QuestionKind.SCALE)


def counted_answer(kind: str, agreement: str, scale: int | None) -> str | None:
    """The answer as its count is keyed: "yes", "partly", "no", or a score; None for an answer not counted."""
    if kind == QuestionKind.AGREE and agreement:
        return agreement
    if kind == QuestionKind.SCALE and scale is not None:
        return str(scale)
    return None


def count_response(response: Response, answers: Iterable[Answer]) -> None:
    """Adds one response and its answers to the counts, inside the caller's transaction."""
    add_one(
        ResponseCount,
        [{"version_id": response.version_id, "service": response.service, "team_id": response.team_id,
          "month": response.month}],
    )  # fmt: skip
    keys = []
    for answer in answers:
        given = counted_answer(answer.question.kind, answer.agreement, answer.scale)
        if given is None:
            continue
        for team_id in (response.team_id, None):
            keys.append(
                {"question_id": answer.question_id, "service": response.service, "team_id": team_id,
                 "month": response.month, "answer": given}
            )  # fmt: skip
    add_one(AnswerCount, keys)


def recount(apps: Apps = global_apps) -> None:
    """Every count made again from the responses and answers (`apps`: the models as a migration sees them)."""
    responses = apps.get_model("feedback", "Response")._default_manager
    answers = apps.get_model("feedback", "Answer")._default_manager
    response_count = apps.get_model("feedback", "ResponseCount")
    answer_count = apps.get_model("feedback", "AnswerCount")
    with transaction.atomic():
        response_count._default_manager.all().delete()
        answer_count._default_manager.all().delete()
        response_count._default_manager.bulk_create(
            [
                response_count(**row)
                for row in responses.values("version_id", "service", "team_id", "month")
                .annotate(n=Count("pk"))
                .order_by()
            ],
            batch_size=2000,
        )
        counted: Counter[tuple[int, str, int | None, datetime.date, str]] = Counter()
        answered = (
            answers.filter(question__kind__in=COUNTED_KINDS)
            .values_list(
                "question_id", "question__kind", "agreement", "scale",
                "response__service", "response__team_id", "response__month",
            )
            .annotate(n=Count("pk"))
            .order_by()
        )  # fmt: skip
        for question_id, kind, agreement, scale, service, team_id, month, n in answered:
            given = counted_answer(kind, agreement, scale)
            if given is not None:
                counted[(question_id, service, team_id, month, given)] += n
                counted[(question_id, service, None, month, given)] += n
        answer_count._default_manager.bulk_create(
            [
                answer_count(question_id=question_id, service=service, team_id=team_id, month=month, answer=given, n=n)
                for (question_id, service, team_id, month, given), n in counted.items()
            ],
            batch_size=2000,
        )
