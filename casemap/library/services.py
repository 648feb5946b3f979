"""Writes for the good-practice library: nominating an example, the worker's answer, changing the anonymised
draft, sending it back, and publishing it after a second person's check.

Each service names the acting user, holds the nomination for its one transaction, refuses a page that showed
an older version (`expected_version`), and writes the access log in the same transaction. Reading a child's
record to build a draft is logged against each child of the case; everything after that is logged against the
nomination or the example, never a child.
"""

import datetime
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import check_version
from casemap.access.models import AccessAction
from casemap.access.policy import READ_ONLY_ROLES, can_view_case, visible_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import MemberRole
from casemap.core.models import recorded_save
from casemap.library.models import ExampleSection, GoodPracticeExample, LibraryTool, Nomination, NominationStatus
from casemap.library.selectors import (
    get_inquiry_to_take,
    is_library_curator,
    may_check,
    may_edit,
    visible_nominations,
)
from casemap.library.sources import Source, anonymiser_for, draft_of, source_case, source_worker
from casemap.mapping.models import Map
from casemap.people.models import Person
from casemap.safety.models import SafetyPlan
from casemap.supervision.models import AppreciativeInquiry
from casemap.words.models import WordsAndPicturesBooklet

NOT_A_NOMINATOR = "Only a practice champion or a practice lead can nominate examples to the good-practice library"
NOT_A_CHECKER = "Only a practice champion or a practice lead can check examples for the good-practice library"
ALREADY_NOMINATED = "This is already in the good-practice library, or waiting to go in"
WRONG_TOOL = "Choose what the example shows"
ONLY_THE_WORKER = "Only the worker whose work it is can agree to it being shared"
NOT_WAITING_FOR_AGREEMENT = "This nomination is not waiting for the worker's agreement"
NO_CONSENT = "This cannot be published until the worker whose work it is has agreed to it being shared"
OWN_CHECK = "A second person must check this: not the person who nominated it, nor the worker whose work it is"
NOT_WAITING_FOR_CHECK = "This draft is not waiting to be checked"
NOT_EDITABLE = "This draft cannot be changed now"
ONLY_THE_NOMINATOR = "Only the person who nominated it can send it to be checked again"
NOT_SENT_BACK = "This draft has not been sent back"
REASON_NEEDED = "Enter what needs to change"
TITLE_NEEDED = "Enter a title"
NAMES_LEFT = "Names from the record are still in the text, so it has not been published. Replace them, then try again"

# The range, in days either way, each example's dates are moved by: far enough that a date cannot be matched to
# the record, near enough that the season and the gaps between dates still read true.
SHIFT_SMALLEST = 30
SHIFT_LARGEST = 180

TOOLS_FOR = {
    Map: {LibraryTool.MAP, LibraryTool.DANGER_STATEMENTS},
    SafetyPlan: {LibraryTool.SAFETY_PLAN},
    WordsAndPicturesBooklet: {LibraryTool.WORDS_AND_PICTURES},
    AppreciativeInquiry: {LibraryTool.APPRECIATIVE_INQUIRY},
}


@dataclass(frozen=True)
class SectionText:
    section_id: int
    heading: str
    text: str


def random_shift_days() -> int:
    days = SHIFT_SMALLEST + secrets.randbelow(SHIFT_LARGEST - SHIFT_SMALLEST + 1)
    return days if secrets.randbelow(2) else -days


def _children_of(source: Source) -> list[Person | None]:
    """The children whose record was read to build the draft: those a map or booklet is about, or the case's."""
    if isinstance(source, Map | WordsAndPicturesBooklet):
        children = list(source.children.all())
        if children:
            return list(children)
    case = source_case(source)
    if case is None:
        return [None]
    return [m.person for m in case.memberships.select_related("person").filter(role=MemberRole.CHILD)] or [None]


def _log(user: User, nomination: Nomination, action: AccessAction, detail: str, request: HttpRequest | None) -> None:
    access_log_append_each(
        user=user, action=action, record_type="good-practice nomination", record_id=nomination.pk, people=[None],
        detail=detail, request=request,
    )  # fmt: skip


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Free tags: trimmed, lower case, each once, in the order given."""
    seen: dict[str, None] = {}
    for tag in tags:
        tag = " ".join(tag.split()).lower()[:40]
        if tag:
            seen.setdefault(tag, None)
    return list(seen)[:10]


def _source_visible(acting_user: User, source: Source) -> bool:
    """The nominator may see the record through the access policy (re-read inside the transaction)."""
    if isinstance(source, AppreciativeInquiry):
        return True  # taken in only once its worker nominated it (`get_inquiry_to_take`)
    model = type(source)
    return (
        model._default_manager.filter(pk=source.pk, archived_at__isnull=True)
        .filter(visible_case(acting_user, "case_id"))
        .exists()
    )


def _already_in(source: Source) -> bool:
    field = {Map: "map", SafetyPlan: "safety_plan", WordsAndPicturesBooklet: "booklet", AppreciativeInquiry: "inquiry"}
    return (
        Nomination.objects.filter(**{field[type(source)]: source})
        .exclude(status=NominationStatus.DECLINED)
        .filter(archived_at__isnull=True)
        .exists()
    )


def _create(
    *,
    acting_user: User,
    source: Source,
    tool: str,
    why_good_practice: str,
    tags: Sequence[str],
    status: str,
    consented_at: datetime.datetime | None = None,
    request: HttpRequest | None,
) -> Nomination:
    if acting_user.role in READ_ONLY_ROLES or not is_library_curator(acting_user):
        raise PermissionDenied(NOT_A_NOMINATOR)
    if tool not in TOOLS_FOR[type(source)]:
        raise ValidationError({"tool": WRONG_TOOL})
    if not _source_visible(acting_user, source):
        raise PermissionDenied(NOT_A_NOMINATOR)
    if _already_in(source):
        raise ValidationError(ALREADY_NOMINATED)
    shift = random_shift_days()
    anonymiser = anonymiser_for(source, shift)
    draft = draft_of(source, tool, anonymiser)
    now = timezone.now()
    example = GoodPracticeExample(
        tool=tool, title=draft.title[:200], why_good_practice=anonymiser.text(why_good_practice.strip()),
        happened_in=draft.happened_in, tags=clean_tags(anonymiser.text(tag) for tag in tags),
        created_by=acting_user, modified_by=acting_user,
    )  # fmt: skip
    example._history_user = acting_user  # type: ignore[attr-defined]
    example.save()
    ExampleSection.objects.bulk_create(
        ExampleSection(example=example, position=index, heading=heading[:200], text=text)
        for index, (heading, text) in enumerate(draft.sections, start=1)
    )
    field = {Map: "map", SafetyPlan: "safety_plan", WordsAndPicturesBooklet: "booklet", AppreciativeInquiry: "inquiry"}
    nomination = Nomination(
        tool=tool, case=source_case(source), worker=source_worker(source), nominated_by=acting_user,
        nominated_at=now, status=status, consented_at=consented_at, date_shift_days=shift, example=example,
        created_by=acting_user, modified_by=acting_user, **{field[type(source)]: source},
    )  # fmt: skip
    nomination._history_user = acting_user  # type: ignore[attr-defined]
    nomination.save()
    access_log_append_each(
        user=acting_user,
        action=AccessAction.VIEW,
        record_type=str(type(source)._meta.verbose_name),
        record_id=source.pk,
        people=_children_of(source),
        detail=f"read to nominate it to the good-practice library ({nomination.pk})",
        request=request,
    )
    _log(acting_user, nomination, AccessAction.CREATE, f"nominated: {tool}", request)
    return nomination


def nomination_create(
    *,
    acting_user: User,
    source: Map | SafetyPlan | WordsAndPicturesBooklet,
    tool: str,
    why_good_practice: str = "",
    tags: Sequence[str] = (),
    request: HttpRequest | None = None,
) -> Nomination:
    """A champion or practice lead nominates a map (or its danger statements and safety goals), a safety plan or a
    Words and Pictures booklet they may see. Casemap builds the anonymised draft at once; it waits for the worker
    whose work it is to agree."""
    with transaction.atomic():
        return _create(
            acting_user=acting_user, source=source, tool=tool, why_good_practice=why_good_practice, tags=tags,
            status=NominationStatus.AWAITING_CONSENT, request=request,
        )  # fmt: skip


def inquiry_take(
    *,
    acting_user: User,
    inquiry: AppreciativeInquiry,
    why_good_practice: str = "",
    tags: Sequence[str] = (),
    request: HttpRequest | None = None,
) -> Nomination:
    """An appreciative inquiry its worker nominated, with their consent, taken into the library: it goes straight
    to a second person's check."""
    with transaction.atomic():
        if not is_library_curator(acting_user):
            raise PermissionDenied(NOT_A_NOMINATOR)
        held = get_inquiry_to_take(acting_user, inquiry.pk)
        return _create(
            acting_user=acting_user, source=held, tool=LibraryTool.APPRECIATIVE_INQUIRY,
            why_good_practice=why_good_practice, tags=tags, status=NominationStatus.AWAITING_CHECK,
            consented_at=held.nominated_at, request=request,
        )  # fmt: skip


def _held(acting_user: User, nomination: Nomination) -> Nomination:
    held = (
        visible_nominations(acting_user)
        .select_for_update(of=("self",))
        .select_related("modified_by")
        .filter(pk=nomination.pk)
        .first()
    )
    if held is None:
        raise PermissionDenied("You cannot change this nomination")
    return held


def nomination_answer(
    *,
    acting_user: User,
    nomination: Nomination,
    agrees: bool,
    reason: str = "",
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Nomination:
    """The worker agrees to their work being shared, anonymised, or does not (and may say why)."""
    with transaction.atomic():
        held = _held(acting_user, nomination)
        if held.worker_id != acting_user.pk:
            raise PermissionDenied(ONLY_THE_WORKER)
        if held.status != NominationStatus.AWAITING_CONSENT:
            raise ValidationError(NOT_WAITING_FOR_AGREEMENT)
        check_version(held, expected_version)
        if agrees:
            held.status = NominationStatus.AWAITING_CHECK
            held.consented_at = timezone.now()
        else:
            held.status = NominationStatus.DECLINED
            held.declined_reason = reason.strip()
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, "agreed" if agrees else "not agreed", request)
        return held


def draft_change(
    *,
    acting_user: User,
    nomination: Nomination,
    title: str,
    why_good_practice: str,
    tags: Sequence[str],
    sections: Sequence[SectionText],
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Nomination:
    """Every word of the draft may be changed by its checker (or its nominator once it is sent back)."""
    if not title.strip():
        raise ValidationError({"title": TITLE_NEEDED})
    with transaction.atomic():
        held = _held(acting_user, nomination)
        if not may_edit(acting_user, held):
            raise PermissionDenied(NOT_EDITABLE)
        check_version(held, expected_version)
        example = GoodPracticeExample.objects.select_for_update().get(pk=held.example_id)
        example.title = title.strip()[:200]
        example.why_good_practice = why_good_practice.strip()
        example.tags = clean_tags(tags)
        recorded_save(example, acting_user=acting_user)
        rows = {row.pk: row for row in example.sections.all()}
        for given in sections:
            row = rows.get(given.section_id)
            if row is not None and (row.heading, row.text) != (given.heading.strip(), given.text.strip()):
                row.heading = given.heading.strip()[:200] or row.heading
                row.text = given.text.strip()
                row._history_user = acting_user  # type: ignore[attr-defined]
                row.save()
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, "draft changed", request)
        return held


def _checked(acting_user: User, nomination: Nomination, expected_version: int | None) -> Nomination:
    """The nomination held for its checker: a curator is told plainly why they may not check it yet."""
    if not is_library_curator(acting_user):
        raise PermissionDenied(NOT_A_CHECKER)
    held = Nomination.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=nomination.pk)
    if not may_check(acting_user, held):
        raise PermissionDenied(OWN_CHECK)
    if held.consented_at is None:
        raise ValidationError(NO_CONSENT)
    if held.status != NominationStatus.AWAITING_CHECK:
        raise ValidationError(NOT_WAITING_FOR_CHECK)
    check_version(held, expected_version)
    return held


def names_left(nomination: Nomination) -> list[str]:
    """Where a name of the record's people, as the record holds them now, is still in the draft: one line for
    each part of the draft, naming the names found there."""
    anonymiser = anonymiser_for(nomination.source, nomination.date_shift_days)  # type: ignore[arg-type]
    example = nomination.example
    parts = [("The title", example.title), ("Why it is good practice", example.why_good_practice),
             ("The tags", ", ".join(example.tags))]  # fmt: skip
    parts += [(f"“{section.heading}” (its heading)", section.heading) for section in example.sections.all()]
    parts += [(f"“{section.heading}”", section.text) for section in example.sections.all()]
    found = []
    for where, text in parts:
        names = anonymiser.names_found(text)
        if names:
            found.append(f"{where}: {', '.join(names)}")
    return found


def nomination_publish(
    *,
    acting_user: User,
    nomination: Nomination,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> GoodPracticeExample:
    """A second person publishes the checked draft. Refused without the worker's agreement, by its nominator or
    worker, and while any name the record holds is still in its words (read from the record again now)."""
    with transaction.atomic():
        held = _checked(acting_user, nomination, expected_version)
        left = names_left(held)
        if left:
            raise ValidationError([NAMES_LEFT, *left])
        example = GoodPracticeExample.objects.select_for_update().get(pk=held.example_id)
        example.published_at = timezone.now()
        recorded_save(example, acting_user=acting_user)
        held.status = NominationStatus.PUBLISHED
        held.checked_by = acting_user
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, "checked and published", request)
        access_log_append_each(
            user=acting_user, action=AccessAction.CREATE, record_type="good-practice example", record_id=example.pk,
            people=[None], detail="published", request=request,
        )  # fmt: skip
        return example


def nomination_send_back(
    *,
    acting_user: User,
    nomination: Nomination,
    reason: str,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Nomination:
    """The checker sends the draft back to its nominator, saying what needs to change."""
    if not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})
    with transaction.atomic():
        held = _checked(acting_user, nomination, expected_version)
        held.status = NominationStatus.SENT_BACK
        held.sent_back_reason = reason.strip()
        held.checked_by = acting_user
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, "sent back", request)
        return held


def nomination_resubmit(
    *,
    acting_user: User,
    nomination: Nomination,
    expected_version: int | None = None,
    request: HttpRequest | None = None,
) -> Nomination:
    """The nominator, having put the draft right, sends it to be checked again."""
    with transaction.atomic():
        held = _held(acting_user, nomination)
        if held.nominated_by_id != acting_user.pk:
            raise PermissionDenied(ONLY_THE_NOMINATOR)
        if held.status != NominationStatus.SENT_BACK:
            raise ValidationError(NOT_SENT_BACK)
        check_version(held, expected_version)
        held.status = NominationStatus.AWAITING_CHECK
        recorded_save(held, acting_user=acting_user)
        _log(acting_user, held, AccessAction.CHANGE, "sent to be checked again", request)
        return held


def example_read_log(*, user: User, example: GoodPracticeExample, request: HttpRequest | None = None) -> None:
    """A reader opened a published example: logged as a view of the example, never of a child."""
    access_log_append_each(
        user=user, action=AccessAction.VIEW, record_type="good-practice example", record_id=example.pk,
        people=[None], request=request,
    )  # fmt: skip


def may_nominate_record(user: User, source: Source) -> bool:
    """For pages: whether to offer "Nominate to the good-practice library" on a record."""
    case = source_case(source)
    return is_library_curator(user) and case is not None and can_view_case(user, case) and not _already_in(source)
