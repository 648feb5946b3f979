"""What Annex A works out for the lists of children in care, care leavers and adoption from the records read:
legal status and placement as at the period's end, placements counted across periods, a care leaver's
eligibility, their outcomes in Ofsted's words, and the adopters one by one."""

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from casemap.cases.care_codes import ADOPTED, CareLeaverAccommodation, NewEpisodeReason
from casemap.returns.annex_a import labels
from casemap.returns.annex_a.labels import label_for
from casemap.returns.annex_a.lists import Row
from casemap.returns.annex_a.period import AnnexPeriod

# Looked after for 13 weeks since the age of 14, including some time at 16 or over: eligible for leaving care support.
THIRTEEN_WEEKS = datetime.timedelta(weeks=13)


def birthday(born_on: datetime.date, years: int) -> datetime.date:
    """A birthday in law: someone born on 29 February comes of age on 1 March in other years."""
    try:
        return born_on.replace(year=born_on.year + years)
    except ValueError:
        return datetime.date(born_on.year + years, 3, 1)


def one_letter_each(adopter_sexes: str) -> str:
    """The adopters' sexes one letter each: "M1" is one man, "MF" a man and a woman."""
    return adopter_sexes[0] if adopter_sexes.endswith("1") else adopter_sexes


def placement(episodes: Sequence[Mapping[str, Any]]) -> Row:
    """The legal status and placement of the period's latest episode by the period's end."""
    if not episodes:
        return {}
    latest = episodes[-1]
    return {
        "Start date of current legal status": status_since(episodes),
        "Child's Legal Status": label_for(labels.LEGAL_STATUS, latest["legal_status"]),
        "Start Date of Most Recent Placement": placement_starts(episodes)[-1],
        "Placement Type": label_for(labels.PLACEMENT_TYPE, latest["placement_type"]),
        "Placement Provider": label_for(labels.PROVIDER, latest["provider"]),
        "Placement postcode": latest["placement_postcode"] or None,
        "URN of Placement": latest["placement_urn"] or None,
    }


def status_since(episodes: Sequence[Mapping[str, Any]]) -> datetime.date:
    """When the latest episode's legal status began: the first of the episodes running up to it that held it."""
    since = episodes[-1]
    for episode in reversed(episodes):
        if episode["legal_status"] != since["legal_status"]:
            break
        since = episode
    return since["started_on"]


def placement_starts(episodes: Sequence[Mapping[str, Any]]) -> list[datetime.date]:
    """The days each placement began: every episode but one that changed only the legal status."""
    return [
        episode["started_on"] for episode in episodes if episode["new_episode_reason"] != NewEpisodeReason.LEGAL_STATUS
    ]


def placements_in(episodes: Sequence[Mapping[str, Any]], window: AnnexPeriod) -> int:
    """Placements the child had on any day of `window`, in any period of care: each episode but one that changed
    only the legal status begins a placement, which lasts until the next one begins."""
    placements = set()
    placement = None
    for episode in sorted(episodes, key=lambda episode: (episode["period_id"], episode["started_on"])):
        changed_only_status = episode["new_episode_reason"] == NewEpisodeReason.LEGAL_STATUS
        if placement is None or placement[0] != episode["period_id"] or not changed_only_status:
            placement = (episode["period_id"], episode["started_on"])
        if window.overlaps(episode["started_on"], episode["ended_on"]):
            placements.add(placement)
    return len(placements)


def adopted_on(period: AnnexPeriod, row: Mapping[str, Any]) -> datetime.date | None:
    """The adoption order: the day care ended by adoption."""
    if row["period__end_reason"] in ADOPTED:
        return period.by_end(row["period__ended_on"])
    return None


def care_leaver_outcome(outcome: Mapping[str, Any] | None) -> Row:
    """In touch, accommodation (its letter the kind, its number whether suitable) and activity, in Ofsted's words."""
    if outcome is None:
        return {}
    accommodation = outcome["accommodation"]
    known = accommodation != CareLeaverAccommodation.NOT_KNOWN
    suitability = label_for(labels.SUITABILITY, accommodation[1:]) if known else labels.SUITABILITY_NOT_KNOWN
    return {
        "LA in Touch": label_for(labels.IN_TOUCH, outcome["in_touch"]),
        "Type of Accommodation": label_for(labels.ACCOMMODATION, accommodation[:1]) if known else None,
        "Suitability of Accommodation": suitability,
        "Activity Status": label_for(labels.ACTIVITY, outcome["activity"]),
    }


def eligibility(period: AnnexPeriod, born_on: datetime.date | None, periods: Sequence[Mapping[str, Any]]) -> str:
    """Eligible, relevant, former relevant or qualifying, from the periods of care as the Children (Leaving Care)
    Act 2000 defines them, at the period's end."""
    age = period.age(born_on)
    if born_on is None or age is None:
        return labels.OTHER_ELIGIBILITY
    fourteen, sixteen = birthday(born_on, 14), birthday(born_on, 16)
    day_after = period.end + datetime.timedelta(days=1)
    looked_after_since_fourteen = datetime.timedelta()
    looked_after_at_sixteen = looked_after_now = False
    for care in periods:
        ended = min(care["ended_on"] or day_after, day_after)
        looked_after_since_fourteen += max(ended - max(care["started_on"], fourteen), datetime.timedelta())
        looked_after_at_sixteen |= sixteen <= period.end and ended > sixteen
        looked_after_now |= ended == day_after
    if not looked_after_at_sixteen:
        return labels.OTHER_ELIGIBILITY
    if looked_after_since_fourteen < THIRTEEN_WEEKS:
        return labels.QUALIFYING
    if age >= 18:
        return labels.FORMER_RELEVANT
    return labels.ELIGIBLE if looked_after_now else labels.RELEVANT
