"""The one write guard: every change to a record on a case, or to a person's own record, enters through here.

In one transaction it holds the row (so the version read is the version replaced), asks the access policy
whether this user may change it, lets the app add its own refusals (a signed-off map, a superseded plan, an
archived booklet), refuses a stale save, then saves with history and writes the access log. Apps write only what
is theirs: what they refuse, what they change, and what goes on the timeline.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, can_change_person, read_through_the_rule, visible_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.core.forms import StaleEditError
from casemap.core.models import RecordedModel, recorded_save
from casemap.people.models import Person

_Record = TypeVar("_Record", bound=RecordedModel)

REFUSED_MESSAGE = "You cannot change this record"


def may_change(user: User, record: RecordedModel) -> bool:
    """The policy's answer for a record: a person's own record by `can_change_person`, a case's own row and
    anything on a case by `can_add_to_case`."""
    if isinstance(record, Person):
        return can_change_person(user, record)
    if isinstance(record, Case):
        return can_add_to_case(user, record)
    case = getattr(record, "case", None)
    if case is None:
        raise TypeError(f"{type(record).__name__} is neither a person nor on a case: the guard cannot authorise it")
    return can_add_to_case(user, case)


def check_may_change(user: User, record: RecordedModel) -> None:
    if not may_change(user, record):
        raise PermissionDenied(REFUSED_MESSAGE)


def held_case_to_add_to(user: User, case: Case) -> Case:
    """For a service adding a new record to a case, inside its transaction: the case row, held so that it cannot
    be closed meanwhile, once the policy says this user may add to it."""
    held = _with_case_visibility(Case.objects.select_for_update(of=("self",)), user).get(pk=case.pk)
    if held.case_visible_to_actor:
        read_through_the_rule(user, held)
    if not can_add_to_case(user, held):
        raise PermissionDenied(REFUSED_MESSAGE)
    return held


def _with_case_visibility(held: QuerySet[Any], user: User) -> QuerySet[Any]:
    """The held row with the access rule's answer for its case, read in the same statement rather than one more."""
    model = held.model
    if issubclass(model, Case):
        return held.annotate(case_visible_to_actor=visible_case(user, "pk"))
    if any(field.name == "case" for field in model._meta.concrete_fields):
        return held.annotate(case_visible_to_actor=visible_case(user, "case_id"))
    return held


def check_version(current: RecordedModel, expected_version: int | None) -> None:
    """Refuse a save made from a page showing an older version. None means the caller holds no form (a
    command, a system change), never a missing hidden field: forms read the version through `VersionField`."""
    if expected_version is not None and current.version != expected_version:
        modified_by = getattr(current, "modified_by", None)
        raise StaleEditError(str(modified_by or "Someone"), current.modified_at, current.version)


@contextmanager
def guarded_change(
    record: _Record,
    *,
    acting_user: User,
    expected_version: int | None,
    record_type: str,
    people: Callable[[_Record], Sequence[Person | None]],
    detail: str = "",
    request: HttpRequest | None = None,
    action: AccessAction = AccessAction.CHANGE,
    refuse: Callable[[_Record], None] | None = None,
    related: Sequence[str] = (),
) -> Iterator[_Record]:
    """Hold `record` for one change and yield the current row to change.

    `refuse` raises the app's own refusals (ValidationError with a plain message); `people` names whose records
    the access log counts as changed; `related` are foreign keys to fetch with the held row. The caller changes
    the yielded row; on leaving the block it is saved one version up with a history row, and the change logged.
    """
    with transaction.atomic():
        model = type(record)
        held = model._default_manager.select_for_update(of=("self",)).select_related("modified_by", *related)
        current: _Record = _with_case_visibility(held, acting_user).get(pk=record.pk)
        if getattr(current, "case_visible_to_actor", False):
            read_through_the_rule(acting_user, current if isinstance(current, Case) else current.case)  # type: ignore[attr-defined]
        check_may_change(acting_user, current)
        if refuse is not None:
            refuse(current)
        check_version(current, expected_version)
        yield current
        recorded_save(current, acting_user=acting_user)
        access_log_append_each(
            user=acting_user,
            action=action,
            record_type=record_type,
            record_id=current.pk,
            detail=detail,
            people=list(people(current)) or [None],
            request=request,
        )
