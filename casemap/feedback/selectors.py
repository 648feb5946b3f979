"""Reads for feedback: what a case's readers may see of it, and the open safety tasks a team must act on."""

from django.db.models import QuerySet

from casemap.access.policy import managed_team_ids, visible_case
from casemap.accounts.models import Role, User
from casemap.cases.models import Case
from casemap.feedback.models import (
    Audience,
    DueOutcome,
    InvitationDue,
    InvitationSent,
    PrivacyMode,
    Response,
    SafetyTask,
    Survey,
)


def case_named_responses(case: Case) -> QuerySet[Response]:
    """Named responses only: confidential ones are never shown on the case, anonymous ones have no case."""
    return (
        Response.objects.filter(case=case, version__survey__privacy=PrivacyMode.NAMED)
        .select_related("person", "version__survey")
        .order_by("-given_on", "-pk")
    )


def case_invitations(case: Case) -> QuerySet[InvitationSent]:
    """Who in the family was asked for feedback and when; whether they answered is not kept for every survey."""
    return (
        InvitationSent.objects.filter(person__case_memberships__case=case)
        .select_related("person", "survey")
        .order_by("-sent_on", "-pk")
    )


def case_safety_tasks(case: Case) -> QuerySet[SafetyTask]:
    return SafetyTask.objects.filter(case=case).select_related("person", "done_by").order_by("done_at", "-created_at")


def team_ids_of(user: User) -> list[int]:
    """The teams whose safety tasks a user acts on: their own, and those they manage."""
    ids = set(managed_team_ids(user))
    if user.team_id is not None:
        ids.add(user.team_id)
    return sorted(ids)


def open_safety_tasks(user: User) -> QuerySet[SafetyTask]:
    if user.role not in {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER}:
        return SafetyTask.objects.none()
    return (
        SafetyTask.objects.filter(visible_case(user, "case"), done_at__isnull=True, team_id__in=team_ids_of(user))
        .select_related("person", "case")
        # What the caseload's banner shows of each: the child, the family and when.
        .only("created_at", "person__first_name", "person__last_name", "case__family_name")
        .order_by("created_at")
    )


def family_surveys() -> QuerySet[Survey]:
    return Survey.objects.filter(is_active=True).exclude(audience=Audience.STAFF).order_by("audience", "name")


def case_due(case: Case) -> QuerySet[InvitationDue]:
    """People on the case an event says should be asked for feedback, soonest due first."""
    return (
        InvitationDue.objects.filter(case=case, outcome=DueOutcome.WAITING)
        .select_related("person", "rule__survey")
        .order_by("due_by", "pk")
    )


def due_for_worker(user: User) -> QuerySet[InvitationDue]:
    """Who the worker's own cases say should be asked for feedback, soonest due first."""
    return (
        InvitationDue.objects.filter(outcome=DueOutcome.WAITING, case__allocated_worker=user)
        .select_related("person", "case")
        .only("due_by", "person__first_name", "person__last_name", "case__family_name")
        .order_by("due_by", "pk")
    )
