"""Who each child in the file is: found by their identifier, or recorded anew, through the people services.

- In a file Casemap exported for this authority (`CensusHeader.made_by_casemap_here`), `P` and seven digits is
  Casemap's own reference: the child is that person, and Casemap's record of their details is kept.
- Any other identifier is the other system's: the child is the person who carries it as their identifier in the
  previous system (`Person.former_identifier`), or a new person carrying it. Their details come from the file: the
  last file imported gives them, so years are imported oldest first.
"""

import dataclasses
import datetime
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from casemap.accounts.models import Team, User
from casemap.core.forms import StaleEditError
from casemap.people.models import Person
from casemap.people.services import person_create, person_update
from casemap.returns.cin_census.records import CensusChild, CensusYear
from casemap.returns.cin_import.problems import ChildRejected, ImportProblem
from casemap.returns.cin_import.reading import FileChild
from casemap.returns.cin_import.schema import CensusHeader

OWN_REFERENCE = re.compile(r"P(\d{7})")
# The census holds no names: a child brought in is called by their identifier until their name is recorded.
IMPORTED_FIRST_NAME = "Child"
EXPECTED_BIRTH_PAST_DAYS = 31  # `Person.clean`: an expected date of birth more than a month ago is refused

# Where each of the person's fields is in the census, for a refusal.
PERSON_FIELD_IN_CENSUS = {
    "date_of_birth": "ChildIdentifiers.PersonBirthDate",
    "expected_birth_date": "ChildIdentifiers.ExpectedPersonBirthDate",
    "sex": "ChildIdentifiers.Sex",
    "upn": "ChildIdentifiers.UPN",
    "upn_unknown_reason": "ChildIdentifiers.UPNunknown",
    "ethnicity": "ChildCharacteristics.Ethnicity",
    "disabilities": "Disabilities.Disability",
}


@dataclasses.dataclass
class ImportContext:
    """What every child's import shares: who imports, for which team, from which file."""

    acting_user: User
    team: Team
    header: CensusHeader
    today: datetime.date
    request: HttpRequest | None = None

    @property
    def year(self) -> CensusYear:
        return CensusYear(self.header.year)

    @property
    def chair(self) -> User | None:
        """Who an imported conference is recorded as chaired by: the census does not say, and a conference needs a
        chair, so the team's manager (or its service manager)."""
        return self.team.manager or self.team.service_manager


@dataclasses.dataclass
class FoundPerson:
    person: Person
    created: bool
    changed: bool
    own: bool  # Casemap's own person, named by their reference


def refused(child: FileChild, field: str, message: str, error: Exception | None = None, **extra: Any) -> ChildRejected:
    """The child's rejection, with a service's own words (which may name a date) kept as the detail."""
    detail = ""
    if isinstance(error, ValidationError):
        detail = " ".join(error.messages)
    elif error is not None:
        detail = str(error)
    return ChildRejected(
        ImportProblem(child_id=child.child_id, field=field, message=message, detail=detail, line=child.line, **extra)
    )


def person_details(context: ImportContext, child: FileChild) -> dict[str, Any]:
    """The person's fields as the file gives them, with a note for anything Casemap records differently."""
    record = child.record
    fields: dict[str, Any] = {
        "sex": record.sex,
        "ethnicity": record.ethnicity,
        "upn": record.upn,
        "upn_unknown_reason": "" if record.upn else record.upn_unknown_reason,
        "disabilities": list(record.disabilities),
        "date_of_birth": record.born_on,
        "expected_birth_date": None,
    }
    expected = record.expected_on
    if record.born_on is None and expected is not None:
        if expected < context.today - datetime.timedelta(days=EXPECTED_BIRTH_PAST_DAYS):
            # Casemap asks for the date of birth once the expected date is a month past: the baby was born since.
            fields["date_of_birth"] = expected
            child.left_out.append(
                ImportProblem(
                    child_id=child.child_id,
                    field="ChildIdentifiers.ExpectedPersonBirthDate",
                    message="the expected date of birth is more than a month past, so it was recorded as the date "
                    "of birth: check it on the child's record",
                )
            )
        else:
            fields["expected_birth_date"] = expected
    return fields


def _as_the_census_reads(context: ImportContext, person: Person) -> dict[str, Any]:
    """The person's details as the export writes them for the file's year (`cin_census.selectors`)."""
    born_on, expected_on = person.date_of_birth, person.expected_birth_date
    if born_on is not None and born_on > context.year.reference_date:
        born_on, expected_on = None, expected_on or born_on
    return {
        "upn": person.upn,
        "upn_unknown_reason": "" if person.upn else person.upn_unknown_reason,
        "born_on": born_on,
        "expected_on": None if born_on else expected_on,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "disabilities": list(person.disabilities or []),
    }


def _as_the_file_gives(record: CensusChild) -> dict[str, Any]:
    return {
        "upn": record.upn,
        "upn_unknown_reason": "" if record.upn else record.upn_unknown_reason,
        "born_on": record.born_on,
        "expected_on": None if record.born_on else record.expected_on,
        "sex": record.sex,
        "ethnicity": record.ethnicity,
        "disabilities": list(record.disabilities),
    }


CENSUS_FIELD_OF_DETAIL = {
    "upn": "ChildIdentifiers.UPN",
    "upn_unknown_reason": "ChildIdentifiers.UPNunknown",
    "born_on": "ChildIdentifiers.PersonBirthDate",
    "expected_on": "ChildIdentifiers.ExpectedPersonBirthDate",
    "sex": "ChildIdentifiers.Sex",
    "ethnicity": "ChildCharacteristics.Ethnicity",
    "disabilities": "Disabilities.Disability",
}


def person_find_or_create(context: ImportContext, child: FileChild) -> FoundPerson:
    own = context.header.made_by_casemap_here and OWN_REFERENCE.fullmatch(child.child_id)
    if own:
        person = Person.objects.filter(pk=int(own.group(1)), archived_at__isnull=True).first()
        if person is None:
            raise refused(
                child,
                "ChildIdentifiers.LAchildID",
                "the file was made by Casemap for this authority, but no record here has this reference",
            )
        _note_differences(context, child, person)
        return FoundPerson(person=person, created=False, changed=False, own=True)
    found = list(Person.objects.filter(former_identifier=child.child_id, archived_at__isnull=True)[:2])
    if len(found) > 1:
        raise refused(
            child,
            "ChildIdentifiers.LAchildID",
            "two records in Casemap carry this identifier from the previous system: archive the one recorded twice",
        )
    fields = person_details(context, child)
    if not found:
        return FoundPerson(person=_create(context, child, fields), created=True, changed=True, own=False)
    person = found[0]
    changes = {name: value for name, value in fields.items() if getattr(person, name) != value}
    if changes:
        person = _update(context, child, person, changes)
    return FoundPerson(person=person, created=False, changed=bool(changes), own=False)


def _create(context: ImportContext, child: FileChild, fields: dict[str, Any]) -> Person:
    try:
        return person_create(
            acting_user=context.acting_user,
            request=context.request,
            first_name=IMPORTED_FIRST_NAME,
            last_name=child.child_id,
            is_child=True,
            former_identifier=child.child_id,
            **fields,
        )
    except ValidationError as error:
        raise _person_refused(child, error) from error


def _update(context: ImportContext, child: FileChild, person: Person, changes: dict[str, Any]) -> Person:
    try:
        return person_update(
            acting_user=context.acting_user, person=person, expected_version=None, request=context.request, **changes
        )
    except ValidationError as error:
        raise _person_refused(child, error, person) from error
    except (PermissionDenied, StaleEditError) as error:
        raise refused(
            child,
            "ChildIdentifiers",
            "the child's record is on cases another team holds in Casemap: the import changes only the chosen "
            "team's records",
            error,
            person_id=person.pk,
        ) from error


def _person_refused(child: FileChild, error: ValidationError, person: Person | None = None) -> ChildRejected:
    names = list(getattr(error, "error_dict", {}) or [])
    field = PERSON_FIELD_IN_CENSUS.get(names[0], "ChildIdentifiers") if names else "ChildIdentifiers"
    if names and names[0] == "date_of_birth" and child.record.born_on is None and child.record.expected_on is None:
        return refused(child, field, "the file gives neither a date of birth nor an expected date of birth")
    return refused(
        child,
        field,
        "Casemap refused this value for the child's record",
        error,
        person_id=person.pk if person else None,
    )


def _note_differences(context: ImportContext, child: FileChild, person: Person) -> None:
    """Casemap's own child: their details are kept as recorded here, and each difference from the file is noted."""
    here = _as_the_census_reads(context, person)
    there = _as_the_file_gives(child.record)
    for name, value in there.items():
        if here[name] != value:
            child.left_out.append(
                ImportProblem(
                    child_id=child.child_id,
                    field=CENSUS_FIELD_OF_DETAIL[name],
                    message="differs from Casemap's record, which was kept: change it on the child's record if "
                    "the file is right",
                    person_id=person.pk,
                )
            )
