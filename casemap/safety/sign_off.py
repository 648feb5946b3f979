"""A safety plan as a record a worker asks a manager to sign off (casemap/handoffs), registered from ready()."""

from django.db.models import QuerySet

from casemap.cases.models import ChronologyKind
from casemap.cases.selectors import case_children
from casemap.handoffs.records import SignableRecord
from casemap.people.models import Person
from casemap.safety.models import PlanStatus, SafetyPlan


def plan_label(plan: SafetyPlan) -> str:
    return f"{plan.get_kind_display()} {plan.number}"


def plan_children(plan: SafetyPlan) -> list[Person]:
    return case_children(plan.case)


def plan_not_signable(plan: SafetyPlan) -> str:
    if plan.is_archived:
        return "This safety plan has been archived"
    if plan.status == PlanStatus.SIGNED_OFF:
        return "This safety plan has been signed off. Start a new version to record what has changed"
    if plan.status == PlanStatus.SUPERSEDED:
        return "A later version has replaced this safety plan"
    return ""


def plans_awaiting(plans: QuerySet[SafetyPlan]) -> QuerySet[SafetyPlan]:
    return plans.filter(status=PlanStatus.DRAFT, archived_at__isnull=True)


SIGNABLE_PLAN = SignableRecord(
    model=SafetyPlan,
    record_type="safety_plan",
    noun="safety plan",
    page="safety:plan",
    ask_url="safety:plan-ask-sign-off",
    decide_url="safety:plan-sign-off",
    label=plan_label,
    children=plan_children,
    not_signable=plan_not_signable,
    awaiting=plans_awaiting,
    signed_off_kind=ChronologyKind.SAFETY_PLAN,
)
