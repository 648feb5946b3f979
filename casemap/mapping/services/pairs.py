"""Danger statements and their safety goals, always saved and removed as a pair."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from casemap.accounts.models import User
from casemap.mapping.models import (
    DangerStatement,
    Map,
    SafetyGoal,
)
from casemap.mapping.services.common import map_editing

STATEMENT_EMPTY = "Enter the statement in words the family will understand"
GOAL_EMPTY = "Enter the goal in words the family will understand"
PAIR_FIELDS = {
    "who_is_worried",
    "behaviour",
    "what_happened",
    "short_term_impact",
    "long_term_impact",
    "statement",
    "family_view",
}
GOAL_FIELDS = {
    "parents_will",
    "child_will_experience",
    "professionals_will_see",
    "sustained_for",
    "statement",
    "family_version",
}


def danger_pair_save(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    statement_fields: dict[str, str],
    goal_fields: dict[str, str],
    danger_statement: DangerStatement | None = None,
    request: HttpRequest | None = None,
) -> DangerStatement:
    """Save a danger statement with its safety goal: they are always recorded as a pair. The statements may be in
    the family's agreed words alone; the structured answers are a help to write them, never required."""
    unknown = (set(statement_fields) - PAIR_FIELDS) | (set(goal_fields) - GOAL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    with map_editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="danger statement", request=request
    ) as current:
        if danger_statement is None:
            danger_statement = DangerStatement(map=current, position=current.danger_statements.count())
        elif danger_statement.map_id != current.pk:
            raise PermissionDenied("The statement is not on this map")
        for name, value in statement_fields.items():
            setattr(danger_statement, name, value)
        if not danger_statement.statement.strip():
            raise ValidationError({"statement": STATEMENT_EMPTY})
        danger_statement.full_clean(exclude=["map"])
        danger_statement.save()
        goal = getattr(danger_statement, "goal", None) or SafetyGoal(danger_statement=danger_statement)
        for name, value in goal_fields.items():
            setattr(goal, name, value)
        if not goal.statement.strip():
            raise ValidationError(GOAL_EMPTY)
        goal.full_clean(exclude=["danger_statement"])
        goal.save()
        return danger_statement


def danger_pair_remove(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    danger_statement: DangerStatement,
    request: HttpRequest | None = None,
) -> None:
    with map_editing(
        map_,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="danger statement removed",
        request=request,
    ) as current:
        DangerStatement.objects.filter(pk=danger_statement.pk, map=current).delete()
