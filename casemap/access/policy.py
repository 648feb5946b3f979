"""The one access policy: every question of who may see or change a person's record is answered here.

Deny by default. A case is visible to its allocated worker, to practitioners and managers of
its team, to managers whose line includes that team, and to anyone assigned to it (a
conference chair or auditor) while the assignment lasts. A person is visible through a
visible case they belong to. Restricted people (staff, their relatives, adoption) are
visible only with an explicit, current grant. Lists and single objects use the same rule.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casemap.access.models import CaseAssignment, RestrictedAccessGrant
from casemap.accounts.models import Role, Team, User
from casemap.cases.models import Case, CaseMember
from casemap.people.models import Person

# Roles that see the cases of the team they belong to. Others see only what they are assigned.
TEAM_MEMBER_ROLES = {Role.PRACTITIONER, Role.TEAM_MANAGER}


def managed_team_ids(user: User) -> list[int]:
    """Teams in the user's line of management (cached on the user for the request)."""
    cached: list[int] | None = getattr(user, "_managed_team_ids", None)
    if cached is None:
        if user.role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}:
            cached = list(Team.objects.filter(Q(manager=user) | Q(service_manager=user)).values_list("pk", flat=True))
        else:
            cached = []
        user._managed_team_ids = cached  # type: ignore[attr-defined]
    return cached


def _current_grants(user: User) -> QuerySet[RestrictedAccessGrant]:
    now = timezone.now()
    return RestrictedAccessGrant.objects.filter(user=user, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def _case_relationship(user: User) -> Q:
    today = timezone.localdate()
    relationship = Q(allocated_worker=user)
    if user.team_id and user.role in TEAM_MEMBER_ROLES:
        relationship |= Q(team_id=user.team_id)
    managed = managed_team_ids(user)
    if managed:
        relationship |= Q(team_id__in=managed)
    assigned = CaseAssignment.objects.filter(case=OuterRef("pk"), user=user, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    return relationship | Q(Exists(assigned))


def visible_cases(user: User) -> QuerySet[Case]:
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    ungranted_restricted_member = CaseMember.objects.filter(case=OuterRef("pk"), person__is_restricted=True).exclude(
        Exists(_current_grants(user).filter(person=OuterRef("person")))
    )
    return (
        Case.objects.filter(archived_at__isnull=True)
        .filter(_case_relationship(user))
        .exclude(Exists(ungranted_restricted_member))
    )


def visible_people(user: User) -> QuerySet[Person]:
    if not user.is_authenticated or not user.is_active:
        return Person.objects.none()
    through_case = CaseMember.objects.filter(person=OuterRef("pk"), case__archived_at__isnull=True).filter(
        case__in=Case.objects.filter(_case_relationship(user)).values("pk")
    )
    granted = _current_grants(user).filter(person=OuterRef("pk"))
    return Person.objects.filter(archived_at__isnull=True).filter(
        (Q(is_restricted=False) & Exists(through_case)) | (Q(is_restricted=True) & Exists(granted))
    )


def can_view_person(user: User, person: Person) -> bool:
    return visible_people(user).filter(pk=person.pk).exists()


def can_view_case(user: User, case: Case) -> bool:
    return visible_cases(user).filter(pk=case.pk).exists()


READ_ONLY_ROLES = {Role.DATA_OFFICER, Role.ADMINISTRATOR}


def can_change_person(user: User, person: Person) -> bool:
    """Anyone who may see a record may add to it, except read-only roles."""
    return user.role not in READ_ONLY_ROLES and can_view_person(user, person)


def can_change_visible_case(user: User) -> bool:
    """For a case already fetched through `visible_cases`: whether this user may add to it.

    Every child on a visible case is visible too (a case with a restricted child the user has no grant for is
    not visible at all), so the question left is only the user's role.
    """
    return user.role not in READ_ONLY_ROLES


def can_manage_case(user: User, case: Case) -> bool:
    """Allocation and closure are for managers in the case team's line."""
    return case.team_id in managed_team_ids(user)


def can_see_who_viewed(user: User, person: Person) -> bool:
    return user.role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER} and can_view_person(user, person)


def can_grant_restricted_access(user: User, person: Person) -> bool:
    """Service managers over a team holding the person's case may give explicit access."""
    if user.role != Role.SERVICE_MANAGER:
        return False
    return CaseMember.objects.filter(person=person, case__team_id__in=managed_team_ids(user)).exists()


def get_person_for_user(user: User, person_id: int) -> Person:
    """The person if this user may see them; otherwise 404, so a record's existence is not revealed."""
    person = visible_people(user).filter(pk=person_id).first()
    if person is None:
        raise Http404("No record found")
    return person


def get_case_for_user(user: User, case_id: int) -> Case:
    case = visible_cases(user).select_related("team", "allocated_worker").filter(pk=case_id).first()
    if case is None:
        raise Http404("No case found")
    return case
