"""The child record's practice panel across cases: for each team, how many children on its open cases have each
Signs of Safety element in place, in draft, needing review, or not recorded.

The same rules as the panel (`casemap.quality.selectors.child_practice_fidelity`), as seen by someone who may see
all of the child's cases: each child's state is judged over all their open cases, and the child is counted in every
team holding one of them. Worked out in the database in one statement, team by team, never child by child in
Python. Every count passes through the shared suppression.

The count reads every open case in the authority, so it is kept (`PracticeCount`): the page reads the newest, made
afresh on a new day and again in the background once it is older than `COUNT_MAX_AGE`; the page says when it was
counted.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from casemap.accounts.models import Team
from casemap.cases.models import Case, CaseMember, MemberRole
from casemap.feedback.suppression import SuppressedTable, shown_percentage, suppress_table
from casemap.mapping.models import DangerStatement, Map, MapStatus
from casemap.quality.models import PracticeCount
from casemap.quality.reports import OTHER_TEAMS, local_midnight
from casemap.quality.results_access import TeamScope
from casemap.quality.selectors import RECENT_DAYS, ElementState
from casemap.safety.models import PlanStatus, SafetyNetworkMember, SafetyPlan
from casemap.voice.models import ChildVoiceRecord
from casemap.words.models import BookletGiven, BookletStatus, ExplanationRecord, WordsAndPicturesBooklet

# The panel's elements, in its order, with the column of the statement's per-child states that holds each.
ELEMENTS = [
    ("map_state", "Map"),
    ("pairs_state", "Danger statements and safety goals"),
    ("voice_state", "Child's voice"),
    ("network_state", "Safety network"),
    ("plan_state", "Safety plan"),
    ("words_state", "Words and Pictures"),
]
STATES = [ElementState.IN_PLACE, ElementState.DRAFT, ElementState.NEEDS_REVIEW, ElementState.NOT_RECORDED]
# The page shows a count at most this old as it is; an older one it shows with its time while it is made again.
COUNT_MAX_MINUTES = 15
COUNT_MAX_AGE = datetime.timedelta(minutes=COUNT_MAX_MINUTES)


def _tables() -> dict[str, str]:
    """Table names from the models, for the statement (never from input)."""
    return {
        "case": Case._meta.db_table,
        "member": CaseMember._meta.db_table,
        "map": Map._meta.db_table,
        "map_children": Map.children.through._meta.db_table,
        "statement": DangerStatement._meta.db_table,
        "voice": ChildVoiceRecord._meta.db_table,
        "network": SafetyNetworkMember._meta.db_table,
        "plan": SafetyPlan._meta.db_table,
        "booklet": WordsAndPicturesBooklet._meta.db_table,
        "booklet_children": WordsAndPicturesBooklet.children.through._meta.db_table,
        "booklet_child_booklet": WordsAndPicturesBooklet.children.through._meta.get_field(
            "wordsandpicturesbooklet"
        ).column,
        "given": BookletGiven._meta.db_table,
        "explained": ExplanationRecord._meta.db_table,
    }


# Each CTE answers one of the panel's questions for every child on an open case at once. `open_cases` is the
# child's open cases (a case's children are its members in the child role, as the case records them, so the people
# table is not read); `latest_map` and `latest_plan` take the one the panel shows (newest held map, highest numbered
# plan); the Words and Pictures element counts a booklet given or an explanation recorded on any of the child's
# cases, as the panel does, and a draft or agreed booklet on an open one.
_STATEMENT = """
WITH open_cases AS (
    SELECT m.person_id AS child_id, m.case_id, c.team_id
    FROM {member} m
    JOIN {case} c ON c.id = m.case_id
    WHERE c.closed_on IS NULL AND m.role = %(child)s
),
children AS (SELECT DISTINCT child_id FROM open_cases),
ranked_maps AS (
    SELECT mc.person_id AS child_id, mp.id, mp.status, mp.signed_off_at,
           ROW_NUMBER() OVER (PARTITION BY mc.person_id ORDER BY mp.held_on DESC, mp.number DESC, mp.id DESC) AS rn
    FROM {map} mp
    JOIN {map_children} mc ON mc.map_id = mp.id
    JOIN open_cases oc ON oc.case_id = mp.case_id AND oc.child_id = mc.person_id
    WHERE mp.archived_at IS NULL AND mp.status IN (%(map_draft)s, %(map_signed)s)
),
latest_map AS (
    SELECT child_id, status, signed_off_at,
           (SELECT COUNT(*) FROM {statement} d WHERE d.map_id = ranked_maps.id) AS statements
    FROM ranked_maps WHERE rn = 1
),
voice AS (
    SELECT v.child_id, MAX(v.used_on) AS last_used
    FROM {voice} v
    JOIN open_cases oc ON oc.case_id = v.case_id AND oc.child_id = v.child_id
    WHERE v.archived_at IS NULL
    GROUP BY v.child_id
),
network AS (
    SELECT oc.child_id, COUNT(*) AS active,
           SUM(CASE WHEN n.phone = '' AND n.email = '' AND n.address = '' THEN 1 ELSE 0 END) AS without_contact
    FROM {network} n
    JOIN open_cases oc ON oc.case_id = n.case_id
    WHERE n.is_active = %(yes)s AND n.archived_at IS NULL
    GROUP BY oc.child_id
),
ranked_plans AS (
    SELECT oc.child_id, sp.status, sp.signed_off_at, sp.review_on,
           ROW_NUMBER() OVER (PARTITION BY oc.child_id ORDER BY sp.number DESC, sp.id DESC) AS rn
    FROM {plan} sp
    JOIN open_cases oc ON oc.case_id = sp.case_id
    WHERE sp.archived_at IS NULL AND sp.status IN (%(plan_draft)s, %(plan_signed)s)
),
latest_plan AS (SELECT * FROM ranked_plans WHERE rn = 1),
explained AS (
    SELECT g.child_id
    FROM {given} g
    JOIN {booklet} b ON b.id = g.booklet_id
    JOIN {member} m ON m.case_id = b.case_id AND m.person_id = g.child_id
    WHERE b.archived_at IS NULL
    UNION
    SELECT e.child_id
    FROM {explained} e
    JOIN {member} m ON m.case_id = e.case_id AND m.person_id = e.child_id
    WHERE e.archived_at IS NULL
),
drafted AS (
    SELECT DISTINCT bc.person_id AS child_id
    FROM {booklet} b
    JOIN {booklet_children} bc ON bc.{booklet_child_booklet} = b.id
    JOIN open_cases oc ON oc.case_id = b.case_id AND oc.child_id = bc.person_id
    WHERE b.archived_at IS NULL AND b.status IN (%(booklet_draft)s, %(booklet_agreed)s)
),
states AS (
    SELECT ch.child_id,
        CASE WHEN lm.child_id IS NULL THEN 'not_recorded'
             WHEN lm.status = %(map_signed)s AND lm.signed_off_at IS NOT NULL THEN
                CASE WHEN lm.signed_off_at >= %(recent_from_at)s THEN 'in_place' ELSE 'needs_review' END
             ELSE 'draft' END AS map_state,
        CASE WHEN lm.child_id IS NULL OR lm.statements = 0 THEN 'not_recorded'
             WHEN lm.status = %(map_signed)s AND lm.signed_off_at IS NOT NULL THEN
                CASE WHEN lm.signed_off_at >= %(recent_from_at)s THEN 'in_place' ELSE 'needs_review' END
             ELSE 'draft' END AS pairs_state,
        CASE WHEN vo.child_id IS NULL THEN 'not_recorded'
             WHEN vo.last_used >= %(recent_from)s THEN 'in_place' ELSE 'needs_review' END AS voice_state,
        CASE WHEN nw.child_id IS NULL THEN 'not_recorded'
             WHEN nw.without_contact > 0 THEN 'needs_review' ELSE 'in_place' END AS network_state,
        CASE WHEN lp.child_id IS NULL THEN 'not_recorded'
             WHEN lp.status = %(plan_draft)s OR lp.signed_off_at IS NULL THEN 'draft'
             WHEN lp.review_on IS NOT NULL AND lp.review_on < %(today)s THEN 'needs_review'
             ELSE 'in_place' END AS plan_state,
        CASE WHEN ex.child_id IS NOT NULL THEN 'in_place'
             WHEN dr.child_id IS NOT NULL THEN 'draft'
             ELSE 'not_recorded' END AS words_state
    FROM children ch
    LEFT JOIN latest_map lm ON lm.child_id = ch.child_id
    LEFT JOIN voice vo ON vo.child_id = ch.child_id
    LEFT JOIN network nw ON nw.child_id = ch.child_id
    LEFT JOIN latest_plan lp ON lp.child_id = ch.child_id
    LEFT JOIN explained ex ON ex.child_id = ch.child_id
    LEFT JOIN drafted dr ON dr.child_id = ch.child_id
),
team_children AS (SELECT DISTINCT team_id, child_id FROM open_cases)
SELECT tc.team_id, COUNT(*) AS children, {counts}
FROM team_children tc
JOIN states s ON s.child_id = tc.child_id
GROUP BY tc.team_id
"""


def _counts_sql() -> str:
    return ", ".join(
        f"SUM(CASE WHEN s.{column} = '{state.value}' THEN 1 ELSE 0 END)" for column, _ in ELEMENTS for state in STATES
    )


def counts_by_team(*, today: datetime.date) -> dict[int, dict[str, dict[str, int]]]:
    """Team id -> element name -> state -> children: one statement."""
    recent_from = today - datetime.timedelta(days=RECENT_DAYS)
    operations = connection.ops
    params = {
        "yes": True,
        "child": MemberRole.CHILD.value,
        "map_draft": MapStatus.DRAFT.value,
        "map_signed": MapStatus.SIGNED_OFF.value,
        "plan_draft": PlanStatus.DRAFT.value,
        "plan_signed": PlanStatus.SIGNED_OFF.value,
        "booklet_draft": BookletStatus.DRAFT.value,
        "booklet_agreed": BookletStatus.AGREED.value,
        "recent_from_at": operations.adapt_datetimefield_value(local_midnight(recent_from)),
        "recent_from": operations.adapt_datefield_value(recent_from),
        "today": operations.adapt_datefield_value(today),
    }
    statement = _STATEMENT.format(**_tables(), counts=_counts_sql())
    counted: dict[int, dict[str, dict[str, int]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        for team_id, _children, *sums in cursor.fetchall():
            values = iter(sums)
            counted[team_id] = {name: {state.value: int(next(values)) for state in STATES} for _, name in ELEMENTS}
    return counted


@dataclass(frozen=True)
class CountedPractice:
    counted_at: datetime.datetime
    by_team: dict[int, dict[str, dict[str, int]]]  # as `counts_by_team`


def count_practice(*, now: datetime.datetime) -> PracticeCount:
    """Count now and keep the count; the older ones go (the page only reads the newest)."""
    today = timezone.localdate(now)
    counted = counts_by_team(today=today)
    kept = PracticeCount.objects.create(
        counted_at=now, counted_for=today, counts={str(team_id): states for team_id, states in counted.items()}
    )
    PracticeCount.objects.filter(counted_at__lte=now).exclude(pk=kept.pk).delete()
    return kept


def current_practice(*, now: datetime.datetime) -> CountedPractice:
    """The newest count: made here if there is none for today, and asked for again in the background when it is
    older than `COUNT_MAX_AGE` (once for each count, in each process), while this page shows it as it is."""
    from casemap.quality.tasks import recount_practice_task

    latest = PracticeCount.objects.first()
    if latest is None or latest.counted_for != timezone.localdate(now):
        latest = count_practice(now=now)
    elif now - latest.counted_at > COUNT_MAX_AGE:
        asked = f"casemap:practice-recount:{latest.pk}:{latest.counted_at.timestamp()}"
        if cache.add(asked, True, timeout=int(COUNT_MAX_AGE.total_seconds())):
            recount_practice_task.enqueue()
    return CountedPractice(latest.counted_at, {int(team_id): states for team_id, states in latest.counts.items()})


@dataclass(frozen=True)
class ElementByTeam:
    name: str
    table: SuppressedTable  # teams by state, each row totalling the team's children on open cases
    in_place: list[str]  # each row's share in place, or "c"


def practice_by_team(*, scope: TeamScope, counted: dict[int, dict[str, dict[str, int]]]) -> list[ElementByTeam]:
    """For each element, its table of teams by state: the teams the reader may see, every other team in one row."""
    if not counted:
        return []
    names = dict(Team.objects.filter(pk__in=list(counted)).values_list("pk", "name"))
    shown = sorted((team_id for team_id in counted if scope.shows(team_id)), key=lambda team_id: names[team_id])
    others = [team_id for team_id in counted if team_id not in shown]
    labels = [names[team_id] for team_id in shown] + ([OTHER_TEAMS] if others else [])
    elements = []
    for _, name in ELEMENTS:
        rows = [[counted[team_id][name][state.value] for state in STATES] for team_id in shown]
        if others:
            rows.append([sum(counted[team_id][name][state.value] for team_id in others) for state in STATES])
        table = suppress_table(rows, labels, [str(state.label) for state in STATES])
        in_place = [shown_percentage(cells[0], total) for _, cells, total in table.rows()]
        elements.append(ElementByTeam(name=name, table=table, in_place=in_place))
    return elements
