"""Per-staff supervision facts: who supervises whom, the line manager, the schedule, leave, audit assignments.

These are set by a manager in the member of staff's line (or by the demo and an administrator's command); they are
about staff, not children, so nothing here is on a child's record.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from casemap.access.policy import managed_team_ids
from casemap.accounts.models import Role, User
from casemap.supervision.models import (
    StaffLeave,
    SupervisionAuditAssignment,
    SupervisionProfile,
    SupervisionSchedule,
)

NOT_IN_YOUR_LINE = "Only a manager in this member of staff's line can record this"
LEAVE_ENDS_BEFORE_START = "The leave cannot end before it starts"
AUDITORS_ONLY = "Only a practice lead or auditor can be assigned to audit supervision"


def _check_in_line(acting_user: User, staff: User) -> None:
    if acting_user.role in {Role.ADMINISTRATOR, Role.SERVICE_MANAGER}:
        return
    if staff.team_id is None or staff.team_id not in managed_team_ids(acting_user):
        raise PermissionDenied(NOT_IN_YOUR_LINE)


def supervision_profile_set(
    *,
    acting_user: User,
    staff: User,
    supervisor: User | None,
    line_manager: User | None,
    schedule: SupervisionSchedule | None = None,
    schedule_starts_on: datetime.date | None = None,
) -> SupervisionProfile:
    """Who supervises `staff`, their line manager, and their schedule from the day it starts."""
    _check_in_line(acting_user, staff)
    with transaction.atomic():
        profile, _ = SupervisionProfile.objects.select_for_update().get_or_create(staff=staff)
        profile.supervisor = supervisor
        profile.line_manager = line_manager
        profile.schedule = schedule
        profile.schedule_starts_on = schedule_starts_on
        profile._history_user = acting_user  # type: ignore[attr-defined]
        profile.save()
        return profile


def staff_leave_record(
    *, acting_user: User, staff: User, starts_on: datetime.date, ends_on: datetime.date
) -> StaffLeave:
    """A period of leave, which pauses the member of staff's supervision clock."""
    _check_in_line(acting_user, staff)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": LEAVE_ENDS_BEFORE_START})
    with transaction.atomic():
        return StaffLeave.objects.create(staff=staff, starts_on=starts_on, ends_on=ends_on, recorded_by=acting_user)


def supervision_audit_assign(
    *,
    acting_user: User,
    auditor: User,
    supervisee: User,
    purpose: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> SupervisionAuditAssignment:
    """An auditor may read one member of staff's signed personal supervision while assigned."""
    if acting_user.role != Role.SERVICE_MANAGER:
        raise PermissionDenied(NOT_IN_YOUR_LINE)
    if auditor.role != Role.PRACTICE_LEAD:
        raise ValidationError({"auditor": AUDITORS_ONLY})
    with transaction.atomic():
        return SupervisionAuditAssignment.objects.create(
            auditor=auditor,
            supervisee=supervisee,
            purpose=purpose,
            assigned_by=acting_user,
            starts_on=starts_on,
            ends_on=ends_on,
        )
