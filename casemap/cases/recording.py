"""What every page that records on a case needs: who is acting, the case they may add to (else 404), the case's
children to choose from, and one of the case's records."""

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from casemap.access.policy import can_add_to_case, get_case_for_user
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.people.models import Person


def acting_user_of(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def case_to_add_to(request: HttpRequest, case_id: int) -> Case:
    case = get_case_for_user(acting_user_of(request), case_id)
    if not can_add_to_case(acting_user_of(request), case):
        raise Http404("No case found")
    return case


def children_of(case: Case) -> QuerySet[Person]:
    return Person.objects.filter(pk__in=[child.pk for child in case_children(case)]).order_by("date_of_birth", "pk")


def record_on_case(model: type[Model], case: Case, record_id: int) -> Any:
    """A live record of this case, with its child, or 404."""
    record = (
        model._default_manager.select_related("child").filter(case=case, pk=record_id, archived_at__isnull=True).first()
    )
    if record is None:
        raise Http404("No record found")
    return record
