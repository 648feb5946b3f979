"""A map as plain data: what a signed-off map is frozen as, what every map page renders, what versions compare."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects

from casemap.mapping.models import (
    DangerStatement,
    ItemCategory,
    Map,
    MapItem,
    MapParticipant,
    RaterRole,
    ScalingJudgement,
)

SNAPSHOT_FORMAT = 1
# Who said an item was once stored after the words "said by", which the page's label now says once.
SAID_BY_LABEL = "said by "


JUDGEMENT_FIELDS = (
    "id", "danger_statement_id", "rater_name", "rater_role", "score", "reason", "one_point_higher", "question",
    "zero_anchor", "ten_anchor", "ten_is_best",
)  # fmt: skip
ITEM_FIELDS = ("id", "category", "text", "said_by", "noted_on", "evidence", "disputed_by")
ROLE_LABELS = dict(RaterRole.choices)


def _judgement(judgement: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": judgement["id"],
        "rater_name": judgement["rater_name"],
        "rater_role": judgement["rater_role"],
        "rater_role_label": ROLE_LABELS.get(judgement["rater_role"], judgement["rater_role"]),
        "score": judgement["score"],
        "reason": judgement["reason"],
        "one_point_higher": judgement["one_point_higher"],
        "question": judgement["question"],
        "zero_anchor": judgement["zero_anchor"],
        "ten_anchor": judgement["ten_anchor"],
        "ten_is_best": judgement["ten_is_best"],
    }


def _everything_on_a_map() -> list[Any]:
    """What the page asks of the map later (its children, steps and statements). Its items, scores and participants
    are read as plain values below: a hundred items and fifty scores need no model objects."""
    return [
        "children",
        "next_steps",
        Prefetch(
            "danger_statements", queryset=DangerStatement.objects.select_related("goal").order_by("position", "pk")
        ),
    ]


def map_snapshot(map_: Map, *, read_afresh: bool = True) -> dict[str, Any]:
    """Everything on the map, in a fixed number of queries. `read_afresh` False reads what is on the map into the
    object given, for a page that has just read the map with its case, variant and people: the page's later
    questions about its children, steps and statements are then answered from what was read."""
    if read_afresh:
        map_ = (
            Map.objects.select_related("variant", "author", "signed_off_by", "case")
            .prefetch_related(*_everything_on_a_map())
            .get(pk=map_.pk)
        )
    else:
        prefetch_related_objects([map_], *_everything_on_a_map())
    variant = map_.variant
    judgements = list(ScalingJudgement.objects.filter(map_id=map_.pk).order_by("pk").values(*JUDGEMENT_FIELDS))
    items = list(MapItem.objects.filter(map_id=map_.pk).order_by("category", "position", "pk").values(*ITEM_FIELDS))
    participants = MapParticipant.objects.filter(map_id=map_.pk).order_by("pk").values_list("name", "role")
    labels = dict(ItemCategory.choices)
    labels[ItemCategory.HARM] = variant.harm_label
    return {
        "format": SNAPSHOT_FORMAT,
        "id": map_.pk,
        "number": map_.number,
        "version": map_.version,
        "status": map_.status,
        "status_label": map_.get_status_display(),
        "setting": map_.get_setting_display(),
        "held_on": map_.held_on.isoformat(),
        "author": str(map_.author),
        "signed_off_by": str(map_.signed_off_by) if map_.signed_off_by else "",
        "signed_off_at": map_.signed_off_at.isoformat() if map_.signed_off_at else "",
        "children": [child.first_name for child in map_.children.all()],
        "variant": {
            "key": variant.key,
            "name": variant.name,
            "harm_label": variant.harm_label,
            "danger_statement_label": variant.danger_statement_label,
            "danger_statements_label": variant.danger_statements_label,
            "safety_goal_label": variant.safety_goal_label,
            "safety_goals_label": variant.safety_goals_label,
            "scale_question": variant.scale_question,
            "scale_zero_anchor": variant.scale_zero_anchor,
            "scale_ten_anchor": variant.scale_ten_anchor,
            "ten_is_best": variant.ten_is_best,
        },
        "participants": [{"name": name, "role": ROLE_LABELS.get(role, role)} for name, role in participants],
        "categories": [
            {
                "key": key,
                "label": labels[key],
                "items": [
                    {
                        "id": item["id"],
                        "text": item["text"],
                        "said_by": item["said_by"],
                        "noted_on": item["noted_on"].isoformat() if item["noted_on"] else "",
                        "evidence": item["evidence"],
                        "disputed_by": item["disputed_by"],
                    }
                    for item in items
                    if item["category"] == key
                ],
            }
            for key in ItemCategory.values
        ],
        "pairs": [
            {
                "id": statement.pk,
                "position": index + 1,
                "label": f"{variant.danger_statement_label} {index + 1}",
                "danger_statement": statement.statement,
                "family_view": statement.family_view,
                "safety_goal": statement.goal.statement if hasattr(statement, "goal") else "",
                "sustained_for": statement.goal.sustained_for if hasattr(statement, "goal") else "",
                "family_version": statement.goal.family_version if hasattr(statement, "goal") else "",
                "judgements": [_judgement(j) for j in judgements if j["danger_statement_id"] == statement.pk],
            }
            for index, statement in enumerate(map_.danger_statements.all())
        ],
        "overall_judgements": [_judgement(j) for j in judgements if j["danger_statement_id"] is None],
        "next_steps": [
            {
                "id": step.pk,
                "action": step.action,
                "owner": step.owner_name,
                "due_on": step.due_on.isoformat(),
                "done_on": step.done_on.isoformat() if step.done_on else "",
            }
            for step in map_.next_steps.all()
        ],
    }


def map_data(map_: Map, *, read_afresh: bool = True) -> dict[str, Any]:
    """The one reader of a map: a signed-off or superseded map as it was signed (its snapshot), a draft as it is
    now. Every page that shows or compares maps reads them here (`read_afresh`: see `map_snapshot`)."""
    if map_.is_draft or not map_.snapshot:
        # A signed map without a snapshot is one signed before snapshots were kept: its rows cannot change.
        return map_snapshot(map_, read_afresh=read_afresh)
    return _as_signed(map_.snapshot)


def said_by_without_label(said_by: str) -> str:
    """'said by Alkira, 7, in her Three Houses' -> 'Alkira, 7, in her Three Houses'."""
    return said_by[len(SAID_BY_LABEL) :] if said_by[: len(SAID_BY_LABEL)].lower() == SAID_BY_LABEL else said_by


def _as_signed(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot read in the shape pages use today. What was signed is never changed, only how it reads: the
    "said by" some older items carry before the name, which the page's label already says."""
    return {
        **snapshot,
        "categories": [
            {
                **category,
                "items": [
                    {**item, "said_by": said_by_without_label(item.get("said_by") or "")} for item in category["items"]
                ],
            }
            for category in snapshot["categories"]
        ],
    }


@dataclass
class ItemChanges:
    label: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class Rescore:
    scale: str
    rater: str
    before: int | None
    after: int | None


@dataclass
class MapComparison:
    older: dict[str, Any]
    newer: dict[str, Any]
    categories: list[ItemChanges]
    statements_added: list[str]
    statements_removed: list[str]
    goals_added: list[str]
    goals_removed: list[str]
    rescored: list[Rescore]
    next_steps_added: list[str]
    next_steps_removed: list[str]
    newly_scaled: list[Rescore] = field(default_factory=list)
    not_scaled_again: list[Rescore] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(
            any(c.added or c.removed for c in self.categories)
            or self.statements_added
            or self.statements_removed
            or self.goals_added
            or self.goals_removed
            or self.rescored
            or self.newly_scaled
            or self.next_steps_added
            or self.next_steps_removed
        )


def _difference(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    return [t for t in after if t not in before], [t for t in before if t not in after]


ScoreKey = tuple[str, str, str]


def _scores(snapshot: dict[str, Any]) -> dict[ScoreKey, int]:
    """Scores by scale, person and role: two people of the same name in different roles are two raters."""
    scores = {("Overall", j["rater_name"], j["rater_role"]): j["score"] for j in snapshot["overall_judgements"]}
    for pair in snapshot["pairs"]:
        for j in pair["judgements"]:
            scores[(pair.get("label") or f"Statement {pair['position']}", j["rater_name"], j["rater_role"])] = j[
                "score"
            ]
    return scores


def map_compare(older: dict[str, Any], newer: dict[str, Any]) -> MapComparison:
    """What was added, removed and re-scored between two versions of a case's map."""
    categories = []
    for old_category, new_category in zip(older["categories"], newer["categories"], strict=True):
        added, removed = _difference(
            [i["text"] for i in old_category["items"]], [i["text"] for i in new_category["items"]]
        )
        categories.append(ItemChanges(new_category["label"], added, removed))
    statements_added, statements_removed = _difference(
        [p["danger_statement"] for p in older["pairs"]], [p["danger_statement"] for p in newer["pairs"]]
    )
    goals_added, goals_removed = _difference(
        [p["safety_goal"] for p in older["pairs"]], [p["safety_goal"] for p in newer["pairs"]]
    )
    steps_added, steps_removed = _difference(
        [s["action"] for s in older["next_steps"]], [s["action"] for s in newer["next_steps"]]
    )
    before, after = _scores(older), _scores(newer)
    rescored = [
        Rescore(key[0], key[1], before[key], after[key])
        for key in sorted(set(before) & set(after))
        if before[key] != after[key]
    ]
    newly_scaled = [Rescore(key[0], key[1], None, after[key]) for key in sorted(set(after) - set(before))]
    not_scaled_again = [Rescore(key[0], key[1], before[key], None) for key in sorted(set(before) - set(after))]
    return MapComparison(
        older=older,
        newer=newer,
        categories=categories,
        statements_added=statements_added,
        statements_removed=statements_removed,
        goals_added=goals_added,
        goals_removed=goals_removed,
        rescored=rescored,
        next_steps_added=steps_added,
        next_steps_removed=steps_removed,
        newly_scaled=newly_scaled,
        not_scaled_again=not_scaled_again,
    )
