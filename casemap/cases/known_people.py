"""The people a page can offer when it asks who: the signed-in worker first, then the family on the case, its
safety network and its professionals, each once, in that order. One list for every form that asks for a person,
so a name recorded once is chosen everywhere after (`casemap.core.people_choice`)."""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case, CaseMember, MemberRole
from casemap.core.people_choice import KnownPerson
from casemap.people.models import Person, Relationship, RelationshipType


def _age(person: Person) -> str:
    years = person.age_on(timezone.localdate())
    return f", {years}" if years is not None else ""


def known_people(*, case: Case, user: User | None = None) -> list[KnownPerson]:
    """Everyone the case's record already names, for choosing rather than typing. The case has been authorised
    by the caller; people on it are visible to anyone who may see it (`casemap.access.policy`)."""
    people: list[KnownPerson] = []
    names: set[str] = set()

    def add(key: str, name: str, description: str) -> None:
        name = name.strip()
        if name and name not in names:
            names.add(name)
            people.append(KnownPerson(key=key, name=name, description=description))

    if user is not None and user.is_authenticated:
        add("you", user.get_full_name() or user.get_username(), "you")
    children = CaseMember.objects.filter(case_id=case.pk, role=MemberRole.CHILD, person__archived_at__isnull=True)
    # What an adult is to the children, in plain words ("mother", "grandmother"), read with the members.
    to_the_children = (
        Relationship.objects.filter(
            relative_id=OuterRef("person_id"), person_id__in=children.values("person_id"), archived_at__isnull=True
        )
        .order_by("pk")
        .values("kind")[:1]
    )
    members = (
        CaseMember.objects.filter(case_id=case.pk, person__archived_at__isnull=True)
        .annotate(kind_to_children=Subquery(to_the_children))
        .select_related("person")
        .only("role", "person__first_name", "person__last_name", "person__date_of_birth")
        .order_by("role", "person__date_of_birth", "pk")
    )
    for member in members:
        person = member.person
        if member.role == MemberRole.CHILD:
            add(f"person-{person.pk}", person.full_name, f"child{_age(person)}")
        else:
            kind = member.kind_to_children
            add(
                f"person-{person.pk}",
                person.full_name,
                RelationshipType(kind).label.lower() if kind else "adult in the family",
            )
    from casemap.safety.models import SafetyNetworkMember  # the network builds on cases, not the other way

    for network_member in (
        SafetyNetworkMember.objects.filter(case=case, archived_at__isnull=True)
        .select_related("person", "professional")
        .only("name", "person__first_name", "person__last_name", "professional__name")
        .order_by("pk")
    ):
        if network_member.person:
            name = network_member.person.full_name
        elif network_member.professional:
            name = network_member.professional.name
        else:
            name = network_member.name
        add(f"network-{network_member.pk}", name, "safety network")
    for professional in (
        case.professionals.filter(archived_at__isnull=True)
        .select_related("agency")
        .only("name", "role", "agency__name")
    ):
        role = f"{professional.role}, {professional.agency}" if professional.role else str(professional.agency)
        add(f"professional-{professional.pk}", professional.name, role)
    return people
