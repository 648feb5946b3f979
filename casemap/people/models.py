import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from casemap.core.models import RecordedModel
from casemap.people.codes import Disability, Ethnicity, Sex
from casemap.people.upn import upn_problem


def full_name(first_name: str, last_name: str) -> str:
    """A person's name as every page writes it (for lists read as plain values, without the model)."""
    return f"{first_name} {last_name}"


def age_on(born: datetime.date | None, day: datetime.date) -> int | None:
    """Age in whole years on a day (for lists read as plain values, without the model)."""
    if not born:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Person(RecordedModel):
    """Anyone the record is about: a child, a parent, a carer, a relative or friend."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    known_as = models.CharField(max_length=100, blank=True)
    is_child = models.BooleanField(default=False)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_birth_date = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=Ethnicity.choices, default=Ethnicity.NOBT)
    upn = models.CharField("Unique Pupil Number", max_length=13, blank=True, db_index=True)
    upn_unknown_reason = models.CharField(max_length=3, blank=True)
    disabilities = models.JSONField(default=list, blank=True)
    # The child's identifier in the system the authority used before Casemap (the census's LAchildID there), kept
    # when their history is imported so that the same child is found again (`casemap/returns/cin_import/`).
    former_identifier = models.CharField("Identifier in the previous system", max_length=20, blank=True, db_index=True)
    first_language = models.CharField(max_length=60, blank=True)
    address_line_1 = models.CharField(max_length=120, blank=True)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    # This address must not be given to anyone else in the family or to another party (a refuge, an adopter's or
    # a foster carer's address): no copy prints it and nothing is posted to it for anyone else.
    address_confidential = models.BooleanField(default=False)
    # Staff, their relatives, or an adoption: only people with an explicit grant may see it.
    is_restricted = models.BooleanField(default=False)
    # Lower-cased names for search without functional indexes on every backend.
    search_last_name = models.CharField(max_length=100, db_index=True, editable=False)
    search_first_name = models.CharField(max_length=100, editable=False)

    history = HistoricalRecords(excluded_fields=["search_last_name", "search_first_name"])

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["search_last_name", "search_first_name"], name="person_search_name"),
            # Search matches a first name by prefix too: a prefix (LIKE 'abc%') needs the pattern operator
            # class on PostgreSQL unless the database collation is C. search_last_name's own db_index
            # already has one. Other databases ignore opclasses.
            models.Index(fields=["search_first_name"], name="person_search_first", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["date_of_birth"], name="person_dob"),
            # The access rule asks which cases hold a restricted person: a few hundred among every person.
            models.Index(fields=["id"], condition=models.Q(is_restricted=True), name="person_restricted"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.date_of_birth and self.date_of_birth > today:
            errors["date_of_birth"] = (
                "Date of birth must be today or in the past. For an unborn baby, leave it empty "
                "and enter the expected date of birth"
            )
        if self.date_of_birth and self.date_of_birth < today.replace(year=today.year - 120):
            errors["date_of_birth"] = "Date of birth must be within the last 120 years"
        if self.expected_birth_date:
            if self.date_of_birth:
                errors["expected_birth_date"] = "Enter an expected date of birth only if the baby is not yet born"
            elif self.expected_birth_date < today - datetime.timedelta(days=31):
                errors["expected_birth_date"] = (
                    "Expected date of birth is more than a month ago: if the baby has been born, "
                    "enter the date of birth instead"
                )
            elif self.expected_birth_date > today + datetime.timedelta(days=300):
                errors["expected_birth_date"] = "Expected date of birth must be within the next 10 months"
        if self.is_child and not self.date_of_birth and not self.expected_birth_date:
            errors.setdefault("date_of_birth", "Enter the child's date of birth, or their expected date of birth")
        if self.upn:
            self.upn = self.upn.strip().upper()
            problem = upn_problem(self.upn)
            if problem:
                errors["upn"] = problem
        unknown_codes = set(self.disabilities or []) - set(Disability.values)
        if unknown_codes:
            errors["disabilities"] = f"Unknown disability codes: {', '.join(sorted(unknown_codes))}"
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_last_name = self.last_name.lower()
        self.search_first_name = self.first_name.lower()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def full_name(self) -> str:
        return full_name(self.first_name, self.last_name)

    @property
    def disability_labels(self) -> str:
        return ", ".join(Disability(code).label for code in self.disabilities or [])

    @property
    def reference(self) -> str:
        return f"P{self.pk:07d}"

    def age_on(self, day: datetime.date) -> int | None:
        return age_on(self.date_of_birth, day)


class RelationshipType(models.TextChoices):
    MOTHER = "mother", "Mother"
    FATHER = "father", "Father"
    STEP_PARENT = "step_parent", "Step-parent"
    PARENTS_PARTNER = "parents_partner", "Parent's partner"
    CARER = "carer", "Carer"
    FOSTER_CARER = "foster_carer", "Foster carer"
    SIBLING = "sibling", "Brother or sister"
    HALF_SIBLING = "half_sibling", "Half-brother or half-sister"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    COUSIN = "cousin", "Cousin"
    FRIEND = "friend", "Family friend"
    NEIGHBOUR = "neighbour", "Neighbour"
    PARTNER = "partner", "Partner"
    OTHER = "other", "Other"


class Relationship(RecordedModel):
    """`relative` is the `kind` of `person`: Merinda (relative) is the mother of Alkira (person)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships")
    relative = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="relationships_as_relative")
    kind = models.CharField(max_length=32, choices=RelationshipType.choices)
    lives_with = models.BooleanField(default=False)
    has_parental_responsibility = models.BooleanField(default=False)
    notes = models.CharField(max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["person", "relative", "kind"],
                condition=models.Q(archived_at__isnull=True),
                name="relationship_unique_live",
            ),
            models.CheckConstraint(condition=~models.Q(person=models.F("relative")), name="relationship_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.relative_id} is {self.kind} of {self.person_id}"


class Agency(models.Model):
    name = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=60, blank=True, help_text="For example school, health, police")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Professional(RecordedModel):
    name = models.CharField(max_length=160)
    role = models.CharField(max_length=120, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="professionals")
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency})"
