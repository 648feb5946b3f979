"""The conference record in Signs of Safety structure: agency reports, the conference map, the child's view, scores
given in private and revealed together, and the decision for each child.

Worries, what is working well, danger statements and goals are recorded on the conference's own map with the
mapping app's pages; nothing from the map is copied here. Scores are sealed until the chair reveals them all at
once: they then become scaling judgements on the map, parents first. A signed decision is frozen; signing opens,
reviews or ends the child protection plan on the date the conference was held.
"""

import datetime
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change, held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.policy import can_manage_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import Role, User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import AbuseCategory, ChronologyKind, PlanEndReason
from casemap.cases.services.statutory import protection_plan_end, protection_plan_open, protection_plan_review
from casemap.core.working_days import WorkingDayCalendar, working_day_calendar
from casemap.mapping.models import DangerStatement, Map, MapSetting, MapStatus, RaterRole
from casemap.mapping.services import judgement_add, map_remap, map_start
from casemap.meetings.models import (
    AgencyReport,
    AgencyType,
    ConferenceDecision,
    Dissent,
    Invitee,
    InviteeRole,
    Meeting,
    MeetingChild,
    MeetingKind,
    MeetingStatus,
    SealedScore,
    ShareRestriction,
)
from casemap.meetings.services.arranging import meeting_children_of
from casemap.meetings.timescales import timescales
from casemap.people.models import Person

# Working days before the conference by which a report the family may see must be shared with them.

NOT_A_CONFERENCE = "Only a child protection conference has a conference record"
NOT_RECORDING = "This conference is {status}: its record cannot be changed now"
RECORD_CONCLUDED = "Every decision of this conference is signed: its record cannot be changed now"
CHOOSE_AUTHOR = "Choose the author from the professionals and staff invited to this conference"
AUTHOR_HAS_REPORT = "{name} has already given a report to this conference: change that one"
ENTER_WORRIES = "Enter what the agency is worried about"
ENTER_WORKING_WELL = "Enter what is working well"
ENTER_NEEDS_TO_HAPPEN = "Enter what needs to happen"
SCORE_RANGE = "The score must be a whole number from 0 to 10"
SCORE_NEEDS_REASON = "Say why the agency gave this score"
REASON_NEEDS_SCORE = "Give the agency's score, or leave its reason empty"
SHARED_IN_FUTURE = "The date it was shared with the family must be today or in the past"
CHOOSE_RESTRICTION = "Choose why the report may not be shared, from the list"
RESTRICTION_NEEDS_REASON = "Say why the report may not be shared with the family"
MAP_ALREADY_STARTED = "This conference already has its map"
ENTER_CHILDS_VIEW = "Enter the child's view, in their words or as they showed it"
NEEDS_MAP = "Start the conference map before scores are given"
CHOOSE_SCORER = "Choose who is giving the score from the people who took part in the conference"
STATEMENT_NOT_ON_MAP = "Choose a danger statement from the conference map"
ALREADY_SCORED = "{name} has already given their score for {scale}"
ALREADY_REVEALED = "The scores were revealed at {moment:%-I:%M%p on %-d %B %Y}: no more can be given"
ONLY_CHAIR_REVEALS = "Only the chair or a manager in the team's line can reveal the scores"
NO_SCORES = "No one has given a score yet"
CHILD_NOT_AT_MEETING = "Choose a child this conference is about"
SAY_HARM = "Say whether the child is suffering, or likely to suffer, significant harm"
SAY_PLAN = "Say whether the child needs a child protection plan"
PLAN_NEEDS_HARM = "A child protection plan needs the conference to find the child at risk of significant harm"
CHOOSE_CATEGORY = "Choose the category of abuse"
CATEGORY_ONLY_WITH_PLAN = "A category of abuse is given only when the child has a child protection plan"
SAY_STILL_RELEVANT = "Say whether the category of the plan is still relevant"
STILL_RELEVANT_IS = "The plan's category is {label}: choose it, or say it is no longer relevant"
CHOOSE_NEW_CATEGORY = "The category is no longer relevant: choose the one that is"
ENTER_REASONS = "Enter the reasons for the decision"
CHOOSE_LEAD_WORKER = "Choose the lead social worker from the case's team"
LEAD_WORKER_FOR_PLAN = "Choose the lead social worker for the plan"
CORE_GROUP_FOR_PLAN = "Choose who is in the core group"
CORE_GROUP_ONLY_WITH_PLAN = "A core group is named only when the child has a child protection plan"
CHOOSE_DISSENTER = "Choose each agency that disagrees from those who took part in the conference"
DISSENT_NEEDS_REASON = "Say why {name} disagrees with the decision"
DISSENT_TWICE = "{name} is listed twice: give their reasons once"
DECISION_SIGNED = "This decision was signed on {day:%-d %B %Y}: it cannot be changed"
ONLY_CHAIR_SIGNS = "Only the chair or a manager in the team's line can sign a decision"
SIGN_WHEN_HELD = "Record that the conference took place before its decisions are signed"
SIGN_NEEDS_CHILDS_VIEW = "Record the child's view before signing: every conference record must have it"
NO_DECISION = "Save the decision before it is signed"
NO_PLAN_TO_REVIEW = "{child} has no child protection plan for this review"

RECORDING_STATUSES = {MeetingStatus.ARRANGED, MeetingStatus.HELD}
SCORER_ORDER = {
    InviteeRole.PARENT: 0,
    InviteeRole.FOSTER_CARER: 0,
    InviteeRole.CHILD: 1,
    InviteeRole.FAMILY: 1,
    InviteeRole.PROFESSIONAL: 2,
    InviteeRole.STAFF: 2,
}


# What every change to the record shares


def _is_concluded(meeting: Meeting) -> bool:
    links = meeting.meeting_children.count()
    signed = ConferenceDecision.objects.filter(meeting=meeting, signed_at__isnull=False).count()
    return links > 0 and signed >= links


def _refuse_unless_recording(meeting: Meeting) -> None:
    if not meeting.is_conference:
        raise ValidationError(NOT_A_CONFERENCE)
    if meeting.status not in RECORDING_STATUSES:
        raise ValidationError(NOT_RECORDING.format(status=meeting.get_status_display().lower()))
    if _is_concluded(meeting):
        raise ValidationError(RECORD_CONCLUDED)


def _may_lead(acting_user: User, meeting: Meeting, message: str) -> None:
    if acting_user.pk != meeting.chair_id and not can_manage_case(acting_user, meeting.case):
        raise PermissionDenied(message)


@contextmanager
def _adding_to(
    acting_user: User, meeting: Meeting, refuse: Callable[[Meeting], None] = _refuse_unless_recording
) -> Iterator[Meeting]:
    """For a new row on the record: the meeting row held, so that its status and what is already on it are read
    as they stand, then its case through the write guard. Always in that order, the order every change to the
    record takes, so two changes at once wait for each other rather than deadlock."""
    with transaction.atomic():
        current = Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        current.case = held_case_to_add_to(acting_user, meeting.case)
        refuse(current)
        yield current


def _meeting_change(
    meeting: Meeting,
    acting_user: User,
    expected_version: int | None,
    detail: str,
    request: HttpRequest | None,
    refuse: Callable[[Meeting], None] = _refuse_unless_recording,
) -> AbstractContextManager[Meeting]:
    return guarded_change(
        meeting,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="meeting",
        people=meeting_children_of,
        detail=detail,
        request=request,
        refuse=refuse,
        related=("case",),
    )


def _log_new(
    acting_user: User, meeting: Meeting, record_type: str, record_id: int, detail: str, request: HttpRequest | None
) -> None:
    access_log_append_each(
        user=acting_user,
        action=AccessAction.CREATE,
        record_type=record_type,
        record_id=record_id,
        detail=detail,
        people=meeting_children_of(meeting),
        request=request,
    )


def _timeline(
    acting_user: User, meeting: Meeting, people: Sequence[Person], day: datetime.date, summary: str, detail: str = ""
) -> None:
    chronology_record(
        acting_user=acting_user,
        people=people,
        case=meeting.case,
        kind=ChronologyKind.MEETING,
        occurred_on=day,
        summary=summary,
        detail=detail,
        source=meeting,
    )


def conference_day(meeting: Meeting) -> datetime.date:
    return meeting.held_on or timezone.localtime(meeting.starts_at).date()


# Agency reports


def report_authors(meeting: Meeting) -> list[Invitee]:
    """Who may be a report's author: the professionals and staff invited, never a family member."""
    return list(meeting.invitees.filter(role__in=[InviteeRole.PROFESSIONAL, InviteeRole.STAFF]).order_by("pk"))


@dataclass(frozen=True)
class ReportAnswers:
    """What an agency's report says: the three columns, the child's wishes, the agency's score and its sharing."""

    worries: str
    working_well: str
    needs_to_happen: str
    childs_wishes: str = ""
    score: int | None = None
    score_reason: str = ""
    shared_with_family_on: datetime.date | None = None
    share_restriction: str = ""
    restriction_reason: str = ""

    def check(self) -> None:
        errors: dict[str, str] = {}
        for field, text, message in (
            ("worries", self.worries, ENTER_WORRIES),
            ("working_well", self.working_well, ENTER_WORKING_WELL),
            ("needs_to_happen", self.needs_to_happen, ENTER_NEEDS_TO_HAPPEN),
        ):
            if not text.strip():
                errors[field] = message
        if self.score is not None and not 0 <= self.score <= 10:
            errors["score"] = SCORE_RANGE
        elif self.score is not None and not self.score_reason.strip():
            errors["score_reason"] = SCORE_NEEDS_REASON
        elif self.score is None and self.score_reason.strip():
            errors["score"] = REASON_NEEDS_SCORE
        if self.shared_with_family_on is not None and self.shared_with_family_on > timezone.localdate():
            errors["shared_with_family_on"] = SHARED_IN_FUTURE
        if self.share_restriction not in ShareRestriction.values:
            errors["share_restriction"] = CHOOSE_RESTRICTION
        elif self.share_restriction and not self.restriction_reason.strip():
            errors["restriction_reason"] = RESTRICTION_NEEDS_REASON
        if errors:
            raise ValidationError(errors)

    def fill(self, report: AgencyReport) -> None:
        report.worries = self.worries.strip()
        report.working_well = self.working_well.strip()
        report.needs_to_happen = self.needs_to_happen.strip()
        report.childs_wishes = self.childs_wishes.strip()
        report.score = self.score
        report.score_reason = self.score_reason.strip() if self.score is not None else ""
        report.shared_with_family_on = self.shared_with_family_on
        report.share_restriction = self.share_restriction
        report.restriction_reason = self.restriction_reason.strip() if self.share_restriction else ""


def agency_report_add(
    *,
    acting_user: User,
    meeting: Meeting,
    author: Invitee,
    answers: ReportAnswers,
    request: HttpRequest | None = None,
) -> AgencyReport:
    """An agency's report to the conference. The author is one of the professionals or staff invited; their
    agency is the one the record names."""
    answers.check()
    with _adding_to(acting_user, meeting) as current:
        if author.pk not in {invitee.pk for invitee in report_authors(current)}:
            raise ValidationError({"author": CHOOSE_AUTHOR})
        if AgencyReport.objects.filter(meeting=current, author=author, archived_at__isnull=True).exists():
            raise ValidationError({"author": AUTHOR_HAS_REPORT.format(name=author.name)})
        report = AgencyReport(meeting=current, author=author, created_by=acting_user, modified_by=acting_user)
        answers.fill(report)
        report._history_user = acting_user  # type: ignore[attr-defined]
        report.save()
        _log_new(acting_user, current, "agency report", report.pk, f"from {author.name}", request)
    return report


def agency_report_update(
    *,
    acting_user: User,
    report: AgencyReport,
    expected_version: int | None,
    answers: ReportAnswers,
    request: HttpRequest | None = None,
) -> AgencyReport:
    answers.check()
    with guarded_change(
        report,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="agency report",
        people=lambda current: meeting_children_of(current.meeting),
        detail="changed",
        request=request,
        refuse=lambda current: _refuse_unless_recording(current.meeting),
        related=("meeting", "meeting__case", "author"),
    ) as current:
        answers.fill(current)
    return current


@dataclass(frozen=True)
class SharingWarning:
    report: AgencyReport
    share_by: datetime.date
    message: str


def share_by(meeting: Meeting, calendar: WorkingDayCalendar | None = None) -> datetime.date:
    """The last day a report the family may see can be shared with them: by default 3 working days before an
    initial conference, 5 before a review (`casemap.meetings.timescales`)."""
    calendar = calendar or working_day_calendar()
    return calendar.add_working_days(conference_day(meeting), -_share_before_working_days(meeting))


def sharing_warnings(meeting: Meeting, reports: Sequence[AgencyReport]) -> dict[int, SharingWarning]:
    """For each report the family may see that was not shared with them in time, why: keyed by the report."""
    if not meeting.is_conference:
        return {}
    deadline = share_by(meeting)
    kind = meeting.get_kind_display().lower()
    before = f"{deadline:%-d %B %Y}, {working_days_label(meeting)} before the {kind}"
    warnings = {}
    for report in reports:
        shared = report.shared_with_family_on
        if report.share_restriction or (shared is not None and shared <= deadline):
            continue
        if shared is not None:
            message = f"Shared with the family on {shared:%-d %B %Y}, after {before}"
        elif timezone.localdate() <= deadline:
            message = f"Not shared with the family yet: share it by {before}"
        else:
            message = f"Not shared with the family by {before}"
        warnings[report.pk] = SharingWarning(report=report, share_by=deadline, message=message)
    return warnings


def working_days_label(meeting: Meeting) -> str:
    return f"{_share_before_working_days(meeting)} working days"


def _share_before_working_days(meeting: Meeting) -> int:
    rules = timescales()
    if meeting.kind == MeetingKind.REVIEW_CONFERENCE:
        return rules.share_reports_before_review_working_days
    return rules.share_reports_before_initial_working_days


# The conference map and the child's view


def conference_map_start(
    *, acting_user: User, meeting: Meeting, expected_version: int | None, request: HttpRequest | None = None
) -> Map:
    """The conference's map of the case, linked to the meeting. A conference re-maps: when the case's latest map
    is signed off, is about the same children and no draft is open, the conference starts from it (its worries,
    what is working well, danger statements and goals, to be changed and scored afresh); otherwise it starts a
    new map. Either way the map is recorded on the map's own pages."""

    def refuse(current: Meeting) -> None:
        _refuse_unless_recording(current)
        if current.map_id is not None:
            raise ValidationError(MAP_ALREADY_STARTED)

    with _meeting_change(meeting, acting_user, expected_version, "conference map started", request, refuse) as current:
        # Mapped on the day it is held, or today while it is being prepared.
        held_on = min(conference_day(current), timezone.localdate())
        children = meeting_children_of(current)
        latest = Map.objects.filter(case=current.case, archived_at__isnull=True).order_by("-number").first()
        if (
            latest is not None
            and latest.status == MapStatus.SIGNED_OFF
            and {child.pk for child in latest.children.all()} == {child.pk for child in children}
        ):
            map_ = map_remap(
                acting_user=acting_user, map_=latest, held_on=held_on, setting=MapSetting.CONFERENCE, request=request
            )
        else:
            map_ = map_start(
                acting_user=acting_user,
                case=current.case,
                setting=MapSetting.CONFERENCE,
                held_on=held_on,
                children=children,
                request=request,
            )
        current.map = map_
        _timeline(
            acting_user,
            current,
            meeting_children_of(current),
            held_on,
            f"Conference map started: map {map_.number}",
        )
    return map_


def childs_view_record(
    *,
    acting_user: User,
    meeting: Meeting,
    expected_version: int | None,
    childs_view: str,
    request: HttpRequest | None = None,
) -> Meeting:
    """The child's view: a heading every conference record must have, so it cannot be left empty."""
    if not childs_view.strip():
        raise ValidationError({"childs_view": ENTER_CHILDS_VIEW})
    with _meeting_change(meeting, acting_user, expected_version, "child's view", request) as current:
        current.childs_view = childs_view.strip()
    return current


# Scores given in private and revealed together


def scorers(meeting: Meeting) -> list[Invitee]:
    """Who may give a score: everyone who took part, family and professionals alike."""
    return [invitee for invitee in meeting.invitees.order_by("pk") if invitee.took_part]


def _scale_name(danger_statement: DangerStatement | None) -> str:
    return "the overall scale" if danger_statement is None else f"the danger statement '{danger_statement.statement}'"


def sealed_score_give(
    *,
    acting_user: User,
    meeting: Meeting,
    invitee: Invitee,
    danger_statement: DangerStatement | None,
    score: int,
    reason: str,
    request: HttpRequest | None = None,
) -> SealedScore:
    """One person's score, kept sealed: nobody sees it until the chair reveals every score at once. One score
    from each person for each danger statement on the conference map, and one overall."""
    errors: dict[str, str] = {}
    if not 0 <= score <= 10:
        errors["score"] = SCORE_RANGE
    if not reason.strip():
        errors["reason"] = "Enter the reason for the score"
    if errors:
        raise ValidationError(errors)
    with _adding_to(acting_user, meeting) as current:
        if current.scores_revealed_at is not None:
            raise ValidationError(ALREADY_REVEALED.format(moment=timezone.localtime(current.scores_revealed_at)))
        if current.map_id is None:
            raise ValidationError(NEEDS_MAP)
        if invitee.pk not in {person.pk for person in scorers(current)}:
            raise ValidationError({"invitee": CHOOSE_SCORER})
        if danger_statement is not None and danger_statement.map_id != current.map_id:
            raise ValidationError({"danger_statement": STATEMENT_NOT_ON_MAP})
        if SealedScore.objects.filter(meeting=current, invitee=invitee, danger_statement=danger_statement).exists():
            raise ValidationError(ALREADY_SCORED.format(name=invitee.name, scale=_scale_name(danger_statement)))
        sealed = SealedScore.objects.create(
            meeting=current,
            invitee=invitee,
            danger_statement=danger_statement,
            score=score,
            reason=reason.strip(),
            entered_by=acting_user,
        )
        # The log says a score was given, never what it was.
        scale = "overall" if danger_statement is None else "danger statement"
        _log_new(acting_user, current, "sealed score", sealed.pk, f"{scale}, from {invitee.name}", request)
    return sealed


def _rater_role(invitee: Invitee) -> str:
    if invitee.role in {InviteeRole.PARENT, InviteeRole.FOSTER_CARER}:
        return RaterRole.PARENT
    if invitee.role == InviteeRole.CHILD:
        return RaterRole.CHILD
    if invitee.role == InviteeRole.FAMILY:
        return RaterRole.NETWORK
    if invitee.role == InviteeRole.STAFF and invitee.user is not None:
        if invitee.user.role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}:
            return RaterRole.MANAGER
        if invitee.user.role == Role.PRACTITIONER:
            return RaterRole.WORKER
        return RaterRole.OTHER
    return RaterRole.PROFESSIONAL


def _reveal_order(sealed: SealedScore) -> tuple[int, int, bool, int, int]:
    statement = sealed.danger_statement
    return (
        SCORER_ORDER.get(InviteeRole(sealed.invitee.role), 3),
        sealed.invitee_id,
        statement is None,
        statement.position if statement is not None else 0,
        sealed.danger_statement_id or 0,
    )


def scores_reveal(
    *, acting_user: User, meeting: Meeting, expected_version: int | None, request: HttpRequest | None = None
) -> Meeting:
    """Every sealed score, revealed at once as scaling judgements on the conference map: the parents' first, then
    the child's and the family's, then the professionals'."""

    def refuse(current: Meeting) -> None:
        _refuse_unless_recording(current)
        _may_lead(acting_user, current, ONLY_CHAIR_REVEALS)
        if current.scores_revealed_at is not None:
            raise ValidationError(ALREADY_REVEALED.format(moment=timezone.localtime(current.scores_revealed_at)))
        if current.map_id is None or not SealedScore.objects.filter(meeting=current).exists():
            raise ValidationError(NO_SCORES)

    with _meeting_change(meeting, acting_user, expected_version, "scores revealed", request, refuse) as current:
        sealed_scores = sorted(
            SealedScore.objects.filter(meeting=current).select_related(
                "invitee", "invitee__user", "invitee__person", "danger_statement"
            ),
            key=_reveal_order,
        )
        assert current.map is not None
        for sealed in sealed_scores:
            judgement_add(
                acting_user=acting_user,
                map_=current.map,
                expected_version=None,
                rater_name=sealed.invitee.name,
                rater_role=_rater_role(sealed.invitee),
                rater_person=sealed.invitee.person,
                score=sealed.score,
                reason=sealed.reason,
                danger_statement=sealed.danger_statement,
                request=request,
            )
        current.scores_revealed_at = timezone.now()
        _timeline(
            acting_user,
            current,
            meeting_children_of(current),
            timezone.localdate(),
            f"Conference scores revealed: {len(sealed_scores)} on map {current.map.number}",
        )
    return current


@dataclass(frozen=True)
class Scale:
    """One scale of the conference and how many of those who took part have given their score: never a score."""

    label: str
    danger_statement: DangerStatement | None
    given_by: frozenset[int]
    taking_part: int

    @property
    def given(self) -> int:
        return len(self.given_by)


@dataclass(frozen=True)
class ScalingStatus:
    revealed_at: datetime.datetime | None
    scales: list[Scale]
    scorers: list[Invitee]

    @property
    def any_given(self) -> bool:
        return any(scale.given for scale in self.scales)

    def scales_given_by(self, invitee: Invitee) -> list[tuple[Scale, bool]]:
        return [(scale, invitee.pk in scale.given_by) for scale in self.scales]


def scaling_status(meeting: Meeting) -> ScalingStatus:
    """Who has given their score on each scale, read without the scores themselves."""
    taking_part = scorers(meeting)
    given = list(SealedScore.objects.filter(meeting=meeting).values_list("invitee_id", "danger_statement_id"))
    statements = list(DangerStatement.objects.filter(map_id=meeting.map_id)) if meeting.map_id else []
    label = meeting.map.variant.danger_statement_label if meeting.map_id and meeting.map else "Danger statement"
    scales = [
        Scale(
            label=f"{label} {index}: {statement.statement}",
            danger_statement=statement,
            given_by=frozenset(invitee for invitee, on in given if on == statement.pk),
            taking_part=len(taking_part),
        )
        for index, statement in enumerate(statements, start=1)
    ]
    overall = Scale(
        label="Overall",
        danger_statement=None,
        given_by=frozenset(invitee for invitee, on in given if on is None),
        taking_part=len(taking_part),
    )
    return ScalingStatus(revealed_at=meeting.scores_revealed_at, scales=[*scales, overall], scorers=taking_part)


def may_lead(user: User, meeting: Meeting) -> bool:
    """Whether this user may reveal the scores and sign the decisions: the chair or a manager in the line."""
    return user.pk == meeting.chair_id or can_manage_case(user, meeting.case)


# The decision for each child


def lead_worker_choices(meeting: Meeting) -> list[User]:
    """The social workers who may lead the plan: practitioners in the case's team, and the allocated worker."""
    case = meeting.case
    staff = User.objects.filter(is_active=True, role=Role.PRACTITIONER, team_id=case.team_id)
    if case.allocated_worker_id:
        staff = staff | User.objects.filter(pk=case.allocated_worker_id)
    return list(staff.distinct().order_by("last_name", "first_name", "pk"))


def dissent_choices(meeting: Meeting) -> list[Invitee]:
    """The agencies that may disagree with a decision: the professionals and staff who took part."""
    return [invitee for invitee in scorers(meeting) if invitee.agency_type != AgencyType.FAMILY]


def _link_for(meeting: Meeting, child: Person) -> MeetingChild:
    link = meeting.meeting_children.select_related("plan").filter(child=child).first()
    if link is None:
        raise ValidationError(CHILD_NOT_AT_MEETING)
    return link


def _check_decision(
    meeting: Meeting,
    link: MeetingChild,
    *,
    significant_harm: bool | None,
    needs_plan: bool | None,
    category: str,
    category_still_relevant: bool | None,
    reasons: str,
    lead_worker: User | None,
    core_group: str,
    dissents: Sequence[tuple[Invitee, str]],
) -> None:
    errors: dict[str, str] = {}
    if significant_harm is None:
        errors["significant_harm"] = SAY_HARM
    if needs_plan is None:
        errors["needs_plan"] = SAY_PLAN
    elif needs_plan and significant_harm is False:
        errors["needs_plan"] = PLAN_NEEDS_HARM
    if needs_plan and category not in AbuseCategory.values:
        errors["category"] = CHOOSE_CATEGORY
    elif not needs_plan and category:
        errors["category"] = CATEGORY_ONLY_WITH_PLAN
    plan = link.plan
    if needs_plan and meeting.kind == MeetingKind.REVIEW_CONFERENCE and plan is not None:
        if category_still_relevant is None:
            errors["category_still_relevant"] = SAY_STILL_RELEVANT
        elif category_still_relevant and category and category != plan.latest_category:
            errors["category"] = STILL_RELEVANT_IS.format(label=plan.get_latest_category_display())
        elif not category_still_relevant and category == plan.latest_category:
            errors["category"] = CHOOSE_NEW_CATEGORY
    if not reasons.strip():
        errors["reasons"] = ENTER_REASONS
    if lead_worker is not None and lead_worker.pk not in {user.pk for user in lead_worker_choices(meeting)}:
        errors["lead_worker"] = CHOOSE_LEAD_WORKER
    elif lead_worker is None and needs_plan:
        errors["lead_worker"] = LEAD_WORKER_FOR_PLAN
    if needs_plan and not core_group.strip():
        errors["core_group"] = CORE_GROUP_FOR_PLAN
    elif needs_plan is False and core_group.strip():
        errors["core_group"] = CORE_GROUP_ONLY_WITH_PLAN
    allowed = {invitee.pk for invitee in dissent_choices(meeting)}
    seen: set[int] = set()
    for invitee, reason in dissents:
        if invitee.pk not in allowed:
            errors["dissents"] = CHOOSE_DISSENTER
        elif invitee.pk in seen:
            errors["dissents"] = DISSENT_TWICE.format(name=invitee.name)
        elif not reason.strip():
            errors["dissents"] = DISSENT_NEEDS_REASON.format(name=invitee.name)
        seen.add(invitee.pk)
    if errors:
        raise ValidationError(errors)


def _refuse_signed(decision: ConferenceDecision) -> None:
    if decision.signed_at is not None:
        raise ValidationError(DECISION_SIGNED.format(day=timezone.localtime(decision.signed_at)))


def _keep_dissents(acting_user: User, decision: ConferenceDecision, dissents: Sequence[tuple[Invitee, str]]) -> None:
    """The dissents as given: one unchanged keeps when and by whom it was first recorded."""
    wanted = [(invitee.pk, reason.strip()) for invitee, reason in dissents]
    for dissent in list(decision.dissents.all()):
        if (dissent.invitee_id, dissent.reason) in wanted:
            wanted.remove((dissent.invitee_id, dissent.reason))
        else:
            dissent.delete()
    Dissent.objects.bulk_create(
        [
            Dissent(decision=decision, invitee_id=invitee_id, reason=reason, recorded_by=acting_user)
            for invitee_id, reason in wanted
        ]
    )


def decision_save(
    *,
    acting_user: User,
    meeting: Meeting,
    child: Person,
    expected_version: int | None,
    significant_harm: bool | None,
    needs_plan: bool | None,
    category: str,
    reasons: str,
    category_still_relevant: bool | None = None,
    lead_worker: User | None = None,
    core_group: str = "",
    dissents: Sequence[tuple[Invitee, str]] = (),
    request: HttpRequest | None = None,
) -> ConferenceDecision:
    """The conference's decision for one child, saved until it is signed. `expected_version` is the decision's
    version the page showed, or 0 when the page showed no decision yet."""
    is_review = meeting.kind == MeetingKind.REVIEW_CONFERENCE
    fields = {
        "significant_harm": significant_harm,
        "needs_plan": needs_plan,
        "category": category,
        "category_still_relevant": category_still_relevant if (is_review and needs_plan) else None,
        "reasons": reasons.strip(),
        "lead_worker": lead_worker,
        "core_group": core_group.strip(),
    }
    # Refused in this order so that a signed decision says so, even once the whole record is concluded.
    with _adding_to(acting_user, meeting, refuse=lambda current: None) as current:
        existing = ConferenceDecision.objects.filter(meeting=current, child=child).first()
        if existing is not None:
            _refuse_signed(existing)
        _refuse_unless_recording(current)
        link = _link_for(current, child)
        if is_review and needs_plan and category_still_relevant and not category and link.plan is not None:
            # Still relevant: the plan's own category, without choosing it again.
            fields["category"] = link.plan.latest_category
        _check_decision(current, link, dissents=dissents, **fields)  # type: ignore[arg-type]
        if existing is None:
            decision = ConferenceDecision(meeting=current, child=child, created_by=acting_user)
            for name, value in fields.items():
                setattr(decision, name, value)
            decision.modified_by = acting_user
            decision._history_user = acting_user  # type: ignore[attr-defined]
            decision.save()
            _keep_dissents(acting_user, decision, dissents)
            _log_new(acting_user, current, "conference decision", decision.pk, str(child), request)
            return decision
        with guarded_change(
            existing,
            acting_user=acting_user,
            expected_version=expected_version,
            record_type="conference decision",
            people=lambda held: [child],
            detail="changed",
            request=request,
            refuse=_refuse_signed,
            related=("meeting", "meeting__case"),
        ) as held:
            for name, value in fields.items():
                setattr(held, name, value)
            _keep_dissents(acting_user, held, dissents)
        return held


def _decision_summary(meeting: Meeting, decision: ConferenceDecision) -> str:
    kind = meeting.get_kind_display()
    category = AbuseCategory(decision.category).label if decision.category else ""
    if meeting.kind == MeetingKind.REVIEW_CONFERENCE:
        outcome = f"the plan continues ({category})" if decision.needs_plan else "the plan ends"
    else:
        outcome = f"a child protection plan ({category})" if decision.needs_plan else "no child protection plan"
    return f"{kind} decision: {outcome}"


def decision_sign(
    *,
    acting_user: User,
    meeting: Meeting,
    child: Person,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> ConferenceDecision:
    """The chair signs the decision for one child, and it is frozen. At an initial conference a plan opens on the
    day the conference was held; at a review the plan continues with its category, or ends that day."""
    decision = ConferenceDecision.objects.filter(meeting=meeting, child=child).first()
    if decision is None:
        raise ValidationError(NO_DECISION)

    def refuse(current: ConferenceDecision) -> None:
        _refuse_signed(current)
        held = current.meeting
        if not held.is_conference:
            raise ValidationError(NOT_A_CONFERENCE)
        _may_lead(acting_user, held, ONLY_CHAIR_SIGNS)
        if held.status != MeetingStatus.HELD or held.held_on is None:
            raise ValidationError(SIGN_WHEN_HELD)
        if not held.childs_view.strip():
            raise ValidationError(SIGN_NEEDS_CHILDS_VIEW)

    with transaction.atomic():
        # The meeting first, the order every change to the record takes, so that saving and signing wait in turn.
        Meeting.objects.select_for_update(of=("self",)).get(pk=meeting.pk)
        with guarded_change(
            decision,
            acting_user=acting_user,
            expected_version=expected_version,
            record_type="conference decision",
            people=lambda current: [child],
            detail="signed",
            request=request,
            refuse=refuse,
            related=("meeting", "meeting__case"),
        ) as current:
            held = current.meeting
            held_on = held.held_on
            assert held_on is not None
            link = _link_for(held, child)
            if held.kind == MeetingKind.INITIAL_CONFERENCE and current.needs_plan:
                plan = protection_plan_open(
                    acting_user=acting_user,
                    case=held.case,
                    child=child,
                    started_on=held_on,
                    category=current.category,
                    request=request,
                )
                link.plan = plan
                link.save(update_fields=["plan"])
                current.plan = plan
            elif held.kind == MeetingKind.REVIEW_CONFERENCE:
                if link.plan is None:
                    raise ValidationError(NO_PLAN_TO_REVIEW.format(child=child))
                if current.needs_plan:
                    protection_plan_review(
                        acting_user=acting_user,
                        plan=link.plan,
                        category=current.category,
                        reviewed_on=held_on,
                        request=request,
                    )
                else:
                    protection_plan_end(
                        acting_user=acting_user,
                        plan=link.plan,
                        ended_on=held_on,
                        reason=PlanEndReason.NO_LONGER_AT_RISK,
                        request=request,
                    )
                current.plan = link.plan
            current.signed_by = acting_user
            current.signed_at = timezone.now()
            _timeline(acting_user, held, [child], held_on, _decision_summary(held, current), current.reasons)
    return current


@dataclass(frozen=True)
class ChildDecision:
    """A child of the conference and the decision for them, if one is saved."""

    link: MeetingChild
    decision: ConferenceDecision | None

    @property
    def child(self) -> Person:
        return self.link.child

    @property
    def category_label(self) -> str:
        category = self.decision.category if self.decision else ""
        return AbuseCategory(category).label if category in AbuseCategory.values else ""

    @property
    def status(self) -> str:
        if self.decision is None:
            return "Not started"
        return "Signed" if self.decision.is_signed else "Saved, not signed"


def child_decisions(meeting: Meeting) -> list[ChildDecision]:
    decisions = {
        decision.child_id: decision
        for decision in ConferenceDecision.objects.filter(meeting=meeting).select_related("lead_worker", "signed_by")
    }
    return [
        ChildDecision(link=link, decision=decisions.get(link.child_id))
        for link in meeting.meeting_children.select_related("child", "plan")
    ]


def decision_for(meeting: Meeting, child_id: int) -> ChildDecision | None:
    return next((entry for entry in child_decisions(meeting) if entry.child.pk == child_id), None)


@dataclass(frozen=True)
class ConferenceRecord:
    """Everything the conference record's page shows, read once."""

    meeting: Meeting
    reports: list[AgencyReport]
    warnings: dict[int, SharingWarning]
    scaling: ScalingStatus
    decisions: list[ChildDecision]
    may_lead: bool
    concluded: bool


def conference_record(meeting: Meeting, user: User) -> ConferenceRecord:
    reports = list(
        AgencyReport.objects.filter(meeting=meeting, archived_at__isnull=True).select_related("author").order_by("pk")
    )
    decisions = child_decisions(meeting)
    return ConferenceRecord(
        meeting=meeting,
        reports=reports,
        warnings=sharing_warnings(meeting, reports),
        scaling=scaling_status(meeting),
        decisions=decisions,
        may_lead=may_lead(user, meeting),
        concluded=bool(decisions) and all(entry.decision and entry.decision.is_signed for entry in decisions),
    )
