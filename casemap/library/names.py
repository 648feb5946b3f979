"""Every name, address and postcode a record knows, each with the neutral label that replaces it.

From the case: each person on it (children first, oldest first, then the adults), their relatives recorded on the
family tree, the safety network (people, professionals and names typed in), the professionals and agencies on
the case (a school is "School A"), and the workers. A person's label comes from how they are related to the
children: a mother or father is "Parent A", a grandparent "Grandparent A", a family friend "Family friend A".
Each is known by their full name, first and last names, the name they are known by, each part of a double name,
and their address, street, town and postcode.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Q

from casemap.accounts.models import User
from casemap.cases.models import Case, MemberRole
from casemap.library.anonymise import KnownName
from casemap.people.models import Agency, Person, Professional, Relationship, RelationshipType
from casemap.safety.models import SafetyNetworkMember

WORKER_LABEL = "the worker"
STAFF_LABEL = "a member of staff"
ADDRESS_LABEL = "[address]"
STREET_LABEL = "[street]"
TOWN_LABEL = "[town]"
POSTCODE_LABEL = "[postcode]"

# How a relative is labelled, by their relationship to a child on the case.
KIND_LABELS = {
    RelationshipType.MOTHER: "Parent",
    RelationshipType.FATHER: "Parent",
    RelationshipType.STEP_PARENT: "Parent",
    RelationshipType.PARENTS_PARTNER: "Parent's partner",
    RelationshipType.PARTNER: "Parent's partner",
    RelationshipType.CARER: "Carer",
    RelationshipType.FOSTER_CARER: "Carer",
    RelationshipType.SIBLING: "Relative",
    RelationshipType.HALF_SIBLING: "Relative",
    RelationshipType.GRANDPARENT: "Grandparent",
    RelationshipType.AUNT_UNCLE: "Relative",
    RelationshipType.COUSIN: "Relative",
    RelationshipType.FRIEND: "Family friend",
    RelationshipType.NEIGHBOUR: "Neighbour",
}
TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "pc", "dc", "ds", "sgt", "rev", "sister", "nurse"}
_PARTS = re.compile(r"[\s\-]+")
_OUTWARD = re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]?$")


class Labeller:
    """Hands out "Child A", "Child B", "Parent A"... in the order asked, and collects the names behind each."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.names: list[KnownName] = []
        self.people: dict[int, str] = {}

    def next_label(self, kind: str) -> str:
        self.counts[kind] += 1
        return f"{kind} {chr(ord('A') + self.counts[kind] - 1)}" if self.counts[kind] <= 26 else kind

    def add(self, label: str, *texts: str) -> None:
        for text in texts:
            text = (text or "").strip()
            if text:
                self.names.append(KnownName(text, label))

    def add_person_names(self, label: str, first: str, last: str, known_as: str = "") -> None:
        self.add(label, f"{first} {last}", f"{known_as} {last}" if known_as else "")
        self.add(label, first, known_as)
        self.add(label, *name_parts(first), *name_parts(known_as))

    def add_address(self, line_1: str, line_2: str = "", town: str = "", postcode: str = "") -> None:
        self.add(ADDRESS_LABEL, line_1, line_2)
        street = re.sub(r"^\s*(flat\s+)?\d+[a-z]?\s*,?\s*", "", line_1 or "", flags=re.IGNORECASE)
        if street and street != line_1:
            self.add(STREET_LABEL, street)
        self.add(TOWN_LABEL, town)
        if postcode.strip():
            self.names.append(KnownName(postcode.strip(), POSTCODE_LABEL, postcode=True))
            outward = postcode.split()[0] if " " in postcode.strip() else ""
            if _OUTWARD.match(outward):
                self.names.append(KnownName(outward, POSTCODE_LABEL))

    def add_address_text(self, text: str) -> None:
        """An address typed as one text (a network member's): each line or comma-separated part."""
        for part in re.split(r"[\n,]+", text or ""):
            part = part.strip()
            postcode = re.search(r"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b", part)
            if postcode:
                self.add_address("", postcode=postcode.group())
                part = part.replace(postcode.group(), "").strip()
            if part:
                self.add_address(part)

    def person(self, person: Person, kind: str) -> str:
        if person.pk in self.people:
            return self.people[person.pk]
        label = self.next_label(kind)
        self.people[person.pk] = label
        self.add_person_names(label, person.first_name, person.last_name, person.known_as)
        self.add_address(person.address_line_1, person.address_line_2, person.town, person.postcode)
        return label


def name_parts(name: str) -> list[str]:
    """The parts of a double or hyphenated name, each searched on its own too."""
    parts = [part for part in _PARTS.split(name or "") if part]
    return parts if len(parts) > 1 else []


def _surnames(labeller: Labeller, people: Iterable[tuple[str, str]]) -> None:
    """A last name held by one person alone is that person's label; one the family shares is "Family A" (and
    "the Coopers" is "the Family A")."""
    by_name: dict[str, set[str]] = defaultdict(set)
    spelt: dict[str, str] = {}
    for last_name, label in people:
        key = last_name.strip().casefold()
        if key:
            by_name[key].add(label)
            spelt.setdefault(key, last_name.strip())
    for key, labels in by_name.items():
        label = next(iter(labels)) if len(labels) == 1 else labeller.next_label("Family")
        # "The Coopers" names the family as surely as "Cooper" does.
        labeller.add(label, spelt[key], f"{spelt[key]}s", *name_parts(spelt[key]))


def _relationship_kind(relative_id: int, children: set[int], relationships: list[Relationship]) -> str:
    for row in relationships:
        if row.relative_id == relative_id and row.person_id in children:
            return KIND_LABELS.get(RelationshipType(row.kind), "Relative")
    for row in relationships:
        if row.person_id == relative_id and row.relative_id in children and row.kind == RelationshipType.FRIEND:
            return "Family friend"
    return "Adult"


def _professional_names(labeller: Labeller, label: str, name: str) -> None:
    words = [word for word in (name or "").split() if word.strip(".").casefold() not in TITLES]
    labeller.add(label, name, " ".join(words))
    if len(words) > 1:
        labeller.add(label, words[-1])


def case_known_names(case: Case | None, *, worker: User, staff: Iterable[User | None] = ()) -> list[KnownName]:
    """The names this case's record holds, each with its label, in order of importance (children first)."""
    labeller = Labeller()
    last_names: list[tuple[str, str]] = []
    if case is not None:
        members = list(case.memberships.select_related("person").order_by("pk"))
        children = sorted(
            (m.person for m in members if m.role == MemberRole.CHILD),
            key=lambda person: (person.date_of_birth is None, person.date_of_birth, person.pk),
        )
        child_ids = {child.pk for child in children}
        member_ids = {m.person_id for m in members}
        relationships = list(
            Relationship.objects.filter(archived_at__isnull=True)
            .filter(Q(person_id__in=member_ids) | Q(relative_id__in=member_ids))
            .select_related("person", "relative")
            .order_by("pk")
        )
        for child in children:
            last_names.append((child.last_name, labeller.person(child, "Child")))
        for member in members:
            if member.role != MemberRole.CHILD:
                kind = _relationship_kind(member.person_id, child_ids, relationships)
                last_names.append((member.person.last_name, labeller.person(member.person, kind)))
        for row in relationships:
            for person in (row.relative, row.person):
                if person.pk not in labeller.people:
                    kind = _relationship_kind(person.pk, child_ids, relationships)
                    last_names.append((person.last_name, labeller.person(person, kind)))
        _network(labeller, case, last_names)
        _professionals(labeller, case)
    _surnames(labeller, last_names)
    _staff(labeller, worker, staff)
    return labeller.names


def _network(labeller: Labeller, case: Case, last_names: list[tuple[str, str]]) -> None:
    members = SafetyNetworkMember.objects.filter(case=case).select_related("person", "professional__agency")
    for member in members.order_by("pk"):
        if member.person is not None:
            if member.person.pk not in labeller.people:
                last_names.append((member.person.last_name, labeller.person(member.person, "Network member")))
            label = labeller.people[member.person.pk]
        elif member.professional is not None:
            label = labeller.next_label("Professional")
            _professional_names(labeller, label, member.professional.name)
            _agency(labeller, member.professional.agency)
        else:
            label = labeller.next_label("Network member")
            labeller.add(label, member.name, *name_parts(member.name))
        labeller.add_address_text(member.address)


def _professionals(labeller: Labeller, case: Case) -> None:
    for professional in Professional.objects.filter(cases=case).select_related("agency").order_by("pk"):
        _professional_names(labeller, labeller.next_label("Professional"), professional.name)
        _agency(labeller, professional.agency)


def _agency(labeller: Labeller, agency: Agency) -> None:
    kind = "School" if "school" in f"{agency.kind} {agency.name}".casefold() else "Agency"
    labeller.add(labeller.next_label(kind), agency.name)


def _staff(labeller: Labeller, worker: User, staff: Iterable[User | None]) -> None:
    """The worker whose work it is, and other staff the record names (the manager who signed it off)."""
    seen = {worker.pk}
    labeller.add_person_names(WORKER_LABEL, worker.first_name, worker.last_name)
    labeller.add(WORKER_LABEL, worker.last_name, *name_parts(worker.last_name))
    for user in staff:
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            labeller.add_person_names(STAFF_LABEL, user.first_name, user.last_name)
            labeller.add(STAFF_LABEL, user.last_name, *name_parts(user.last_name))
