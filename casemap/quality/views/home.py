"""The audit page: what waits for the user in practice audit, and where each part of it lives."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casemap.accounts.models import Role, User
from casemap.quality.selectors_audits import audit_work

# Read-only roles outside practice: they have no part in auditing.
NOT_IN_AUDIT = {Role.DATA_OFFICER, Role.ADMINISTRATOR}


def refuse_outside_audit(user: User) -> None:
    if user.role in NOT_IN_AUDIT:
        raise Http404


def audit_home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    refuse_outside_audit(user)
    context = {"viewer": user, "work": audit_work(user), "today": timezone.localdate()}
    return render(request, "quality/home.html", context)
