"""The supervision page: what waits for the user to sign or acknowledge, their actions, and who and which cases
are overdue in their line."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casemap.access.policy import managed_team_ids, visible_inquiries
from casemap.accounts.models import User
from casemap.supervision.selectors import missed_points_for, open_actions, overdue_lists, supervisions_waiting


def supervision_home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    context = {
        "waiting": supervisions_waiting(user=user),
        "actions": open_actions(user=user),
        "overdue": overdue_lists(user=user, today=today),
        "today": today,
        "supervises": user.supervisees.exists(),
        "missed_points": missed_points_for(user=user, today=today),
        "is_manager": bool(managed_team_ids(user)),
        "inquiries_to_comment": visible_inquiries(user).exclude(worker=user).filter(manager_comments="").count(),
    }
    return render(request, "supervision/home.html", context)
