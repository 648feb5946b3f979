"""The decision letter and the full record after a meeting is held: drafting them, a new version after a comment,
clearing a restricted report for the family, and sending each recipient their copy safely.

Each copy is prepared with the address or email read from the record at that time, never typed, and released
by a second person: for anyone outside the authority the releaser is never the author of the version. At release
the address is checked against the record again: changed since it was prepared, confidential to someone else, or
missing, it is refused; changed in the last 28 days, the releaser confirms they checked it with the family. A copy
sent in error opens a disclosure breach, which goes on the children's timelines without the copy's content.
Every write holds the case through the write guard, and goes in the access log for each child.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Replace, Upper
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change, held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.policy import can_manage_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import ChronologyKind
from casemap.core.models import recorded_save
from casemap.meetings.documents import (
    ADDRESS_FIELDS,
    address_of,
    document_content,
    foster_carer_ids,
    normalised_address,
    recipient_copy,
)
from casemap.meetings.models import (
    CONFERENCE_KINDS,
    AgencyReport,
    BreachStatus,
    ConferenceDecision,
    ConferenceDocument,
    DisclosureBreach,
    Distribution,
    DistributionChannel,
    DocumentKind,
    Invitee,
    InviteeRole,
    Meeting,
    MeetingStatus,
    ReportClearance,
)
from casemap.meetings.services.arranging import meeting_children_of
from casemap.people.models import Person

# How recent a change of address must be for the releaser to check it with the family first.
RECENT_ADDRESS_DAYS = 28

NOT_HELD = "Record that the meeting took place before its documents are drafted"
ALREADY_DRAFTED = "The {kind} is already drafted: after a comment, amend it to make a new version"
DECISIONS_NOT_SIGNED = "Sign the decision for each child before the {kind} is drafted"
CHOOSE_KIND = "Choose the decision letter or the full record"
ONLY_LATEST = "Only the latest version can be amended or sent: this is version {number} of {latest}"
CHOOSE_COMMENTER = "Choose who commented, from the people invited to this meeting"
SAY_WHAT_CHANGED = "Say what was changed after the comment"
NOT_RESTRICTED = "This report has no share restriction: the family's copies already include it"
ALREADY_CLEARED = "This report was cleared for the family on {day:%-d %B %Y}"
SAY_WHY_CLEARED = "Say why the report can now be shared with the family"
ONLY_CHAIR_CLEARS = "Only the chair or a manager in the team's line can clear a report for the family"
CHOOSE_RECIPIENT = "Choose someone invited to this meeting"
CHOOSE_CHANNEL = "Choose how the copy will be sent"
NO_ADDRESS = "There is no address on {name}'s record: add it to their record, or choose another way to send it"
NO_POSTAL_ADDRESS = "There is no postal address on the record for {name}: choose another way to send it"
NO_EMAIL = "There is no email address on the record for {name}: choose another way to send it"
ADDRESS_CONFIDENTIAL = "This address is confidential: it cannot be sent to anyone else"
AUTHOR_MAY_NOT_RELEASE = "Someone other than the author must check and release this copy"
ADDRESS_CHANGED = "The address on the record has changed since this copy was prepared: prepare it again"
EMAIL_CHANGED = "The email address on the record has changed since this copy was prepared: prepare it again"
COPY_CHANGED = "What this copy would contain has changed since it was prepared: prepare it again"
CHECK_WITH_FAMILY = (
    "The address on {name}'s record changed in the last 28 days: check it with the family, then tick the box"
)
ALREADY_RELEASED = "This copy was released on {day:%-d %B %Y}: it cannot be released again"
PREPARED_AGAIN = "This copy was prepared again: release the newer one"
NOT_RELEASED = "Only a copy that was released can be reported as sent in error"
SAY_WHAT_HAPPENED = "Say what happened"
ALREADY_REPORTED = "This copy is already reported as sent in error: the breach is open"
ONLY_MANAGER_CLOSES = "Only a manager in the team's line can close a breach"
SAY_WHAT_WAS_DONE = "Say what was done about it"
BREACH_CLOSED = "This breach was closed on {day:%-d %B %Y}"
SAY_WHY_CONFIDENTIAL = "Say why the address is confidential, or why it no longer is"


def _log(
    acting_user: User,
    meeting: Meeting,
    action: AccessAction,
    record_type: str,
    record_id: object,
    detail: str,
    request: HttpRequest | None,
) -> None:
    access_log_append_each(
        user=acting_user,
        action=action,
        record_type=record_type,
        record_id=record_id,
        people=meeting_children_of(meeting),
        detail=detail,
        request=request,
    )


def _held_meeting(acting_user: User, meeting: Meeting) -> Meeting:
    """Inside a transaction: the case held through the guard, then the meeting's row held, so two people drafting
    at once make one version each in turn."""
    held_case_to_add_to(acting_user, meeting.case)
    return Meeting.objects.select_for_update(of=("self",)).select_related("case", "chair", "map").get(pk=meeting.pk)


def _latest(meeting: Meeting, kind: str) -> ConferenceDocument | None:
    return ConferenceDocument.objects.filter(meeting=meeting, kind=kind).order_by("-number").first()


def _refuse_unless_latest(document: ConferenceDocument) -> None:
    latest = _latest(document.meeting, document.kind)
    if latest is not None and latest.number != document.number:
        raise ValidationError(ONLY_LATEST.format(number=document.number, latest=latest.number))


def _refuse_unsigned_decisions(meeting: Meeting, kind: str) -> None:
    if meeting.kind not in CONFERENCE_KINDS:
        return
    signed = set(
        ConferenceDecision.objects.filter(meeting=meeting, signed_at__isnull=False).values_list("child_id", flat=True)
    )
    if any(link.child_id not in signed for link in meeting.meeting_children.all()):
        raise ValidationError(DECISIONS_NOT_SIGNED.format(kind=DocumentKind(kind).label.lower()))


def _new_version(
    acting_user: User, meeting: Meeting, kind: str, number: int, commenter: Invitee | None = None, note: str = ""
) -> ConferenceDocument:
    return ConferenceDocument.objects.create(
        meeting=meeting,
        kind=kind,
        number=number,
        content=document_content(meeting, kind),
        author=acting_user,
        amended_after_comment_from=commenter,
        amendment_note=note,
    )


def document_draft(
    *, acting_user: User, meeting: Meeting, kind: str, request: HttpRequest | None = None
) -> ConferenceDocument:
    """Version 1 of the decision letter or the full record, from the meeting's records as they are now."""
    if kind not in DocumentKind.values:
        raise ValidationError(CHOOSE_KIND)
    with transaction.atomic():
        current = _held_meeting(acting_user, meeting)
        if current.status != MeetingStatus.HELD:
            raise ValidationError(NOT_HELD)
        if _latest(current, kind) is not None:
            raise ValidationError(ALREADY_DRAFTED.format(kind=DocumentKind(kind).label.lower()))
        _refuse_unsigned_decisions(current, kind)
        document = _new_version(acting_user, current, kind, 1)
        _log(acting_user, current, AccessAction.CREATE, "conference document", document.pk, f"{kind} v1", request)
    return document


def document_amend(
    *,
    acting_user: User,
    document: ConferenceDocument,
    amended_after_comment_from: Invitee | None,
    note: str,
    request: HttpRequest | None = None,
) -> ConferenceDocument:
    """Version N+1 after a recipient's comment, read from the records as they are now (corrected after the
    comment). Its copies say who the comment came from; the earlier versions stay as they were."""
    if amended_after_comment_from is None or amended_after_comment_from.meeting_id != document.meeting_id:
        raise ValidationError({"commented_by": CHOOSE_COMMENTER})
    if not note.strip():
        raise ValidationError({"note": SAY_WHAT_CHANGED})
    with transaction.atomic():
        current = _held_meeting(acting_user, document.meeting)
        _refuse_unless_latest(document)
        amended = _new_version(
            acting_user, current, document.kind, document.number + 1, amended_after_comment_from, note.strip()
        )
        detail = f"{document.kind} v{amended.number}, after comment from invitee {amended_after_comment_from.pk}"
        _log(acting_user, current, AccessAction.CREATE, "conference document", amended.pk, detail, request)
    return amended


def report_clear_for_family(
    *, acting_user: User, report: AgencyReport, reason: str, request: HttpRequest | None = None
) -> ReportClearance:
    """A restricted report may now go in the family's copies (copies prepared from now on; a copy already sent
    stays as it was sent). The chair or a manager in the team's line decides, and says why."""
    if not reason.strip():
        raise ValidationError({"reason": SAY_WHY_CLEARED})
    with transaction.atomic():
        meeting = _held_meeting(acting_user, report.meeting)
        current = AgencyReport.objects.select_for_update(of=("self",)).get(pk=report.pk, meeting=meeting)
        if acting_user != meeting.chair and not can_manage_case(acting_user, meeting.case):
            raise PermissionDenied(ONLY_CHAIR_CLEARS)
        if not current.share_restriction:
            raise ValidationError(NOT_RESTRICTED)
        cleared = ReportClearance.objects.filter(report=current).first()
        if cleared is not None:
            raise ValidationError(ALREADY_CLEARED.format(day=timezone.localtime(cleared.cleared_at)))
        clearance = ReportClearance.objects.create(
            report=current, cleared_by=acting_user, cleared_at=timezone.now(), reason=reason.strip()
        )
        agency = current.author.agency_name or current.author.get_agency_type_display()
        chronology_record(
            acting_user=acting_user,
            people=meeting_children_of(meeting),
            case=meeting.case,
            kind=ChronologyKind.MEETING,
            occurred_on=timezone.localdate(),
            summary=f"Report from {agency} to the {meeting.get_kind_display().lower()} cleared for the family",
            detail=reason.strip(),
            source=clearance,
        )
        detail = f"cleared for the family: {current.share_restriction}"
        _log(acting_user, meeting, AccessAction.CHANGE, "agency report", current.pk, detail, request)
    return clearance


# Addresses, read from the record


def address_changed_at(person: Person) -> datetime.datetime | None:
    """When the person's address took its current form on their record (added or changed), from its history."""
    rows = person.history.order_by("history_date", "history_id").values("history_date", *ADDRESS_FIELDS)
    changed_at, previous = None, normalised_address(["", "", "", ""])
    for row in rows:
        address = normalised_address([row[name] for name in ADDRESS_FIELDS])
        if address != previous:
            changed_at, previous = row["history_date"], address
    return changed_at if any(previous) else None


def needs_address_check(distribution: Distribution) -> bool:
    """A posted copy to someone whose address changed in the last 28 days: the releaser checks it with the family."""
    person = distribution.recipient.person
    if distribution.channel != DistributionChannel.POST or person is None:
        return False
    changed_at = address_changed_at(person)
    return changed_at is not None and changed_at > timezone.now() - datetime.timedelta(days=RECENT_ADDRESS_DAYS)


def _has_postal_address(person: Person) -> bool:
    return bool(person.address_line_1.strip() and person.postcode.strip())


def _squeezed(postcode: str) -> str:
    return "".join(postcode.split()).upper()


def _confidential_to_someone_else(person: Person) -> bool:
    """Whether the person's address is also the address of someone else whose address is protected: marked
    confidential, or a foster carer's. Looked for across every record, not only this family's."""
    same_postcode = (
        Person.objects.filter(archived_at__isnull=True)
        .exclude(pk=person.pk)
        .annotate(squeezed=Replace(Upper(F("postcode")), Value(" "), Value("")))
        .filter(squeezed=_squeezed(person.postcode))
    )
    line = address_of(person)[0]
    sharing = [other for other in same_postcode if address_of(other)[0] == line]
    if not sharing:
        return False
    fostering = foster_carer_ids(other.pk for other in sharing)
    return any(other.address_confidential or other.pk in fostering for other in sharing)


def _where_to(recipient: Invitee, channel: str) -> dict[str, str]:
    """The address or email for this channel, read from the recipient's record now; refused if there is none, or
    if it is someone else's confidential address."""
    if channel == DistributionChannel.POST:
        person = recipient.person
        if person is None:
            raise ValidationError({"channel": NO_POSTAL_ADDRESS.format(name=recipient.name)})
        if not _has_postal_address(person):
            raise ValidationError({"channel": NO_ADDRESS.format(name=recipient.name)})
        if _confidential_to_someone_else(person):
            raise ValidationError({"channel": ADDRESS_CONFIDENTIAL})
        return {name: getattr(person, name) for name in ADDRESS_FIELDS}
    if channel == DistributionChannel.SECURE_EMAIL:
        email = _email_on_record(recipient)
        if not email:
            raise ValidationError({"channel": NO_EMAIL.format(name=recipient.name)})
        return {"email": email}
    return {}


def _email_on_record(recipient: Invitee) -> str:
    if recipient.professional is not None:
        return recipient.professional.email
    if recipient.user is not None:
        return recipient.user.email
    return ""


# Preparing, releasing and reporting a copy


def distribution_prepare(
    *,
    acting_user: User,
    document: ConferenceDocument,
    recipient: Invitee | None,
    channel: str,
    request: HttpRequest | None = None,
) -> Distribution:
    """A recipient's copy of the latest version, with where it goes read from their record now. A copy already
    prepared for them and not yet released is replaced."""
    if recipient is None or recipient.meeting_id != document.meeting_id or recipient.archived_at is not None:
        raise ValidationError({"recipient": CHOOSE_RECIPIENT})
    if channel not in DistributionChannel.values:
        raise ValidationError({"channel": CHOOSE_CHANNEL})
    with transaction.atomic():
        meeting = _held_meeting(acting_user, document.meeting)
        _refuse_unless_latest(document)
        current = Invitee.objects.select_related("person", "professional", "user").get(pk=recipient.pk)
        where = _where_to(current, channel)
        now = timezone.now()
        replaced = Distribution.objects.select_for_update(of=("self",)).filter(
            document__meeting=meeting,
            document__kind=document.kind,
            recipient=current,
            released_at__isnull=True,
            archived_at__isnull=True,
        )
        for earlier in replaced:
            earlier.archived_at, earlier.archived_by, earlier.archive_reason = now, acting_user, "Prepared again"
            recorded_save(earlier, acting_user=acting_user)
        distribution = Distribution(
            document=document,
            recipient=current,
            channel=channel,
            copy=recipient_copy(document, current),
            created_by=acting_user,
            modified_by=acting_user,
            **where,
        )
        distribution._history_user = acting_user  # type: ignore[attr-defined]
        distribution.save()
        detail = f"{document.kind} v{document.number} prepared for invitee {current.pk}, {channel}"
        _log(acting_user, meeting, AccessAction.CREATE, "conference document copy", distribution.pk, detail, request)
    return distribution


def _release_refusals(acting_user: User, current: Distribution, address_checked: bool) -> None:
    if current.released_at is not None:
        raise ValidationError(ALREADY_RELEASED.format(day=timezone.localtime(current.released_at)))
    if current.archived_at is not None:
        raise ValidationError(PREPARED_AGAIN)
    document = current.document
    _refuse_unless_latest(document)
    recipient = Invitee.objects.select_related("person", "professional", "user").get(pk=current.recipient_id)
    if recipient.role != InviteeRole.STAFF and acting_user.pk == document.author_id:
        raise PermissionDenied(AUTHOR_MAY_NOT_RELEASE)
    if current.channel == DistributionChannel.POST:
        person = recipient.person
        if person is None or not _has_postal_address(person):
            raise ValidationError(NO_ADDRESS.format(name=recipient.name))
        prepared = normalised_address([getattr(current, name) for name in ADDRESS_FIELDS])
        if address_of(person) != prepared:
            raise ValidationError(ADDRESS_CHANGED)
        if _confidential_to_someone_else(person):
            raise ValidationError(ADDRESS_CONFIDENTIAL)
        if needs_address_check(current) and not address_checked:
            raise ValidationError({"address_checked": CHECK_WITH_FAMILY.format(name=recipient.name)})
    if current.channel == DistributionChannel.SECURE_EMAIL and _email_on_record(recipient).strip().lower() != (
        current.email.strip().lower()
    ):
        raise ValidationError(EMAIL_CHANGED)
    if recipient_copy(document, recipient) != current.copy:
        raise ValidationError(COPY_CHANGED)


def distribution_release(
    *,
    acting_user: User,
    distribution: Distribution,
    expected_version: int | None,
    address_checked: bool = False,
    request: HttpRequest | None = None,
) -> Distribution:
    """The second person checks the copy and releases it: they are its checker in the distribution log."""
    with guarded_change(
        distribution,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="conference document copy",
        people=lambda current: meeting_children_of(current.document.meeting),
        detail=f"released, {distribution.channel}",
        request=request,
        action=AccessAction.EXPORT,
        refuse=lambda current: _release_refusals(acting_user, current, address_checked),
        related=("document", "document__meeting", "document__meeting__case"),
    ) as current:
        current.released_by = acting_user
        current.released_at = timezone.now()
        current.address_checked_with_family = address_checked and needs_address_check(current)
    return current


def distribution_sent_in_error(
    *,
    acting_user: User,
    distribution: Distribution,
    what_happened: str,
    request: HttpRequest | None = None,
) -> DisclosureBreach:
    """A copy went to the wrong person or place: a breach is opened, open until a manager closes it. The children's
    timelines say a copy was sent in error, never what was in it or what happened."""
    if not what_happened.strip():
        raise ValidationError({"what_happened": SAY_WHAT_HAPPENED})
    with transaction.atomic():
        meeting = _held_meeting(acting_user, distribution.document.meeting)
        current = (
            Distribution.objects.select_for_update(of=("self",))
            .select_related("document")
            .get(pk=distribution.pk, document__meeting=meeting)
        )
        if current.released_at is None:
            raise ValidationError(NOT_RELEASED)
        if current.breaches.filter(status=BreachStatus.OPEN).exists():
            raise ValidationError(ALREADY_REPORTED)
        now = timezone.now()
        breach = DisclosureBreach(
            case=meeting.case,
            distribution=current,
            what_happened=what_happened.strip(),
            reported_by=acting_user,
            reported_at=now,
            created_by=acting_user,
            modified_by=acting_user,
        )
        breach._history_user = acting_user  # type: ignore[attr-defined]
        breach.save()
        chronology_record(
            acting_user=acting_user,
            people=meeting_children_of(meeting),
            case=meeting.case,
            kind=ChronologyKind.MEETING,
            occurred_on=timezone.localdate(),
            summary=f"A copy of the {current.document.get_kind_display().lower()} was sent in error: a breach is open",
            source=breach,
        )
        _log(acting_user, meeting, AccessAction.CREATE, "disclosure breach", breach.pk, "opened", request)
    return breach


def disclosure_breach_close(
    *,
    acting_user: User,
    breach: DisclosureBreach,
    expected_version: int | None,
    what_was_done: str,
    request: HttpRequest | None = None,
) -> DisclosureBreach:
    if not what_was_done.strip():
        raise ValidationError({"what_was_done": SAY_WHAT_WAS_DONE})

    def refuse(current: DisclosureBreach) -> None:
        if not can_manage_case(acting_user, current.case):
            raise PermissionDenied(ONLY_MANAGER_CLOSES)
        if current.status == BreachStatus.CLOSED and current.closed_at is not None:
            raise ValidationError(BREACH_CLOSED.format(day=timezone.localtime(current.closed_at)))

    def children(current: DisclosureBreach) -> list[Person]:
        return meeting_children_of(current.distribution.document.meeting)

    with guarded_change(
        breach,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="disclosure breach",
        people=children,
        detail="closed",
        request=request,
        refuse=refuse,
        related=("case",),
    ) as current:
        current.status = BreachStatus.CLOSED
        current.closed_by = acting_user
        current.closed_at = timezone.now()
        current.what_was_done = what_was_done.strip()
    return current


def person_address_confidential_set(
    *,
    acting_user: User,
    person: Person,
    expected_version: int | None,
    confidential: bool,
    reason: str,
    request: HttpRequest | None = None,
) -> Person:
    """Mark a person's address as one that must not be given to anyone else (a refuge, an adopter's address), or
    no longer. The person's timeline says so and why, never the address."""
    if not reason.strip():
        raise ValidationError({"reason": SAY_WHY_CONFIDENTIAL})
    changed: dict[str, Any] = {}
    with guarded_change(
        person,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="person",
        people=lambda current: [current],
        detail="address_confidential",
        request=request,
    ) as current:
        changed["before"] = current.address_confidential
        current.address_confidential = confidential
        if changed["before"] != confidential:
            chronology_record(
                acting_user=acting_user,
                people=[current],
                kind=ChronologyKind.PERSON_CHANGED,
                occurred_on=timezone.localdate(),
                summary="Address marked as confidential" if confidential else "Address no longer confidential",
                detail=reason.strip(),
                source=current,
            )
    return current
