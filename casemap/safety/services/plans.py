"""Writes to safety plans. A change to a draft enters through the one write guard (the policy asked inside the
transaction, a stale save refused, history and an access-log row for each child); this module adds only its own
refusal, a plan that is no longer a draft. Starting a plan and adding to its monitoring log ask the same policy
inside their transaction. Sign-off and new versions also go on each child's timeline. Monitoring carries on
against the signed plan: it is a log of how the plan is going."""

import datetime
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import check_version, guarded_change, held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.access.policy import can_manage_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.chronology import chronology_record
from casemap.cases.models import Case, ChronologyKind
from casemap.handoffs.models import SignOffOutcome
from casemap.handoffs.services import sign_off_decided
from casemap.safety.models import (
    BottomLine,
    PlanContact,
    PlanFollowed,
    PlanMonitoringEntry,
    PlanStatus,
    PlanTrigger,
    SafetyNetworkMember,
    SafetyPlan,
    SafetyPlanKind,
    SafetyPlanRule,
)
from casemap.safety.selectors.plans import plan_flags
from casemap.safety.services.common import children_of
from casemap.safety.sign_off import plan_children
from casemap.safety.snapshot import plan_snapshot
from casemap.voice.models import ChildVoiceRecord
from casemap.words.models import WordsAndPicturesBooklet

RECORD_TYPE = "safety_plan"
SAFETY_HOUSE_TOOL = "safety-house"
FROZEN_MESSAGE = (
    "This safety plan has been signed off, so it cannot be changed. Start a new version to record what has changed."
)
SUPERSEDED_MESSAGE = "A later version of this safety plan has been signed off, so this one cannot be changed"
ARCHIVED_MESSAGE = "This safety plan has been archived, so it cannot be changed"

Section = TypeVar("Section", SafetyPlanRule, PlanTrigger, PlanContact, BottomLine)


class PlanFrozenError(ValidationError):
    def __init__(self, message: str = FROZEN_MESSAGE) -> None:
        super().__init__(message)


def _log(
    acting_user: User, plan: SafetyPlan, detail: str, request: HttpRequest | None, action: str = AccessAction.CHANGE
) -> None:
    access_log_append_each(
        user=acting_user,
        action=AccessAction(action),
        record_type=RECORD_TYPE,
        record_id=plan.pk,
        detail=detail,
        people=children_of(plan) or [None],
        request=request,
    )


def _timeline(acting_user: User, plan: SafetyPlan, occurred_on: datetime.date, summary: str) -> None:
    chronology_record(
        acting_user=acting_user,
        people=children_of(plan),
        kind=ChronologyKind.SAFETY_PLAN,
        occurred_on=occurred_on,
        summary=summary,
        source=plan,
        case=plan.case,
    )


def _check_member(member: SafetyNetworkMember | None, plan: SafetyPlan, field: str) -> None:
    if member is not None and (member.case_id != plan.case_id or not member.is_active):
        raise ValidationError({field: "Choose someone who is active in this family's safety network"})


def _check_safety_house(record: ChildVoiceRecord | None, case: Case) -> None:
    if record is not None and (record.case_id != case.pk or record.tool.key != SAFETY_HOUSE_TOOL):
        raise ValidationError({"safety_house": "Choose a Safety House session with a child on this case"})


def _check_words_booklet(booklet: WordsAndPicturesBooklet | None, case: Case) -> None:
    if booklet is not None and (booklet.case_id != case.pk or booklet.is_archived):
        raise ValidationError({"words_booklet": "Choose a Words and Pictures booklet for the children on this case"})


def _refuse_unless_draft(plan: SafetyPlan) -> None:
    """The plan's own refusals, on top of the policy's: only a live draft changes."""
    if plan.is_archived:
        raise PlanFrozenError(ARCHIVED_MESSAGE)
    if plan.status == PlanStatus.SUPERSEDED:
        raise PlanFrozenError(SUPERSEDED_MESSAGE)
    if plan.status != PlanStatus.DRAFT:
        raise PlanFrozenError()


@contextmanager
def _changing(
    plan: SafetyPlan, *, acting_user: User, expected_version: int | None, detail: str, request: HttpRequest | None
) -> Iterator[SafetyPlan]:
    """Hold the plan for one change, through the write guard. Its rules, triggers, contacts and bottom lines have
    no version of their own: a change to any of them is a change to the plan."""
    with guarded_change(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        record_type=RECORD_TYPE,
        people=children_of,
        detail=detail,
        request=request,
        refuse=_refuse_unless_draft,
        related=("case",),
    ) as current:
        yield current


def _next_number(case: Case) -> int:
    """Called with the case row held, so numbers are given out one at a time."""
    return (SafetyPlan.objects.filter(case=case).aggregate(top=Max("number"))["top"] or 0) + 1


def plan_start(
    *,
    acting_user: User,
    case: Case,
    kind: str,
    review_on: datetime.date | None = None,
    request: HttpRequest | None = None,
) -> SafetyPlan:
    """Start a draft plan. A case has at most one draft at a time: carry on with it, or start from a signed plan."""
    if kind not in SafetyPlanKind.values:
        raise ValidationError({"kind": "Choose the kind of safety plan"})
    with transaction.atomic():
        case = held_case_to_add_to(acting_user, case)
        number = _next_number(case)
        if SafetyPlan.objects.filter(case=case, status=PlanStatus.DRAFT).exists():
            raise ValidationError("There is already a draft safety plan for this case: carry on with that one")
        plan = SafetyPlan(
            case=case,
            kind=SafetyPlanKind(kind),
            number=number,
            review_on=review_on,
            created_by=acting_user,
            modified_by=acting_user,
        )
        plan._history_user = acting_user  # type: ignore[attr-defined]
        plan.save()
        _log(acting_user, plan, "started", request, AccessAction.CREATE)
    return plan


def plan_update_details(
    *,
    acting_user: User,
    plan: SafetyPlan,
    expected_version: int | None,
    kind: str,
    review_on: datetime.date | None,
    childrens_version: str = "",
    safety_house: ChildVoiceRecord | None = None,
    words_booklet: WordsAndPicturesBooklet | None = None,
    request: HttpRequest | None = None,
) -> SafetyPlan:
    if kind not in SafetyPlanKind.values:
        raise ValidationError({"kind": "Choose the kind of safety plan"})
    _check_safety_house(safety_house, plan.case)
    _check_words_booklet(words_booklet, plan.case)
    with _changing(
        plan, acting_user=acting_user, expected_version=expected_version, detail="details", request=request
    ) as current:
        current.kind = SafetyPlanKind(kind)
        current.review_on = review_on
        current.childrens_version = childrens_version.strip()
        current.safety_house = safety_house
        current.words_booklet = words_booklet
    return current


def _section_save(
    plan: SafetyPlan,
    *,
    acting_user: User,
    expected_version: int | None,
    detail: str,
    request: HttpRequest | None,
    model: type[Section],
    row: Section | None,
    fill: Callable[[Section], None],
) -> Section:
    """Add a row to a section of a draft plan, at the end, or change one of its rows."""
    with _changing(
        plan, acting_user=acting_user, expected_version=expected_version, detail=detail, request=request
    ) as current:
        if row is None:
            row = model(plan=current, position=model.objects.filter(plan=current).count())
        elif row.plan_id != current.pk:
            raise PermissionDenied("That is not on this plan")
        fill(row)
        row.save()
        return row


def _section_remove(
    plan: SafetyPlan,
    *,
    acting_user: User,
    expected_version: int | None,
    detail: str,
    request: HttpRequest | None,
    row: SafetyPlanRule | PlanTrigger | PlanContact | BottomLine,
) -> None:
    with _changing(
        plan, acting_user=acting_user, expected_version=expected_version, detail=detail, request=request
    ) as current:
        type(row)._default_manager.filter(pk=row.pk, plan=current).delete()


def _one_person(member: SafetyNetworkMember | None, name: str) -> tuple[SafetyNetworkMember | None, str]:
    """A network member, or a name: a member chosen wins over a name typed as well."""
    return (member, "") if member is not None else (None, name.strip())


def rule_save(
    *,
    acting_user: User,
    plan: SafetyPlan,
    expected_version: int | None,
    wording: str,
    responsible_member: SafetyNetworkMember | None = None,
    responsible_name: str = "",
    checker_member: SafetyNetworkMember | None = None,
    checker_name: str = "",
    rule: SafetyPlanRule | None = None,
    request: HttpRequest | None = None,
) -> SafetyPlanRule:
    """A rule in the family's words. Who makes sure it happens may be left out while drafting; the plan
    cannot be signed off until it is filled in."""
    if not wording.strip():
        raise ValidationError({"wording": "Enter the rule in the family's words"})
    _check_member(responsible_member, plan, "responsible_member")
    _check_member(checker_member, plan, "checker_member")

    def fill(row: SafetyPlanRule) -> None:
        row.wording = wording.strip()
        row.responsible_member, row.responsible_name = _one_person(responsible_member, responsible_name)
        row.checker_member, row.checker_name = _one_person(checker_member, checker_name)

    return _section_save(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="rule",
        request=request,
        model=SafetyPlanRule,
        row=rule,
        fill=fill,
    )


def trigger_save(
    *,
    acting_user: User,
    plan: SafetyPlan,
    expected_version: int | None,
    warning_sign: str,
    what_to_do: str,
    trigger: PlanTrigger | None = None,
    request: HttpRequest | None = None,
) -> PlanTrigger:
    errors = {}
    if not warning_sign.strip():
        errors["warning_sign"] = "Enter the trigger or warning sign"
    if not what_to_do.strip():
        errors["what_to_do"] = "Enter what everyone will do when they see it"
    if errors:
        raise ValidationError(errors)

    def fill(row: PlanTrigger) -> None:
        row.warning_sign, row.what_to_do = warning_sign.strip(), what_to_do.strip()

    return _section_save(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="trigger",
        request=request,
        model=PlanTrigger,
        row=trigger,
        fill=fill,
    )


def contact_save(
    *,
    acting_user: User,
    plan: SafetyPlan,
    expected_version: int | None,
    when_to_call: str,
    member: SafetyNetworkMember | None = None,
    name: str = "",
    phone: str = "",
    contact: PlanContact | None = None,
    request: HttpRequest | None = None,
) -> PlanContact:
    errors = {}
    if member is None and not name.strip():
        errors["name"] = "Choose someone from the safety network or enter a name"
    if member is None and not phone.strip():
        errors["phone"] = "Enter the number to call"
    if not when_to_call.strip():
        errors["when_to_call"] = "Enter when to call them"
    if errors:
        raise ValidationError(errors)
    _check_member(member, plan, "member")
    if member is not None and not (phone.strip() or member.phone.strip()):
        raise ValidationError({"phone": f"There is no phone number for {member.display_name}: enter one"})

    def fill(row: PlanContact) -> None:
        row.member, row.name = _one_person(member, name)
        row.phone, row.when_to_call = phone.strip(), when_to_call.strip()

    return _section_save(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="contact",
        request=request,
        model=PlanContact,
        row=contact,
        fill=fill,
    )


def bottom_line_save(
    *,
    acting_user: User,
    plan: SafetyPlan,
    expected_version: int | None,
    text: str,
    bottom_line: BottomLine | None = None,
    request: HttpRequest | None = None,
) -> BottomLine:
    if not text.strip():
        raise ValidationError({"text": "Enter the bottom line"})

    def fill(row: BottomLine) -> None:
        row.text = text.strip()

    return _section_save(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        detail="bottom line",
        request=request,
        model=BottomLine,
        row=bottom_line,
        fill=fill,
    )


def section_remove(
    *,
    acting_user: User,
    plan: SafetyPlan,
    expected_version: int | None,
    row: SafetyPlanRule | PlanTrigger | PlanContact | BottomLine,
    request: HttpRequest | None = None,
) -> None:
    """Take a rule, trigger, contact or bottom line off a draft plan."""
    label = {SafetyPlanRule: "rule", PlanTrigger: "trigger", PlanContact: "contact", BottomLine: "bottom line"}
    _section_remove(
        plan,
        acting_user=acting_user,
        expected_version=expected_version,
        detail=f"{label[type(row)]} removed",
        request=request,
        row=row,
    )


def plan_sign_off(
    *,
    acting_user: User,
    plan: SafetyPlan,
    expected_version: int | None,
    warnings_confirmed: bool = False,
    reasons: str = "",
    request: HttpRequest | None = None,
) -> SafetyPlan:
    """A manager in the case team's line signs the plan off with their reasons: it is frozen as it stands, with
    the warnings the manager accepted, the version it replaces is superseded, and any request for its sign-off
    closes (casemap/handoffs)."""
    if not can_manage_case(acting_user, plan.case):
        raise PermissionDenied("Only a manager in the team's line can sign off a safety plan")
    accepted: list[str] = []

    def refuse(current: SafetyPlan) -> None:
        if current.status != PlanStatus.DRAFT:
            raise PlanFrozenError()
        check_version(current, expected_version)  # the manager judged the plan their page showed
        flags = plan_flags(plan=current, data=plan_snapshot(current))
        if flags.problems:
            raise ValidationError(flags.problems)
        if flags.warnings and not warnings_confirmed:
            raise ValidationError({"warnings_confirmed": "Confirm you have read the warnings before signing off"})
        accepted.extend(flags.warnings)

    with transaction.atomic():
        with guarded_change(
            plan,
            acting_user=acting_user,
            expected_version=expected_version,
            record_type=RECORD_TYPE,
            people=plan_children,
            detail="signed off",
            request=request,
            refuse=refuse,
            related=("case",),
        ) as current:
            current.status = PlanStatus.SIGNED_OFF
            current.signed_off_by = acting_user
            current.signed_off_at = timezone.now()
            current.warnings_confirmed = accepted
        # Taken from the saved row, so it records the signed status, signer and final version.
        current.snapshot = plan_snapshot(current)
        SafetyPlan.objects.filter(pk=current.pk).update(snapshot=current.snapshot)
        if current.previous_id:
            SafetyPlan.objects.filter(pk=current.previous_id, status=PlanStatus.SIGNED_OFF).update(
                status=PlanStatus.SUPERSEDED
            )
        sign_off_decided(acting_user=acting_user, record=current, outcome=SignOffOutcome.SIGNED_OFF, reasons=reasons)
    return current


def _copy(rows: Sequence[Any], plan: SafetyPlan) -> None:
    for row in rows:
        row.pk = None
        row._state.adding = True
        row.plan = plan
        row.save()


def plan_new_version(
    *, acting_user: User, plan: SafetyPlan, kind: str | None = None, request: HttpRequest | None = None
) -> SafetyPlan:
    """Start a new draft from a signed plan, with everything on it, to be talked through with the network and
    improved. The signed plan stays in force until the new version is signed off."""
    with transaction.atomic():
        if SafetyPlan.objects.filter(pk=plan.pk, status=PlanStatus.SIGNED_OFF).count() != 1:
            raise ValidationError("Only the signed plan in force can be the start of a new version")
        new = plan_start(
            acting_user=acting_user, case=plan.case, kind=kind or plan.kind, review_on=None, request=request
        )
        new.previous = plan
        new.childrens_version = plan.childrens_version
        new.safety_house = plan.safety_house
        new.words_booklet = plan.words_booklet
        new.save(update_fields=["previous", "childrens_version", "safety_house", "words_booklet"])
        for related in ("rules", "triggers", "contacts", "bottom_lines"):
            _copy(list(getattr(plan, related).all()), new)
        _timeline(
            acting_user,
            new,
            timezone.localdate(),
            f"New version of the safety plan started: plan {new.number}, from plan {plan.number}",
        )
    return new


def monitoring_add(
    *,
    acting_user: User,
    plan: SafetyPlan,
    happened_on: datetime.date,
    reported_by: str,
    followed: str,
    what_happened: str,
    what_was_done: str = "",
    request: HttpRequest | None = None,
) -> PlanMonitoringEntry:
    """Record how the signed plan is going. This adds to the plan's log; it does not change the plan."""
    errors = {}
    if happened_on > timezone.localdate():
        errors["happened_on"] = "The date must be today or in the past"
    if not reported_by.strip():
        errors["reported_by"] = "Enter who told you how the plan is going"
    if followed not in PlanFollowed.values:
        errors["followed"] = "Choose whether the plan was followed"
    if not what_happened.strip():
        errors["what_happened"] = "Enter what happened"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = SafetyPlan.objects.select_related("case").get(pk=plan.pk)
        held_case_to_add_to(acting_user, current.case)
        if current.status != PlanStatus.SIGNED_OFF or current.is_archived:
            raise ValidationError("Monitoring is recorded against the signed plan in force")
        entry = PlanMonitoringEntry(
            plan=current,
            happened_on=happened_on,
            reported_by=reported_by.strip(),
            followed=PlanFollowed(followed),
            what_happened=what_happened.strip(),
            what_was_done=what_was_done.strip(),
            created_by=acting_user,
            modified_by=acting_user,
        )
        entry._history_user = acting_user  # type: ignore[attr-defined]
        entry.save()
        _log(acting_user, current, f"monitoring {entry.pk}", request, AccessAction.CREATE)
        if followed != PlanFollowed.YES:
            _timeline(
                acting_user,
                current,
                happened_on,
                f"Safety plan {current.number} followed: {entry.get_followed_display().lower()}, "
                f"reported by {entry.reported_by}",
            )
    return entry
