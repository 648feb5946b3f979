"""Reads for children in care: each child's care history on a case, as a table of episodes and a timeline."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from casemap.cases.care_models import (
    AdoptionPlan,
    CareEpisode,
    CareLeaverOutcome,
    CareOutcome,
    CarePeriod,
    CareReview,
    MissingEpisode,
    UnaccompaniedStatus,
)
from casemap.cases.models import Case, ChronologyEntry, ChronologyKind
from casemap.people.models import Person

CARE_KINDS = [
    ChronologyKind.CARE_PERIOD,
    ChronologyKind.PLACEMENT,
    ChronologyKind.CARE_REVIEW,
    ChronologyKind.MISSING,
    ChronologyKind.ADOPTION,
    ChronologyKind.LEAVING_CARE,
]


@dataclass
class ChildCareHistory:
    child: Person
    periods: list[CarePeriod] = field(default_factory=list)
    missing: list[MissingEpisode] = field(default_factory=list)
    adoption_plans: list[AdoptionPlan] = field(default_factory=list)
    unaccompanied: UnaccompaniedStatus | None = None
    outcomes: list[CareOutcome] = field(default_factory=list)
    leaver_outcomes: list[CareLeaverOutcome] = field(default_factory=list)
    timeline: list[ChronologyEntry] = field(default_factory=list)

    @property
    def open_period(self) -> CarePeriod | None:
        return next((period for period in self.periods if period.is_open), None)


def case_care_history(case: Case) -> list[ChildCareHistory]:
    """The children on the case in care now or before (or unaccompanied), in the order of their first period, with
    what is recorded about their care. Outcomes and missing episodes show for these children."""
    live = {"case": case, "archived_at__isnull": True}
    periods = (
        CarePeriod.objects.filter(**live)
        .select_related("child", "previous_permanence")
        .prefetch_related(
            Prefetch("episodes", queryset=CareEpisode.objects.filter(archived_at__isnull=True)),
            Prefetch("reviews", queryset=CareReview.objects.filter(archived_at__isnull=True)),
        )
        .order_by("started_on", "pk")
    )
    histories: dict[int, ChildCareHistory] = {}

    def history(child: Person) -> ChildCareHistory:
        return histories.setdefault(child.pk, ChildCareHistory(child=child))

    for period in periods:
        history(period.child).periods.append(period)
    for status in UnaccompaniedStatus.objects.filter(**live).select_related("child"):
        history(status.child).unaccompanied = status
    if not histories:
        return []  # the rest is recorded only for a child in care: a case without care costs two queries
    for missing in MissingEpisode.objects.filter(**live).select_related("child"):
        history(missing.child).missing.append(missing)
    for plan in AdoptionPlan.objects.filter(**live).select_related("child"):
        history(plan.child).adoption_plans.append(plan)
    for outcome in CareOutcome.objects.filter(**live).select_related("child"):
        history(outcome.child).outcomes.append(outcome)
    for leaver in CareLeaverOutcome.objects.filter(**live).select_related("child"):
        history(leaver.child).leaver_outcomes.append(leaver)
    entries = ChronologyEntry.objects.filter(case=case, person_id__in=histories, kind__in=CARE_KINDS)
    for entry in entries.select_related("recorded_by").order_by("-occurred_on", "-pk"):
        histories[entry.person_id].timeline.append(entry)
    return list(histories.values())
