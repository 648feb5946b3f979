"""Reads of maps, filtered by the one access policy: a map is visible when its case is."""

import datetime
from dataclasses import dataclass

from django.db.models import Case as SqlCase
from django.db.models import QuerySet, When
from django.http import Http404
from django.utils import timezone

from casemap.access.policy import can_add_to_case, read_through_the_rule, visible_case
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.mapping.models import Map, MapStatus, NextStep, RaterRole, ScalingJudgement
from casemap.mapping.snapshot import map_data


def visible_maps(user: User) -> QuerySet[Map]:
    return Map.objects.filter(visible_case(user, "case_id"), archived_at__isnull=True)


def get_map_for_user(user: User, map_id: int) -> Map:
    # One row by its key: no ordering to compile over the five tables' columns.
    found = visible_maps(user).select_related("case", "variant", "author", "signed_off_by").filter(pk=map_id)
    map_ = next(iter(found.order_by()), None)
    if map_ is None:
        raise Http404("No map found")
    read_through_the_rule(user, map_.case)
    return map_


@dataclass(frozen=True)
class MapActions:
    """What a map page offers this user. Only what to show: the services enforce the same policy
    (`can_add_to_case`) through the write guard when anything is saved."""

    editable: bool  # a draft, changed through its forms
    can_remap: bool  # a signed-off map with no draft after it
    can_finish_steps: bool  # next steps are worked through after sign-off, until the map is re-mapped


def map_actions(user: User, map_: Map, *, maps_on_case: list[Map] | None = None) -> MapActions:
    """`maps_on_case` is the page's own list of the case's maps (`case_maps`, `case_maps_in_brief`), when it has read
    one, so it is not asked again."""
    may_add = can_add_to_case(user, map_.case)
    if maps_on_case is None:
        has_draft = map_.case.maps.filter(status=MapStatus.DRAFT).exists()
    else:
        has_draft = any(other.status == MapStatus.DRAFT for other in maps_on_case)
    return MapActions(
        editable=may_add and map_.is_draft,
        can_remap=may_add and map_.status == MapStatus.SIGNED_OFF and not has_draft,
        can_finish_steps=may_add and map_.status != MapStatus.SUPERSEDED,
    )


def can_edit_map(user: User, map_: Map) -> bool:
    """For a map fetched with `get_map_for_user`: a draft, on a case the user may add to."""
    return map_.is_draft and can_add_to_case(user, map_.case)


def can_start_map(user: User, case: Case) -> bool:
    """Whether to offer "Start a map": a case with children that the user may add to."""
    return can_add_to_case(user, case) and bool(case_children(case))


def case_maps(*, case: Case) -> list[Map]:
    # A list of maps needs none of their frozen content.
    return list(case.maps.select_related("author", "signed_off_by", "variant").defer("snapshot").order_by("-number"))


def case_maps_in_brief(*, case: Case) -> list[Map]:
    """The case's maps by number and status alone, newest first: what a map page says of the others (the draft to
    carry on with, the map to compare with)."""
    return list(case.maps.only("number", "status", "case_id").order_by("-number"))


def overdue_next_steps(*, user: User) -> list[NextStep]:
    """The worker's unfinished next steps past their date, on maps they can still see."""
    today = timezone.localdate()
    return list(
        NextStep.objects.filter(owner_user=user, done_on__isnull=True, due_on__lt=today, map__archived_at__isnull=True)
        .exclude(map__status=MapStatus.SUPERSEDED)
        .filter(visible_case(user, "map__case_id"))
        # Only what the warning's table shows.
        .select_related("map", "map__case")
        .only("action", "due_on", "version", "map__number", "map__case__family_name")
        .order_by("due_on")[:50]
    )


@dataclass(frozen=True)
class TrajectoryPoint:
    map_number: int
    held_on: datetime.date
    score: int
    rater_name: str


@dataclass(frozen=True)
class TrajectorySeries:
    role: str
    role_label: str
    label: str
    points: list[TrajectoryPoint]


def case_trajectory(*, case: Case) -> list[TrajectorySeries]:
    """Overall scores on the case's signed-off maps, one line per person who scaled, oldest first."""
    judgements = (
        ScalingJudgement.objects.filter(
            map__case=case, danger_statement__isnull=True, map__status__in=[MapStatus.SIGNED_OFF, MapStatus.SUPERSEDED]
        )
        .select_related("map")
        .order_by("rater_role", "rater_name", "map__held_on", "map__number", "pk")
    )
    by_rater: dict[tuple[str, str], list[TrajectoryPoint]] = {}
    for judgement in judgements:
        by_rater.setdefault((judgement.rater_role, judgement.rater_name), []).append(
            TrajectoryPoint(judgement.map.number, judgement.map.held_on, judgement.score, judgement.rater_name)
        )
    roles = dict(RaterRole.choices)
    return [
        TrajectorySeries(
            role,
            roles[role],
            f"{name} ({roles[role].lower()})",
            sorted(points, key=lambda p: (p.held_on, p.map_number)),
        )
        for (role, name), points in by_rater.items()
    ]


@dataclass(frozen=True)
class DangerPair:
    """A danger statement and the safety goal that answers it, labelled in the words of the map's framework."""

    label: str
    danger_statement: str
    goal_label: str
    safety_goal: str
    sustained_for: str


@dataclass(frozen=True)
class CaseDangerPairs:
    """The danger statements and safety goals a case is working to, and the map they are read from."""

    map_id: int
    number: int
    is_draft: bool
    signed_off_on: datetime.date | None
    danger_statements_label: str
    safety_goals_label: str
    pairs: list[DangerPair]


PAIR_LABELS = ("danger_statement_label", "danger_statements_label", "safety_goal_label", "safety_goals_label")


def case_danger_pairs(*, user: User, case: Case) -> CaseDangerPairs | None:
    """What a safety plan answers: the danger statements and safety goals of the case's latest signed-off map, or,
    before any map is signed off, of its draft (`is_draft`, to be said so). A signed map reads as it was signed (its
    snapshot), a draft as it is now. None when the user may see no map of the case, or it has no pairs. Two
    queries."""
    signed_first = SqlCase(When(status=MapStatus.SIGNED_OFF, then=0), default=1)
    map_ = (
        visible_maps(user)
        .filter(case=case, status__in=[MapStatus.SIGNED_OFF, MapStatus.DRAFT])
        .select_related("variant")
        .order_by(signed_first, "-number")
        .first()
    )
    if map_ is None:
        return None
    variant = map_.variant
    labels = {name: getattr(variant, name) for name in PAIR_LABELS}
    if map_.snapshot and not map_.is_draft:
        data = map_data(map_)
        labels = {name: data["variant"].get(name, labels[name]) for name in PAIR_LABELS}  # as it was signed
        written = [(p["danger_statement"], p["safety_goal"], p["sustained_for"]) for p in data["pairs"]]
    else:
        written = [
            (s.statement, s.goal.statement, s.goal.sustained_for) if hasattr(s, "goal") else (s.statement, "", "")
            for s in map_.danger_statements.select_related("goal").order_by("position", "pk")
        ]
    if not written:
        return None
    pairs = [
        DangerPair(
            label=f"{labels['danger_statement_label']} {position}",
            danger_statement=statement,
            goal_label=f"{labels['safety_goal_label']} {position}",
            safety_goal=goal,
            sustained_for=sustained_for,
        )
        for position, (statement, goal, sustained_for) in enumerate(written, start=1)
    ]
    signed_off_on = timezone.localtime(map_.signed_off_at).date() if map_.signed_off_at else None
    return CaseDangerPairs(
        map_id=map_.pk,
        number=map_.number,
        is_draft=map_.is_draft,
        signed_off_on=signed_off_on,
        danger_statements_label=labels["danger_statements_label"],
        safety_goals_label=labels["safety_goals_label"],
        pairs=pairs,
    )
