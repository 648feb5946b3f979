"""What Annex A reads from the records, a chunk of children at a time.

Each chunk is read in the same fourteen queries whatever its children hold: the people (with the last day each was
seen and last had a statutory visit), then one query per list's records (`scope.py`), each carrying what its
columns count or look up elsewhere as subqueries (`subqueries.py`), and the care episodes, periods of care and care
leaver outcomes that the lists of children in care and care leavers work out (those reads are `care_selectors.py`).
Rows are plain values, turned into each list's rows (`rows.py`), so memory follows the chunk, never the authority.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db.models import DateField, Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from casemap.cases.care_models import CareEpisode, CarePeriod
from casemap.cases.models import (
    Assessment,
    CaseNote,
    ChildInNeedPlan,
    ChildProtectionPlan,
    NoteKind,
    Section47Enquiry,
)
from casemap.meetings.models import MeetingChild, MeetingKind, MeetingStatus
from casemap.returns.annex_a import care_selectors, scope
from casemap.returns.annex_a.labels import PROTECTED_IN_AN_EMERGENCY
from casemap.returns.annex_a.period import AnnexPeriod
from casemap.returns.annex_a.rows import AnnexChild, ChildRecords, child_rows
from casemap.returns.annex_a.subqueries import ALLOCATION, count_of, first_of, open_at_end

CHUNK_SIZE = 500


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
                last_seen_on=first_of(notes.filter(child_seen=True), "occurred_on", latest=True),
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
            ("care_periods", care_selectors.care_periods(self.period, self.ids)),
            ("care_episodes", care_selectors.care_episodes(self.period, self.ids)),
            ("care_leaver_episodes", care_selectors.care_leaver_episodes(self.period, self.ids)),
            ("all_care_periods", care_selectors.all_care_periods(self.period, self.ids)),
            ("care_leaver_outcomes", care_selectors.care_leaver_outcomes(self.period, self.ids)),
            ("adoption_plans", care_selectors.adoption_plans(self.period, self.ids)),
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
            .annotate(referrals_in_year=count_of(in_year))
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
                enquiries_in_year=count_of(enquiries_in_year),
                conferences_in_year=count_of(conferences_in_year),
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
                in_care=open_at_end(CarePeriod, self.period),
                on_protection_plan=open_at_end(ChildProtectionPlan, self.period),
                on_child_in_need_plan=open_at_end(ChildInNeedPlan, self.period),
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
                reviewed_on=first_of(reviews, "meeting__held_on", latest=True),
                earlier_here=count_of(earlier),
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
