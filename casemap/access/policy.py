"""The one access policy: every question of who may see or change a person's record is answered here.

Deny by default; lists and single records use the same two rules, so anything else is a 404.

Cases (`visible_cases`). A case is visible to its allocated worker, to anyone assigned to it (a conference
chair or auditor) while the assignment lasts, to managers whose line includes its team, and to practitioners
and managers of its team. A case holding a restricted person (staff, their relatives, adoption) is a
restricted case, and two things change for it:
- it is visible only to someone holding a current grant for every restricted person on it; and
- team membership alone never opens it: only a named tie does (allocated worker, assignment, line manager).
So the allocated worker and the manager who restricted a child keep the case through their grants, while a
colleague in the team given a grant for one child sees that child's own record and not the family's.

People (`visible_people`). A person is visible through a visible case they belong to. A restricted person is
visible only with a current grant to that user for that person; the grant opens that person's own record (their
details, and their timeline entries that belong to no case), not the restricted case or the others on it.

Everything read through a person (relatives, family tree, timeline, voice, Words and Pictures, practice panels)
is filtered by the same rules: a relative the viewer may not see is left out, and a timeline entry or record
that belongs to a case shows only when that case is visible, so a person on two teams' cases never shows one
team's work to someone who may see only the other's case. Writes follow: a user may change what they may see
(`can_change_person`), and adding a relative never brings them into a restricted case the user may not see.

Supervision (`visible_supervisions`). A case supervision is on each child discussed: once signed, whoever may see
the case sees it; a draft only its supervisor and supervisee. A personal supervision is on the staff member: only
the supervisee, the supervisor, the supervisor's line manager and an auditor assigned to that supervisee see it,
and it never shows on a child's record. A group supervision is case supervision: whoever may see the case sees it;
a participant who may not sees only their own anonymised learning entry.

Bringing records in (`importing_records`). A data officer's role is read-only, but an import of another system's
history (`casemap/returns/cin_import/`) writes through the same services as the pages. Inside `importing_records`
that one data officer, and nobody else, is answered as a manager of the one team chosen for the import: they see
and may add to that team's cases (open ones only, as anyone), decide and close them, and change the people on them.
The scope lives in a context variable for the import's duration and is part of every cached answer's key, so
nothing answered inside it is reused outside.

Practice audit (`visible_audits`). An audit is about one worker's practice on one case: its auditor, its
moderator, the practitioner and the managers whose line includes the audited team see it. An auditor reads the
case itself through a time-boxed assignment: from allocation until the audit is completed plus 30 days.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Exists, Expression, F, Model, OuterRef, Q, QuerySet, Value
from django.db.models.sql.compiler import SQLCompiler
from django.http import Http404
from django.utils import timezone

from casemap.access.models import CaseAssignment, RestrictedAccessGrant
from casemap.access.page_answers import answered_once
from casemap.accounts.models import Role, Team, User
from casemap.cases.models import Case, CaseMember
from casemap.people.models import Person
from casemap.quality.models import Audit
from casemap.supervision.models import (
    AppreciativeInquiry,
    GroupSupervision,
    Supervision,
    SupervisionAuditAssignment,
    SupervisionKind,
    SupervisionProfile,
    SupervisionStatus,
)

_Model = TypeVar("_Model", bound=Model)

# Roles that see the cases of the team they belong to. Others see only what they are assigned.
TEAM_MEMBER_ROLES = {Role.PRACTITIONER, Role.TEAM_MANAGER}


@dataclass(frozen=True)
class _ImportScope:
    user_id: int
    team_id: int


_importing: ContextVar[_ImportScope | None] = ContextVar("casemap_importing_records", default=None)
ONLY_DATA_OFFICERS_IMPORT = "Only a data officer can bring records in from another system"


@contextmanager
def importing_records(user: User, team: Team) -> Iterator[None]:
    """While a data officer imports another system's records for `team`: inside this block, and for this user
    alone, the policy answers as for a manager of that team (see the module's notes)."""
    if not (user.is_active and user.role == Role.DATA_OFFICER):
        raise PermissionDenied(ONLY_DATA_OFFICERS_IMPORT)
    token = _importing.set(_ImportScope(user_id=user.pk, team_id=team.pk))
    try:
        yield
    finally:
        _importing.reset(token)


def import_team_id(user: User) -> int | None:
    """The team this user is importing records for, inside `importing_records`; None anywhere else."""
    scope = _importing.get()
    if scope is None or scope.user_id != user.pk or user.role != Role.DATA_OFFICER or not user.is_active:
        return None
    return scope.team_id


def managed_team_ids(user: User) -> list[int]:
    """Teams in the user's line of management (cached on the user for the request)."""
    importing = import_team_id(user)
    if importing is not None:
        return [importing]
    cached: list[int] | None = getattr(user, "_managed_team_ids", None)
    if cached is None:
        if user.role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER}:
            cached = list(Team.objects.filter(Q(manager=user) | Q(service_manager=user)).values_list("pk", flat=True))
        else:
            cached = []
        user._managed_team_ids = cached  # type: ignore[attr-defined]
    return cached


@dataclass(frozen=True)
class CompiledRule:
    """An access rule as SQL: the SELECT of the ids it lets the user see, and its WHERE alone, which names the
    rule's table by its own name (None if Django wrote the SELECT in a shape not foreseen)."""

    select: str
    where: str | None
    params: tuple[object, ...]
    table: str  # quoted: '"cases_case"'
    own_key: str  # how a query whose own table is the rule's table writes its key: '"cases_case"."id"'


class InRule(Expression):
    """Whether a row's column holds one of the ids an access rule lets the user see. The rule comes as SQL already
    compiled (`_compiled_rule`), so using it costs Django no building, resolving or compiling of its nested
    subqueries, and the SQL is the one the rule written as a queryset gave:

    * on the rule's own table, unaliased (`visible_cases(user).filter(...)`), the rule's WHERE itself, so the
      planner sees every condition as before (through a self-join it misjudged how many rows the other filters
      keep, and read a table whole where an index would do);
    * on another table's column, `EXISTS` over the rule's table with the rule's WHERE and the column as its key,
      the semi-join (or row-by-row check under an `OR`) that the queryset's `EXISTS` gave. Inside it the rule's
      table is named as the rule names it, and the rule's own subqueries keep their aliases to themselves, so the
      column, compiled by the outer query, always means the outer row's;
    * a column of a table of the same name as the rule's, or a rule Django wrote in an unforeseen shape, checks
      against the rule's SELECT as a derived table, whose name hides the rule's own.
    """

    conditional = True

    def __init__(self, column: str | Expression, rule: CompiledRule) -> None:
        super().__init__(output_field=BooleanField())
        self.column: Any = F(column) if isinstance(column, str) else column
        self.rule = rule

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        (self.column,) = expressions

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, Any]:
        # Every piece below is SQL Django compiled or a quoted table name; values travel as parameters. (S608)
        column_sql, column_params = compiler.compile(self.column)
        rule = self.rule
        if rule.where is not None and column_sql == rule.own_key:
            return f"({rule.where})", rule.params
        if rule.where is not None and not column_sql.startswith(f"{rule.table}."):
            sql = f"EXISTS (SELECT 1 FROM {rule.table} WHERE {rule.own_key} = {column_sql} AND ({rule.where}))"  # noqa: S608
            return sql, (*column_params, *rule.params)
        sql = f"EXISTS (SELECT 1 FROM ({rule.select}) AS access_rule WHERE access_rule.rule_id = {column_sql})"  # noqa: S608
        return sql, (*rule.params, *column_params)


# The compiled rules of recent users, shared by the requests a process serves. Each is a few kilobytes of SQL.
_compiled_rules: OrderedDict[Hashable, CompiledRule] = OrderedDict()
_compiled_rules_lock = threading.Lock()
COMPILED_RULES_KEPT = 2_000


def _compiled_rule(user: User, name: str, build: Callable[[User], QuerySet[_Model]]) -> CompiledRule:
    """The rule for this user, compiled once and kept for the process. Building and compiling the rule's nested
    subqueries costs more than running them, and every list and check of every page needs it. The SQL depends
    only on what the key holds: the user, their role, team, line of management and import, and the minute and day
    (written into it for grants and assignments); the rows are read afresh on every use."""
    now = timezone.now().replace(second=0, microsecond=0)
    key = (
        name,
        user.pk,
        user.role,
        user.team_id,
        import_team_id(user),
        tuple(managed_team_ids(user)),
        now,
        timezone.localdate(),
    )
    with _compiled_rules_lock:
        compiled = _compiled_rules.get(key)
        if compiled is not None:
            _compiled_rules.move_to_end(key)
            return compiled
    compiled = _compile(build(user).order_by())
    with _compiled_rules_lock:
        _compiled_rules[key] = compiled
        while len(_compiled_rules) > COMPILED_RULES_KEPT:
            _compiled_rules.popitem(last=False)
    return compiled


def _compile(rule: QuerySet[_Model]) -> CompiledRule:
    quote = connection.ops.quote_name
    table = quote(rule.model._meta.db_table)
    own_key = f"{table}.{quote(str(rule.model._meta.pk.column))}"
    select, params = rule.values(rule_id=F("pk")).query.sql_with_params()
    head = f"SELECT {own_key} AS {quote('rule_id')} FROM {table} WHERE "  # noqa: S608  # compared, never run
    where = select[len(head) :] if select.startswith(head) else None
    return CompiledRule(select=select, where=where, params=tuple(params), table=table, own_key=own_key)


def _current_grants(user: User) -> QuerySet[RestrictedAccessGrant]:
    now = timezone.now()
    return RestrictedAccessGrant.objects.filter(user=user, revoked_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


def _case_relationship(user: User) -> tuple[Q, Q | None]:
    """(named, team): a named tie to the case (allocated, assigned, or in the line of management), and
    membership of the case's team (None for roles that see only what they are assigned)."""
    today = timezone.localdate()
    named = Q(allocated_worker=user)
    managed = managed_team_ids(user)
    if managed:
        named |= Q(team_id__in=managed)
    assigned = CaseAssignment.objects.filter(case=OuterRef("pk"), user=user, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    named |= Q(Exists(assigned))
    team = Q(team_id=user.team_id) if user.team_id and user.role in TEAM_MEMBER_ROLES else None
    return named, team


def visible_cases(user: User) -> QuerySet[Case]:
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    return Case.objects.filter(visible_case(user, "pk"))


def _restricted_member() -> QuerySet[CaseMember]:
    return CaseMember.objects.filter(case=OuterRef("pk"), person__is_restricted=True)


def _ungranted_restricted_member(user: User) -> QuerySet[CaseMember]:
    return _restricted_member().exclude(Exists(_current_grants(user).filter(person=OuterRef("person"))))


def _visible_cases(user: User) -> QuerySet[Case]:
    named, team = _case_relationship(user)
    relationship = named
    if team is not None:
        # Team membership alone never opens a restricted case, whatever grants the user holds.
        relationship |= team & Q(~Exists(_restricted_member()))
    return (
        Case.objects.filter(archived_at__isnull=True)
        .filter(relationship)
        .exclude(Exists(_ungranted_restricted_member(user)))
    )


def managed_cases(user: User) -> QuerySet[Case]:
    """The cases of the teams in the user's line of management that they may see: the rows of `visible_cases`
    in those teams, in a query that is cheaper to build and run. In their own line a manager's tie to every case
    is a named one, so only the rule for restricted cases is left to ask."""
    if not user.is_authenticated or not user.is_active or not managed_team_ids(user):
        return Case.objects.none()
    return Case.objects.filter(InRule("pk", _compiled_rule(user, "managed_cases", _managed_cases)))


def _managed_cases(user: User) -> QuerySet[Case]:
    return Case.objects.filter(archived_at__isnull=True, team_id__in=managed_team_ids(user)).exclude(
        Exists(_ungranted_restricted_member(user))
    )


def restricted_cases_hidden_from(user: User) -> QuerySet[Case]:
    """Cases holding a restricted person that the user may not see: nothing the user does may add to them, even
    through someone the user sees on another case."""
    return Case.objects.filter(
        Exists(CaseMember.objects.filter(case=OuterRef("pk"), person__is_restricted=True))
    ).exclude(visible_case(user, "pk"))


def visible_people(user: User) -> QuerySet[Person]:
    if not user.is_authenticated or not user.is_active:
        return Person.objects.none()
    return Person.objects.filter(visible_person(user, "pk"))


def _visible_people(user: User) -> QuerySet[Person]:
    on_visible_case = CaseMember.objects.filter(person=OuterRef("pk")).filter(visible_case(user, "case_id"))
    granted = _current_grants(user).filter(person=OuterRef("pk"))
    return Person.objects.filter(archived_at__isnull=True).filter(
        (Q(is_restricted=False) & Exists(on_visible_case)) | (Q(is_restricted=True) & Exists(granted))
    )


def visible_case(user: User, case_field: str) -> Expression:
    """For a filter or annotation on another model: whether the case its `case_field` points at is visible to the
    user."""
    if not user.is_authenticated or not user.is_active:
        return Value(False, output_field=BooleanField())
    return InRule(case_field, _compiled_rule(user, "cases", _visible_cases))


def visible_person(user: User, person_field: str) -> Expression:
    """For a filter or annotation on another model: whether the person its `person_field` points at is visible to
    the user."""
    if not user.is_authenticated or not user.is_active:
        return Value(False, output_field=BooleanField())
    return InRule(person_field, _compiled_rule(user, "people", _visible_people))


@dataclass(frozen=True)
class CaseOfPerson:
    case_id: int
    role: str  # the person's role in the case (MemberRole)
    is_open: bool


def cases_of_person_seen(user: User, person: Person) -> list[CaseOfPerson]:
    """The person's cases this user may see, with the person's role in each: one query, asked once per page
    read (`page_answers`), as every panel of a record needs them."""

    def ask() -> list[CaseOfPerson]:
        rows = (
            CaseMember.objects.filter(person=person, case__in=visible_cases(user))
            .order_by("case_id")
            .values_list("case_id", "role", "case__closed_on")
        )
        return [CaseOfPerson(case_id, role, closed_on is None) for case_id, role, closed_on in rows]

    return answered_once(("cases of person seen", _reader(user), person.pk), ask)


def can_view_person(user: User, person: Person) -> bool:
    if person.__dict__.get("_read_by") == _reader(user):
        return True
    return visible_people(user).filter(pk=person.pk).exists()


def _reader(user: User) -> tuple[int | None, str, int | None, int | None]:
    return (user.pk, user.role, user.team_id, import_team_id(user))


def read_through_the_rule(user: User, case: Case) -> Case:
    """Note on a case object read through `visible_cases(user)` (itself, or as the case of a record read through
    the rule) that this user may see it, so the page's later questions about it do not ask the database again; a
    person read by `get_person_for_user` carries the same note. Only the page's own objects carry it: the write
    guard reads the row afresh inside its transaction and asks again."""
    case.__dict__["_read_by"] = _reader(user)
    return case


def can_view_case(user: User, case: Case) -> bool:
    if case.__dict__.get("_read_by") == _reader(user):
        return True
    return visible_cases(user).filter(pk=case.pk).exists()


READ_ONLY_ROLES = {Role.DATA_OFFICER, Role.ADMINISTRATOR}


def can_change_person(user: User, person: Person) -> bool:
    """Anyone who may see a record may add to it, except read-only roles (a data officer only while importing)."""
    writes = user.role not in READ_ONLY_ROLES or import_team_id(user) is not None
    return writes and can_view_person(user, person)


def can_add_to_case(user: User, case: Case) -> bool:
    """Whether this user may add to or change the case's record: it is visible to them, still open, and their
    role is not a read-only one. The one answer to "may change" for everything recorded on a case; the write
    guard (`casemap.access.guard`) asks it inside the transaction, and pages ask it only to offer the buttons. A
    data officer importing records may add to the chosen team's cases alone."""
    writes = user.role not in READ_ONLY_ROLES or import_team_id(user) == case.team_id
    return writes and case.is_open and can_view_case(user, case)


def can_manage_case(user: User, case: Case) -> bool:
    """Allocation and closure are for managers in the case team's line."""
    return case.team_id in managed_team_ids(user)


def can_see_who_viewed(user: User, person: Person) -> bool:
    return user.role in {Role.TEAM_MANAGER, Role.SERVICE_MANAGER} and can_view_person(user, person)


def can_grant_restricted_access(user: User, person: Person) -> bool:
    """Service managers over a team holding the person's case may give explicit access."""
    if user.role != Role.SERVICE_MANAGER:
        return False
    return CaseMember.objects.filter(person=person, case__team_id__in=managed_team_ids(user)).exists()


def get_person_for_user(user: User, person_id: int) -> Person:
    """The person if this user may see them; otherwise 404, so a record's existence is not revealed."""
    person = visible_people(user).filter(pk=person_id).first()
    if person is None:
        raise Http404("No record found")
    person.__dict__["_read_by"] = _reader(user)  # read through the rule: the page's later questions need not ask
    return person


def get_case_for_user(user: User, case_id: int) -> Case:
    case = visible_cases(user).select_related("team", "allocated_worker").filter(pk=case_id).first()
    if case is None:
        raise Http404("No case found")
    return read_through_the_rule(user, case)


_SIGNED = [SupervisionStatus.SIGNED, SupervisionStatus.ACKNOWLEDGED]


def visible_supervisions(user: User) -> QuerySet[Supervision]:
    """Case supervision through the case (drafts only to the two people in it); personal supervision to the
    supervisee, the supervisor, the supervisor's line manager and an assigned auditor."""
    if not user.is_authenticated or not user.is_active:
        return Supervision.objects.none()
    return Supervision.objects.filter(visible_supervision(user, "pk"))


def visible_supervision(user: User, supervision_field: str) -> Expression:
    """For a filter on another model: whether the supervision record its `supervision_field` points at is visible
    to the user."""
    if not user.is_authenticated or not user.is_active:
        return Value(False, output_field=BooleanField())
    return InRule(supervision_field, _compiled_rule(user, "supervisions", _visible_supervisions))


def _visible_supervisions(user: User) -> QuerySet[Supervision]:
    in_it = Q(supervisor=user) | Q(supervisee=user)
    case_rule = (
        Q(kind=SupervisionKind.CASE) & visible_case(user, "case_id") & (in_it | ~Q(status=SupervisionStatus.DRAFT))
    )
    line_managed = SupervisionProfile.objects.filter(staff=OuterRef("supervisor"), line_manager=user)
    personal_rule = Q(kind=SupervisionKind.PERSONAL) & (in_it | Q(Exists(line_managed), status__in=_SIGNED))
    if user.role == Role.PRACTICE_LEAD:
        today = timezone.localdate()
        audited = SupervisionAuditAssignment.objects.filter(
            auditor=user, supervisee=OuterRef("supervisee"), starts_on__lte=today
        ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        personal_rule |= Q(kind=SupervisionKind.PERSONAL, status__in=_SIGNED) & Q(Exists(audited))
    return Supervision.objects.filter(archived_at__isnull=True).filter(case_rule | personal_rule)


def get_supervision_for_user(user: User, supervision_id: int) -> Supervision:
    supervision = (
        visible_supervisions(user)
        .select_related("case", "case__team", "supervisor", "supervisee")
        .filter(pk=supervision_id)
        .first()
    )
    if supervision is None:
        raise Http404("No supervision record found")
    if supervision.case is not None:
        read_through_the_rule(user, supervision.case)
    return supervision


def can_change_supervision(user: User, supervision: Supervision) -> bool:
    """A draft is changed and signed by its supervisor alone, and a case supervision only while the case is
    open to them."""
    if supervision.supervisor_id != user.pk or supervision.status != SupervisionStatus.DRAFT:
        return False
    return supervision.case is None or can_add_to_case(user, supervision.case)


def can_respond_to_supervision(user: User, supervision: Supervision) -> bool:
    """The supervisee acknowledges a signed record once, with a comment or their disagreement."""
    return supervision.supervisee_id == user.pk and supervision.status == SupervisionStatus.SIGNED


def can_add_to_signed_supervision(user: User, supervision: Supervision) -> bool:
    """After signing, the supervisor or supervisee may append; nobody changes what was signed."""
    if supervision.status == SupervisionStatus.DRAFT or user.role in READ_ONLY_ROLES:
        return False
    if user.pk not in {supervision.supervisor_id, supervision.supervisee_id}:
        return False
    return supervision.case is None or can_add_to_case(user, supervision.case)


def get_group_supervision_for_user(user: User, session_id: int) -> GroupSupervision:
    """A group supervision session if the user may see its case; otherwise 404 (a participant who may not see the
    family has only their anonymised learning entry)."""
    session = (
        GroupSupervision.objects.filter(pk=session_id, archived_at__isnull=True)
        .filter(visible_case(user, "case_id"))
        .select_related("case", "map")
        .first()
    )
    if session is None:
        raise Http404("No group supervision found")
    read_through_the_rule(user, session.case)
    return session


def visible_inquiries(user: User) -> QuerySet[AppreciativeInquiry]:
    """An appreciative inquiry is about the worker's own practice: the worker and their supervisor see it."""
    if not user.is_authenticated or not user.is_active:
        return AppreciativeInquiry.objects.none()
    return AppreciativeInquiry.objects.filter(archived_at__isnull=True).filter(
        Q(worker=user) | Q(worker__supervision_profile__supervisor=user)
    )


def get_inquiry_for_user(user: User, inquiry_id: int) -> AppreciativeInquiry:
    """An appreciative inquiry the user may see; otherwise 404, whether it exists or not."""
    inquiry = visible_inquiries(user).filter(pk=inquiry_id).select_related("worker", "case", "manager_commented_by")
    found = inquiry.first()
    if found is None:
        raise Http404("No appreciative inquiry found")
    return found


def visible_audits(user: User) -> QuerySet[Audit]:
    """A practice audit is about one worker's practice on one case: its auditor, its moderator, the practitioner
    and the managers whose line includes the audited team see it; team membership alone never does."""
    if not user.is_authenticated or not user.is_active or user.role in READ_ONLY_ROLES:
        return Audit.objects.none()
    rule = Q(auditor=user) | Q(practitioner=user) | Q(moderation__moderator=user)
    managed = managed_team_ids(user)
    if managed:
        rule |= Q(team_id__in=managed)
    return Audit.objects.filter(archived_at__isnull=True).filter(rule)


def get_audit_for_user(user: User, audit_id: int) -> Audit:
    """A practice audit the user may see; otherwise 404, whether it exists or not."""
    found = (
        visible_audits(user)
        .select_related("case", "team", "auditor", "practitioner", "tool_version__tool")
        .filter(pk=audit_id)
        .first()
    )
    if found is None:
        raise Http404("No audit found")
    return found
