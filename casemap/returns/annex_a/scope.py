"""Which records each list holds: events of the period (a contact, a referral) when they happened in it, and work
(early help, an assessment, an enquiry, a plan, a period of care) when it was open on any day of it. The same
querysets choose the children of the export and read their rows, so a child is exported only for a row."""

from django.db.models import Q, QuerySet

from casemap.cases.care_models import AdoptionPlan, CarePeriod
from casemap.cases.models import (
    Assessment,
    CaseService,
    ChildProtectionPlan,
    Episode,
    Referral,
    ReferralDecision,
    Section47Enquiry,
)
from casemap.people.models import Person
from casemap.returns.annex_a.period import AnnexPeriod

# Child protection and care sit inside a child in need episode, as in the census.
IN_NEED_SERVICES = [CaseService.CHILD_IN_NEED, CaseService.CHILD_PROTECTION, CaseService.CHILD_IN_CARE]
# A contact becomes a referral to children's social care when it is decided: an assessment, or no further action.
SOCIAL_CARE_DECISIONS = [ReferralDecision.ASSESSMENT, ReferralDecision.NO_FURTHER_ACTION]


def open_in(period: AnnexPeriod, start: str = "started_on", end: str = "ended_on") -> Q:
    """Open on any day of the period: started by its end, and not finished before its start."""
    return Q(**{f"{start}__lte": period.end}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": period.start}))


def received_in(period: AnnexPeriod) -> Q:
    return Q(received_on__gte=period.start, received_on__lte=period.end)


def contacts(period: AnnexPeriod) -> QuerySet[Referral]:
    """List 1: every contact received in the period, whatever became of it."""
    return Referral.objects.filter(received_in(period), archived_at__isnull=True)


def social_care_referrals(*, decided_by: AnnexPeriod) -> QuerySet[Referral]:
    """Contacts decided, by the end of `decided_by`, to be referrals to children's social care."""
    return Referral.objects.filter(
        archived_at__isnull=True, decision__in=SOCIAL_CARE_DECISIONS, decided_on__lte=decided_by.end
    )


def referrals(period: AnnexPeriod) -> QuerySet[Referral]:
    """List 3: referrals received in the period."""
    return social_care_referrals(decided_by=period).filter(received_in(period))


def early_help_episodes(period: AnnexPeriod) -> QuerySet[Episode]:
    """List 2."""
    return Episode.objects.filter(open_in(period), archived_at__isnull=True, service=CaseService.EARLY_HELP)


def assessments(period: AnnexPeriod) -> QuerySet[Assessment]:
    """List 4."""
    return Assessment.objects.filter(open_in(period, end="authorised_on"), archived_at__isnull=True)


def enquiries(period: AnnexPeriod) -> QuerySet[Section47Enquiry]:
    """List 5."""
    return Section47Enquiry.objects.filter(open_in(period, end="completed_on"), archived_at__isnull=True)


def in_need_episodes(period: AnnexPeriod) -> QuerySet[Episode]:
    """List 6."""
    return Episode.objects.filter(open_in(period), archived_at__isnull=True, service__in=IN_NEED_SERVICES)


def protection_plans(period: AnnexPeriod) -> QuerySet[ChildProtectionPlan]:
    """List 7."""
    return ChildProtectionPlan.objects.filter(open_in(period), archived_at__isnull=True)


def care_periods(period: AnnexPeriod) -> QuerySet[CarePeriod]:
    """List 8."""
    return CarePeriod.objects.filter(open_in(period), archived_at__isnull=True)


def care_leaver_episodes(period: AnnexPeriod) -> QuerySet[Episode]:
    """List 9."""
    return Episode.objects.filter(open_in(period), archived_at__isnull=True, service=CaseService.CARE_LEAVER)


def adoption_plans(period: AnnexPeriod) -> QuerySet[AdoptionPlan]:
    """List 10, and the adopters of List 11: a decision to place for adoption made by the period's end that had not
    ended before it began (reversed, or the period of care over, by adoption or otherwise)."""
    still_planned = Q(ceased_on__isnull=True) & (
        Q(period__ended_on__isnull=True) | Q(period__ended_on__gte=period.start)
    )
    return AdoptionPlan.objects.filter(
        Q(ceased_on__gte=period.start) | still_planned, archived_at__isnull=True, decided_on__lte=period.end
    )


def annex_a_people(period: AnnexPeriod) -> QuerySet[Person]:
    """Everyone with a row in any list (List 3's referrals are List 1's contacts; List 11's adopters come from
    List 10's plans)."""
    in_any_list = Q()
    for records in (
        contacts(period),
        early_help_episodes(period),
        assessments(period),
        enquiries(period),
        in_need_episodes(period),
        protection_plans(period),
        care_periods(period),
        care_leaver_episodes(period),
        adoption_plans(period),
    ):
        in_any_list |= Q(pk__in=records.values("child_id"))
    return Person.objects.filter(in_any_list, archived_at__isnull=True)
