"""Writes for sampling: programmes, draws, allocation to auditors, and inspection samples.

Each takes the acting user, refuses anyone but a practice lead, works in one transaction and writes the access
log in it. Allocating a sampled case gives its auditor read access through the one access policy: a
`CaseAssignment` from today with no end, which `casemap.quality.sampling.audit_access_ends` ends once the audit
is completed, and which allocating the case to someone else ends at once.
"""

import datetime
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from casemap.access.guard import REFUSED_MESSAGE, check_version
from casemap.access.models import AccessAction, CaseAssignment
from casemap.access.services import access_log_append, access_log_append_each
from casemap.accounts.models import Team, User
from casemap.cases.models import Case, CaseMember, CaseService, MemberRole
from casemap.cases.selectors import case_children
from casemap.core.models import recorded_save
from casemap.people.models import Person
from casemap.people.selectors import PERSON_REFERENCE
from casemap.quality.models import (
    AUDIT_PURPOSE,
    AUDITOR_ROLES,
    Audit,
    AuditTool,
    CaseStatusFilter,
    InspectionChild,
    Period,
    ProgrammeKind,
    SampledCase,
    SampleDraw,
    SamplingProgramme,
)
from casemap.quality.sampling import (
    MAX_SEED,
    auditor_team_ids,
    draw_cases,
    draw_repeat,
    period_start,
    programme_rules,
)
from casemap.quality.sampling_selectors import drawn_child_ids, runs_sampling


def _lead_only(user: User) -> None:
    if not runs_sampling(user):
        raise PermissionDenied(REFUSED_MESSAGE)


# ---- programmes --------------------------------------------------------------------------------------------------


@dataclass
class ProgrammeDetails:
    """What a programme says, as its form collects it."""

    name: str
    kind: str
    tool: AuditTool | None
    services: list[str] = field(default_factory=list)
    teams: Sequence[Team] = ()
    case_status: str = CaseStatusFilter.OPEN
    closed_within_days: int | None = None
    size_number: int | None = None
    size_percent: Decimal | None = None
    period: str = Period.MONTH
    monthly_cap: int | None = None
    exclude_audited_months: int | None = 12
    exclude_auditors_own_team: bool = True
    stratify_by_team: bool = False
    audit_due_days: int = 28
    due_on: datetime.date | None = None
    auditors: Sequence[User] = ()


def programme_problems(details: ProgrammeDetails) -> dict[str, str]:
    """Each field the programme cannot be saved with, and why, in plain words."""
    errors: dict[str, str] = {}
    if not details.name.strip():
        errors["name"] = "Enter a name for the programme"
    if details.kind not in ProgrammeKind.values:
        errors["kind"] = "Choose a random sample or an inspection sample"
    if details.tool is None:
        errors["tool"] = "Choose the audit tool the sampled cases are audited with"
    if any(service not in CaseService.values for service in details.services):
        errors["services"] = "Choose services from the list"
    if details.case_status not in CaseStatusFilter.values:
        errors["case_status"] = "Choose open cases, closed cases, or either"
    elif details.case_status != CaseStatusFilter.OPEN and not details.closed_within_days:
        errors["closed_within_days"] = "Enter how many days back closed cases are drawn from"
    if details.kind == ProgrammeKind.RANDOM:
        if details.size_number is None and details.size_percent is None:
            errors["size_number"] = "Enter the sample size, as a number of cases or as a percentage"
        elif details.size_number is not None and details.size_percent is not None:
            errors["size_number"] = "Enter the sample size as a number of cases or as a percentage, not both"
        elif details.size_number is not None and details.size_number < 1:
            errors["size_number"] = "The number of cases must be 1 or more"
        elif details.size_percent is not None and details.size_percent > 100:
            errors["size_percent"] = "The percentage must be 100 or less"
        elif details.size_percent is not None and details.size_percent <= 0:
            errors["size_percent"] = "The percentage must be more than 0"
    if details.period not in Period.values:
        errors["period"] = "Choose each month, each quarter or each year"
    if details.monthly_cap is not None and details.monthly_cap < 1:
        errors["monthly_cap"] = "The monthly cap must be 1 or more, or left empty for no cap"
    if details.audit_due_days < 1:
        errors["audit_due_days"] = "Audits must be due at least 1 day after the draw"
    if details.kind == ProgrammeKind.INSPECTION and details.due_on is None:
        errors["due_on"] = "Enter the date the inspector wants the audits by"
    if not details.auditors:
        errors["auditors"] = "Choose at least one auditor"
    elif any(user.role not in AUDITOR_ROLES or not user.is_active for user in details.auditors):
        errors["auditors"] = "Auditors are practice leads and managers: choose them from the list"
    return errors


def _apply(programme: SamplingProgramme, details: ProgrammeDetails) -> None:
    programme.name = details.name.strip()
    programme.kind = details.kind
    programme.tool = details.tool  # type: ignore[assignment]
    programme.services = sorted(set(details.services))
    programme.case_status = details.case_status
    open_only = details.case_status == CaseStatusFilter.OPEN
    programme.closed_within_days = None if open_only else details.closed_within_days
    programme.size_number = details.size_number
    programme.size_percent = details.size_percent
    programme.period = details.period
    programme.monthly_cap = details.monthly_cap
    programme.exclude_audited_months = details.exclude_audited_months or None
    programme.exclude_auditors_own_team = details.exclude_auditors_own_team
    programme.stratify_by_team = details.stratify_by_team
    programme.audit_due_days = details.audit_due_days
    programme.due_on = details.due_on


def programme_create(
    *, acting_user: User, details: ProgrammeDetails, request: HttpRequest | None = None
) -> SamplingProgramme:
    _lead_only(acting_user)
    errors = programme_problems(details)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        programme = SamplingProgramme(created_by=acting_user, modified_by=acting_user)
        _apply(programme, details)
        programme._history_user = acting_user  # type: ignore[attr-defined]
        programme.save()
        programme.teams.set(details.teams)
        programme.auditors.set(details.auditors)
        access_log_append(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="sampling programme",
            record_id=programme.pk,
            detail=programme.name[:200],
            request=request,
        )
    return programme


def programme_update(
    *,
    acting_user: User,
    programme: SamplingProgramme,
    details: ProgrammeDetails,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> SamplingProgramme:
    """Change a programme's rules. Its draws keep the rules they were drawn with, so each can still be repeated."""
    _lead_only(acting_user)
    errors = programme_problems(details)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = (
            SamplingProgramme.objects.select_for_update(of=("self",)).select_related("modified_by").get(pk=programme.pk)
        )
        check_version(current, expected_version)
        if details.kind != current.kind and current.draws.exists():
            raise ValidationError({"kind": "This programme has samples already: make a new programme instead"})
        _apply(current, details)
        recorded_save(current, acting_user=acting_user)
        current.teams.set(details.teams)
        current.auditors.set(details.auditors)
        access_log_append(
            user=acting_user,
            action=AccessAction.CHANGE,
            record_type="sampling programme",
            record_id=current.pk,
            detail="rules changed",
            request=request,
        )
    return current


# ---- draws -------------------------------------------------------------------------------------------------------


def fresh_seed() -> int:
    return secrets.randbelow(MAX_SEED + 1)


def _nothing_to_draw(wanted: int, cap_left: int | None, population: int) -> str:
    if population == 0:
        return "No cases match this programme's rules at this moment, so nothing was drawn"
    if wanted == 0:
        return "This period's sample has been drawn already, so nothing was drawn"
    if cap_left == 0:
        return "The programme's monthly cap is reached for this month, so nothing was drawn"
    return "Every case in the population has been drawn this period already, so nothing was drawn"


def sample_draw(
    *, acting_user: User, programme: SamplingProgramme, seed: int | None = None, request: HttpRequest | None = None
) -> SampleDraw:
    """Draw the programme's sample now, with the seed given or a fresh one; the cut-off is this moment."""
    _lead_only(acting_user)
    if programme.kind != ProgrammeKind.RANDOM:
        raise ValidationError("An inspection sample is made from the inspector's list, not drawn at random")
    if seed is not None and not 0 <= seed <= MAX_SEED:
        raise ValidationError({"seed": f"The seed must be a whole number from 0 to {MAX_SEED}"})
    seed = fresh_seed() if seed is None else seed
    with transaction.atomic():
        # One draw at a time per programme, so two cannot both fill the same period or cap.
        held = SamplingProgramme.objects.select_for_update().get(pk=programme.pk)
        cut_off = timezone.now()
        rules = programme_rules(held)
        result = draw_cases(programme_id=held.pk, rules=rules, seed=seed, cut_off=cut_off)
        if not result.case_ids:
            raise ValidationError(_nothing_to_draw(result.wanted, result.cap_left, result.population_size))
        today = timezone.localdate(cut_off)
        draw = SampleDraw.objects.create(
            programme=held,
            seed=seed,
            cut_off=cut_off,
            period_start=period_start(held.period, today),
            drawn_by=acting_user,
            population_size=result.population_size,
            rules=rules,
        )
        due_on = today + datetime.timedelta(days=held.audit_due_days)
        SampledCase.objects.bulk_create(
            SampledCase(draw=draw, case_id=case_id, position=number, due_on=due_on)
            for number, case_id in enumerate(result.case_ids, start=1)
        )
        access_log_append(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="sample draw",
            record_id=draw.pk,
            detail=f"{len(result.case_ids)} cases drawn with seed {seed} from {result.population_size}",
            request=request,
        )
    return draw


@dataclass(frozen=True)
class DrawCheck:
    same: bool
    stored: list[int]
    repeated: list[int]


def draw_check(*, acting_user: User, draw: SampleDraw, request: HttpRequest | None = None) -> DrawCheck:
    """Make the draw again with its seed, cut-off and rules, and say whether it gives the same cases."""
    _lead_only(acting_user)
    stored = list(draw.cases.order_by("position").values_list("case_id", flat=True))
    if draw.rules.get("kind") == ProgrammeKind.INSPECTION:
        raise ValidationError("An inspection sample was chosen by the inspector, not drawn: there is nothing to repeat")
    repeated = draw_repeat(draw).case_ids
    check = DrawCheck(same=repeated == stored, stored=stored, repeated=repeated)
    access_log_append(
        user=acting_user,
        action=AccessAction.VIEW,
        record_type="sample draw",
        record_id=draw.pk,
        detail="checked: the same cases" if check.same else "checked: different cases",
        request=request,
    )
    return check


# ---- allocation --------------------------------------------------------------------------------------------------


def why_not_auditor(sampled: SampledCase, auditor: User) -> str:
    """Why this auditor may not audit this case, or an empty string if they may."""
    case = sampled.case
    if auditor.pk == case.allocated_worker_id:
        return f"{auditor} is the case's allocated worker"
    own_team = sampled.draw.rules.get("exclude_auditors_own_team", sampled.draw.programme.exclude_auditors_own_team)
    if own_team and case.team_id in auditor_team_ids(auditor):
        return f"{auditor} works in or manages the case's team, and this programme is peer audit"
    return ""


def auditors_for(sampled: SampledCase) -> list[User]:
    """The programme's auditors who may audit this case."""
    auditors = sampled.draw.programme.auditors.filter(is_active=True, role__in=AUDITOR_ROLES)
    ordered = auditors.order_by("last_name", "first_name")
    return [auditor for auditor in ordered if not why_not_auditor(sampled, auditor)]


def sampled_case_allocate(
    *, acting_user: User, sampled: SampledCase, auditor: User, request: HttpRequest | None = None
) -> SampledCase:
    """Give the sampled case to an auditor, with read access to the case from today until the audit is done; an
    earlier auditor's access ends at once."""
    _lead_only(acting_user)
    with transaction.atomic():
        current = (
            SampledCase.objects.select_for_update(of=("self",))
            .select_related("draw__programme", "case")
            .get(pk=sampled.pk)
        )
        if not current.draw.programme.auditors.filter(pk=auditor.pk).exists():
            raise ValidationError({"auditor": "Choose an auditor from this programme's list"})
        refusal = why_not_auditor(current, auditor)
        if refusal:
            raise ValidationError({"auditor": refusal})
        if Audit.objects.filter(sampled_case=current).exists():
            raise ValidationError("The audit of this case has started, so it stays with its auditor")
        if current.auditor_id == auditor.pk and current.assignment_id is not None:
            return current
        today = timezone.localdate()
        if current.assignment_id is not None:
            CaseAssignment.objects.filter(pk=current.assignment_id).update(ends_on=today - datetime.timedelta(days=1))
        current.assignment = CaseAssignment.objects.create(
            case=current.case, user=auditor, purpose=AUDIT_PURPOSE, assigned_by=acting_user, starts_on=today
        )
        current.auditor = auditor
        current.save(update_fields=["auditor", "assignment"])
        access_log_append_each(
            user=acting_user,
            action=AccessAction.GRANT,
            record_type="case",
            record_id=current.case_id,
            people=list(case_children(current.case)) or [None],
            detail=f"audit access to user {auditor.pk} (sampled case {current.pk})",
            request=request,
        )
    return current


# ---- inspection samples ------------------------------------------------------------------------------------------

INSPECTION_SEARCH_LIMIT = 10


def inspection_child_search(
    *,
    acting_user: User,
    first_name: str = "",
    last_name: str = "",
    date_of_birth: datetime.date | None = None,
    identifier: str = "",
    request: HttpRequest | None = None,
) -> list[Person]:
    """Children across the authority matching the inspector's details: a full name and a date of birth, or a
    Casemap ID or UPN. Exact matches only, so the search finds a named child and cannot browse the records.
    Restricted records are never offered."""
    _lead_only(acting_user)
    children = Person.objects.filter(is_child=True, is_restricted=False, archived_at__isnull=True)
    identifier = identifier.strip().upper()
    if identifier:
        reference = PERSON_REFERENCE.match(identifier)
        by_id = Q(upn=identifier) | (Q(pk=int(reference.group(1))) if reference else Q(pk__in=[]))
        children = children.filter(by_id)
    elif first_name.strip() and last_name.strip() and date_of_birth is not None:
        children = children.filter(
            search_first_name=first_name.strip().lower(),
            search_last_name=last_name.strip().lower(),
            date_of_birth=date_of_birth,
        )
    else:
        raise ValidationError("Enter the child's first name, last name and date of birth, or their ID")
    found = list(children.order_by("pk")[:INSPECTION_SEARCH_LIMIT])
    access_log_append(
        user=acting_user,
        action=AccessAction.SEARCH,
        record_type="person",
        detail=f"inspection sample search: {len(found)} results",
        request=request,
    )
    return found


def inspection_child_add(
    *, acting_user: User, programme: SamplingProgramme, child: Person, request: HttpRequest | None = None
) -> InspectionChild:
    _lead_only(acting_user)
    if programme.kind != ProgrammeKind.INSPECTION:
        raise ValidationError("Children are named only for an inspection sample")
    if not child.is_child or child.is_restricted or child.archived_at is not None:
        raise ValidationError("Choose a child found by the search")
    with transaction.atomic():
        named, created = InspectionChild.objects.get_or_create(
            programme=programme, child=child, defaults={"added_by": acting_user}
        )
        if created:
            access_log_append(
                user=acting_user,
                action=AccessAction.CHANGE,
                record_type="sampling programme",
                record_id=programme.pk,
                person=child,
                detail="child named for an inspection sample",
                request=request,
            )
    return named


def inspection_child_remove(
    *, acting_user: User, programme: SamplingProgramme, child: Person, request: HttpRequest | None = None
) -> None:
    """Take a child off the inspector's list, before their case is in a sample."""
    _lead_only(acting_user)
    with transaction.atomic():
        named = InspectionChild.objects.select_for_update().filter(programme=programme, child=child).first()
        if named is None:
            return
        if child.pk in drawn_child_ids(programme):
            raise ValidationError("This child's case is in a sample already, so the child stays on the list")
        named.delete()
        access_log_append(
            user=acting_user,
            action=AccessAction.CHANGE,
            record_type="sampling programme",
            record_id=programme.pk,
            person=child,
            detail="child taken off an inspection sample's list",
            request=request,
        )


def child_case_for_inspection(child: Person) -> Case | None:
    """The case an inspection audits for a child: their open case (the latest opened), or else their most recent."""
    memberships = CaseMember.objects.filter(person=child, role=MemberRole.CHILD, case__archived_at__isnull=True)
    cases = [member.case for member in memberships.select_related("case")]
    open_cases = [case for case in cases if case.closed_on is None]
    if open_cases:
        return max(open_cases, key=lambda case: (case.opened_on, case.pk))
    closed = [case for case in cases if case.closed_on is not None]
    return max(closed, key=lambda case: (case.closed_on, case.opened_on, case.pk)) if closed else None


@dataclass(frozen=True)
class InspectionDraw:
    draw: SampleDraw
    without_case: list[Person]


def inspection_sample_draw(
    *, acting_user: User, programme: SamplingProgramme, request: HttpRequest | None = None
) -> InspectionDraw:
    """Make sampled cases from the children on the list not sampled yet, due on the inspector's date."""
    _lead_only(acting_user)
    if programme.kind != ProgrammeKind.INSPECTION:
        raise ValidationError("Only an inspection sample is made from a list of children")
    with transaction.atomic():
        held = SamplingProgramme.objects.select_for_update().get(pk=programme.pk)
        done = drawn_child_ids(held)
        listed = held.inspection_children.select_related("child").order_by("added_at", "pk")
        children = [named.child for named in listed]
        waiting = [child for child in children if child.pk not in done]
        if not waiting:
            raise ValidationError("Add the children the inspector named first: every child listed is in a sample")
        sampled_already = set(SampledCase.objects.filter(draw__programme=held).values_list("case_id", flat=True))
        cases: list[int] = []
        chosen: dict[str, int] = {}
        without_case = []
        for child in waiting:
            case = child_case_for_inspection(child)
            if case is None:
                without_case.append(child)
                continue
            chosen[str(child.pk)] = case.pk
            if case.pk not in sampled_already and case.pk not in cases:
                cases.append(case.pk)
        if not cases:
            raise ValidationError("None of the children listed has a case that is not in a sample already")
        cut_off = timezone.now()
        draw = SampleDraw.objects.create(
            programme=held,
            seed=0,
            cut_off=cut_off,
            period_start=timezone.localdate(cut_off),
            drawn_by=acting_user,
            population_size=len(waiting),
            rules={"kind": ProgrammeKind.INSPECTION, "children": sorted(int(pk) for pk in chosen), "cases": chosen},
        )
        due_on = held.due_on or timezone.localdate(cut_off) + datetime.timedelta(days=held.audit_due_days)
        SampledCase.objects.bulk_create(
            SampledCase(draw=draw, case_id=case_id, position=number, due_on=due_on)
            for number, case_id in enumerate(cases, start=1)
        )
        access_log_append(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="sample draw",
            record_id=draw.pk,
            detail=f"inspection sample: {len(cases)} cases for {len(chosen)} children",
            request=request,
        )
    return InspectionDraw(draw=draw, without_case=without_case)
