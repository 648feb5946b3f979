"""What Annex A reads for the lists of children in care, care leavers and adoption (Lists 8 to 11), a chunk of
children at a time: one query each, with what their columns count or look up elsewhere as subqueries."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from casemap.cases.care_codes import LegalStatus, MissingKind, PlacementType
from casemap.cases.care_models import (
    CareEpisode,
    CareLeaverOutcome,
    CarePeriod,
    CareReview,
    MissingEpisode,
    UnaccompaniedStatus,
)
from casemap.returns.annex_a import scope
from casemap.returns.annex_a.labels import FOSTERING_FOR_ADOPTION
from casemap.returns.annex_a.period import AnnexPeriod
from casemap.returns.annex_a.subqueries import ALLOCATION, count_of, first_of

PLACED_FOR_ADOPTION = [PlacementType.A3, PlacementType.A4, PlacementType.A5, PlacementType.A6]


def _of(ids: list[int], records: QuerySet[Any]) -> QuerySet[Any]:
    return records.filter(child_id__in=ids)


def care_periods(period: AnnexPeriod, ids: list[int]) -> Iterable[Mapping[str, Any]]:
    """List 8's periods of care, with their latest review, the child's missing and away episodes and unaccompanied
    status in the last twelve months, and whether an earlier period ended in them."""
    year = period.last_year
    reviews = CareReview.objects.filter(period=OuterRef("pk"), archived_at__isnull=True, held_on__lte=period.end)
    missing = MissingEpisode.objects.filter(
        child=OuterRef("child"), archived_at__isnull=True, started_on__gte=year.start, started_on__lte=year.end
    )
    unaccompanied = UnaccompaniedStatus.objects.filter(
        scope.open_in(year, start="since", end="ceased_on"), child=OuterRef("child"), archived_at__isnull=True
    )
    earlier_in_year = CarePeriod.objects.filter(
        child=OuterRef("child"),
        archived_at__isnull=True,
        started_on__lt=OuterRef("started_on"),
        ended_on__gte=year.start,
    )
    return (
        _of(ids, scope.care_periods(period))
        .annotate(
            reviewed_on=first_of(reviews, "held_on", latest=True),
            missing_in_year=count_of(missing.filter(kind=MissingKind.MISSING)),
            away_in_year=count_of(missing.filter(kind=MissingKind.AWAY)),
            unaccompanied_in_year=Exists(unaccompanied),
            earlier_in_year=Exists(earlier_in_year),
        )
        .order_by("started_on", "pk")
        .values(
            "pk",
            "child_id",
            "started_on",
            "ended_on",
            "end_reason",
            "category_of_need",
            "reviewed_on",
            "missing_in_year",
            "away_in_year",
            "unaccompanied_in_year",
            "earlier_in_year",
            *ALLOCATION,
        )
    )


def care_episodes(period: AnnexPeriod, ids: list[int]) -> Iterable[Mapping[str, Any]]:
    """The episodes of List 8's periods of care up to the period's end, and any other the child had in the last
    twelve months (placements are counted across periods)."""
    return (
        CareEpisode.objects.filter(child_id__in=ids, archived_at__isnull=True, started_on__lte=period.end)
        .filter(
            Q(period__in=_of(ids, scope.care_periods(period)).values("pk"))
            | Q(ended_on__isnull=True)
            | Q(ended_on__gte=period.last_year.start)
        )
        .order_by("started_on", "pk")
        .values(
            "child_id",
            "period_id",
            "started_on",
            "ended_on",
            "new_episode_reason",
            "legal_status",
            "placement_type",
            "provider",
            "placement_urn",
            "placement_postcode",
        )
    )


def care_leaver_episodes(period: AnnexPeriod, ids: list[int]) -> Iterable[Mapping[str, Any]]:
    """List 9's care leavers, and whether each was ever an unaccompanied asylum-seeking child."""
    unaccompanied = UnaccompaniedStatus.objects.filter(
        child=OuterRef("child"), archived_at__isnull=True, since__lte=period.end
    )
    return (
        _of(ids, scope.care_leaver_episodes(period))
        .annotate(ever_unaccompanied=Exists(unaccompanied))
        .order_by("started_on", "pk")
        .values("child_id", "ever_unaccompanied", *ALLOCATION)
    )


def all_care_periods(period: AnnexPeriod, ids: list[int]) -> Iterable[Mapping[str, Any]]:
    """Every period of care each child began by the period's end: a care leaver's eligibility follows from them."""
    return (
        CarePeriod.objects.filter(child_id__in=ids, archived_at__isnull=True, started_on__lte=period.end)
        .order_by("started_on", "pk")
        .values("child_id", "started_on", "ended_on")
    )


def care_leaver_outcomes(period: AnnexPeriod, ids: list[int]) -> Iterable[Mapping[str, Any]]:
    """The latest year's contact, activity and accommodation recorded for the period's end (years end 31 March)."""
    end = period.end
    collection_year = end.year + 1 if end.month > 3 else end.year
    return (
        CareLeaverOutcome.objects.filter(child_id__in=ids, archived_at__isnull=True, year__lte=collection_year)
        .order_by("year", "pk")
        .values("child_id", "in_touch", "activity", "accommodation")
    )


def adoption_plans(period: AnnexPeriod, ids: list[int]) -> Iterable[Mapping[str, Any]]:
    """List 10's adoption plans (and List 11's adopters), with the days their period of care's episodes show: the
    placement order, placed for adoption, and placed to foster for adoption."""
    episodes = CareEpisode.objects.filter(
        period=OuterRef("period"), archived_at__isnull=True, started_on__lte=period.end
    )
    return (
        _of(ids, scope.adoption_plans(period))
        .annotate(
            entered_care_on=F("period__started_on"),
            placement_order_on=first_of(episodes.filter(legal_status=LegalStatus.E1), "started_on"),
            placed_on=first_of(episodes.filter(placement_type__in=PLACED_FOR_ADOPTION), "started_on"),
            fostering_for_adoption_on=first_of(
                episodes.filter(placement_type__in=FOSTERING_FOR_ADOPTION), "started_on"
            ),
        )
        .order_by("decided_on", "pk")
        .values(
            "pk",
            "child_id",
            "decided_on",
            "matched_on",
            "ceased_on",
            "ceased_reason",
            "adopter_sexes",
            "entered_care_on",
            "placement_order_on",
            "placed_on",
            "fostering_for_adoption_on",
            "period__ended_on",
            "period__end_reason",
        )
    )
