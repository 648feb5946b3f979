"""Writes to a case's trajectory: the steps to closure and how long the safety goals must be sustained. One
transaction each, the version the worker started from, history and an access-log row for each child."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.core.forms import StaleEditError
from casemap.core.models import recorded_save
from casemap.safety.models import SustainUnit, Trajectory, TrajectoryStep
from casemap.safety.services.network import case_children

RECORD_TYPE = "trajectory"


def _log(acting_user: User, trajectory: Trajectory, detail: str, request: HttpRequest | None) -> None:
    access_log_append_each(
        user=acting_user,
        action=AccessAction.CHANGE,
        record_type=RECORD_TYPE,
        record_id=trajectory.pk,
        detail=detail,
        people=case_children(trajectory.case) or [None],
        request=request,
    )


@contextmanager
def _editing(
    case: Case, *, acting_user: User, expected_version: int | None, detail: str, request: HttpRequest | None
) -> Iterator[Trajectory]:
    """Hold the case's trajectory (made on first use) for one change; refuse a stale save or a closed case."""
    if not case.is_open:
        raise ValidationError("The case is closed, so its trajectory cannot be changed")
    with transaction.atomic():
        trajectory, created = Trajectory.objects.get_or_create(
            case=case, defaults={"created_by": acting_user, "modified_by": acting_user}
        )
        current = (
            Trajectory.objects.select_for_update(of=("self",))
            .select_related("modified_by", "case")
            .get(pk=trajectory.pk)
        )
        if not created and expected_version is not None and current.version != expected_version:
            raise StaleEditError(str(current.modified_by or "Someone"), current.modified_at)
        yield current
        recorded_save(current, acting_user=acting_user)
        _log(acting_user, current, detail, request)


def trajectory_step_add(
    *,
    acting_user: User,
    case: Case,
    expected_version: int | None,
    description: str,
    target_on: datetime.date,
    request: HttpRequest | None = None,
) -> TrajectoryStep:
    if not description.strip():
        raise ValidationError({"description": "Enter the step"})
    with _editing(
        case, acting_user=acting_user, expected_version=expected_version, detail="step", request=request
    ) as current:
        step = TrajectoryStep(
            trajectory=current,
            position=current.steps.count(),
            description=description.strip(),
            target_on=target_on,
        )
        step._history_user = acting_user  # type: ignore[attr-defined]
        step.save()
    return step


def trajectory_step_done(
    *,
    acting_user: User,
    step: TrajectoryStep,
    expected_version: int | None,
    done_on: datetime.date | None,
    request: HttpRequest | None = None,
) -> TrajectoryStep:
    """Mark a step done on a date, or, with no date, not done after all."""
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationError({"done_on": "The date it was done must be today or in the past"})
    trajectory = step.trajectory
    with _editing(
        trajectory.case,
        acting_user=acting_user,
        expected_version=expected_version,
        detail=f"step {step.pk} {'done' if done_on else 'not done'}",
        request=request,
    ) as current:
        row = TrajectoryStep.objects.select_for_update().get(pk=step.pk, trajectory=current)
        row.done_on = done_on
        row._history_user = acting_user  # type: ignore[attr-defined]
        row.save(update_fields=["done_on"])
    return row


def trajectory_set_sustained(
    *,
    acting_user: User,
    case: Case,
    expected_version: int | None,
    sustain_for: int | None,
    sustain_unit: str,
    sustained_since: datetime.date | None,
    request: HttpRequest | None = None,
) -> Trajectory:
    """How long the safety goals must be kept before the case can close, and since when they have been."""
    errors = {}
    if sustain_for is not None and not 1 <= sustain_for <= 104:
        errors["sustain_for"] = "Enter a number from 1 to 104"
    if sustain_unit not in SustainUnit.values:
        errors["sustain_unit"] = "Choose weeks or months"
    if sustained_since is not None and sustained_since > timezone.localdate():
        errors["sustained_since"] = "The date the goals have been kept since must be today or in the past"
    if errors:
        raise ValidationError(errors)
    with _editing(
        case, acting_user=acting_user, expected_version=expected_version, detail="sustained period", request=request
    ) as current:
        current.sustain_for = sustain_for
        current.sustain_unit = SustainUnit(sustain_unit)
        current.sustained_since = sustained_since
    return current
