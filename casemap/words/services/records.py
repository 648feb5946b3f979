"""What happened with a version: each parent's view of the wording, the day each child was given it, and, where
an authority accepts it instead of a booklet, a record of how the explanation was given."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from casemap.access.guard import held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, CaseMember, ChronologyKind, MemberRole
from casemap.people.models import Person
from casemap.words.models import (
    AgreementResponse,
    BookletGiven,
    BookletStatus,
    ExplanationRecord,
    ParentAgreement,
    WordsAndPicturesBooklet,
)
from casemap.words.services.common import booklet_change, check_date, note_on_timeline


def case_adults(case: Case) -> list[Person]:
    return [
        member.person for member in CaseMember.objects.filter(case=case, role=MemberRole.ADULT).select_related("person")
    ]


def agreement_record(
    *,
    acting_user: User,
    booklet: WordsAndPicturesBooklet,
    expected_version: int | None,
    parent: Person,
    response: str,
    their_words: str,
    agreed_on: datetime.date,
    request: HttpRequest | None = None,
) -> ParentAgreement:
    """A parent's view of this version's wording. Agreeing (with or without changes) marks a draft as agreed;
    their words are kept exactly, and the wording of this version is fixed from now on."""
    errors: dict[str, str] = {}
    if parent.pk not in {adult.pk for adult in case_adults(booklet.case)}:
        errors["parent"] = "Choose a parent on this case"
    if response not in AgreementResponse.values:
        errors["response"] = "Say whether the parent agrees with the wording"
    elif response != AgreementResponse.AGREED and not their_words.strip():
        errors["their_words"] = (
            "Enter what the parent wants changed"
            if response == AgreementResponse.AGREED_WITH_CHANGES
            else "Enter what the parent does not agree with, in their words"
        )
    if errors:
        raise ValidationError(errors)
    check_date(agreed_on, "agreed_on", "the parent gave their view")
    with booklet_change(
        booklet,
        acting_user=acting_user,
        expected_version=expected_version,
        detail=f"parent's view: {response}",
        request=request,
    ) as current:
        if current.agreements.filter(parent=parent).exists():
            raise ValidationError(
                {
                    "parent": f"{parent.first_name}'s view of this version is already recorded. Start a new version "
                    "to ask again."
                }
            )
        agreement = ParentAgreement.objects.create(
            booklet=current,
            parent=parent,
            response=response,
            their_words=their_words.strip() if response != AgreementResponse.AGREED else "",
            agreed_on=agreed_on,
            recorded_by=acting_user,
        )
        if response != AgreementResponse.DOES_NOT_AGREE and current.status == BookletStatus.DRAFT:
            current.status = BookletStatus.AGREED
        note_on_timeline(
            acting_user,
            current,
            list(current.children.all()),
            f"Words and Pictures version {current.number}: {parent.first_name} "
            f"{agreement.get_response_display().lower()}",
            agreement.their_words,
            occurred_on=agreed_on,
        )
    return agreement


@dataclass(frozen=True)
class GivenDetails:
    given_on: datetime.date
    explained_by: str
    child_kept_copy: bool
    parent_present: Person | None = None
    others_present: str = ""
    child_said: str = ""


def given_record(
    *,
    acting_user: User,
    booklet: WordsAndPicturesBooklet,
    expected_version: int | None,
    child: Person,
    details: GivenDetails,
    request: HttpRequest | None = None,
) -> BookletGiven:
    """The day a child was given the booklet. A booklet with no pages cannot be given."""
    errors: dict[str, str] = {}
    if child.pk not in {each.pk for each in booklet.children.all()}:
        errors["child"] = "Choose a child the booklet is for"
    if details.parent_present is not None and details.parent_present.pk not in {
        adult.pk for adult in case_adults(booklet.case)
    }:
        errors["parent_present"] = "Choose a parent on this case"
    if not details.explained_by.strip():
        errors["explained_by"] = "Enter who explained the booklet to the child"
    if errors:
        raise ValidationError(errors)
    check_date(details.given_on, "given_on", "the booklet was given")
    with booklet_change(
        booklet,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="given to a child",
        request=request,
    ) as current:
        if not current.pages.exists():
            raise ValidationError("Add at least one page before recording that the booklet was given")
        if current.givings.filter(child=child).exists():
            raise ValidationError({"child": f"This version has already been given to {child.first_name}"})
        given = BookletGiven.objects.create(
            booklet=current,
            child=child,
            given_on=details.given_on,
            parent_present=details.parent_present,
            others_present=details.others_present.strip(),
            explained_by=details.explained_by.strip(),
            child_kept_copy=details.child_kept_copy,
            child_said=details.child_said.strip(),
            recorded_by=acting_user,
        )
        current.status = BookletStatus.GIVEN
        present = details.parent_present.first_name if details.parent_present else "no parent"
        note_on_timeline(
            acting_user,
            current,
            [child],
            f"Words and Pictures version {current.number} given to {child.first_name}, with {present} there",
            given.child_said,
            occurred_on=details.given_on,
        )
    return given


def explanation_record_create(
    *,
    acting_user: User,
    child: Person,
    case: Case,
    explained_on: datetime.date,
    how: str,
    explained_by: str,
    request: HttpRequest | None = None,
) -> ExplanationRecord:
    """Record how the worries and the plan were explained to a child, where no booklet is used."""
    with transaction.atomic():
        case = held_case_to_add_to(acting_user, case)
        if not CaseMember.objects.filter(case=case, person=child, role=MemberRole.CHILD).exists():
            raise ValidationError("The child is not on this case")
        errors: dict[str, str] = {}
        if not how.strip():
            errors["how"] = "Enter how the explanation was given"
        if not explained_by.strip():
            errors["explained_by"] = "Enter who gave the explanation"
        if errors:
            raise ValidationError(errors)
        check_date(explained_on, "explained_on", "of the explanation")
        record = ExplanationRecord(
            child=child,
            case=case,
            explained_on=explained_on,
            how=how.strip(),
            explained_by=explained_by.strip(),
            created_by=acting_user,
            modified_by=acting_user,
        )
        record._history_user = acting_user  # type: ignore[attr-defined]
        record.save()
        chronology_record(
            acting_user=acting_user,
            people=[child],
            kind=ChronologyKind.WORDS_AND_PICTURES,
            occurred_on=explained_on,
            summary=f"The worries and the plan explained to {child.first_name}",
            detail=f"By {record.explained_by}. {record.how}",
            source=record,
            case=case,
        )
        access_log_append_each(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="explanation_record",
            record_id=record.pk,
            people=[child],
            request=request,
        )
    return record
