"""Who each child in the return is: Casemap's own person, one brought in before, or a new person.

- `P` and seven digits naming a person here born on the day the return gives is Casemap's own reference (a return
  Casemap exported): Casemap's record of their details is kept, and each difference is noted.
- Any other identifier is the previous system's: the child is the person carrying it (`Person.former_identifier`),
  whose details the return updates, or a new person carrying it, called by it until their name is recorded.
"""

import dataclasses
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from casemap.core.forms import StaleEditError
from casemap.people.codes import UnknownUpnReason
from casemap.people.models import Person
from casemap.people.services import person_create, person_update
from casemap.returns.cin_import.people import IMPORTED_FIRST_NAME, OWN_REFERENCE
from casemap.returns.cin_import.problems import ChildRejected, ImportProblem
from casemap.returns.ssda903_import.context import ImportContext903, rejected, service_refused
from casemap.returns.ssda903_import.reading import ChildInFile

HEADER_FIELD = {
    "sex": "Header.SEX",
    "date_of_birth": "Header.DOB",
    "ethnicity": "Header.ETHNIC",
    "upn": "Header.UPN",
    "upn_unknown_reason": "Header.UPN",
}


@dataclasses.dataclass
class FoundPerson:
    person: Person
    created: bool
    changed: bool


def _details(child: ChildInFile) -> dict[str, Any]:
    record = child.record
    unknown = record.upn in UnknownUpnReason.values
    return {
        "sex": record.sex,
        "date_of_birth": record.born_on,
        "ethnicity": record.ethnicity,
        "upn": "" if unknown else record.upn,
        "upn_unknown_reason": record.upn if unknown else "",
    }


def person_find_or_create(context: ImportContext903, child: ChildInFile) -> FoundPerson:
    own = OWN_REFERENCE.fullmatch(child.child_id)
    if own:
        person = Person.objects.filter(
            pk=int(own.group(1)), date_of_birth=child.record.born_on, archived_at__isnull=True
        ).first()
        if person is not None:
            _note_differences(child, person)
            return FoundPerson(person=person, created=False, changed=False)
    found = list(Person.objects.filter(former_identifier=child.child_id, archived_at__isnull=True)[:2])
    if len(found) > 1:
        raise rejected(
            child,
            "Header.CHILD",
            "two records in Casemap carry this identifier from the previous system: archive the one recorded twice",
            line=child.line,
        )
    fields = _details(child)
    if not found:
        try:
            person = person_create(
                acting_user=context.acting_user,
                request=context.request,
                first_name=IMPORTED_FIRST_NAME,
                last_name=child.child_id,
                is_child=True,
                former_identifier=child.child_id,
                **fields,
            )
        except ValidationError as error:
            raise _refused(child, error) from error
        return FoundPerson(person=person, created=True, changed=True)
    person = found[0]
    changes = {name: value for name, value in fields.items() if getattr(person, name) != value}
    if changes:
        try:
            person = person_update(
                acting_user=context.acting_user,
                person=person,
                expected_version=None,
                request=context.request,
                **changes,
            )
        except ValidationError as error:
            raise _refused(child, error, person) from error
        except (PermissionDenied, StaleEditError) as error:
            raise rejected(
                child,
                "Header",
                "the child's record is on cases another team holds in Casemap: the import changes only the chosen "
                "team's records",
                person_id=person.pk,
                line=child.line,
            ) from error
    return FoundPerson(person=person, created=False, changed=bool(changes))


def _refused(child: ChildInFile, error: ValidationError, person: Person | None = None) -> ChildRejected:
    names = list(getattr(error, "error_dict", {}) or [])
    field = HEADER_FIELD.get(names[0], "Header") if names else "Header"
    person_id = person.pk if person else None
    return service_refused(
        child, field, "this value for the child's record", error, person_id=person_id, line=child.line
    )


def _note_differences(child: ChildInFile, person: Person) -> None:
    here = {
        "sex": person.sex,
        "date_of_birth": person.date_of_birth,
        "ethnicity": person.ethnicity,
        "upn": person.upn or person.upn_unknown_reason,
    }
    there = {
        "sex": child.record.sex,
        "date_of_birth": child.record.born_on,
        "ethnicity": child.record.ethnicity,
        "upn": child.record.upn,
    }
    for name, value in there.items():
        if here[name] != value:
            child.left_out.append(
                ImportProblem(
                    child_id=child.child_id,
                    field=HEADER_FIELD[name],
                    message="differs from Casemap's record, which was kept: change it on the child's record if the "
                    "return is right",
                    person_id=person.pk,
                )
            )
