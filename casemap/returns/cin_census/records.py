"""The census's records of a child, as the selectors read them and the writer writes them: plain values, in the
DfE's terms."""

import dataclasses
import datetime


@dataclasses.dataclass(frozen=True)
class CensusYear:
    """The collection year ending on 31 March of `year`: the census for 2026 covers 1 April 2025 to 31 March 2026."""

    year: int

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.year - 1, 4, 1)

    @property
    def reference_date(self) -> datetime.date:
        return datetime.date(self.year, 3, 31)

    def by_reference_date(self, day: datetime.date | None) -> datetime.date | None:
        """A date as the census sees it: what had not happened by the reference date is left out."""
        return day if day is not None and day <= self.reference_date else None

    def overlaps(self, start: datetime.date, end: datetime.date | None) -> bool:
        return start <= self.reference_date and (end is None or end >= self.starts_on)


@dataclasses.dataclass
class CensusAssessment:
    started_on: datetime.date
    authorised_on: datetime.date | None
    factors: list[str]


@dataclasses.dataclass
class CensusEnquiry:
    started_on: datetime.date
    conference_target: datetime.date | None
    conference_on: datetime.date | None
    conference_not_required: bool


@dataclasses.dataclass
class CensusProtectionPlan:
    started_on: datetime.date
    ended_on: datetime.date | None
    initial_category: str
    latest_category: str
    previous_plans: int
    reviews: list[datetime.date]


@dataclasses.dataclass
class CensusEpisode:
    referral_on: datetime.date
    referral_source: str
    primary_need: str
    closed_on: datetime.date | None
    closure_reason: str
    initial_conference_on: datetime.date | None
    no_further_action: bool
    assessments: list[CensusAssessment] = dataclasses.field(default_factory=list)
    child_in_need_plans: list[tuple[datetime.date, datetime.date | None]] = dataclasses.field(default_factory=list)
    enquiries: list[CensusEnquiry] = dataclasses.field(default_factory=list)
    protection_plans: list[CensusProtectionPlan] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class CensusChild:
    person_id: int
    child_id: str
    upn: str
    upn_unknown_reason: str
    born_on: datetime.date | None
    expected_on: datetime.date | None
    sex: str
    ethnicity: str
    disabilities: list[str]
    episodes: list[CensusEpisode]
