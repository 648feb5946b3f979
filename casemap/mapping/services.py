"""Writes to maps. Every change goes through here: drafts only, the version the worker started from,
one transaction, history, access log; sign-off and re-mapping also go on each child's timeline."""

import datetime
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.models import AccessAction
from casemap.access.policy import can_manage_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, ChronologyKind, MemberRole
from casemap.core.forms import StaleEditError
from casemap.core.models import recorded_save
from casemap.mapping.models import (
    DangerStatement,
    FrameworkVariant,
    ItemCategory,
    Map,
    MapItem,
    MapParticipant,
    MapSetting,
    MapStatus,
    NextStep,
    RaterRole,
    SafetyGoal,
    ScalingJudgement,
)
from casemap.mapping.snapshot import map_snapshot
from casemap.people.models import Person

FROZEN_MESSAGE = "This map has been signed off, so it cannot be changed. Start a re-map to record what has changed."


class MapFrozenError(ValidationError):
    def __init__(self) -> None:
        super().__init__(FROZEN_MESSAGE)


def variant_for_case(case: Case) -> FrameworkVariant | None:
    """The variant whose default services include the case's service; otherwise Signs of Safety, if set up."""
    variants = list(FrameworkVariant.objects.all())
    for variant in variants:
        if case.service in (variant.default_services or []):
            return variant
    return next(
        (variant for variant in variants if variant.key == "signs-of-safety"), variants[0] if variants else None
    )


def _case_children(case: Case) -> list[Person]:
    return [m.person for m in case.memberships.select_related("person") if m.role == MemberRole.CHILD]


def _log(
    acting_user: User, map_: Map, detail: str, request: HttpRequest | None, action: str = AccessAction.CHANGE
) -> None:
    access_log_append_each(
        user=acting_user,
        action=AccessAction(action),
        record_type="map",
        record_id=map_.pk,
        detail=detail,
        people=list(map_.children.all()) or [None],
        request=request,
    )


@contextmanager
def _editing(
    map_: Map, *, acting_user: User, expected_version: int | None, detail: str, request: HttpRequest | None
) -> Iterator[Map]:
    """Hold the map for one change: refuse it if signed off or changed since the worker loaded it."""
    with transaction.atomic():
        current = Map.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=map_.pk)
        if current.status != MapStatus.DRAFT:
            raise MapFrozenError()
        if expected_version is not None and current.version != expected_version:
            raise StaleEditError(str(current.modified_by or "Someone"), current.modified_at)
        yield current
        recorded_save(current, acting_user=acting_user)
        _log(acting_user, current, detail, request)


def map_start(
    *,
    acting_user: User,
    case: Case,
    setting: str,
    held_on: datetime.date,
    children: Sequence[Person] = (),
    variant: FrameworkVariant | None = None,
    request: HttpRequest | None = None,
) -> Map:
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The date of the mapping must be today or in the past"})
    variant = variant or variant_for_case(case)
    if variant is None:
        raise ValidationError("No framework variants are set up. Ask a Casemap administrator to add one.")
    case_children = _case_children(case)
    chosen = list(children) or case_children
    if any(child not in case_children for child in chosen):
        raise ValidationError({"children": "A map can only be about children on this case"})
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).first()  # numbers are given out one at a time
        number = (Map.objects.filter(case=case).aggregate(top=Max("number"))["top"] or 0) + 1
        map_ = Map(
            case=case,
            number=number,
            setting=MapSetting(setting),
            held_on=held_on,
            author=acting_user,
            variant=variant,
            created_by=acting_user,
            modified_by=acting_user,
        )
        map_._history_user = acting_user  # type: ignore[attr-defined]
        map_.save()
        map_.children.set(chosen)
        _log(acting_user, map_, "started", request, AccessAction.CREATE)
    return map_


def map_update_details(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    setting: str,
    held_on: datetime.date,
    children: Sequence[Person],
    request: HttpRequest | None = None,
) -> Map:
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": "The date of the mapping must be today or in the past"})
    if not children:
        raise ValidationError({"children": "Choose which children the map is about"})
    with _editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="details", request=request
    ) as current:
        current.setting = setting
        current.held_on = held_on
        current.children.set(children)
    return current


def participant_add(
    *,
    acting_user: User,
    map_: Map,
    expected_version: int | None,
    name: str,
    role: str,
    person: Person | None = None,
    request: HttpRequest | None = None,
) -> MapParticipant:
    with _editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="participant", request=request
    ) as current:
        return MapParticipant.objects.create(map=current, name=name.strip(), role=RaterRole(role), person=person)


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
    with _editing(
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
    with _editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="item removed", request=request
    ) as current:
        MapItem.objects.filter(pk=item.pk, map=current).delete()


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
    """Save a danger statement with its safety goal: they are always recorded as a pair."""
    unknown = (set(statement_fields) - PAIR_FIELDS) | (set(goal_fields) - GOAL_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    with _editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="danger statement", request=request
    ) as current:
        if danger_statement is None:
            danger_statement = DangerStatement(map=current, position=current.danger_statements.count())
        elif danger_statement.map_id != current.pk:
            raise PermissionDenied("The statement is not on this map")
        for name, value in statement_fields.items():
            setattr(danger_statement, name, value)
        danger_statement.full_clean(exclude=["map"])
        danger_statement.save()
        goal = getattr(danger_statement, "goal", None) or SafetyGoal(danger_statement=danger_statement)
        for name, value in goal_fields.items():
            setattr(goal, name, value)
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
    with _editing(
        map_,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="danger statement removed",
        request=request,
    ) as current:
        DangerStatement.objects.filter(pk=danger_statement.pk, map=current).delete()


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
    with _editing(
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
    with _editing(
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
    with _editing(
        map_, acting_user=acting_user, expected_version=expected_version, detail="next step", request=request
    ) as current:
        return NextStep.objects.create(
            map=current, action=action.strip(), owner_name=owner_name.strip(), owner_user=owner_user, due_on=due_on
        )


def next_step_mark_done(
    *, acting_user: User, next_step: NextStep, done_on: datetime.date, request: HttpRequest | None = None
) -> NextStep:
    """Next steps are worked through after the map is signed, so finishing one is allowed on any map."""
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date it was done must be today or in the past"})
    with transaction.atomic():
        step = NextStep.objects.select_for_update().get(pk=next_step.pk)
        step.done_on = done_on
        step.save(update_fields=["done_on"])
        _log(acting_user, step.map, f"next step {step.pk} done", request)
    return step


def map_sign_off(
    *, acting_user: User, map_: Map, expected_version: int | None, request: HttpRequest | None = None
) -> Map:
    """A manager in the case team's line signs the map off: it is frozen as it stands, and the map it
    re-mapped is superseded."""
    if not can_manage_case(acting_user, map_.case):
        raise PermissionDenied("Only a manager in the team's line can sign off a map")
    with transaction.atomic():
        current = Map.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=map_.pk)
        if current.status != MapStatus.DRAFT:
            raise MapFrozenError()
        if expected_version is not None and current.version != expected_version:
            raise StaleEditError(str(current.modified_by or "Someone"), current.modified_at)
        if not current.danger_statements.exists() and not current.items.exists():
            raise ValidationError("An empty map cannot be signed off")
        current.status = MapStatus.SIGNED_OFF
        current.signed_off_by = acting_user
        current.signed_off_at = timezone.now()
        recorded_save(current, acting_user=acting_user)
        # Taken from the saved row, so it records the signed status, signer and final version.
        current.snapshot = map_snapshot(current)
        Map.objects.filter(pk=current.pk).update(snapshot=current.snapshot)
        if current.previous_id:
            Map.objects.filter(pk=current.previous_id, status=MapStatus.SIGNED_OFF).update(status=MapStatus.SUPERSEDED)
        chronology_record(
            acting_user=acting_user,
            people=list(current.children.all()),
            case=current.case,
            kind=ChronologyKind.MAP_SIGNED_OFF,
            occurred_on=current.held_on,
            summary=f"Signs of Safety map {current.number} signed off by {acting_user}",
            source=current,
        )
        _log(acting_user, current, "signed off", request)
    return current


def _copy(rows: Sequence[Any], change: Callable[[Any], None]) -> None:
    for row in rows:
        row.pk = None
        row._state.adding = True
        change(row)
        row.save()


def map_remap(
    *, acting_user: User, map_: Map, held_on: datetime.date, setting: str, request: HttpRequest | None = None
) -> Map:
    """Start a new draft from a signed-off map, with everything on it, to be changed and re-scored."""
    if map_.status == MapStatus.DRAFT:
        raise ValidationError("Finish and sign off this map before re-mapping")
    if Map.objects.filter(case=map_.case, status=MapStatus.DRAFT).exists():
        raise ValidationError("There is already a draft map for this case: carry on with that one")
    with transaction.atomic():
        new = map_start(
            acting_user=acting_user,
            case=map_.case,
            setting=setting,
            held_on=held_on,
            children=list(map_.children.all()),
            variant=map_.variant,
            request=request,
        )
        new.previous = map_
        new.save(update_fields=["previous"])
        _copy(list(map_.participants.all()), lambda row: setattr(row, "map", new))
        _copy(list(map_.items.all()), lambda row: setattr(row, "map", new))
        _copy(list(map_.next_steps.filter(done_on__isnull=True)), lambda row: setattr(row, "map", new))
        for statement in map_.danger_statements.select_related("goal"):
            goal = getattr(statement, "goal", None)
            statement.pk = None
            statement._state.adding = True
            statement.map = new
            statement.save()
            if goal is not None:
                goal.pk = None
                goal._state.adding = True
                goal.danger_statement = statement
                goal.save()
        chronology_record(
            acting_user=acting_user,
            people=list(new.children.all()),
            case=new.case,
            kind=ChronologyKind.MAP_STARTED,
            occurred_on=held_on,
            summary=f"Re-mapping started: map {new.number}, from map {map_.number}",
            source=new,
        )
    return new
