"""Per-child statutory records: assessments, strategy discussions, section 47 enquiries, child protection plans
and child in need plans.

Each write holds the case (or the record) through the write guard, puts the event on each child's timeline and in
the access log, and refuses what cannot be true in plain words. A child protection plan is opened and ended only by
a conference's decision (`casemap.meetings`), which calls `protection_plan_open` and `protection_plan_end` inside
its own transaction, so the plan's dates are always the conference's.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import guarded_change, held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.policy import can_manage_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import (
    AbuseCategory,
    Assessment,
    AssessmentFactor,
    AssessmentOutcome,
    Case,
    ChildInNeedPlan,
    ChildProtectionPlan,
    ChronologyKind,
    EnquiryOutcome,
    Episode,
    PlanEndReason,
    Referral,
    Section47Enquiry,
    StrategyDecision,
    StrategyDiscussion,
)
from casemap.cases.selectors import case_children
from casemap.people.models import Person

NOT_IN_FUTURE = "{what} must be today or in the past"
NOT_BEFORE_CASE = "{what} cannot be before the case was opened on {opened:%-d %B %Y}"
ONLY_CHILDREN_ON_CASE = "Choose children on this case"
NO_FACTORS_WITH_OTHERS = "'No factors identified' cannot be chosen with other factors"
MANAGER_MUST_AUTHORISE = "Only a manager in the team's line can authorise an assessment"
NOT_REQUIRED_NEEDS_REASON = "Say why a conference is not required"
NOT_REQUIRED_NEEDS_AGREEMENT = "Choose the manager who agreed that a conference is not required"
AGREED_BY_A_MANAGER = "The person who agreed must be a manager in the team's line"
ALREADY_COMPLETED = "This enquiry was completed on {day:%-d %B %Y}"
PLAN_ALREADY_OPEN = "{child} already has a child protection plan, started on {day:%-d %B %Y}"
PLAN_ENDS_BEFORE_START = "A plan cannot end before it started on {day:%-d %B %Y}"
PLAN_ALREADY_ENDED = "This plan ended on {day:%-d %B %Y}"
CIN_PLAN_ALREADY_OPEN = "{child} already has a child in need plan, started on {day:%-d %B %Y}"


def _check_day(day: datetime.date, case: Case, what: str, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: NOT_IN_FUTURE.format(what=what)})
    if day < case.opened_on:
        raise ValidationError({field: NOT_BEFORE_CASE.format(what=what, opened=case.opened_on)})


def _check_children(case: Case, children: Sequence[Person]) -> None:
    member_ids = {child.pk for child in case_children(case)}
    if not children or any(child.pk not in member_ids for child in children):
        raise ValidationError({"children": ONLY_CHILDREN_ON_CASE})


def current_episode(case: Case, child: Person) -> Episode | None:
    """The child's open episode on the case, which a new statutory record belongs to."""
    return Episode.objects.filter(case=case, child=child, ended_on__isnull=True).order_by("-started_on").first()


def _created(record: object, acting_user: User) -> None:
    record.created_by = acting_user  # type: ignore[attr-defined]
    record.modified_by = acting_user  # type: ignore[attr-defined]
    record._history_user = acting_user  # type: ignore[attr-defined]


def _log(
    acting_user: User,
    record_type: str,
    record_id: int,
    people: Sequence[Person],
    request: HttpRequest | None,
    action: AccessAction = AccessAction.CREATE,
    detail: str = "",
) -> None:
    access_log_append_each(
        user=acting_user,
        action=action,
        record_type=record_type,
        record_id=record_id,
        people=list(people),
        detail=detail,
        request=request,
    )


# Assessments


def assessment_start(
    *,
    acting_user: User,
    case: Case,
    child: Person,
    started_on: datetime.date,
    referral: Referral | None = None,
    request: HttpRequest | None = None,
) -> Assessment:
    _check_children(case, [child])
    _check_day(started_on, case, "The start date", "started_on")
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        # The referral it answers: the child's latest on this case, unless named.
        referral = referral or Referral.objects.filter(case=held, child=child).order_by("-received_on", "-pk").first()
        assessment = Assessment(
            case=held,
            child=child,
            referral=referral,
            episode=current_episode(held, child),
            started_on=started_on,
        )
        _created(assessment, acting_user)
        assessment.full_clean()
        assessment.save()
        chronology_record(
            acting_user=acting_user,
            people=[child],
            case=held,
            kind=ChronologyKind.ASSESSMENT,
            occurred_on=started_on,
            summary="Assessment started",
            source=assessment,
        )
        _log(acting_user, "assessment", assessment.pk, [child], request)
    return assessment


def _check_factors(factors: Sequence[str]) -> list[str]:
    valid = set(AssessmentFactor.values)
    chosen = [code for code in dict.fromkeys(factors) if code in valid]
    if len(chosen) != len(set(factors)):
        raise ValidationError({"factors": "Choose factors from the list"})
    if AssessmentFactor.F21 in chosen and len(chosen) > 1:
        raise ValidationError({"factors": NO_FACTORS_WITH_OTHERS})
    return chosen


def assessment_authorise(
    *,
    acting_user: User,
    assessment: Assessment,
    expected_version: int | None,
    authorised_on: datetime.date,
    factors: Sequence[str],
    outcome: str,
    request: HttpRequest | None = None,
) -> Assessment:
    """A manager authorises the assessment, with the factors it found and what happens next."""
    if not factors:
        raise ValidationError({"factors": "Choose at least one factor, or 'No factors identified'"})
    chosen = _check_factors(factors)
    if outcome not in AssessmentOutcome.values:
        raise ValidationError({"outcome": "Choose what happens next"})
    if authorised_on > timezone.localdate():
        raise ValidationError({"authorised_on": NOT_IN_FUTURE.format(what="The date it was authorised")})
    if authorised_on < assessment.started_on:
        started = f"{assessment.started_on:%-d %B %Y}"
        raise ValidationError({"authorised_on": f"An assessment cannot be authorised before it started on {started}"})

    def refuse(current: Assessment) -> None:
        if not can_manage_case(acting_user, current.case):
            raise PermissionDenied(MANAGER_MUST_AUTHORISE)
        if current.authorised_on is not None:
            raise ValidationError(f"This assessment was authorised on {current.authorised_on:%-d %B %Y}")

    with guarded_change(
        assessment,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="assessment",
        people=lambda current: [current.child],
        detail="authorised",
        request=request,
        refuse=refuse,
        related=("case", "child"),
    ) as current:
        current.authorised_on = authorised_on
        current.authorised_by = acting_user
        current.factors = chosen
        current.outcome = outcome
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=current.case,
            kind=ChronologyKind.ASSESSMENT,
            occurred_on=authorised_on,
            summary=f"Assessment authorised: {current.get_outcome_display()}",
            source=current,
        )
    return current


# Strategy discussions and section 47 enquiries


def strategy_discussion_record(
    *,
    acting_user: User,
    case: Case,
    children: Sequence[Person],
    held_on: datetime.date,
    took_part: str,
    decision: str,
    reasons: str,
    request: HttpRequest | None = None,
) -> StrategyDiscussion:
    """Record a strategy discussion about one or more children. Deciding on a section 47 enquiry starts one for
    each child, on the day of the discussion."""
    _check_children(case, children)
    _check_day(held_on, case, "The date of the discussion", "held_on")
    if not took_part.strip():
        raise ValidationError({"took_part": "Say who took part"})
    if decision not in StrategyDecision.values:
        raise ValidationError({"decision": "Choose what was decided"})
    if not reasons.strip():
        raise ValidationError({"reasons": "Say why this was decided"})
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        discussion = StrategyDiscussion(
            case=held, held_on=held_on, took_part=took_part.strip(), decision=decision, reasons=reasons.strip()
        )
        _created(discussion, acting_user)
        discussion.save()
        discussion.children.set(children)
        chronology_record(
            acting_user=acting_user,
            people=children,
            case=held,
            kind=ChronologyKind.STRATEGY_DISCUSSION,
            occurred_on=held_on,
            summary=f"Strategy discussion: {discussion.get_decision_display()}",
            detail=discussion.reasons,
            source=discussion,
        )
        if discussion.starts_enquiries:
            for child in children:
                enquiry = Section47Enquiry(
                    case=held,
                    child=child,
                    strategy_discussion=discussion,
                    episode=current_episode(held, child),
                    started_on=held_on,
                )
                _created(enquiry, acting_user)
                enquiry.save()
                chronology_record(
                    acting_user=acting_user,
                    people=[child],
                    case=held,
                    kind=ChronologyKind.SECTION_47,
                    occurred_on=held_on,
                    summary="Section 47 enquiry started",
                    source=enquiry,
                )
        _log(acting_user, "strategy discussion", discussion.pk, children, request)
    return discussion


def section47_complete(
    *,
    acting_user: User,
    enquiry: Section47Enquiry,
    expected_version: int | None,
    completed_on: datetime.date,
    outcome: str,
    not_required_reason: str = "",
    agreed_by: User | None = None,
    request: HttpRequest | None = None,
) -> Section47Enquiry:
    """The enquiry's outcome. Anything but a conference is "conference not required", which needs the reason and
    the manager who agreed."""
    if outcome not in EnquiryOutcome.values:
        raise ValidationError({"outcome": "Choose the outcome of the enquiry"})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": NOT_IN_FUTURE.format(what="The date it was completed")})
    if completed_on < enquiry.started_on:
        raise ValidationError(
            {"completed_on": f"An enquiry cannot end before it started on {enquiry.started_on:%-d %B %Y}"}
        )
    not_required = outcome != EnquiryOutcome.CONFERENCE
    if not_required and not not_required_reason.strip():
        raise ValidationError({"not_required_reason": NOT_REQUIRED_NEEDS_REASON})
    if not_required and agreed_by is None:
        raise ValidationError({"agreed_by": NOT_REQUIRED_NEEDS_AGREEMENT})

    def refuse(current: Section47Enquiry) -> None:
        if current.completed_on is not None:
            raise ValidationError(ALREADY_COMPLETED.format(day=current.completed_on))
        if agreed_by is not None and not can_manage_case(agreed_by, current.case):
            raise ValidationError({"agreed_by": AGREED_BY_A_MANAGER})

    with guarded_change(
        enquiry,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="section 47 enquiry",
        people=lambda current: [current.child],
        detail="completed",
        request=request,
        refuse=refuse,
        related=("case", "child"),
    ) as current:
        current.completed_on = completed_on
        current.outcome = outcome
        current.conference_not_required = not_required
        current.not_required_reason = not_required_reason.strip() if not_required else ""
        current.not_required_agreed_by = agreed_by if not_required else None
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=current.case,
            kind=ChronologyKind.SECTION_47,
            occurred_on=completed_on,
            summary=f"Section 47 enquiry completed: {current.get_outcome_display()}",
            detail=current.not_required_reason,
            source=current,
        )
    return current


# Child protection plans: opened and ended by a conference's decision, inside its transaction.


def previous_plans(child: Person, *, before: ChildProtectionPlan | None = None) -> int:
    """The census's NumberOfPreviousCPP: the child's earlier plans recorded here, and those with other
    authorities recorded on the plan."""
    earlier = ChildProtectionPlan.objects.filter(child=child, archived_at__isnull=True)
    if before is not None:
        earlier = earlier.filter(started_on__lt=before.started_on)
        return earlier.count() + before.previous_plans_elsewhere
    return earlier.count()


def protection_plan_open(
    *,
    acting_user: User,
    case: Case,
    child: Person,
    started_on: datetime.date,
    category: str,
    previous_plans_elsewhere: int = 0,
    request: HttpRequest | None = None,
) -> ChildProtectionPlan:
    if category not in AbuseCategory.values:
        raise ValidationError({"category": "Choose the category of abuse"})
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        already = ChildProtectionPlan.objects.select_for_update().filter(child=child, ended_on__isnull=True).first()
        if already is not None:
            raise ValidationError(PLAN_ALREADY_OPEN.format(child=child, day=already.started_on))
        plan = ChildProtectionPlan(
            case=held,
            child=child,
            episode=current_episode(held, child),
            started_on=started_on,
            initial_category=category,
            latest_category=category,
            previous_plans_elsewhere=previous_plans_elsewhere,
        )
        _created(plan, acting_user)
        plan.full_clean()
        plan.save()
        chronology_record(
            acting_user=acting_user,
            people=[child],
            case=held,
            kind=ChronologyKind.PROTECTION_PLAN,
            occurred_on=started_on,
            summary=f"Child protection plan started: {plan.get_initial_category_display()}",
            source=plan,
        )
        _log(acting_user, "child protection plan", plan.pk, [child], request)
    return plan


def protection_plan_review(
    *,
    acting_user: User,
    plan: ChildProtectionPlan,
    category: str,
    reviewed_on: datetime.date,
    request: HttpRequest | None = None,
) -> ChildProtectionPlan:
    """A review conference keeps the plan, with the category it found still relevant or a new one."""
    if category not in AbuseCategory.values:
        raise ValidationError({"category": "Choose the category of abuse"})
    with guarded_change(
        plan,
        acting_user=acting_user,
        expected_version=None,
        record_type="child protection plan",
        people=lambda current: [current.child],
        detail="reviewed",
        request=request,
        refuse=_refuse_ended_plan,
        related=("case", "child"),
    ) as current:
        changed = current.latest_category != category
        current.latest_category = category
        summary = "Child protection plan continues"
        if changed:
            summary += f": category now {current.get_latest_category_display()}"
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=current.case,
            kind=ChronologyKind.PROTECTION_PLAN,
            occurred_on=reviewed_on,
            summary=summary,
            source=current,
        )
    return current


def _refuse_ended_plan(current: ChildProtectionPlan) -> None:
    if current.ended_on is not None:
        raise ValidationError(PLAN_ALREADY_ENDED.format(day=current.ended_on))


def protection_plan_end(
    *,
    acting_user: User,
    plan: ChildProtectionPlan,
    ended_on: datetime.date,
    reason: str,
    request: HttpRequest | None = None,
) -> ChildProtectionPlan:
    if reason not in PlanEndReason.values:
        raise ValidationError({"end_reason": "Choose why the plan ended"})
    if ended_on < plan.started_on:
        raise ValidationError({"ended_on": PLAN_ENDS_BEFORE_START.format(day=plan.started_on)})
    with guarded_change(
        plan,
        acting_user=acting_user,
        expected_version=None,
        record_type="child protection plan",
        people=lambda current: [current.child],
        detail="ended",
        request=request,
        refuse=_refuse_ended_plan,
        related=("case", "child"),
    ) as current:
        current.ended_on = ended_on
        current.end_reason = reason
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=current.case,
            kind=ChronologyKind.PROTECTION_PLAN,
            occurred_on=ended_on,
            summary=f"Child protection plan ended: {current.get_end_reason_display()}",
            source=current,
        )
    return current


def protection_plan_previous_elsewhere_set(
    *,
    acting_user: User,
    plan: ChildProtectionPlan,
    expected_version: int | None,
    count: int,
    request: HttpRequest | None = None,
) -> ChildProtectionPlan:
    """How many child protection plans the child had with other authorities before this one (the census counts
    them in NumberOfPreviousCPP with those recorded here)."""
    if not 0 <= count <= 50:
        raise ValidationError({"count": "Enter a number from 0 to 50"})
    with guarded_change(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="child protection plan",
        people=lambda current: [current.child],
        detail="plans elsewhere",
        request=request,
        related=("case", "child"),
    ) as current:
        current.previous_plans_elsewhere = count
    return current


# Child in need plans


def cin_plan_start(
    *,
    acting_user: User,
    case: Case,
    child: Person,
    started_on: datetime.date,
    request: HttpRequest | None = None,
) -> ChildInNeedPlan:
    _check_children(case, [child])
    _check_day(started_on, case, "The start date", "started_on")
    with transaction.atomic():
        held = held_case_to_add_to(acting_user, case)
        already = ChildInNeedPlan.objects.select_for_update().filter(child=child, ended_on__isnull=True).first()
        if already is not None:
            raise ValidationError(CIN_PLAN_ALREADY_OPEN.format(child=child, day=already.started_on))
        plan = ChildInNeedPlan(case=held, child=child, episode=current_episode(held, child), started_on=started_on)
        _created(plan, acting_user)
        plan.save()
        chronology_record(
            acting_user=acting_user,
            people=[child],
            case=held,
            kind=ChronologyKind.CHILD_IN_NEED_PLAN,
            occurred_on=started_on,
            summary="Child in need plan started",
            source=plan,
        )
        _log(acting_user, "child in need plan", plan.pk, [child], request)
    return plan


def cin_plan_end(
    *,
    acting_user: User,
    plan: ChildInNeedPlan,
    expected_version: int | None,
    ended_on: datetime.date,
    request: HttpRequest | None = None,
) -> ChildInNeedPlan:
    if ended_on > timezone.localdate():
        raise ValidationError({"ended_on": NOT_IN_FUTURE.format(what="The end date")})
    if ended_on < plan.started_on:
        raise ValidationError({"ended_on": PLAN_ENDS_BEFORE_START.format(day=plan.started_on)})

    def refuse(current: ChildInNeedPlan) -> None:
        if current.ended_on is not None:
            raise ValidationError(PLAN_ALREADY_ENDED.format(day=current.ended_on))

    with guarded_change(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type="child in need plan",
        people=lambda current: [current.child],
        detail="ended",
        request=request,
        refuse=refuse,
        related=("case", "child"),
    ) as current:
        current.ended_on = ended_on
        chronology_record(
            acting_user=acting_user,
            people=[current.child],
            case=current.case,
            kind=ChronologyKind.CHILD_IN_NEED_PLAN,
            occurred_on=ended_on,
            summary="Child in need plan ended",
            source=current,
        )
    return current
