"""What Annex A reads from the records, a chunk of children at a time.

Each chunk is read in the same fourteen queries whatever its children hold: the people (with the last day each was
seen and last had a statutory visit), then one query per list's records (`scope.py`), each carrying what its
columns count or look up elsewhere as subqueries, and the care episodes and periods of care that the lists of
children in care and care leavers work out. Rows are plain values, turned into each list's rows (`rows.py`), so
memory follows the chunk, never the authority.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db.models import (
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from casemap.cases.care_codes import LegalStatus, PlacementType
from casemap.cases.care_models import (
    CareEpisode,
    CareLeaverOutcome,
    CarePeriod,
    CareReview,
    MissingEpisode,
    UnaccompaniedStatus,
)
from casemap.cases.models import (
    Assessment,
    CaseNote,
    ChildInNeedPlan,
    ChildProtectionPlan,
    NoteKind,
    Section47Enquiry,
)
from casemap.meetings.models import MeetingChild, MeetingKind, MeetingStatus
from casemap.returns.annex_a import scope
from casemap.returns.annex_a.labels import FOSTERING_FOR_ADOPTION, PROTECTED_IN_AN_EMERGENCY
from casemap.returns.annex_a.period import AnnexPeriod
from casemap.returns.annex_a.rows import AnnexChild, ChildRecords, child_rows

CHUNK_SIZE = 500
ALLOCATION = (
    "case__team__name",
    "case__allocated_worker__username",
    "case__allocated_worker__first_name",
    "case__allocated_worker__last_name",
)
PLACED_FOR_ADOPTION = [PlacementType.A3, PlacementType.A4, PlacementType.A5, PlacementType.A6]

Rows = list[Mapping[str, Any]]


def annex_a_children(period: AnnexPeriod, *, chunk_size: int = CHUNK_SIZE) -> Iterator[list[AnnexChild]]:
    """The period's children in chunks, in the order of their records (keyset pages: no OFFSET to grow slower)."""
    # The child's notes by the period's end: the last day they were seen, and their last statutory visit.
    notes = CaseNote.objects.filter(children=OuterRef("pk"), archived_at__isnull=True, occurred_on__lte=period.end)
    visits = notes.filter(kind=NoteKind.STATUTORY_VISIT).order_by("-occurred_on", "-pk")
    after = 0
    while True:
        people = list(
            scope.annex_a_people(period)
            .filter(pk__gt=after)
            .order_by("pk")
            .annotate(
                last_seen_on=_first(notes.filter(child_seen=True), "occurred_on", latest=True),
                last_visit_on=Subquery(visits.values("occurred_on")[:1]),
                last_visit_alone=Subquery(visits.values("child_seen_alone")[:1]),
            )
            .values(
                "pk",
                "sex",
                "ethnicity",
                "date_of_birth",
                "disabilities",
                "last_seen_on",
                "last_visit_on",
                "last_visit_alone",
            )[:chunk_size]
        )
        if not people:
            return
        records = _ChunkReader(period, [person["pk"] for person in people]).read()
        yield [child_rows(period, person, records.get(person["pk"], ChildRecords())) for person in people]
        after = people[-1]["pk"]


def _count(records: QuerySet[Any]) -> Coalesce:
    """How many of `records` (filtered on an outer row) there are, as a subquery: COUNT without GROUP BY."""
    counted = records.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _first(records: QuerySet[Any], field: str, *, latest: bool = False) -> Subquery:
    ordered = records.order_by(f"-{field}" if latest else field, "-pk" if latest else "pk")
    return Subquery(ordered.values(field)[:1])


def _open_at_end(model: type[Model], period: AnnexPeriod) -> Exists:
    """The child has one of `model` (a plan, a period of care) open at the end of the period."""
    return Exists(
        model._default_manager.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=period.end),
            child=OuterRef("child"),
            archived_at__isnull=True,
            started_on__lte=period.end,
        )
    )


@dataclasses.dataclass
class _ChunkReader:
    period: AnnexPeriod
    ids: list[int]

    def read(self) -> dict[int, ChildRecords]:
        """Each child's rows from the chunk's queries."""
        records: dict[int, ChildRecords] = defaultdict(ChildRecords)
        for name, rows in (
            ("contacts", self.contacts()),
            ("referrals", self.referrals()),
            ("early_help", self.early_help()),
            ("assessments", self.assessments()),
            ("enquiries", self.enquiries()),
            ("in_need", self.in_need()),
            ("protection_plans", self.protection_plans()),
            ("care_periods", self.care_periods()),
            ("care_episodes", self.care_episodes()),
            ("care_leaver_episodes", self.care_leaver_episodes()),
            ("all_care_periods", self.all_care_periods()),
            ("care_leaver_outcomes", self.care_leaver_outcomes()),
            ("adoption_plans", self.adoption_plans()),
        ):
            for row in rows:
                getattr(records[row["child_id"]], name).append(row)
        return records

    def _of_chunk(self, records: QuerySet[Any]) -> QuerySet[Any]:
        return records.filter(child_id__in=self.ids)

    def contacts(self) -> Iterable[Mapping[str, Any]]:
        return (
            self._of_chunk(scope.contacts(self.period))
            .order_by("received_on", "pk")
            .values("child_id", "received_on", "source")
        )

    def referrals(self) -> Iterable[Mapping[str, Any]]:
        year = self.period.last_year
        in_year = scope.social_care_referrals(decided_by=self.period).filter(
            scope.received_in(year), child=OuterRef("child")
        )
        return (
            self._of_chunk(scope.referrals(self.period))
            .annotate(referrals_in_year=_count(in_year))
            .order_by("received_on", "pk")
            .values("child_id", "received_on", "source", "decision", "referrals_in_year", *ALLOCATION)
        )

    def early_help(self) -> Iterable[Mapping[str, Any]]:
        return (
            self._of_chunk(scope.early_help_episodes(self.period))
            .order_by("started_on", "pk")
            .values("child_id", "started_on", "ended_on", "case__team__name")
        )

    def assessments(self) -> Iterable[Mapping[str, Any]]:
        end = Value(self.period.end, output_field=DateField())
        seen = CaseNote.objects.filter(
            children=OuterRef("child"),
            archived_at__isnull=True,
            child_seen=True,
            occurred_on__gte=OuterRef("started_on"),
            occurred_on__lte=Coalesce(OuterRef("authorised_on"), end),
        ).filter(occurred_on__lte=self.period.end)
        return (
            self._of_chunk(scope.assessments(self.period))
            .annotate(child_seen=Exists(seen))
            .order_by("started_on", "pk")
            .values("child_id", "started_on", "authorised_on", "outcome", "child_seen", *ALLOCATION)
        )

    def _initial_conferences(self, **where: Any) -> QuerySet[MeetingChild]:
        return MeetingChild.objects.filter(
            meeting__kind=MeetingKind.INITIAL_CONFERENCE,
            meeting__status=MeetingStatus.HELD,
            meeting__held_on__lte=self.period.end,
            meeting__archived_at__isnull=True,
            **where,
        )

    def enquiries(self) -> Iterable[Mapping[str, Any]]:
        year = self.period.last_year
        conference = self._initial_conferences(enquiry=OuterRef("pk")).order_by("meeting__held_on", "pk")
        enquiries_in_year = Section47Enquiry.objects.filter(
            child=OuterRef("child"), archived_at__isnull=True, started_on__gte=year.start, started_on__lte=year.end
        )
        conferences_in_year = self._initial_conferences(child=OuterRef("child"), meeting__held_on__gte=year.start)
        plan_from_conference = ChildProtectionPlan.objects.filter(
            child=OuterRef("child"), archived_at__isnull=True, started_on=OuterRef("conference_on")
        )
        return (
            self._of_chunk(scope.enquiries(self.period))
            .annotate(
                conference_on=Subquery(conference.values("meeting__held_on")[:1]),
                conference_plan=Subquery(conference.values("plan_id")[:1]),
                enquiries_in_year=_count(enquiries_in_year),
                conferences_in_year=_count(conferences_in_year),
            )
            .annotate(plan_started=Exists(plan_from_conference))
            .order_by("started_on", "pk")
            .values(
                "child_id",
                "started_on",
                "completed_on",
                "conference_not_required",
                "conference_on",
                "conference_plan",
                "plan_started",
                "enquiries_in_year",
                "conferences_in_year",
                *ALLOCATION,
            )
        )

    def in_need(self) -> Iterable[Mapping[str, Any]]:
        return (
            self._of_chunk(scope.in_need_episodes(self.period))
            .annotate(
                in_care=_open_at_end(CarePeriod, self.period),
                on_protection_plan=_open_at_end(ChildProtectionPlan, self.period),
                on_child_in_need_plan=_open_at_end(ChildInNeedPlan, self.period),
                assessment_open=Exists(
                    Assessment.objects.filter(
                        Q(authorised_on__isnull=True) | Q(authorised_on__gt=self.period.end),
                        child=OuterRef("child"),
                        archived_at__isnull=True,
                        started_on__lte=self.period.end,
                    )
                ),
            )
            .order_by("started_on", "pk")
            .values(
                "child_id",
                "started_on",
                "ended_on",
                "closure_reason",
                "primary_need",
                "in_care",
                "on_protection_plan",
                "on_child_in_need_plan",
                "assessment_open",
                *ALLOCATION,
            )
        )

    def protection_plans(self) -> Iterable[Mapping[str, Any]]:
        reviews = MeetingChild.objects.filter(
            plan=OuterRef("pk"),
            meeting__kind=MeetingKind.REVIEW_CONFERENCE,
            meeting__status=MeetingStatus.HELD,
            meeting__held_on__lte=self.period.end,
            meeting__archived_at__isnull=True,
        )
        earlier = ChildProtectionPlan.objects.filter(
            child=OuterRef("child"), archived_at__isnull=True, started_on__lt=OuterRef("started_on")
        )
        six_months = self.period.last_six_months
        protected = CareEpisode.objects.filter(
            scope.open_in(six_months),
            child=OuterRef("child"),
            archived_at__isnull=True,
            legal_status__in=PROTECTED_IN_AN_EMERGENCY,
        )
        return (
            self._of_chunk(scope.protection_plans(self.period))
            .annotate(
                reviewed_on=_first(reviews, "meeting__held_on", latest=True),
                earlier_here=_count(earlier),
                protected_in_emergency=Exists(protected),
            )
            .order_by("started_on", "pk")
            .values(
                "child_id",
                "started_on",
                "ended_on",
                "initial_category",
                "latest_category",
                "previous_plans_elsewhere",
                "reviewed_on",
                "earlier_here",
                "protected_in_emergency",
                *ALLOCATION,
            )
        )

    def care_periods(self) -> Iterable[Mapping[str, Any]]:
        year = self.period.last_year
        reviews = CareReview.objects.filter(
            period=OuterRef("pk"), archived_at__isnull=True, held_on__lte=self.period.end
        )
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
            self._of_chunk(scope.care_periods(self.period))
            .annotate(
                reviewed_on=_first(reviews, "held_on", latest=True),
                missing_in_year=_count(missing.filter(kind="M")),
                away_in_year=_count(missing.filter(kind="A")),
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

    def care_episodes(self) -> Iterable[Mapping[str, Any]]:
        """The episodes of List 8's periods of care up to the period's end, and any other the child had in the last
        twelve months (placements are counted across periods)."""
        return (
            CareEpisode.objects.filter(child_id__in=self.ids, archived_at__isnull=True, started_on__lte=self.period.end)
            .filter(
                Q(period__in=self._of_chunk(scope.care_periods(self.period)).values("pk"))
                | Q(ended_on__isnull=True)
                | Q(ended_on__gte=self.period.last_year.start)
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

    def care_leaver_episodes(self) -> Iterable[Mapping[str, Any]]:
        unaccompanied = UnaccompaniedStatus.objects.filter(
            child=OuterRef("child"), archived_at__isnull=True, since__lte=self.period.end
        )
        return (
            self._of_chunk(scope.care_leaver_episodes(self.period))
            .annotate(ever_unaccompanied=Exists(unaccompanied))
            .order_by("started_on", "pk")
            .values("child_id", "ever_unaccompanied", *ALLOCATION)
        )

    def all_care_periods(self) -> Iterable[Mapping[str, Any]]:
        """Every period of care each child began by the period's end: a care leaver's eligibility follows from them."""
        return (
            CarePeriod.objects.filter(child_id__in=self.ids, archived_at__isnull=True, started_on__lte=self.period.end)
            .order_by("started_on", "pk")
            .values("child_id", "started_on", "ended_on")
        )

    def care_leaver_outcomes(self) -> Iterable[Mapping[str, Any]]:
        """The latest year's contact, activity and accommodation recorded for the period's end (years end 31 March)."""
        end = self.period.end
        collection_year = end.year + 1 if end.month > 3 else end.year
        return (
            CareLeaverOutcome.objects.filter(child_id__in=self.ids, archived_at__isnull=True, year__lte=collection_year)
            .order_by("year", "pk")
            .values("child_id", "in_touch", "activity", "accommodation")
        )

    def adoption_plans(self) -> Iterable[Mapping[str, Any]]:
        episodes = CareEpisode.objects.filter(
            period=OuterRef("period"), archived_at__isnull=True, started_on__lte=self.period.end
        )
        return (
            self._of_chunk(scope.adoption_plans(self.period))
            .annotate(
                entered_care_on=F("period__started_on"),
                placement_order_on=_first(episodes.filter(legal_status=LegalStatus.E1), "started_on"),
                placed_on=_first(episodes.filter(placement_type__in=PLACED_FOR_ADOPTION), "started_on"),
                fostering_for_adoption_on=_first(
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
