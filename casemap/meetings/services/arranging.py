"""Arranging meetings, inviting people, recording who came, and ending a meeting (held, adjourned or cancelled).

Every write holds the case or the meeting through the write guard, goes on the children's timelines and in the
access log. The due date is worked out once, when the meeting is arranged, and a new date never moves it. A
conference's chair is assigned to the case while the conference and its record are in hand.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change, held_case_to_add_to
from casemap.access.models import AccessAction, CaseAssignment
from casemap.access.policy import can_manage_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import Role, User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import (
    Case,
    CaseService,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChronologyKind,
    EnquiryOutcome,
    Episode,
    Section47Enquiry,
)
from casemap.cases.selectors import case_children
from casemap.core.models import recorded_save
from casemap.core.working_days import working_day_calendar
from casemap.meetings import timescales
from casemap.meetings.models import (
    CONFERENCE_KINDS,
    FAMILY_ROLES,
    AgencyType,
    Attendance,
    ConferencePart,
    Invitee,
    InviteeRole,
    Meeting,
    MeetingChild,
    MeetingKind,
    MeetingStatus,
)
from casemap.meetings.quorum import quorum_of
from casemap.people.models import Person, Professional

NOT_ON_A_WEEKEND = "A conference cannot be on a Saturday or Sunday"
CHOOSE_CHILDREN = "Choose the children the meeting is about, from this case"
NO_OPEN_ENQUIRY = "{child} has no section 47 enquiry waiting for a conference"
ENQUIRY_HAS_CONFERENCE = "{child}'s enquiry already has a conference arranged for {day:%-d %B %Y}"
NO_OPEN_PLAN = "{child} has no child protection plan to review"
NO_CONFERENCE_HELD = "{child} has had no conference yet: a core group follows the initial conference"
NO_CIN_PLAN = "{child} has no child in need plan to review"
NOT_IN_CARE = "{child} is not in care"
CHAIR_ROLE = "The chair of a conference must be a conference chair or a manager"
CHAIR_NEEDED = "Choose who will chair the conference"
ENDS_BEFORE_START = "The meeting cannot end before it starts"
ONLY_OPEN = "This meeting is {status}: it cannot be changed now"
HELD_IN_FUTURE = "The date it was held must be today or in the past"
INQUORATE = (
    "The conference is not quorate ({missing}). It can only be adjourned, with a new date, unless the chair "
    "records why it went ahead"
)
ADJOURN_NEEDS_DATE = "Give the date the conference will meet again"
ADJOURN_WITHIN = "An adjourned conference must meet again within {days} working days, by {day:%-d %B %Y}"
ADJOURN_NEEDS_INTERIM = "Say what the interim plan is until the conference meets again"
ONLY_CHAIR_CONCLUDES = "Only the chair or a manager in the team's line can end a conference"
LEAVES_BEFORE_ARRIVING = "The time they left must be after the time they arrived"
EXCLUSION_NEEDS_REASON = "Say why they were asked to leave"
ONLY_FAMILY_EXCLUDED = "Only a family member can be asked to leave part of a conference"
ALREADY_INVITED = "{name} is already invited"
CANCEL_NEEDS_REASON = "Say why the meeting is cancelled"


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _check_time(kind: str, starts_at: datetime.datetime, ends_at: datetime.datetime | None) -> None:
    if kind in CONFERENCE_KINDS and _local_day(starts_at).weekday() >= 5:
        raise ValidationError({"starts_at": NOT_ON_A_WEEKEND})
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationError({"ends_at": ENDS_BEFORE_START})


def _check_chair(kind: str, chair: User | None) -> None:
    if kind not in CONFERENCE_KINDS:
        return
    if chair is None:
        raise ValidationError({"chair": CHAIR_NEEDED})
    if chair.role not in {Role.CONFERENCE_CHAIR, Role.TEAM_MANAGER, Role.SERVICE_MANAGER}:
        raise ValidationError({"chair": CHAIR_ROLE})


def _held_meetings(children: Sequence[Person], kinds: Iterable[str]) -> list[Meeting]:
    return list(
        Meeting.objects.filter(
            meeting_children__child__in=children, kind__in=kinds, status=MeetingStatus.HELD, archived_at__isnull=True
        )
        .distinct()
        .order_by("-held_on", "-pk")
    )


def _links_and_due(
    case: Case, kind: str, children: Sequence[Person]
) -> tuple[dict[int, dict[str, object]], datetime.date | None, Meeting | None]:
    """For each child, what the meeting answers (the enquiry or the plan), the date it is due, and the meeting it
    follows. Refuses a meeting the records give no reason for."""
    links: dict[int, dict[str, object]] = {child.pk: {} for child in children}
    calendar = working_day_calendar()
    if kind == MeetingKind.INITIAL_CONFERENCE:
        discussions_on = []
        for child in children:
            enquiry = (
                Section47Enquiry.objects.select_for_update()
                .filter(case=case, child=child, archived_at__isnull=True)
                .exclude(conference_not_required=True)
                .select_related("strategy_discussion")
                .order_by("-started_on", "-pk")
                .first()
            )
            if enquiry is None or (enquiry.completed_on and enquiry.outcome != EnquiryOutcome.CONFERENCE):
                raise ValidationError({"children": NO_OPEN_ENQUIRY.format(child=child)})
            arranged = (
                Meeting.objects.filter(meeting_children__enquiry=enquiry, status=MeetingStatus.ARRANGED)
                .order_by("starts_at")
                .first()
            )
            if arranged is not None:
                raise ValidationError(
                    {"children": ENQUIRY_HAS_CONFERENCE.format(child=child, day=_local_day(arranged.starts_at))}
                )
            if MeetingChild.objects.filter(enquiry=enquiry, meeting__status=MeetingStatus.HELD).exists():
                raise ValidationError({"children": NO_OPEN_ENQUIRY.format(child=child)})
            links[child.pk]["enquiry"] = enquiry
            discussions_on.append(enquiry.strategy_discussion.held_on)
        return links, timescales.initial_conference_due(discussions_on, calendar), None
    if kind in {MeetingKind.REVIEW_CONFERENCE, MeetingKind.CORE_GROUP}:
        for child in children:
            plan = ChildProtectionPlan.objects.filter(child=child, case=case, ended_on__isnull=True).first()
            if plan is None:
                raise ValidationError({"children": NO_OPEN_PLAN.format(child=child)})
            links[child.pk]["plan"] = plan
        conferences = _held_meetings(children, CONFERENCE_KINDS)
        if not conferences:
            raise ValidationError({"children": NO_CONFERENCE_HELD.format(child=children[0])})
        last_conference = conferences[0]
        assert last_conference.held_on is not None
        if kind == MeetingKind.REVIEW_CONFERENCE:
            due = timescales.review_conference_due(last_conference.kind, last_conference.held_on)
            return links, due, last_conference
        core_groups = _held_meetings(children, {MeetingKind.CORE_GROUP})
        last_core_group = core_groups[0].held_on if core_groups else None
        return links, timescales.core_group_due(last_conference.held_on, last_core_group, calendar), last_conference
    if kind == MeetingKind.CHILD_IN_NEED_REVIEW:
        started = []
        for child in children:
            cin_plan = ChildInNeedPlan.objects.filter(child=child, case=case, ended_on__isnull=True).first()
            if cin_plan is None:
                raise ValidationError({"children": NO_CIN_PLAN.format(child=child)})
            started.append(cin_plan.started_on)
        reviews = _held_meetings(children, {MeetingKind.CHILD_IN_NEED_REVIEW})
        last_review = reviews[0].held_on if reviews else None
        return links, timescales.child_in_need_review_due(max(started), last_review, calendar), None
    if kind == MeetingKind.CHILD_IN_CARE_REVIEW:
        looked_after = []
        for child in children:
            episode = Episode.objects.filter(
                child=child, case=case, service=CaseService.CHILD_IN_CARE, ended_on__isnull=True
            ).first()
            if episode is None:
                raise ValidationError({"children": NOT_IN_CARE.format(child=child)})
            looked_after.append(episode.started_on)
        held_on = [m.held_on for m in _held_meetings(children, {MeetingKind.CHILD_IN_CARE_REVIEW}) if m.held_on]
        return links, timescales.child_in_care_review_due(max(looked_after), held_on, calendar), None
    return links, None, None


def _assign_chair(acting_user: User, meeting: Meeting) -> None:
    """The chair sees the case from the day the conference is arranged; the assignment ends once the record is
    due (set when the conference ends)."""
    if meeting.chair is None:
        return
    CaseAssignment.objects.create(
        case=meeting.case,
        user=meeting.chair,
        purpose=f"Chair: {meeting.get_kind_display()} {meeting.reference}",
        assigned_by=acting_user,
        starts_on=timezone.localdate(),
    )


def _chair_assignment(meeting: Meeting) -> CaseAssignment | None:
    if meeting.chair_id is None:
        return None
    return CaseAssignment.objects.filter(
        case_id=meeting.case_id, user_id=meeting.chair_id, purpose__endswith=meeting.reference
    ).first()


def meeting_children_of(meeting: Meeting) -> list[Person]:
    return [link.child for link in meeting.meeting_children.select_related("child")]


def _timeline(acting_user: User, meeting: Meeting, occurred_on: datetime.date, summary: str, detail: str = "") -> None:
    chronology_record(
        acting_user=acting_user,
        people=meeting_children_of(meeting),
        case=meeting.case,
        kind=ChronologyKind.MEETING,
        occurred_on=occurred_on,
        summary=summary,
        detail=detail,
        source=meeting,
    )


def meeting_arrange(
    *,
    acting_user: User,
    case: Case,
    kind: str,
    children: Sequence[Person],
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None,
    venue: str,
    chair: User | None = None,
    request: HttpRequest | None = None,
) -> Meeting:
    if kind not in MeetingKind.values:
        raise ValidationError({"kind": "Choose the kind of meeting"})
    on_case = {child.pk for child in case_children(case)}
    if not children or any(child.pk not in on_case for child in children):
        raise ValidationError({"children": CHOOSE_CHILDREN})
    if not venue.strip():
        raise ValidationError({"venue": "Say where the meeting is, or give the link to join it"})
    _check_time(kind, starts_at, ends_at)
    _check_chair(kind, chair)
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        links, due_on, previous = _links_and_due(held, kind, children)
        meeting = Meeting(
            case=held,
            kind=kind,
            due_on=due_on,
            starts_at=starts_at,
            ends_at=ends_at,
            venue=venue.strip(),
            chair=chair if kind in CONFERENCE_KINDS else None,
            previous=previous,
            created_by=acting_user,
            modified_by=acting_user,
        )
        meeting._history_user = acting_user  # type: ignore[attr-defined]
        meeting.save()
        MeetingChild.objects.bulk_create(
            [
                MeetingChild(
                    meeting=meeting,
                    child=child,
                    enquiry=links[child.pk].get("enquiry"),
                    plan=links[child.pk].get("plan"),
                )  # type: ignore[misc]
                for child in children
            ]
        )
        _assign_chair(acting_user, meeting)
        staff = [held.allocated_worker, meeting.chair]
        for user in dict.fromkeys(user for user in staff if user is not None):
            _invite(acting_user, meeting, user=user)
        when = f"{timezone.localtime(starts_at):%-d %B %Y at %-I:%M%p}".replace("AM", "am").replace("PM", "pm")
        _timeline(acting_user, meeting, timezone.localdate(), f"{meeting.get_kind_display()} arranged for {when}")
        access_log_append_each(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="meeting",
            record_id=meeting.pk,
            people=list(children),
            request=request,
        )
    return meeting


def _refuse_unless_open(current: Meeting) -> None:
    if current.status != MeetingStatus.ARRANGED:
        raise ValidationError(ONLY_OPEN.format(status=current.get_status_display().lower()))


def _meeting_change(
    meeting: Meeting,
    acting_user: User,
    expected_version: int | None,
    detail: str,
    request: HttpRequest | None,
    refuse: object = _refuse_unless_open,
) -> object:
    return guarded_change(
        meeting,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="meeting",
        people=meeting_children_of,
        detail=detail,
        request=request,
        refuse=refuse,  # type: ignore[arg-type]
        related=("case",),
    )


def meeting_reschedule(
    *,
    acting_user: User,
    meeting: Meeting,
    expected_version: int | None,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None,
    venue: str,
    request: HttpRequest | None = None,
) -> Meeting:
    """A new date, time or place. The date the meeting was due stays as it was: timeliness is judged by it."""
    if not venue.strip():
        raise ValidationError({"venue": "Say where the meeting is, or give the link to join it"})
    _check_time(meeting.kind, starts_at, ends_at)
    with _meeting_change(meeting, acting_user, expected_version, "rearranged", request) as current:  # type: ignore[attr-defined]
        moved = current.starts_at != starts_at
        current.starts_at = starts_at
        current.ends_at = ends_at
        current.venue = venue.strip()
        current.calendar_sequence += 1
        if moved:
            day = f"{timezone.localtime(starts_at):%-d %B %Y}"
            _timeline(acting_user, current, timezone.localdate(), f"{current.get_kind_display()} moved to {day}")
    return current


def meeting_cancel(
    *,
    acting_user: User,
    meeting: Meeting,
    expected_version: int | None,
    reason: str,
    request: HttpRequest | None = None,
) -> Meeting:
    if not reason.strip():
        raise ValidationError({"reason": CANCEL_NEEDS_REASON})
    with _meeting_change(meeting, acting_user, expected_version, "cancelled", request) as current:  # type: ignore[attr-defined]
        current.status = MeetingStatus.CANCELLED
        current.cancelled_reason = reason.strip()
        current.calendar_sequence += 1
        _timeline(acting_user, current, timezone.localdate(), f"{current.get_kind_display()} cancelled", reason)
        assignment = _chair_assignment(current)
        if assignment is not None and assignment.ends_on is None:
            assignment.ends_on = timezone.localdate()
            assignment.save(update_fields=["ends_on"])
    return current


# Invitees and attendance


def _professional_agency_type(professional: Professional) -> str:
    kind = (professional.agency.kind or professional.agency.name).lower()
    for agency_type, words in (
        (AgencyType.HEALTH, ("health", "gp", "nhs", "hospital", "midwi", "nurse", "paediatric")),
        (AgencyType.EDUCATION, ("school", "education", "college", "nursery")),
        (AgencyType.POLICE, ("police",)),
        (AgencyType.PROBATION, ("probation",)),
        (AgencyType.HOUSING, ("housing",)),
        (AgencyType.ADULT_SERVICES, ("mental health", "drug", "alcohol", "adult")),
        (AgencyType.LEGAL, ("legal",)),
        (AgencyType.VOLUNTARY, ("charity", "voluntary", "nspcc", "barnardo")),
    ):
        if any(word in kind for word in words):
            return agency_type
    return AgencyType.OTHER


def _invite(
    acting_user: User,
    meeting: Meeting,
    *,
    person: Person | None = None,
    professional: Professional | None = None,
    user: User | None = None,
    role: str = "",
    agency_type: str = "",
) -> Invitee:
    if user is not None:
        name, role, agency_type, agency_name = str(user), InviteeRole.STAFF, AgencyType.SOCIAL_CARE, ""
        agency_name = user.team.name if user.team_id else "Children's social care"  # type: ignore[union-attr]
    elif professional is not None:
        name, role = professional.name, InviteeRole.PROFESSIONAL
        agency_type = agency_type or _professional_agency_type(professional)
        agency_name = professional.agency.name
    elif person is not None:
        name = person.full_name
        role = role or (InviteeRole.CHILD if person.is_child else InviteeRole.FAMILY)
        if role not in FAMILY_ROLES:
            raise ValidationError({"role": "Choose how they are related to the children"})
        agency_type, agency_name = AgencyType.FAMILY, ""
    else:
        raise ValidationError("Choose who to invite")
    already = Invitee.objects.filter(meeting=meeting, person=person, professional=professional, user=user)
    if already.exists():
        raise ValidationError(ALREADY_INVITED.format(name=name))
    invitee = Invitee(
        meeting=meeting,
        person=person,
        professional=professional,
        user=user,
        name=name,
        role=role,
        agency_type=agency_type,
        agency_name=agency_name,
        created_by=acting_user,
        modified_by=acting_user,
    )
    invitee._history_user = acting_user  # type: ignore[attr-defined]
    invitee.save()
    return invitee


def invitee_add(
    *,
    acting_user: User,
    meeting: Meeting,
    expected_version: int | None,
    person: Person | None = None,
    professional: Professional | None = None,
    user: User | None = None,
    role: str = "",
    request: HttpRequest | None = None,
) -> Invitee:
    """Invite someone already on the record: a family member or network member, a professional on the case, or a
    member of staff. Their name and agency come from the record."""
    with _meeting_change(meeting, acting_user, expected_version, "invited", request) as current:  # type: ignore[attr-defined]
        return _invite(acting_user, current, person=person, professional=professional, user=user, role=role)


def attendance_record(
    *,
    acting_user: User,
    invitee: Invitee,
    expected_version: int | None,
    attendance: str,
    arrived_at: datetime.time | None = None,
    left_at: datetime.time | None = None,
    interpreter: str = "",
    advocate: str = "",
    excluded_from: Sequence[str] = (),
    exclusion_reason: str = "",
    request: HttpRequest | None = None,
) -> Invitee:
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": "Choose how they took part"})
    if arrived_at and left_at and left_at < arrived_at:
        raise ValidationError({"left_at": LEAVES_BEFORE_ARRIVING})
    parts = [part for part in excluded_from if part in ConferencePart.values]
    if len(parts) != len(excluded_from):
        raise ValidationError({"excluded_from": "Choose parts of the conference from the list"})
    if parts and not exclusion_reason.strip():
        raise ValidationError({"exclusion_reason": EXCLUSION_NEEDS_REASON})

    def refuse(current: Invitee) -> None:
        if current.meeting.status not in {MeetingStatus.ARRANGED, MeetingStatus.HELD}:
            raise ValidationError(ONLY_OPEN.format(status=current.meeting.get_status_display().lower()))
        if parts and current.role not in FAMILY_ROLES:
            raise ValidationError({"excluded_from": ONLY_FAMILY_EXCLUDED})

    with guarded_change(
        invitee,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="meeting attendance",
        people=lambda current: meeting_children_of(current.meeting),
        detail="attendance",
        request=request,
        refuse=refuse,
        related=("meeting", "meeting__case"),
    ) as current:
        current.attendance = attendance
        current.arrived_at = arrived_at
        current.left_at = left_at
        current.interpreter = interpreter.strip()
        current.advocate = advocate.strip()
        current.excluded_from = [part for part in ConferencePart.values if part in parts]
        current.exclusion_reason = exclusion_reason.strip() if parts else ""
    return current


# Ending a meeting


def _may_conclude(acting_user: User, meeting: Meeting) -> None:
    if meeting.is_conference and acting_user != meeting.chair and not can_manage_case(acting_user, meeting.case):
        raise PermissionDenied(ONLY_CHAIR_CONCLUDES)


def meeting_conclude(
    *,
    acting_user: User,
    meeting: Meeting,
    expected_version: int | None,
    held_on: datetime.date,
    adjourned: bool = False,
    reconvene_at: datetime.datetime | None = None,
    interim_plan: str = "",
    quorum_override_reason: str = "",
    request: HttpRequest | None = None,
) -> Meeting:
    """The meeting took place. An inquorate conference can only be adjourned (with an interim plan and a new date
    within 10 working days, which keeps the date the conference was due), unless the chair records why it went
    ahead."""
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": HELD_IN_FUTURE})
    if meeting.is_conference and held_on.weekday() >= 5:
        raise ValidationError({"held_on": NOT_ON_A_WEEKEND})
    calendar = working_day_calendar()
    if adjourned:
        if reconvene_at is None:
            raise ValidationError({"reconvene_at": ADJOURN_NEEDS_DATE})
        latest = calendar.add_working_days(held_on, timescales.timescales().adjourned_within_working_days)
        if _local_day(reconvene_at) > latest or _local_day(reconvene_at) <= held_on:
            raise ValidationError(
                {
                    "reconvene_at": ADJOURN_WITHIN.format(
                        days=timescales.timescales().adjourned_within_working_days, day=latest
                    )
                }
            )
        _check_time(meeting.kind, reconvene_at, None)
        if not interim_plan.strip():
            raise ValidationError({"interim_plan": ADJOURN_NEEDS_INTERIM})

    def refuse(current: Meeting) -> None:
        _refuse_unless_open(current)
        _may_conclude(acting_user, current)
        if current.is_conference and not adjourned and not quorum_override_reason.strip():
            quorum = quorum_of(current.invitees.all())
            if not quorum.is_quorate:
                raise ValidationError({"quorum_override_reason": INQUORATE.format(missing=quorum.missing.rstrip("."))})

    with _meeting_change(meeting, acting_user, expected_version, "ended", request, refuse) as current:  # type: ignore[attr-defined]
        current.held_on = held_on
        current.status = MeetingStatus.ADJOURNED if adjourned else MeetingStatus.HELD
        current.quorum_override_reason = "" if adjourned else quorum_override_reason.strip()
        current.interim_plan = interim_plan.strip() if adjourned else ""
        current.calendar_sequence += 1
        if adjourned:
            assert reconvene_at is not None
            again = _reconvene(acting_user, current, reconvene_at)
            # The chair carries on through the reconvened conference's own assignment.
            assignment = _chair_assignment(current)
            if assignment is not None:
                assignment.ends_on = timezone.localdate()
                assignment.save(update_fields=["ends_on"])
            _assign_chair(acting_user, again)
            _timeline(acting_user, current, held_on, f"{current.get_kind_display()} adjourned", current.interim_plan)
        else:
            _timeline(acting_user, current, held_on, f"{current.get_kind_display()} held")
            if current.kind == MeetingKind.INITIAL_CONFERENCE:
                _complete_enquiries(acting_user, current, held_on)
            assignment = _chair_assignment(current)
            if assignment is not None:
                assignment.ends_on = timescales.documents_due(held_on, calendar)[1] + datetime.timedelta(days=30)
                assignment.save(update_fields=["ends_on"])
    return current


def _reconvene(acting_user: User, adjourned: Meeting, reconvene_at: datetime.datetime) -> Meeting:
    """The same meeting, arranged again: the same children, enquiries or plans, invitees and chair, and the date it
    was first due, so the adjournment shows in timeliness."""
    again = Meeting(
        case=adjourned.case,
        kind=adjourned.kind,
        due_on=adjourned.due_on,
        starts_at=reconvene_at,
        ends_at=None,
        venue=adjourned.venue,
        chair=adjourned.chair,
        previous=adjourned,
        created_by=acting_user,
        modified_by=acting_user,
    )
    again._history_user = acting_user  # type: ignore[attr-defined]
    again.save()
    MeetingChild.objects.bulk_create(
        [
            MeetingChild(meeting=again, child_id=link.child_id, enquiry_id=link.enquiry_id, plan_id=link.plan_id)
            for link in adjourned.meeting_children.all()
        ]
    )
    for invitee in adjourned.invitees.all():
        _invite(
            acting_user,
            again,
            person=invitee.person,
            professional=invitee.professional,
            user=invitee.user,
            role=invitee.role,
            agency_type=invitee.agency_type,
        )
    return again


def _complete_enquiries(acting_user: User, conference: Meeting, held_on: datetime.date) -> None:
    """An initial conference completes the enquiries it answers, with the conference as their outcome."""
    for link in conference.meeting_children.select_related("enquiry").filter(enquiry__completed_on__isnull=True):
        enquiry = link.enquiry
        assert enquiry is not None
        enquiry.completed_on = max(held_on, enquiry.started_on)
        enquiry.outcome = EnquiryOutcome.CONFERENCE
        recorded_save(enquiry, acting_user=acting_user)
