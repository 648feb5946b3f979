"""What goes on a draft map: items in each column, scaling judgements and next steps."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change
from casemap.accounts.models import User
from casemap.mapping.models import (
    DangerStatement,
    ItemCategory,
    Map,
    MapItem,
    MapStatus,
    NextStep,
    RaterRole,
    ScalingJudgement,
)
from casemap.mapping.services.common import map_children, map_editing
from casemap.people.models import Person


def item_save(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    category: str,
    text: str,
    item: MapItem | None = None,
    said_by: str = "",
    noted_on: datetime.date | None = None,
    evidence: str = "",
    disputed_by: str = "",
    request: HttpRequest | None = None,
) -> MapItem:
    """Add an item to a column of the map, or change one."""
    if not text.strip():
        raise ValidationError({"text": "Enter what was said or seen"})
    with map_editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="item", request=request
    ) as current:
        if item is None:
            position = MapItem.objects.filter(map=current, category=category).count()
            item = MapItem(map=current, category=ItemCategory(category), position=position)
        elif item.map_id != current.pk:
            raise PermissionDenied("The item is not on this map")
        item.text, item.said_by, item.noted_on = text.strip(), said_by, noted_on
        item.evidence, item.disputed_by = evidence, disputed_by
        item.save()
        return item


def item_remove(
    *, acting_user: User, map_: Map, expected_version: int | None, item: MapItem, request: HttpRequest | None = None
) -> None:
    with map_editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="item removed", request=request
    ) as current:
        MapItem.objects.filter(pk=item.pk, map=current).delete()


def judgement_add(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    rater_name: str,
    rater_role: str,
    score: int,
    reason: str,
    one_point_higher: str = "",
    danger_statement: DangerStatement | None = None,
    rater_person: Person | None = None,
    zero_anchor: str = "",
    ten_anchor: str = "",
    request: HttpRequest | None = None,
) -> ScalingJudgement:
    """A score from one person, stored with the question and anchors they answered. Anchors can be put in
    words that suit the person rating (a child, a parent); by default they are the variant's."""
    if not 0 <= score <= 10:
        raise ValidationError({"score": "The score must be a whole number from 0 to 10"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the score"})
    with map_editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="scale", request=request
    ) as current:
        if danger_statement is not None and danger_statement.map_id != current.pk:
            raise PermissionDenied("The statement is not on this map")
        variant = current.variant
        question = variant.scale_question
        if danger_statement is not None:
            question = f"{question} Thinking about: {danger_statement.statement}"
        return ScalingJudgement.objects.create(
            map=current,
            danger_statement=danger_statement,
            rater_name=rater_name.strip(),
            rater_role=RaterRole(rater_role),
            rater_person=rater_person,
            score=score,
            reason=reason.strip(),
            one_point_higher=one_point_higher.strip(),
            question=question,
            zero_anchor=zero_anchor.strip() or variant.scale_zero_anchor,
            ten_anchor=ten_anchor.strip() or variant.scale_ten_anchor,
            ten_is_best=variant.ten_is_best,
        )


def judgement_remove(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    judgement: ScalingJudgement,
    request: HttpRequest | None = None,
) -> None:
    with map_editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="scale removed", request=request
    ) as current:
        ScalingJudgement.objects.filter(pk=judgement.pk, map=current).delete()


def next_step_add(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    action: str,
    owner_name: str,
    due_on: datetime.date,
    owner_user: User | None = None,
    request: HttpRequest | None = None,
) -> NextStep:
    if not action.strip():
        raise ValidationError({"action": "Enter what needs to happen"})
    with map_editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="next step", request=request
    ) as current:
        step = NextStep(
            map=current,
            action=action.strip(),
            owner_name=owner_name.strip(),
            owner_user=owner_user,
            due_on=due_on,
            created_by=acting_user,
            modified_by=acting_user,
        )
        step._history_user = acting_user  # type: ignore[attr-defined]
        step.save()
        return step


def _refuse_finished_or_replaced(step: NextStep) -> None:
    if step.done_on is not None:
        raise ValidationError(f"This next step was already marked as done on {step.done_on:%-d %B %Y}")
    if step.map.status == MapStatus.SUPERSEDED:
        raise ValidationError("This map has been re-mapped: mark the step as done on the newest map")


def next_step_mark_done(
    *,
    acting_user: User,
    next_step: NextStep,
    done_on: datetime.date,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> NextStep:
    """Next steps are worked through after the map is signed, so finishing one is allowed on a signed map: the
    step changes, with its own version and history, never the signed map."""
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date it was done must be today or in the past"})
    with guarded_change(
        next_step,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="next_step",
        people=lambda step: map_children(step.map),
        detail=f"done, on map {next_step.map_id}",
        request=request,
        refuse=_refuse_finished_or_replaced,
        related=("map__case",),
    ) as step:
        step.done_on = done_on
    return step
