"""Reads of safety networks and family trees, filtered by the one access policy: a network member is
visible when the case is."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from casemap.access.policy import cases_of_person_seen, read_through_the_rule, visible_cases, visible_person
from casemap.accounts.models import User
from casemap.cases.known_people import known_people
from casemap.cases.models import Case, MemberRole
from casemap.core.people_choice import KnownPerson
from casemap.people.models import Person, Professional, Relationship
from casemap.safety.genogram import FamilyLink, FamilyPerson
from casemap.safety.models import SafetyNetworkMember


def visible_network_members(user: User) -> QuerySet[SafetyNetworkMember]:
    return SafetyNetworkMember.objects.filter(case__in=visible_cases(user).values("pk"), archived_at__isnull=True)


def get_network_member_for_user(user: User, member_id: int) -> SafetyNetworkMember:
    member = (
        visible_network_members(user)
        .select_related("case", "person", "professional", "professional__agency")
        .filter(pk=member_id)
        .first()
    )
    if member is None:
        raise Http404("No network member found")
    read_through_the_rule(user, member.case)
    return member


@dataclass(frozen=True)
class NetworkCandidate:
    """Someone on the family's record who could join the safety network: an adult on the case (family, relatives,
    friends) or a professional working with it, as the known people list names them."""

    known: KnownPerson
    person: Person | None = None
    professional: Professional | None = None


def network_candidates(*, case: Case, user: User) -> list[NetworkCandidate]:
    """The adults and professionals on the case's record who are not active in its network yet, in the order of
    the known people (`casemap.cases.known_people`). Seven queries."""
    known = known_people(case=case, user=user)
    in_network = set()
    for person_id, professional_id in SafetyNetworkMember.objects.filter(
        case=case, is_active=True, archived_at__isnull=True
    ).values_list("person_id", "professional_id"):
        in_network |= {f"person-{person_id}", f"professional-{professional_id}"}
    adults = {
        member.person_id: member.person
        for member in case.memberships.filter(role=MemberRole.ADULT, person__archived_at__isnull=True).select_related(
            "person"
        )
    }
    professionals = {p.pk: p for p in case.professionals.filter(archived_at__isnull=True)}
    candidates = []
    for person in known:
        kind, _, pk = person.key.partition("-")
        if person.key in in_network or not pk.isdigit():
            continue
        if kind == "person" and int(pk) in adults:
            candidates.append(NetworkCandidate(person, person=adults[int(pk)]))
        elif kind == "professional" and int(pk) in professionals:
            candidates.append(NetworkCandidate(person, professional=professionals[int(pk)]))
    return candidates


def case_network(*, case: Case) -> list[SafetyNetworkMember]:
    """Every member, active first, in one query."""
    return list(
        SafetyNetworkMember.objects.filter(case=case, archived_at__isnull=True)
        .select_related("person", "professional", "professional__agency")
        .order_by("-is_active", "pk")
    )


def case_professionals(*, case: Case) -> list[Professional]:
    return list(case.professionals.filter(archived_at__isnull=True).select_related("agency").order_by("name"))


def case_family(*, case: Case) -> tuple[list[Person], list[Person]]:
    """The case's children and adults, in one query."""
    memberships = case.memberships.select_related("person").order_by("person__first_name")
    children = [m.person for m in memberships if m.role == MemberRole.CHILD]
    adults = [m.person for m in memberships if m.role == MemberRole.ADULT]
    return children, adults


@dataclass(frozen=True)
class NetworkSummary:
    active: int
    inactive: int
    without_contact: int


def case_network_summary(*, case: Case) -> NetworkSummary:
    """Counts for the case page, in one query."""
    no_contact = Q(phone="", email="", address="")
    counts = SafetyNetworkMember.objects.filter(case=case, archived_at__isnull=True).aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        inactive=Count("pk", filter=Q(is_active=False)),
        without_contact=Count("pk", filter=Q(is_active=True) & no_contact),
    )
    return NetworkSummary(**counts)


@dataclass(frozen=True)
class PersonNetwork:
    active: int
    case_ids: list[int]


def person_network(*, user: User, person: Person) -> PersonNetwork:
    """Active network members on the cases of this person that the user may see, in one query."""
    rows = (
        SafetyNetworkMember.objects.filter(
            case_id__in=[case.case_id for case in cases_of_person_seen(user, person)],
            is_active=True,
            archived_at__isnull=True,
        )
        .values("case_id")
        .annotate(n=Count("pk"))
        .order_by("case_id")
    )
    counted = {row["case_id"]: row["n"] for row in rows}
    return PersonNetwork(active=sum(counted.values()), case_ids=sorted(counted))


GENOGRAM_KINDS = {
    "mother",
    "father",
    "step_parent",
    "parents_partner",
    "carer",
    "foster_carer",
    "sibling",
    "half_sibling",
    "grandparent",
    "aunt_uncle",
    "cousin",
    "partner",
}


def family_tree_data(*, user: User, person: Person) -> tuple[list[FamilyPerson], list[FamilyLink]]:
    """The person's recorded family and their relatives' family links, two steps out, in two queries.

    Only relatives the user may see are drawn, and only links between two of them, so a relative the user may
    not see is neither named nor used as a route to someone else. Friends and neighbours are left out: they
    belong on the safety network picture, not the family tree.
    """
    live = Relationship.objects.filter(archived_at__isnull=True, kind__in=GENOGRAM_KINDS).filter(
        visible_person(user, "person_id"), visible_person(user, "relative_id")
    )
    first = list(live.filter(Q(person=person) | Q(relative=person)).values_list("person_id", "relative_id"))
    near = {person.pk} | {pk for pair in first for pk in pair}
    relationships = list(
        live.filter(Q(person_id__in=near) | Q(relative_id__in=near)).select_related("person", "relative").order_by("pk")
    )
    people: dict[int, Person] = {person.pk: person}
    for relationship in relationships:
        people[relationship.person_id] = relationship.person
        people[relationship.relative_id] = relationship.relative
    return (
        [FamilyPerson(p.pk, p.full_name, p.first_name, p.sex, p.date_of_birth) for p in people.values()],
        [FamilyLink(r.person_id, r.relative_id, r.kind) for r in relationships],
    )
