"""What the Children in Need census reads from the records, a chunk of children at a time.

A child is in the census year when a child in need episode (child in need, child protection or child in care: the
last two sit inside a child in need episode for the DfE) was open on any day from 1 April to 31 March, as the DfE's
guidance asks. Each chunk is read in the same seven queries, whatever its children hold, as plain values rather
than model instances, so memory follows the chunk, never the authority.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db.models import Q, QuerySet

from casemap.cases.models import (
    Assessment,
    CaseService,
    ChildInNeedPlan,
    ChildProtectionPlan,
    Episode,
    ReferralDecision,
    Section47Enquiry,
)
from casemap.core.working_days import WorkingDayCalendar, working_day_calendar
from casemap.meetings.models import MeetingChild, MeetingKind, MeetingStatus
from casemap.meetings.timescales import initial_conference_due
from casemap.people.models import Person
from casemap.returns.cin_census.records import (
    CensusAssessment,
    CensusChild,
    CensusEnquiry,
    CensusEpisode,
    CensusProtectionPlan,
    CensusYear,
)

CENSUS_SERVICES = [CaseService.CHILD_IN_NEED, CaseService.CHILD_PROTECTION, CaseService.CHILD_IN_CARE]
CHUNK_SIZE = 500


def census_episodes(year: CensusYear) -> QuerySet[Episode]:
    """Child in need episodes open on any day of the year."""
    return Episode.objects.filter(
        service__in=CENSUS_SERVICES, archived_at__isnull=True, started_on__lte=year.reference_date
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year.starts_on))


def census_child_count(year: CensusYear) -> int:
    """How many children the year's census holds: the export's progress is counted against it."""
    return Person.objects.filter(pk__in=census_episodes(year).values("child_id"), archived_at__isnull=True).count()


def census_children(year: CensusYear, *, chunk_size: int = CHUNK_SIZE) -> Iterator[list[CensusChild]]:
    """The year's children in chunks, in the order of their records (keyset pages: no OFFSET to grow slower)."""
    calendar = working_day_calendar()
    after = 0
    while True:
        people = list(
            Person.objects.filter(
                pk__in=census_episodes(year).values("child_id"), archived_at__isnull=True, pk__gt=after
            )
            .order_by("pk")
            .values(
                "pk",
                "upn",
                "upn_unknown_reason",
                "date_of_birth",
                "expected_birth_date",
                "sex",
                "ethnicity",
                "disabilities",
            )[:chunk_size]
        )
        if not people:
            return
        yield _read_chunk(year, people, calendar)
        after = people[-1]["pk"]


def _by_child(rows: Iterable[Mapping[str, Any]]) -> dict[int, list[Mapping[str, Any]]]:
    grouped: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["child_id"]].append(row)
    return grouped


def _read_chunk(
    year: CensusYear, people: Sequence[Mapping[str, Any]], calendar: WorkingDayCalendar
) -> list[CensusChild]:
    ids = [person["pk"] for person in people]
    reference = year.reference_date
    episodes = _by_child(
        census_episodes(year)
        .filter(child_id__in=ids)
        .order_by("started_on", "pk")
        .values(
            "pk",
            "child_id",
            "started_on",
            "ended_on",
            "closure_reason",
            "primary_need",
            "referral__received_on",
            "referral__source",
            "referral__decision",
        )
    )
    assessments = _by_child(
        Assessment.objects.filter(child_id__in=ids, archived_at__isnull=True, started_on__lte=reference)
        .order_by("started_on", "pk")
        .values("child_id", "episode_id", "started_on", "authorised_on", "factors")
    )
    enquiries = _by_child(
        Section47Enquiry.objects.filter(child_id__in=ids, archived_at__isnull=True, started_on__lte=reference)
        .order_by("started_on", "pk")
        .values("pk", "child_id", "episode_id", "started_on", "completed_on", "conference_not_required")
    )
    # Every plan the child had, to count those before each one.
    protection_plans = _by_child(
        ChildProtectionPlan.objects.filter(child_id__in=ids, archived_at__isnull=True)
        .order_by("started_on", "pk")
        .values(
            "pk",
            "child_id",
            "episode_id",
            "started_on",
            "ended_on",
            "initial_category",
            "latest_category",
            "previous_plans_elsewhere",
        )
    )
    child_in_need_plans = _by_child(
        ChildInNeedPlan.objects.filter(child_id__in=ids, archived_at__isnull=True, started_on__lte=reference)
        .order_by("started_on", "pk")
        .values("child_id", "episode_id", "started_on", "ended_on")
    )
    conferences = _by_child(
        MeetingChild.objects.filter(
            child_id__in=ids,
            meeting__kind__in=[MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE],
            meeting__status=MeetingStatus.HELD,
            meeting__held_on__lte=reference,
            meeting__archived_at__isnull=True,
        )
        .order_by("meeting__held_on", "pk")
        .values("child_id", "enquiry_id", "plan_id", "meeting__kind", "meeting__held_on")
    )
    children = []
    for person in people:
        pk = person["pk"]
        records = _ChildRecords(
            year=year,
            calendar=calendar,
            episodes=episodes[pk],
            assessments=assessments[pk],
            enquiries=enquiries[pk],
            protection_plans=protection_plans[pk],
            child_in_need_plans=child_in_need_plans[pk],
            conferences=conferences[pk],
        )
        children.append(_census_child(year, person, records.census_episodes()))
    return children


def _census_child(year: CensusYear, person: Mapping[str, Any], episodes: list[CensusEpisode]) -> CensusChild:
    born_on = person["date_of_birth"]
    expected_on = person["expected_birth_date"]
    if born_on is not None and born_on > year.reference_date:
        # Born since the reference date: on that day the child was still expected.
        born_on, expected_on = None, expected_on or born_on
    return CensusChild(
        person_id=person["pk"],
        child_id=f"P{person['pk']:07d}",
        upn=person["upn"],
        upn_unknown_reason=person["upn_unknown_reason"],
        born_on=born_on,
        expected_on=None if born_on else expected_on,
        sex=person["sex"],
        ethnicity=person["ethnicity"],
        disabilities=list(person["disabilities"] or []),
        episodes=episodes,
    )


@dataclasses.dataclass
class _ChildRecords:
    """One child's rows from the chunk's queries, put into the episodes they belong to."""

    year: CensusYear
    calendar: WorkingDayCalendar
    episodes: Sequence[Mapping[str, Any]]
    assessments: Sequence[Mapping[str, Any]]
    enquiries: Sequence[Mapping[str, Any]]
    protection_plans: Sequence[Mapping[str, Any]]
    child_in_need_plans: Sequence[Mapping[str, Any]]
    conferences: Sequence[Mapping[str, Any]]

    def census_episodes(self) -> list[CensusEpisode]:
        return [self._episode(row) for row in self.episodes]

    def _belongs(self, record: Mapping[str, Any], episode: Mapping[str, Any]) -> bool:
        """A record names its episode; one made outside any episode belongs to the episode its start falls in."""
        if record["episode_id"] is not None:
            return bool(record["episode_id"] == episode["pk"])
        ended_on = episode["ended_on"]
        return bool(
            episode["started_on"] <= record["started_on"] and (ended_on is None or record["started_on"] <= ended_on)
        )

    def _episode(self, row: Mapping[str, Any]) -> CensusEpisode:
        year = self.year
        closed_on = year.by_reference_date(row["ended_on"])
        enquiries = [
            self._enquiry(record)
            for record in self.enquiries
            if self._belongs(record, row) and year.overlaps(record["started_on"], record["completed_on"])
        ]
        # The DfE takes an initial conference once: on its enquiry when the census holds that enquiry (rule 2884),
        # on the episode otherwise (an enquiry from an earlier year).
        on_enquiries = {enquiry.conference_on for enquiry in enquiries}
        held_initial = [
            conference["meeting__held_on"]
            for conference in self.conferences
            if conference["meeting__kind"] == MeetingKind.INITIAL_CONFERENCE
            and conference["meeting__held_on"] >= row["started_on"]
            and (closed_on is None or conference["meeting__held_on"] <= closed_on)
            and conference["meeting__held_on"] not in on_enquiries
        ]
        return CensusEpisode(
            referral_on=row["referral__received_on"] or row["started_on"],
            # An episode opened by a change of service, not a referral, has no referral source on the record.
            referral_source=row["referral__source"] or "10",
            primary_need=row["primary_need"],
            closed_on=closed_on,
            closure_reason=row["closure_reason"] if closed_on else "",
            initial_conference_on=held_initial[-1] if held_initial else None,
            no_further_action=row["referral__decision"] == ReferralDecision.NO_FURTHER_ACTION,
            assessments=[
                CensusAssessment(
                    started_on=record["started_on"],
                    authorised_on=year.by_reference_date(record["authorised_on"]),
                    factors=list(record["factors"] or []) if year.by_reference_date(record["authorised_on"]) else [],
                )
                for record in self.assessments
                if self._belongs(record, row) and year.overlaps(record["started_on"], record["authorised_on"])
            ],
            child_in_need_plans=[
                (record["started_on"], year.by_reference_date(record["ended_on"]))
                for record in self.child_in_need_plans
                if self._belongs(record, row) and year.overlaps(record["started_on"], record["ended_on"])
            ],
            enquiries=enquiries,
            protection_plans=[
                self._protection_plan(record, earlier)
                for earlier, record in enumerate(self.protection_plans)
                if self._belongs(record, row) and year.overlaps(record["started_on"], record["ended_on"])
            ],
        )

    def _enquiry(self, record: Mapping[str, Any]) -> CensusEnquiry:
        held = [
            conference["meeting__held_on"]
            for conference in self.conferences
            if conference["enquiry_id"] == record["pk"]
            and conference["meeting__kind"] == MeetingKind.INITIAL_CONFERENCE
        ]
        not_required = bool(record["conference_not_required"]) and bool(
            self.year.by_reference_date(record["completed_on"])
        )
        return CensusEnquiry(
            started_on=record["started_on"],
            conference_target=None if not_required else initial_conference_due([record["started_on"]], self.calendar),
            conference_on=held[0] if held else None,
            conference_not_required=not_required,
        )

    def _protection_plan(self, record: Mapping[str, Any], earlier_here: int) -> CensusProtectionPlan:
        ended_on = self.year.by_reference_date(record["ended_on"])
        return CensusProtectionPlan(
            started_on=record["started_on"],
            ended_on=ended_on,
            initial_category=record["initial_category"],
            latest_category=record["latest_category"],
            previous_plans=earlier_here + record["previous_plans_elsewhere"],
            reviews=[
                conference["meeting__held_on"]
                for conference in self.conferences
                if conference["plan_id"] == record["pk"]
                and conference["meeting__kind"] == MeetingKind.REVIEW_CONFERENCE
                and conference["meeting__held_on"] >= self.year.starts_on
                and (ended_on is None or conference["meeting__held_on"] <= ended_on)
            ],
        )
