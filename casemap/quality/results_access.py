"""Who may read the audit results, and which teams' figures they see.

Practice leads and service managers see every team's aggregated figures. A team manager sees their own teams'
figures and the authority's totals, with every other team folded into one line. Nobody else reads them.
"""

from dataclasses import dataclass

from casemap.access.policy import managed_team_ids
from casemap.accounts.models import Role, User

EVERY_TEAM_READERS = {Role.PRACTICE_LEAD, Role.SERVICE_MANAGER}
# Read-only roles outside practice: they have no part in auditing.
NOT_IN_AUDIT = {Role.DATA_OFFICER, Role.ADMINISTRATOR}


@dataclass(frozen=True)
class TeamScope:
    """The teams whose own figures a reader may see: `None` for every team."""

    team_ids: frozenset[int] | None

    def shows(self, team_id: int) -> bool:
        return self.team_ids is None or team_id in self.team_ids


def results_scope(user: User) -> TeamScope | None:
    """The teams the user may see as teams in the results, or None if the results are not for them."""
    if user.role in EVERY_TEAM_READERS:
        return TeamScope(None)
    if user.role == Role.TEAM_MANAGER:
        return TeamScope(frozenset(managed_team_ids(user)))
    return None


def reads_every_auditor(user: User) -> bool:
    """Whether the user sees every auditor's agreement with their moderators; others see only their own."""
    return user.role in EVERY_TEAM_READERS


def reads_every_calibration(user: User) -> bool:
    """Practice leads run calibration and see every attempt; an auditor sees their own."""
    return user.role == Role.PRACTICE_LEAD


def takes_part_in_audit(user: User) -> bool:
    return user.role not in NOT_IN_AUDIT
