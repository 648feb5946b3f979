"""Writes to a case's trajectory: the steps to closure and how long the safety goals must be sustained. The
trajectory is made on first use (adding to the case, asked of the policy in the same transaction); every change,
to it or to one of its steps, then enters through the one write guard on the trajectory row."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change, held_case_to_add_to
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.safety.models import SustainUnit, Trajectory, TrajectoryStep
from casemap.safety.services.common import children_of

RECORD_TYPE = "trajectory"


@contextmanager
def _changing(
    case: Case, *, acting_user: User, expected_version: int | None, detail: str, request: HttpRequest | None
) -> Iterator[Trajectory]:
    """Hold the case's trajectory for one change. A trajectory made just now has no earlier save to be stale
    against; a page that showed none posts version 0, which a trajectory someone else has made refuses."""
    with transaction.atomic():
        held_case_to_add_to(acting_user, case)
        trajectory, created = Trajectory.objects.get_or_create(
            case=case, defaults={"created_by": acting_user, "modified_by": acting_user}
        )
        with guarded_change(
            trajectory,
            acting_user=acting_user,
            expected_version=None if created else expected_version,
            record_type=RECORD_TYPE,
            people=children_of,
            detail=detail,
            request=request,
            related=("case",),
        ) as current:
            yield current


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
    with _changing(
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
    with _changing(
        trajectory.case,
        acting_user=acting_user,
        expected_version=expected_version,
        detail=f"step {step.pk} {'done' if done_on else 'not done'}",
        request=request,
    ) as current:
        row = TrajectoryStep.objects.get(pk=step.pk, trajectory=current)  # held with its trajectory
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
    with _changing(
        case, acting_user=acting_user, expected_version=expected_version, detail="sustained period", request=request
    ) as current:
        current.sustain_for = sustain_for
        current.sustain_unit = SustainUnit(sustain_unit)
        current.sustained_since = sustained_since
    return current
