"""How people already on a case are related: recorded by choosing them, never by typing them again."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from casemap.access.guard import check_may_change
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.people.models import Person, Relationship, RelationshipType
from casemap.people.services import relationship_add


def case_relationships_add(
    *,
    acting_user: User,
    case: Case,
    relative: Person,
    kind: str,
    people: Sequence[Person],
    lives_with: bool = False,
    has_parental_responsibility: bool = False,
    request: HttpRequest | None = None,
) -> list[Relationship]:
    """Record that `relative` is the `kind` of each of `people`, all of them on the case: Eddy the father of
    Darel, Alkira and Jirra at once. Relationships already recorded are left as they are. One transaction."""
    with transaction.atomic():
        check_may_change(acting_user, case)
        on_case = set(case.memberships.values_list("person_id", flat=True))
        if relative.pk not in on_case or any(person.pk not in on_case for person in people):
            raise ValidationError("Choose people on this case")
        if relative.pk in {person.pk for person in people}:
            raise ValidationError({"people": "Choose people other than the person themselves"})
        recorded = set(
            Relationship.objects.filter(relative=relative, kind=kind, archived_at__isnull=True).values_list(
                "person_id", flat=True
            )
        )
        new = [person for person in people if person.pk not in recorded]
        if not new:
            label = RelationshipType(kind).label.lower()
            raise ValidationError({"people": f"{relative.full_name} is already recorded as {label} of everyone ticked"})
        return [
            relationship_add(
                acting_user=acting_user,
                person=person,
                relative=relative,
                kind=kind,
                lives_with=lives_with,
                has_parental_responsibility=has_parental_responsibility,
                request=request,
            )
            for person in new
        ]
