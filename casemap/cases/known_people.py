"""The people a page can offer when it asks who: the signed-in worker first, then the family on the case, its
safety network and its professionals, each once, in that order. One list for every form that asks for a person,
so a name recorded once is chosen everywhere after (`casemap.core.people_choice`)."""

import datetime

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case, CaseMember, MemberRole
from casemap.core.people_choice import KnownPerson
from casemap.people.models import Relationship, RelationshipType, age_on, full_name


def _age(born: datetime.date | None, today: datetime.date) -> str:
    years = age_on(born, today)
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
    # Read as plain values: the map page asks for these on every view of a draft, to key its kept blank forms.
    members = (
        CaseMember.objects.filter(case_id=case.pk, person__archived_at__isnull=True)
        .annotate(kind_to_children=Subquery(to_the_children))
        .order_by("role", "person__date_of_birth", "pk")
        .values_list(
            "role", "person_id", "person__first_name", "person__last_name", "person__date_of_birth", "kind_to_children"
        )
    )
    today = timezone.localdate()
    for role, person_id, first_name, last_name, born, kind in members:
        if role == MemberRole.CHILD:
            add(f"person-{person_id}", full_name(first_name, last_name), f"child{_age(born, today)}")
        else:
            add(
                f"person-{person_id}",
                full_name(first_name, last_name),
                RelationshipType(kind).label.lower() if kind else "adult in the family",
            )
    from casemap.safety.models import SafetyNetworkMember  # the network builds on cases, not the other way

    network = (
        SafetyNetworkMember.objects.filter(case=case, archived_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "name", "person_id", "person__first_name", "person__last_name", "professional__name")
    )
    for pk, name, person_id, first_name, last_name, professional_name in network:
        if person_id:
            name = full_name(first_name, last_name)
        elif professional_name is not None:
            name = professional_name
        add(f"network-{pk}", name, "safety network")
    professionals = case.professionals.filter(archived_at__isnull=True).values_list(
        "pk", "name", "role", "agency__name"
    )
    for pk, name, role, agency in professionals:
        add(f"professional-{pk}", name, f"{role}, {agency}" if role else str(agency))
    return people
