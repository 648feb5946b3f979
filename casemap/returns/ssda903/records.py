"""The SSDA903 return's records of a child, as the selectors read them and the writer writes them: plain values, in
the return's codes."""

import dataclasses
import datetime


@dataclasses.dataclass
class Episode903:
    started_on: datetime.date
    new_episode_reason: str
    legal_status: str
    category_of_need: str
    placement_type: str
    provider: str
    ended_on: datetime.date | None
    end_reason: str
    placement_change_reason: str
    home_postcode: str
    placement_postcode: str
    urn: str


@dataclasses.dataclass
class Outcomes903:
    """A child looked after for 12 months at 31 March (OC2); None is a question not answered."""

    sdq_score: int | None
    sdq_reason: str
    convicted: bool | None
    health_check: bool | None
    immunisations: bool | None
    teeth_check: bool | None
    health_assessment: bool | None
    substance_misuse: bool | None
    intervention_received: bool | None
    intervention_offered: bool | None


@dataclasses.dataclass
class LeaverOutcomes903:
    in_touch: str
    activity: str
    accommodation: str


@dataclasses.dataclass
class Adoption903:
    """AD1, for a child adopted in the year: the decision, the match and the adopters."""

    decided_on: datetime.date
    matched_on: datetime.date | None
    by_foster_carers: bool | None
    adopter_count: int | None
    adopter_sexes: str
    adopter_legal_status: str


@dataclasses.dataclass
class PlacedForAdoption903:
    decided_on: datetime.date
    ceased_on: datetime.date | None
    ceased_reason: str


@dataclasses.dataclass
class PreviousPermanence903:
    kind: str
    authority_number: str
    order_made_on: datetime.date | None


@dataclasses.dataclass
class SocialWorkerEpisode903:
    """A period one social worker held the child's case (SWEpisodes): the worker's Social Work England number (empty
    when not recorded), when it began and ended (None: open on 31 March), and why it began (SW_REASON)."""

    worker_number: str
    started_on: datetime.date
    ended_on: datetime.date | None
    reason: str


@dataclasses.dataclass
class Child903:
    person_id: int
    child_id: str
    sex: str
    born_on: datetime.date | None
    ethnicity: str
    upn: str
    # Whether the child is a mother, for a girl (None for anyone else), and her first child's date of birth.
    is_mother: bool | None
    first_child_born_on: datetime.date | None
    episodes: list[Episode903] = dataclasses.field(default_factory=list)
    reviews: list[tuple[datetime.date, str]] = dataclasses.field(default_factory=list)
    # (kind, started_on, ended_on)
    missing: list[tuple[str, datetime.date, datetime.date | None]] = dataclasses.field(default_factory=list)
    # An unaccompanied asylum-seeking child, and the day the status ceased (the return's DUC) if it has.
    unaccompanied: bool = False
    unaccompanied_ceased_on: datetime.date | None = None
    outcomes: Outcomes903 | None = None
    leaver_outcomes: LeaverOutcomes903 | None = None
    adoption: Adoption903 | None = None
    placed_for_adoption: list[PlacedForAdoption903] = dataclasses.field(default_factory=list)
    previous_permanence: list[PreviousPermanence903] = dataclasses.field(default_factory=list)
    social_workers: list[SocialWorkerEpisode903] = dataclasses.field(default_factory=list)
