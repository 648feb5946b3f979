"""What is due: statutory steps overdue, due soon and later, and meetings held late, for the signed-in worker's
own cases, their team's, or the conferences a chair is assigned to."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from casemap.access.models import AccessAction
from casemap.access.policy import TEAM_MEMBER_ROLES, managed_cases, managed_team_ids, visible_cases
from casemap.access.services import access_log_append
from casemap.accounts.models import Role, User
from casemap.meetings.models import CONFERENCE_KINDS
from casemap.meetings.selectors import chaired_meetings, due_lists

CONFERENCE_LABELS = {kind.label for kind in CONFERENCE_KINDS}

# A team's list can hold hundreds of steps due months ahead: the soonest are shown, with how many more there are.
LATER_SHOWN = 50

SCOPES = {"mine": "My cases", "team": "My team's cases", "chair": "Conferences I chair"}


def _scopes_for(user: User) -> list[str]:
    scopes = []
    if user.role in TEAM_MEMBER_ROLES:
        scopes.append("mine")
    if managed_team_ids(user) or (user.team_id and user.role in TEAM_MEMBER_ROLES):
        scopes.append("team")
    if user.role in {Role.CONFERENCE_CHAIR, Role.TEAM_MANAGER, Role.SERVICE_MANAGER}:
        scopes.append("chair")
    return scopes


def due_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    scopes = _scopes_for(user)
    if not scopes:
        raise Http404("No page found")
    scope = request.GET.get("for", scopes[0])
    if scope not in scopes:
        raise Http404("No page found")
    context: dict[str, object] = {"scope": scope, "scopes": [(key, SCOPES[key]) for key in scopes]}
    if scope == "chair":
        meetings = list(chaired_meetings(user))
        context["chaired"] = meetings
        # The conferences due on the families whose conferences this user chairs.
        chaired_cases = visible_cases(user).filter(pk__in=[meeting.case_id for meeting in meetings])
        lists = due_lists(chaired_cases, only=CONFERENCE_LABELS)
        context["lists"] = lists
        context["later_shown"] = lists.later[:LATER_SHOWN]
        detail = f"{len(meetings)} conferences, {len(lists.overdue)} overdue"
    else:
        if scope == "mine":
            cases = visible_cases(user).filter(allocated_worker=user)
        elif managed_team_ids(user):
            cases = managed_cases(user)
        else:
            cases = visible_cases(user).filter(team=user.team)
        lists = due_lists(cases)
        context["lists"] = lists
        context["later_shown"] = lists.later[:LATER_SHOWN]
        detail = f"{len(lists.overdue)} overdue, {len(lists.due_soon)} due soon"
    access_log_append(user=user, action=AccessAction.VIEW, record_type="due_list", detail=detail, request=request)
    return render(request, "meetings/due.html", context)
