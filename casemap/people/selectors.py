"""Reads of people: search, duplicate checks and the parts of a person's record."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower

from casemap.access.policy import visible_case, visible_people, visible_person
from casemap.accounts.models import User
from casemap.cases.models import CaseMember, MemberRole
from casemap.people.models import Person, Relationship

SEARCH_LIMIT = 50
PERSON_REFERENCE = re.compile(r"^P?0*(\d{1,12})$", re.IGNORECASE)


def person_search(
    *, user: User, name: str = "", date_of_birth: datetime.date | None = None, identifier: str = ""
) -> list[Person]:
    """People this user may see who match every term given; at most SEARCH_LIMIT, closest first."""
    people = visible_people(user)
    if identifier:
        identifier = identifier.strip().upper()
        reference = PERSON_REFERENCE.match(identifier)
        by_id = Q(upn=identifier)
        if reference:
            by_id |= Q(pk=int(reference.group(1)))
        people = people.filter(by_id)
    if date_of_birth:
        people = people.filter(Q(date_of_birth=date_of_birth) | Q(expected_birth_date=date_of_birth))
    words = name.lower().split()
    if len(words) == 1:
        people = people.filter(Q(search_last_name__startswith=words[0]) | Q(search_first_name__startswith=words[0]))
    elif len(words) > 1:
        people = people.filter(search_first_name__startswith=words[0], search_last_name__startswith=words[-1])
    # Sorted on an expression rather than the indexed columns themselves (the values are already lower-case,
    # so the order is the same): given an index in that order, PostgreSQL may walk all of it and check each
    # row against the filters to fill the first page, instead of finding the few matching names through the
    # prefix indexes and sorting just those.
    ordering = (Lower("search_last_name"), Lower("search_first_name"), "pk")
    return list(people.order_by(*ordering)[:SEARCH_LIMIT])


@dataclass(frozen=True)
class PossibleDuplicate:
    person: Person
    visible: bool


def person_possible_duplicates(
    *, user: User, first_name: str, last_name: str, date_of_birth: datetime.date | None
) -> list[PossibleDuplicate]:
    """Existing people who may be the one about to be created, across the whole authority.

    People the user may not see are reported without their details, so the warning does
    not leak a record: the user is told to ask their manager instead.
    """
    same_name = Q(search_last_name=last_name.lower().strip(), search_first_name=first_name.lower().strip())
    candidates = Q(same_name)
    if date_of_birth:
        same_birthday_similar_name = Q(date_of_birth=date_of_birth) & (
            Q(search_last_name=last_name.lower().strip())
            | Q(search_first_name__startswith=first_name.lower().strip()[:3])
        )
        candidates |= same_birthday_similar_name
    matches = list(Person.objects.filter(archived_at__isnull=True).filter(candidates).order_by("pk")[:10])
    if not matches:
        return []
    visible_ids = set(visible_people(user).filter(pk__in=[m.pk for m in matches]).values_list("pk", flat=True))
    return [PossibleDuplicate(person=match, visible=match.pk in visible_ids) for match in matches]


@dataclass(frozen=True)
class FamilyLink:
    relative: Person
    label: str
    relationship: Relationship


def person_family(*, user: User, person: Person) -> list[FamilyLink]:
    """Everyone recorded as related to the person, in either direction, that the user may see, in one query.

    A relative the user may not see is left out altogether, so the page does not name them."""
    relationships = (
        Relationship.objects.filter(archived_at__isnull=True)
        .filter(
            (Q(person=person) & visible_person(user, "relative_id"))
            | (Q(relative=person) & visible_person(user, "person_id"))
        )
        .select_related("person", "relative")
        .order_by("kind", "pk")
    )
    links = []
    for relationship in relationships:
        if relationship.person_id == person.pk:
            links.append(FamilyLink(relationship.relative, relationship.get_kind_display(), relationship))
        else:
            links.append(
                FamilyLink(
                    relationship.person,
                    f"{person.first_name} is their {relationship.get_kind_display().lower()}",
                    relationship,
                )
            )
    return links


def visible_person_ids(*, user: User, ids: list[int]) -> set[int]:
    people: QuerySet[Person] = visible_people(user).filter(pk__in=ids)
    return set(people.values_list("pk", flat=True))


ADDRESS_FIELDS = ("address_line_1", "address_line_2", "town", "postcode")


def family_details_to_offer(*, user: User, person: Person) -> dict[str, str]:
    """The surname and address already recorded for the person's family, to offer (prefilled, changeable) when
    someone is added to it: the person's own address, or else the first one recorded for someone on their open
    cases that this user may see."""
    offered = {"last_name": person.last_name}
    if any(getattr(person, name) for name in ADDRESS_FIELDS):
        return offered | {name: getattr(person, name) for name in ADDRESS_FIELDS}
    on_open_cases = CaseMember.objects.filter(
        case__in=CaseMember.objects.filter(person=person, case__closed_on__isnull=True).values("case_id")
    ).filter(visible_case(user, "case_id"))
    housed = (
        visible_people(user)
        .filter(pk__in=on_open_cases.values("person_id"))
        .exclude(address_line_1="")
        .order_by("pk")
        .values(*ADDRESS_FIELDS)
        .first()
    )
    return offered | (housed or {})


def other_children_on_open_cases(*, user: User, person: Person) -> list[Person]:
    """The other children on the person's open cases that this user may see: the brothers and sisters a
    relative just added may be recorded against too."""
    shared_cases = CaseMember.objects.filter(person=person, case__closed_on__isnull=True).filter(
        visible_case(user, "case_id")
    )
    children = CaseMember.objects.filter(case_id__in=shared_cases.values("case_id"), role=MemberRole.CHILD)
    return list(
        visible_people(user)
        .filter(pk__in=children.values("person_id"))
        .exclude(pk=person.pk)
        .order_by("date_of_birth", "pk")
    )
