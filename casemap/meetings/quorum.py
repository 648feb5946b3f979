"""Whether a conference is quorate, from who is in the room now.

The rule is data (`CASEMAP_CONFERENCE_QUORUM`): by default children's social care and two other agencies. Health is
one agency however many health staff attend; the family are not an agency; someone who sent a report only, or who
has left, does not count. It is asked again whenever attendance changes.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from casemap.meetings.models import ATTENDED, AgencyType, Invitee

DEFAULT_RULE = {"required": [AgencyType.SOCIAL_CARE.value], "other_agencies": 2}


@dataclass(frozen=True)
class Quorum:
    is_quorate: bool
    agencies_present: list[str]
    missing: str

    @property
    def summary(self) -> str:
        present = ", ".join(self.agencies_present) or "no agency"
        if self.is_quorate:
            return f"Quorate: {present}"
        return f"Not quorate: {present}. {self.missing}"


def quorum_rule() -> dict[str, object]:
    return {**DEFAULT_RULE, **getattr(settings, "CASEMAP_CONFERENCE_QUORUM", {})}


def quorum_of(invitees: Iterable[Invitee]) -> Quorum:
    rule = quorum_rule()
    required = [AgencyType(code) for code in rule["required"]]  # type: ignore[attr-defined]
    others_needed = int(rule["other_agencies"])  # type: ignore[call-overload]
    in_the_room = {
        AgencyType(invitee.agency_type)
        for invitee in invitees
        if invitee.attendance in ATTENDED and invitee.left_at is None and invitee.agency_type != AgencyType.FAMILY
    }
    missing_required = [agency for agency in required if agency not in in_the_room]
    others = in_the_room - set(required)
    short = max(0, others_needed - len(others))
    problems = []
    if missing_required:
        problems.append("Needed: " + ", ".join(agency.label for agency in missing_required) + ".")
    if short:
        problems.append(f"{short} more agency needed." if short == 1 else f"{short} more agencies needed.")
    ordered = [agency.label for agency in AgencyType if agency in in_the_room]
    return Quorum(is_quorate=not problems, agencies_present=ordered, missing=" ".join(problems))
