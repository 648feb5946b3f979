"""Reads of cases: caseloads, a case's parts and a person's timeline. Each page costs a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Case as SqlCase
from django.db.models import Exists, F, OuterRef, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from casemap.access.policy import (
    cases_of_person_seen,
    import_team_id,
    managed_cases,
    managed_team_ids,
    read_through_the_rule,
    visible_case,
    visible_cases,
    visible_person,
)
from casemap.accounts.models import Role, Team, User
from casemap.cases.models import (
    VISIT_INTERVAL_DAYS,
    Allocation,
    Case,
    CaseMember,
    CaseNote,
    CaseService,
    ChronologyEntry,
    Episode,
    MemberRole,
    Referral,
    ReferralDecision,
)
from casemap.core.links import link_for_each
from casemap.people.models import Person, Professional, Relationship, RelationshipType, full_name

CASELOAD_SORTS = {
    "family": ("family_name", "pk"),
    "service": ("service", "family_name"),
    "opened": ("opened_on", "pk"),
    "last_visit": ("last_visit_on", "pk"),
    "worker": ("allocated_worker__last_name", "family_name"),
}
TIMELINE_PAGE_SIZE = 25
# Family entries belong to no case and name both people in the relationship.
RELATIONSHIP_SOURCE = Relationship._meta.label_lower


CASELOAD_PAGE_SIZE = 50
CASELOAD_COLUMNS = (
    "family_name",
    "service",
    "opened_on",
    "last_visit_on",
    "closed_on",
    "allocated_worker__first_name",
    "allocated_worker__last_name",
    "allocated_worker__username",
)


@dataclass(frozen=True)
class CaseloadFilters:
    service: str = ""
    status: str = "open"
    overdue_only: bool = False
    worker_id: int | None = None
    sort: str = "family"
    page: str | int = 1


@dataclass
class CaseloadRow:
    case: Case
    url: str
    children: list[tuple[str, str]]  # each child's name with the link to their record
    visit_due_on: datetime.date
    overdue: bool


@dataclass
class Caseload:
    rows: list[CaseloadRow]
    page: Page
    total: int


def visits_overdue(today: datetime.date) -> Q:
    """Open cases whose last visit (or opening, if none yet) is further back than their service allows."""
    by_service = Q()
    for service, days in VISIT_INTERVAL_DAYS.items():
        by_service |= Q(service=service, last_seen_on__lt=today - datetime.timedelta(days=days))
    return Q(closed_on__isnull=True) & by_service


def _caseload(cases: QuerySet[Case], filters: CaseloadFilters) -> Caseload:
    """One page of a caseload: a count, the cases and their children, however many cases there are."""
    today = timezone.localdate()
    cases = cases.annotate(last_seen_on=Coalesce("last_visit_on", "opened_on"))
    if filters.service in CaseService.values:
        cases = cases.filter(service=filters.service)
    if filters.status == "open":
        cases = cases.filter(closed_on__isnull=True)
    elif filters.status == "closed":
        cases = cases.filter(closed_on__isnull=False)
    if filters.worker_id:
        cases = cases.filter(allocated_worker_id=filters.worker_id)
    if filters.overdue_only:
        cases = cases.filter(visits_overdue(today))
    column = filters.sort.lstrip("-")
    order: tuple[str, ...] = CASELOAD_SORTS.get(column, CASELOAD_SORTS["family"])
    if filters.sort.startswith("-"):
        order = tuple(f"-{name}" for name in order)
    # Only the columns the table shows: a row of fifty cases and their workers, built from every column of two
    # wide tables, costs more than the query that fetches it. Their children are read as names.
    cases = cases.select_related("allocated_worker").only(*CASELOAD_COLUMNS).order_by(*order)
    page = Paginator(cases, CASELOAD_PAGE_SIZE).get_page(filters.page)
    case_url = link_for_each("cases:detail")
    on_page = list(page.object_list)
    children = _children_named([case.pk for case in on_page])
    rows = []
    for case in on_page:
        due = case.visit_due_on()
        rows.append(CaseloadRow(case, case_url(case.pk), children.get(case.pk, []), due, case.is_open and due < today))
    return Caseload(rows, page, page.paginator.count)


def _children_named(case_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """Each case's children, eldest first, by name with the link to their record: one query of plain values."""
    person_url = link_for_each("people:detail")
    children: dict[int, list[tuple[str, str]]] = defaultdict(list)
    members = (
        CaseMember.objects.filter(case_id__in=case_ids, role=MemberRole.CHILD)
        .order_by("person__date_of_birth", "pk")
        .values_list("case_id", "person_id", "person__first_name", "person__last_name")
    )
    for case_id, person_id, first_name, last_name in members:
        children[case_id].append((full_name(first_name, last_name), person_url(person_id)))
    return children


def caseload_for_worker(*, user: User, filters: CaseloadFilters) -> Caseload:
    return _caseload(visible_cases(user).filter(allocated_worker=user), filters)


def caseload_for_manager(*, user: User, filters: CaseloadFilters) -> Caseload:
    return _caseload(managed_cases(user), filters)


# Who records a referral: someone working in a team (it is held by a team until the decision).
REFERRAL_ROLES = {Role.PRACTITIONER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER}


def can_record_referrals(user: User) -> bool:
    if import_team_id(user) is not None:
        return True  # a data officer bringing another system's referrals in (`access.policy.importing_records`)
    return user.is_active and user.team_id is not None and user.role in REFERRAL_ROLES


def is_note_author(user: User, note: CaseNote) -> bool:
    """A case note is changed only by the person who wrote it."""
    return note.created_by_id == user.pk


def managed_teams(*, user: User) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=managed_team_ids(user))


def managed_workers(*, user: User) -> list[tuple[int, str]]:
    """The workers of the teams the user manages, as the filter offers them: each one's id and name, read as plain
    values (a user's row is some twenty columns, for a name)."""
    workers = (
        User.objects.filter(team_id__in=managed_team_ids(user), is_active=True)
        .order_by("last_name", "first_name")
        .values_list("pk", "first_name", "last_name", "username")
    )
    # As `User.__str__` names them: the full name, or the username for someone without one.
    return [(pk, f"{first_name} {last_name}".strip() or username) for pk, first_name, last_name, username in workers]


@dataclass
class PersonCases:
    cases: list[Case]
    episodes: list[Episode]
    referrals: list[Referral]


def person_cases(*, user: User, person: Person) -> PersonCases:
    """The person's cases this user may see, with their episodes and referrals: three queries, and one more for
    which cases those are unless the page has already asked (`cases_of_person_seen`)."""
    seen = [case.case_id for case in cases_of_person_seen(user, person)]
    cases = [
        read_through_the_rule(user, case)  # the ids are the policy's answer for this user
        for case in Case.objects.filter(pk__in=seen).select_related("team", "allocated_worker").order_by("-opened_on")
    ]
    case_ids = [case.pk for case in cases]
    episodes = list(Episode.objects.filter(child=person, case_id__in=case_ids).order_by("-started_on"))
    referrals = list(Referral.objects.filter(child=person, case_id__in=case_ids).order_by("-received_on"))
    return PersonCases(cases, episodes, referrals)


def person_timeline(*, user: User, person: Person, page_number: str | int = 1) -> Page:
    """One page of the person's timeline as this user may see it: entries of the cases the user may see, and
    entries that belong to no case unless they name a relative the user may not see."""
    # The person is visible (the page was reached through them): only the other one named needs checking.
    other_named = SqlCase(When(person_id=person.pk, then=F("relative_id")), default=F("person_id"))
    relationship_seen = (
        Relationship.objects.filter(pk=OuterRef("source_id"))
        .annotate(other_id=other_named)
        .filter(visible_person(user, "other_id"))
    )
    own_entry = Q(case__isnull=True) & (~Q(source_type=RELATIONSHIP_SOURCE) | Exists(relationship_seen))
    entries = (
        ChronologyEntry.objects.filter(person=person)
        .filter(Q(visible_case(user, "case_id")) | own_entry)
        .select_related("recorded_by")
        .order_by("-occurred_on", "-id")
    )
    # A count over a long chronology is the slow part of paging, and the page needs only "is there more".
    paginator = Paginator(entries, TIMELINE_PAGE_SIZE)
    return paginator.get_page(page_number)


def case_children(case: Case) -> list[Person]:
    """The children on the case, in the order they joined it: the one reading every app uses (maps, plans,
    booklets, the network). A child archived (recorded twice by mistake) is not one of them."""
    children = case.memberships.filter(role=MemberRole.CHILD, person__archived_at__isnull=True).select_related("person")
    return [member.person for member in children.order_by("pk")]


def case_members(*, case: Case) -> list[CaseMember]:
    """The people on the case, children first (eldest first), then adults; a person archived (recorded twice by
    mistake, say) is hidden, as from every working list."""
    return list(
        case.memberships.filter(person__archived_at__isnull=True)
        .select_related("person")
        .order_by("role", "person__date_of_birth", "pk")
    )


# Relationships that make an adult on the case someone close to the family, not one of the family.
NOT_FAMILY_KINDS = {RelationshipType.FRIEND, RelationshipType.NEIGHBOUR}


def case_member_labels(*, members: list[CaseMember]) -> dict[int, str]:
    """Who each member is, in plain words, by member id: 'child', 'adult in the family', or for an adult
    recorded only as a friend or neighbour of the children, 'family friend' or 'neighbour'. One query."""
    child_ids = [member.person_id for member in members if member.role == MemberRole.CHILD]
    adult_ids = [member.person_id for member in members if member.role == MemberRole.ADULT]
    kinds: dict[int, set[str]] = {person_id: set() for person_id in adult_ids}
    between = Q(relative_id__in=adult_ids, person_id__in=child_ids) | Q(
        person_id__in=adult_ids, relative_id__in=child_ids
    )
    for relative_id, person_id, kind in Relationship.objects.filter(between, archived_at__isnull=True).values_list(
        "relative_id", "person_id", "kind"
    ):
        kinds[relative_id if relative_id in kinds else person_id].add(kind)
    labels: dict[int, str] = {}
    for member in members:
        adult_kinds = kinds.get(member.person_id, set())
        if member.role == MemberRole.ADULT and adult_kinds and adult_kinds <= NOT_FAMILY_KINDS:
            kind = RelationshipType.FRIEND if RelationshipType.FRIEND in adult_kinds else RelationshipType.NEIGHBOUR
            labels[member.pk] = kind.label.lower()
        else:
            labels[member.pk] = member.get_role_display().lower()
    return labels


def person_professionals(*, user: User, person: Person) -> list[Professional]:
    """Professionals on the person's cases that this user may see: one query."""
    return list(
        Professional.objects.filter(
            cases__in=visible_cases(user).filter(memberships__person=person), archived_at__isnull=True
        )
        .select_related("agency")
        .distinct()
        .order_by("name")
    )


# The case page shows the latest notes and allocations; the rest are on each child's timeline.
CASE_PAGE_NOTES = 20
CASE_PAGE_ALLOCATIONS = 10


@dataclass(frozen=True)
class ReferralDecided:
    """One decision on a case's referral, made once for all the children it was about."""

    received_on: datetime.date
    decided_on: datetime.date | None
    decided_by: User | None
    decision: str
    reasons: str

    @property
    def became(self) -> str:
        """What the case became, in the service's own words as the screens show them."""
        if self.decision == ReferralDecision.NO_FURTHER_ACTION:
            return "closed with no further action"
        service = CaseService.CHILD_IN_NEED if self.decision == ReferralDecision.ASSESSMENT else CaseService.EARLY_HELP
        moved = f"moved to {service.label[0].lower()}{service.label[1:]}"
        return f"{moved} for an assessment" if self.decision == ReferralDecision.ASSESSMENT else moved


def referral_decisions(referrals: list[Referral]) -> list[ReferralDecided]:
    """The decisions among `referrals`, oldest first: the children of one referral share one decision."""
    decided = [referral for referral in referrals if referral.decision]
    seen: dict[tuple[object, ...], ReferralDecided] = {}
    for referral in sorted(decided, key=lambda referral: (referral.decided_on or referral.received_on, referral.pk)):
        key = (
            referral.received_on,
            referral.decided_on,
            referral.decided_by_id,
            referral.decision,
            referral.decision_reasons,
        )
        seen.setdefault(
            key,
            ReferralDecided(
                received_on=referral.received_on,
                decided_on=referral.decided_on,
                decided_by=referral.decided_by,
                decision=referral.decision,
                reasons=referral.decision_reasons,
            ),
        )
    return list(seen.values())


@dataclass
class CasePage:
    members: list[CaseMember]
    member_labels: dict[int, str]
    children: list[Person]
    pending_referrals: list[Referral]
    decisions: list[ReferralDecided]
    notes: list[CaseNote]
    professionals: list[Professional]
    allocations: list[Allocation]


def case_page(*, case: Case) -> CasePage:
    """What the case page shows of the case's own records, in the same few queries however much is recorded: its
    people and what each is to the children, the referrals awaiting a decision and those decided, the latest notes, the
    professionals and the allocation history. The case has been authorised by the caller."""
    members = case_members(case=case)
    referrals = list(case.referrals.select_related("child", "decided_by").order_by("pk"))
    return CasePage(
        members=members,
        member_labels=case_member_labels(members=members),
        children=[member.person for member in members if member.role == MemberRole.CHILD],
        pending_referrals=[referral for referral in referrals if referral.decision == ReferralDecision.PENDING],
        decisions=referral_decisions(referrals),
        notes=list(
            case.notes.filter(archived_at__isnull=True)
            .select_related("created_by")
            .prefetch_related("children")
            .order_by("-occurred_on", "-id")[:CASE_PAGE_NOTES]
        ),
        professionals=list(
            case.professionals.filter(archived_at__isnull=True).select_related("agency").order_by("name")
        ),
        allocations=list(
            case.allocations.select_related("worker", "team", "allocated_by").order_by("-started_at", "-pk")[
                :CASE_PAGE_ALLOCATIONS
            ]
        ),
    )


def previous_worker(case: Case) -> User | None:
    """The last worker who held the case (now or before it was held unallocated), if it ever had one."""
    if case.allocated_worker_id is not None:
        return case.allocated_worker  # the current allocation is the latest one with a worker
    last = (
        Allocation.objects.filter(case=case, worker__isnull=False)
        .select_related("worker")
        .order_by("-started_at")
        .first()
    )
    return last.worker if last is not None else None
