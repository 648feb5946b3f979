"""Periods of care and their episodes: the child starts to be looked after, their legal status or placement
changes, and the period ends.

A change ends the current episode and starts the next on the same day, in one transaction, so a period's episodes
never overlap and leave no gap; the period ends with its last episode's reason. Each write holds the case through
the write guard, goes on the child's timeline and in the access log, keeps a history row, and refuses what cannot
be true in plain words.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from casemap.access.guard import guarded_change, held_case_to_add_to
from casemap.accounts.models import User
from casemap.cases.care_codes import (
    ADOPTED,
    TEMPORARY_PLACEMENTS,
    WHAT_CHANGED,
    CareNeed,
    EpisodeEndReason,
    LegalStatus,
    NewEpisodeReason,
    PlacementChangeReason,
    PlacementProvider,
    PlacementType,
)
from casemap.cases.care_models import AdoptionPlan, CareEpisode, CarePeriod
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, ChronologyKind
from casemap.cases.services.care_checks import (
    check_child_on_case,
    check_day,
    created_by,
    log_created,
    ofsted_urn,
    uk_postcode,
)
from casemap.people.models import Person

ALREADY_IN_CARE = "{child} is already in care: a period of care started on {day:%-d %B %Y}"
AFTER_LAST_PERIOD = "A new period of care must start after the last one ended on {day:%-d %B %Y}"
PERIOD_ENDED = "This period of care ended on {day:%-d %B %Y}: nothing can be recorded after it ended"
CHANGE_AFTER_EPISODE = "The change must be after the current placement and legal status began on {day:%-d %B %Y}"
END_AFTER_EPISODE = "The period cannot end before the current placement and legal status began on {day:%-d %B %Y}"
NOTHING_CHANGED = "Nothing has changed: a new episode needs a new legal status or a new placement"
LEGAL_STATUS_SAME = "You said the legal status changed, but it is the same as before"
LEGAL_STATUS_DIFFERENT = "You said only the placement changed, but the legal status is different"
PLACEMENT_SAME = "You said the placement changed, but the placement details are the same as before"
PLACEMENT_DIFFERENT = "You said only the legal status changed, but the placement details are different"
SAY_WHY_PLACEMENT_CHANGED = "Choose why the placement changed"
NO_REASON_FOR_TEMPORARY = (
    "Leave why the placement changed empty: no reason is recorded for a move into or out of a temporary placement"
)
NOT_A_CHANGE = "Choose what changed"
NEW_EPISODE_IS_NOT_AN_ENDING = "Choose why the period of care ended"
ADOPTION_NEEDS_MATCH = (
    "Record the decision that the child should be placed for adoption, the match and the adopters before ending "
    "care by adoption"
)
PLACEMENT_ORDER_NEEDED = (
    "A placement for adoption with a placement order needs the legal status 'Placement order granted' or "
    "'Freeing order granted'"
)

# Placed for adoption under a placement (or freeing) order: the legal status must be that order.
PLACED_BY_ORDER = {PlacementType.A5, PlacementType.A6}
ORDERS_TO_PLACE = {LegalStatus.E1, LegalStatus.D1}


def _check_choice(value: str, choices: type, field: str, message: str, *, blank: bool = False) -> None:
    if not (blank and value == "") and value not in choices.values:  # type: ignore[attr-defined]
        raise ValidationError({field: message})


def _check_placement(placement_type: str, provider: str, legal_status: str) -> None:
    _check_choice(placement_type, PlacementType, "placement_type", "Choose the type of placement")
    _check_choice(provider, PlacementProvider, "provider", "Choose who provides the placement", blank=True)
    if placement_type in PLACED_BY_ORDER and legal_status not in ORDERS_TO_PLACE:
        raise ValidationError({"legal_status": PLACEMENT_ORDER_NEEDED})


def current_episode(period: CarePeriod) -> CareEpisode:
    return CareEpisode.objects.filter(period=period).order_by("-started_on", "-pk").first()  # type: ignore[return-value]


def care_period_start(
    *,
    acting_user: User,
    case: Case,
    child: Person,
    started_on: datetime.date,
    category_of_need: str,
    legal_status: str,
    placement_type: str,
    provider: str = "",
    placement_urn: str = "",
    home_postcode: str = "",
    placement_postcode: str = "",
    new_episode_reason: str = NewEpisodeReason.STARTED,
    request: HttpRequest | None = None,
) -> CarePeriod:
    """The child starts to be looked after: the period and its first episode (reason "S"). A period brought in from
    another system's return may begin, as far as Casemap knows, with a later episode (another reason)."""
    check_child_on_case(case, child)
    _check_choice(new_episode_reason, NewEpisodeReason, "new_episode_reason", "Choose the reason for the episode")
    check_day(started_on, child, "The date care started", "started_on")
    _check_choice(category_of_need, CareNeed, "category_of_need", "Choose the child's category of need")
    _check_choice(legal_status, LegalStatus, "legal_status", "Choose the legal status")
    _check_placement(placement_type, provider, legal_status)
    urn = ofsted_urn(placement_urn)
    home = uk_postcode(home_postcode, "home_postcode")
    placed = uk_postcode(placement_postcode, "placement_postcode")
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        earlier = CarePeriod.objects.select_for_update().filter(child=child, archived_at__isnull=True)
        open_period = earlier.filter(ended_on__isnull=True).first()
        if open_period is not None:
            raise ValidationError(ALREADY_IN_CARE.format(child=child.full_name, day=open_period.started_on))
        last = earlier.order_by("-ended_on").first()
        if last is not None and last.ended_on is not None and started_on <= last.ended_on:
            raise ValidationError({"started_on": AFTER_LAST_PERIOD.format(day=last.ended_on)})
        period = CarePeriod(case=held, child=child, started_on=started_on, category_of_need=category_of_need)
        created_by(period, acting_user)
        period.save()
        episode = CareEpisode(
            period=period,
            case=held,
            child=child,
            started_on=started_on,
            new_episode_reason=new_episode_reason,
            legal_status=legal_status,
            placement_type=placement_type,
            provider=provider,
            placement_urn=urn,
            home_postcode=home,
            placement_postcode=placed,
        )
        created_by(episode, acting_user)
        episode.save()
        chronology_record(
            acting_user=acting_user,
            people=[child],
            case=held,
            kind=ChronologyKind.CARE_PERIOD,
            occurred_on=started_on,
            summary=f"Came into care: {episode.get_legal_status_display()}, {episode.get_placement_type_display()}",
            source=period,
        )
        log_created(acting_user, "period of care", period.pk, child, request)
    return period


def _check_what_changed(
    reason: str,
    current: CareEpisode,
    *,
    legal_status: str,
    placement_type: str,
    same_placement: bool,
    placement_change_reason: str,
) -> None:
    if reason not in WHAT_CHANGED:
        raise ValidationError({"new_episode_reason": NOT_A_CHANGE})
    status_changed, placement_changed = WHAT_CHANGED[NewEpisodeReason(reason)]
    if legal_status == current.legal_status and same_placement:
        raise ValidationError(NOTHING_CHANGED)
    if status_changed and legal_status == current.legal_status:
        raise ValidationError({"legal_status": LEGAL_STATUS_SAME})
    if not status_changed and legal_status != current.legal_status:
        raise ValidationError({"legal_status": LEGAL_STATUS_DIFFERENT})
    if placement_changed and same_placement:
        raise ValidationError({"placement_type": PLACEMENT_SAME})
    if not placement_changed and not same_placement:
        raise ValidationError({"placement_type": PLACEMENT_DIFFERENT})
    temporary = {placement_type, current.placement_type} & TEMPORARY_PLACEMENTS
    if placement_changed and temporary and placement_change_reason:
        raise ValidationError({"placement_change_reason": NO_REASON_FOR_TEMPORARY})
    if placement_changed and not temporary and not placement_change_reason:
        raise ValidationError({"placement_change_reason": SAY_WHY_PLACEMENT_CHANGED})


def _refuse_ended(period: CarePeriod) -> None:
    if period.ended_on is not None:
        raise ValidationError(PERIOD_ENDED.format(day=period.ended_on))


def care_episode_change(
    *,
    acting_user: User,
    period: CarePeriod,
    expected_version: int | None,
    changed_on: datetime.date,
    new_episode_reason: str,
    legal_status: str,
    placement_type: str,
    provider: str = "",
    placement_urn: str = "",
    placement_postcode: str = "",
    placement_change_reason: str = "",
    request: HttpRequest | None = None,
) -> CareEpisode:
    """The legal status or placement changed: the current episode ends that day ("X1", with why the placement
    changed) and the next begins, with the reason the worker chose from what changed."""
    check_day(changed_on, period.child, "The date of the change", "changed_on")
    _check_choice(legal_status, LegalStatus, "legal_status", "Choose the legal status")
    _check_placement(placement_type, provider, legal_status)
    _check_choice(
        placement_change_reason, PlacementChangeReason, "placement_change_reason", "Choose from the list", blank=True
    )
    urn = ofsted_urn(placement_urn)
    placed = uk_postcode(placement_postcode, "placement_postcode")
    with guarded_change(
        period,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="period of care",
        people=lambda held: [held.child],
        detail="new episode",
        request=request,
        refuse=_refuse_ended,
        related=("case", "child"),
    ) as held:
        before = current_episode(held)
        if changed_on <= before.started_on:
            raise ValidationError({"changed_on": CHANGE_AFTER_EPISODE.format(day=before.started_on)})
        same = before.same_placement(placement_type=placement_type, provider=provider, urn=urn, postcode=placed)
        _check_what_changed(
            new_episode_reason,
            before,
            legal_status=legal_status,
            placement_type=placement_type,
            same_placement=same,
            placement_change_reason=placement_change_reason,
        )
        before.ended_on = changed_on
        before.end_reason = EpisodeEndReason.NEW_EPISODE
        before.placement_change_reason = "" if same else placement_change_reason
        before.modified_by = acting_user
        before._history_user = acting_user  # type: ignore[attr-defined]
        before.version += 1
        before.save()
        episode = CareEpisode(
            period=held,
            case=held.case,
            child=held.child,
            started_on=changed_on,
            new_episode_reason=new_episode_reason,
            legal_status=legal_status,
            placement_type=placement_type,
            provider=provider,
            placement_urn=urn,
            home_postcode=before.home_postcode,
            placement_postcode=placed,
        )
        created_by(episode, acting_user)
        episode.save()
        chronology_record(
            acting_user=acting_user,
            people=[held.child],
            case=held.case,
            kind=ChronologyKind.PLACEMENT,
            occurred_on=changed_on,
            summary=f"{episode.get_new_episode_reason_display()}: {_describe(episode)}",
            detail=before.get_placement_change_reason_display() if not same else "",
            source=episode,
        )
    return episode


def _describe(episode: CareEpisode) -> str:
    return f"{episode.get_legal_status_display()}, {episode.get_placement_type_display()}"


def care_period_end(
    *,
    acting_user: User,
    period: CarePeriod,
    expected_version: int | None,
    ended_on: datetime.date,
    reason: str,
    request: HttpRequest | None = None,
) -> CarePeriod:
    """The child stops being looked after: the last episode ends with the reason, and so does the period."""
    if reason == EpisodeEndReason.NEW_EPISODE or reason not in EpisodeEndReason.values:
        raise ValidationError({"reason": NEW_EPISODE_IS_NOT_AN_ENDING})
    check_day(ended_on, period.child, "The date care ended", "ended_on")
    with guarded_change(
        period,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="period of care",
        people=lambda held: [held.child],
        detail="ended",
        request=request,
        refuse=_refuse_ended,
        related=("case", "child"),
    ) as held:
        last = current_episode(held)
        if ended_on < last.started_on:
            raise ValidationError({"ended_on": END_AFTER_EPISODE.format(day=last.started_on)})
        if reason in ADOPTED and not _adoption_complete(held):
            raise ValidationError({"reason": ADOPTION_NEEDS_MATCH})
        last.ended_on = ended_on
        last.end_reason = reason
        last.modified_by = acting_user
        last._history_user = acting_user  # type: ignore[attr-defined]
        last.version += 1
        last.save()
        held.ended_on = ended_on
        held.end_reason = reason
        chronology_record(
            acting_user=acting_user,
            people=[held.child],
            case=held.case,
            kind=ChronologyKind.ADOPTION if reason in ADOPTED else ChronologyKind.CARE_PERIOD,
            occurred_on=ended_on,
            summary=f"Left care: {last.get_end_reason_display()}",
            source=held,
        )
    return held


def _adoption_complete(period: CarePeriod) -> bool:
    return (
        AdoptionPlan.objects.filter(
            period=period, ceased_on__isnull=True, matched_on__isnull=False, archived_at__isnull=True
        )
        .exclude(adopter_sexes="")
        .exists()
    )
