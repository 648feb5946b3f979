"""The supervision report: for each team in a manager's line, the share of staff supervised within their interval
and of open child protection cases discussed in the last 28 days; and a member of staff's supervision log (for a
newly qualified worker's portfolio). A fixed number of queries for any number of teams, staff and sessions."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from casemap.access.policy import managed_team_ids, visible_supervisions
from casemap.accounts.models import Team, User
from casemap.cases.models import Case, CaseService
from casemap.supervision.models import Supervision, SupervisionStatus
from casemap.supervision.selectors import SUPERVISED_ROLES, staff_due

DISCUSSED_WITHIN_DAYS = 28
COUNTED = [SupervisionStatus.SIGNED, SupervisionStatus.ACKNOWLEDGED]


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class TeamSupervision:
    team: Team
    staff: int
    staff_in_time: int
    cases: int
    cases_discussed: int
    overdue_names: list[str]

    @property
    def staff_share(self) -> int | None:
        return _share(self.staff_in_time, self.staff)

    @property
    def cases_share(self) -> int | None:
        return _share(self.cases_discussed, self.cases)


def team_supervision_report(*, user: User, today: datetime.date) -> list[TeamSupervision]:
    """One row for each team in the user's line; nothing for anyone else."""
    team_ids = managed_team_ids(user)
    if not team_ids:
        return []
    teams = list(Team.objects.filter(pk__in=team_ids).order_by("name"))
    staff = User.objects.filter(team_id__in=team_ids, role__in=SUPERVISED_ROLES, is_active=True).order_by(
        "last_name", "first_name"
    )
    by_team: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for due in staff_due(staff=staff, today=today):
        by_team[due.staff.team_id or 0].append((str(due.staff), due.is_overdue(today)))
    discussed = Supervision.objects.filter(
        case=OuterRef("pk"),
        status__in=COUNTED,
        occurred_on__gt=today - datetime.timedelta(days=DISCUSSED_WITHIN_DAYS),
        occurred_on__lte=today,
    )
    counts = {
        row["team_id"]: row
        for row in Case.objects.filter(
            team_id__in=team_ids, closed_on__isnull=True, archived_at__isnull=True, service=CaseService.CHILD_PROTECTION
        )
        .values("team_id")
        .annotate(total=Count("pk"), discussed=Count("pk", filter=Q(Exists(discussed))))
        .order_by()
    }
    rows = []
    for team in teams:
        people = by_team.get(team.pk, [])
        count = counts.get(team.pk, {"total": 0, "discussed": 0})
        rows.append(
            TeamSupervision(
                team=team,
                staff=len(people),
                staff_in_time=sum(1 for _, late in people if not late),
                cases=count["total"],
                cases_discussed=count["discussed"],
                overdue_names=[name for name, late in people if late],
            )
        )
    return rows


def log_subjects(*, user: User) -> QuerySet[User]:
    """Whose supervision log this user may export: their own, and anyone whose supervision they may see."""
    seen = visible_supervisions(user).values("supervisee_id")
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=seen)).order_by("last_name", "first_name")


@dataclass(frozen=True)
class LogRow:
    occurred_on: datetime.date
    kind: str
    supervisor: str
    duration_minutes: int | None
    signed_on: datetime.date | None


def supervision_log(*, user: User, staff: User) -> list[LogRow]:
    """The member of staff's signed supervision this user may see, oldest first: dates, supervisor, duration."""
    sessions = (
        visible_supervisions(user)
        .filter(supervisee=staff, status__in=COUNTED)
        .select_related("supervisor")
        .order_by("occurred_on", "pk")
    )
    return [
        LogRow(
            s.occurred_on,
            s.get_kind_display(),
            str(s.supervisor),
            s.duration_minutes,
            s.signed_at.date() if s.signed_at else None,
        )
        for s in sessions
    ]
