"""What the SSDA903 return reads from the records, a chunk of children at a time.

A child is in the return for a collection year when they were looked after on any day from 1 April to 31 March (an
episode of care open that day), or when they are a care leaver whose outcomes are recorded for the year (OC3).
Each chunk is read in the same eleven queries, whatever its children hold, as plain values rather than model
instances, so memory follows the chunk, never the authority.
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from casemap.cases.care_codes import ADOPTED
from casemap.cases.care_models import (
    AdoptionPlan,
    CareEpisode,
    CareLeaverOutcome,
    CareOutcome,
    CareReview,
    MissingEpisode,
    PreviousPermanence,
    UnaccompaniedStatus,
)
from casemap.cases.models import Allocation, MemberRole, SocialWorkerChangeReason
from casemap.people.codes import Sex
from casemap.people.models import Person, Relationship, RelationshipType
from casemap.returns.cin_census.records import CensusYear
from casemap.returns.ssda903.records import (
    Adoption903,
    Child903,
    Episode903,
    LeaverOutcomes903,
    Outcomes903,
    PlacedForAdoption903,
    PreviousPermanence903,
    SocialWorkerEpisode903,
)

CHUNK_SIZE = 500
QUERIES_PER_CHUNK = 11
OUTCOME_ANSWERS = [
    "convicted",
    "health_check",
    "immunisations",
    "teeth_check",
    "health_assessment",
    "substance_misuse",
    "intervention_received",
    "intervention_offered",
]


def looked_after_episodes(year: CensusYear) -> QuerySet[CareEpisode]:
    """Episodes of care open on any day of the year."""
    return CareEpisode.objects.filter(
        archived_at__isnull=True, period__archived_at__isnull=True, started_on__lte=year.reference_date
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=year.starts_on))


def care_leaver_outcomes(year: CensusYear) -> QuerySet[CareLeaverOutcome]:
    return CareLeaverOutcome.objects.filter(archived_at__isnull=True, year=year.year)


def _year_children(year: CensusYear) -> QuerySet[Person]:
    return Person.objects.filter(
        Q(pk__in=looked_after_episodes(year).values("child_id"))
        | Q(pk__in=care_leaver_outcomes(year).values("child_id")),
        archived_at__isnull=True,
    )


def ssda903_child_count(year: CensusYear) -> int:
    """How many children the year's return holds: the export's progress is counted against it."""
    return _year_children(year).count()


def ssda903_children(year: CensusYear, *, chunk_size: int = CHUNK_SIZE) -> Iterator[list[Child903]]:
    """The year's children in chunks, in the order of their records (keyset pages: no OFFSET to grow slower)."""
    after = 0
    while True:
        people = list(
            _year_children(year)
            .filter(pk__gt=after)
            .order_by("pk")
            .values("pk", "sex", "date_of_birth", "ethnicity", "upn", "upn_unknown_reason")[:chunk_size]
        )
        if not people:
            return
        yield _read_chunk(year, people)
        after = people[-1]["pk"]


def _by_child(rows: Iterable[Mapping[str, Any]], key: str = "child_id") -> dict[int, list[Mapping[str, Any]]]:
    grouped: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row[key]].append(row)
    return grouped


def _read_chunk(year: CensusYear, people: Sequence[Mapping[str, Any]]) -> list[Child903]:
    ids = [person["pk"] for person in people]
    start, reference = year.starts_on, year.reference_date
    live = {"child_id__in": ids, "archived_at__isnull": True}
    episodes = _by_child(
        looked_after_episodes(year)
        .filter(child_id__in=ids)
        .order_by("started_on", "pk")
        .values(
            "child_id",
            "started_on",
            "new_episode_reason",
            "legal_status",
            "period__category_of_need",
            "placement_type",
            "provider",
            "ended_on",
            "end_reason",
            "placement_change_reason",
            "home_postcode",
            "placement_postcode",
            "placement_urn",
        )
    )
    reviews = _by_child(
        CareReview.objects.filter(**live, held_on__gte=start, held_on__lte=reference)
        .order_by("held_on", "pk")
        .values("child_id", "held_on", "participation")
    )
    missing = _by_child(
        MissingEpisode.objects.filter(**live, started_on__lte=reference)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .order_by("started_on", "pk")
        .values("child_id", "kind", "started_on", "ended_on")
    )
    unaccompanied = _by_child(
        UnaccompaniedStatus.objects.filter(**live, since__lte=reference).values("child_id", "ceased_on")
    )
    outcomes = _by_child(
        CareOutcome.objects.filter(**live, year=year.year).values(
            "child_id", "sdq_score", "sdq_reason", *OUTCOME_ANSWERS
        )
    )
    leaver_outcomes = _by_child(
        care_leaver_outcomes(year).filter(child_id__in=ids).values("child_id", "in_touch", "activity", "accommodation")
    )
    adoption_plans = _by_child(
        AdoptionPlan.objects.filter(**live, decided_on__lte=reference)
        .order_by("decided_on", "pk")
        .values(
            "child_id",
            "decided_on",
            "matched_on",
            "by_foster_carers",
            "adopter_count",
            "adopter_sexes",
            "adopter_legal_status",
            "ceased_on",
            "ceased_reason",
        )
    )
    previous_permanence = _by_child(
        PreviousPermanence.objects.filter(
            **live, period__started_on__gte=start, period__started_on__lte=reference, period__archived_at__isnull=True
        )
        .order_by("period__started_on", "pk")
        .values("child_id", "kind", "authority", "order_made_on")
    )
    # A girl is a mother when a child of hers (born by the reference date) is recorded as such in the family.
    children_of = _by_child(
        Relationship.objects.filter(
            relative_id__in=ids,
            kind=RelationshipType.MOTHER,
            archived_at__isnull=True,
            person__archived_at__isnull=True,
            person__date_of_birth__lte=reference,
        ).values("relative_id", "person__date_of_birth"),
        key="relative_id",
    )
    # Every period a worker held a case the child is on, from the case's allocation history (those held unallocated
    # are no social worker's); read whole, since a worker's episode may have begun years before.
    allocations = _by_child(
        Allocation.objects.filter(
            case__memberships__person_id__in=ids,
            case__memberships__role=MemberRole.CHILD,
            case__archived_at__isnull=True,
            worker__isnull=False,
        )
        .annotate(child_id=F("case__memberships__person_id"))
        .order_by("started_at", "pk")
        .values(
            "child_id",
            "case_id",
            "worker_id",
            "worker__social_work_england_number",
            "started_at",
            "ended_at",
            "change_reason",
            "case__closed_on",
        )
    )
    children = []
    for person in people:
        pk = person["pk"]
        child = _header(person, looked_after=bool(episodes[pk]), children_born=children_of[pk])
        _ChildRecords(
            year=year,
            child=child,
            episodes=episodes[pk],
            reviews=reviews[pk],
            missing=missing[pk],
            unaccompanied=unaccompanied[pk],
            outcomes=outcomes[pk],
            leaver_outcomes=leaver_outcomes[pk],
            adoption_plans=adoption_plans[pk],
            previous_permanence=previous_permanence[pk],
            allocations=allocations[pk],
        ).fill()
        children.append(child)
    return children


def _header(person: Mapping[str, Any], *, looked_after: bool, children_born: Sequence[Mapping[str, Any]]) -> Child903:
    births = sorted(row["person__date_of_birth"] for row in children_born)
    # Motherhood is asked of girls looked after in the year; a care leaver's header leaves it blank (rule 628).
    is_mother = (bool(births) if person["sex"] == Sex.FEMALE else None) if looked_after else None
    return Child903(
        person_id=person["pk"],
        child_id=f"P{person['pk']:07d}",
        sex=person["sex"],
        born_on=person["date_of_birth"],
        ethnicity=person["ethnicity"],
        upn=person["upn"] or person["upn_unknown_reason"],
        is_mother=is_mother,
        first_child_born_on=births[0] if is_mother else None,
    )


@dataclasses.dataclass
class _ChildRecords:
    """One child's rows from the chunk's queries, as the return's tables take them."""

    year: CensusYear
    child: Child903
    episodes: Sequence[Mapping[str, Any]]
    reviews: Sequence[Mapping[str, Any]]
    missing: Sequence[Mapping[str, Any]]
    unaccompanied: Sequence[Mapping[str, Any]]
    outcomes: Sequence[Mapping[str, Any]]
    leaver_outcomes: Sequence[Mapping[str, Any]]
    adoption_plans: Sequence[Mapping[str, Any]]
    previous_permanence: Sequence[Mapping[str, Any]]
    allocations: Sequence[Mapping[str, Any]]

    def fill(self) -> None:
        child, year = self.child, self.year
        if self.leaver_outcomes:
            row = self.leaver_outcomes[0]
            child.leaver_outcomes = LeaverOutcomes903(
                in_touch=row["in_touch"], activity=row["activity"], accommodation=row["accommodation"]
            )
        if not self.episodes:
            return  # a care leaver not looked after in the year: the header and OC3 alone (rule 1012)
        child.episodes = [self._episode(row) for row in self.episodes]
        child.reviews = [(row["held_on"], row["participation"]) for row in self.reviews]
        child.missing = [
            (row["kind"], row["started_on"], year.by_reference_date(row["ended_on"])) for row in self.missing
        ]
        if self.unaccompanied:
            child.unaccompanied = True
            child.unaccompanied_ceased_on = year.by_reference_date(self.unaccompanied[0]["ceased_on"])
        if self.outcomes:
            row = self.outcomes[0]
            child.outcomes = Outcomes903(
                sdq_score=row["sdq_score"],
                sdq_reason=row["sdq_reason"],
                **{name: row[name] for name in OUTCOME_ANSWERS},
            )
        child.placed_for_adoption = [
            PlacedForAdoption903(
                decided_on=row["decided_on"],
                ceased_on=year.by_reference_date(row["ceased_on"]),
                ceased_reason=row["ceased_reason"] if year.by_reference_date(row["ceased_on"]) else "",
            )
            for row in self.adoption_plans
            if row["ceased_on"] is None or row["ceased_on"] >= year.starts_on
        ]
        child.adoption = self._adoption(child.episodes)
        child.previous_permanence = [
            PreviousPermanence903(
                kind=row["kind"],
                # The return wants the DfE's three-digit number of the authority; the record may hold its name.
                authority_number=row["authority"] if row["authority"].isdigit() and len(row["authority"]) == 3 else "",
                order_made_on=row["order_made_on"],
            )
            for row in self.previous_permanence
        ]
        child.social_workers = [
            dataclasses.replace(episode, ended_on=year.by_reference_date(episode.ended_on))
            for episode in social_worker_episodes(self.allocations)
            if episode.started_on <= year.reference_date
            and (episode.ended_on is None or episode.ended_on >= year.starts_on)
        ]

    def _episode(self, row: Mapping[str, Any]) -> Episode903:
        ended_on = self.year.by_reference_date(row["ended_on"])
        return Episode903(
            started_on=row["started_on"],
            new_episode_reason=row["new_episode_reason"],
            legal_status=row["legal_status"],
            category_of_need=row["period__category_of_need"],
            placement_type=row["placement_type"],
            provider=row["provider"],
            ended_on=ended_on,
            end_reason=row["end_reason"] if ended_on else "",
            placement_change_reason=row["placement_change_reason"] if ended_on else "",
            home_postcode=row["home_postcode"],
            placement_postcode=row["placement_postcode"],
            urn=row["placement_urn"],
        )

    def _adoption(self, episodes: Sequence[Episode903]) -> Adoption903 | None:
        """AD1 is for a child adopted in the year: the decision that led to it, the match and the adopters."""
        adopted = [episode for episode in episodes if episode.ended_on and episode.end_reason in ADOPTED]
        plans = [row for row in self.adoption_plans if row["ceased_on"] is None]
        if not adopted or not plans:
            return None
        row = plans[-1]
        return Adoption903(
            decided_on=row["decided_on"],
            matched_on=row["matched_on"],
            by_foster_carers=row["by_foster_carers"],
            adopter_count=row["adopter_count"],
            adopter_sexes=row["adopter_sexes"],
            adopter_legal_status=row["adopter_legal_status"],
        )


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def social_worker_episodes(allocations: Sequence[Mapping[str, Any]]) -> list[SocialWorkerEpisode903]:
    """A child's social worker episodes from the worker allocations of their cases, in the order they began.

    - One worker holding a case across a change of team is one episode.
    - An allocation ends when the next one on the case begins, or when the case closed; one replaced on the day it
      was made (a correction) held the case on no day and is left out.
    - A child on two cases has one social worker at a time: an episode that begins while another is open ends it.
    - Why it began (SW_REASON): the coded reason recorded on the allocation that changed the worker; a case's first
      worker is the child's first contact (FCONTA); empty when the change was recorded without a reason.
    - A time a case was held unallocated is no social worker's: the next worker's episode begins after the gap.
    """
    episodes: list[SocialWorkerEpisode903] = []
    worker_of: list[int] = []
    cases_seen: set[int] = set()
    for row in allocations:
        started_on = _day(row["started_at"])
        ended_on = _day(row["ended_at"]) if row["ended_at"] is not None else None
        closed_on = row["case__closed_on"]
        if closed_on is not None and (ended_on is None or closed_on < ended_on):
            ended_on = max(closed_on, started_on)
        first_on_case = row["case_id"] not in cases_seen
        cases_seen.add(row["case_id"])
        if ended_on is not None and ended_on <= started_on:
            continue
        if episodes:
            last = episodes[-1]
            if worker_of[-1] == row["worker_id"] and (last.ended_on is None or last.ended_on >= started_on):
                last.ended_on = None if ended_on is None or last.ended_on is None else max(last.ended_on, ended_on)
                continue
            if last.ended_on is None or last.ended_on > started_on:
                last.ended_on = started_on
        reason = row["change_reason"] or (SocialWorkerChangeReason.FCONTA.value if first_on_case else "")
        episodes.append(
            SocialWorkerEpisode903(
                worker_number=row["worker__social_work_england_number"],
                started_on=started_on,
                ended_on=ended_on,
                reason=reason,
            )
        )
        worker_of.append(row["worker_id"])
    return [episode for episode in episodes if episode.ended_on is None or episode.ended_on > episode.started_on]
