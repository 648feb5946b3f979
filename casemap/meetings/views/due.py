"""What is due: statutory steps overdue, due soon and later, and meetings held late, for the signed-in worker's
own cases, their team's, or the conferences a chair is assigned to."""

from collections.abc import Iterable

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from casemap.access.models import AccessAction
from casemap.access.policy import TEAM_MEMBER_ROLES, managed_cases, managed_team_ids, visible_cases
from casemap.access.services import access_log_append
from casemap.accounts.models import Role, User
from casemap.core.links import link_for_each
from casemap.meetings.models import CONFERENCE_KINDS
from casemap.meetings.selectors import chaired_meetings, due_lists
from casemap.meetings.selectors.due import DueItem, HeldLate

CONFERENCE_LABELS = {kind.label for kind in CONFERENCE_KINDS}

# A team's lists can hold hundreds of steps: the page shows the first few of each, soonest (or most overdue)
# first, with a link to the whole list, a page at a time.
SUMMARY_ROWS = 20
PAGE_ROWS = 50
LISTS = {  # key: (title, what an empty list says)
    "overdue": ("Overdue", "Nothing is overdue."),
    "due_soon": ("Due in the next 5 working days", "Nothing is due in the next 5 working days."),
    "later": ("Due later", "Nothing else is due."),
    "held_late": ("Held late in the last 90 days", "No meeting was held late."),
}

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


def _with_links(rows: Iterable[DueItem | HeldLate]) -> list[tuple[DueItem | HeldLate, str]]:
    """Each row with the link its first cell shows (the meeting arranged or held, or else the case's statutory
    records), from one reverse() per kind of link: a team's summary shows 80 rows."""
    meeting_url, case_url = link_for_each("meetings:detail"), link_for_each("cases:detail")
    linked: list[tuple[DueItem | HeldLate, str]] = []
    for row in rows:
        if isinstance(row, HeldLate):
            linked.append((row, meeting_url(row.meeting_id)))
        elif row.meeting is not None:
            linked.append((row, meeting_url(row.meeting.pk)))
        else:
            linked.append((row, f"{case_url(row.case_id)}#statutory"))
    return linked


def due_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    scopes = _scopes_for(user)
    if not scopes:
        raise Http404("No page found")
    scope = request.GET.get("for", scopes[0])
    if scope not in scopes:
        raise Http404("No page found")
    whole_list = request.GET.get("list")
    if whole_list is not None and whole_list not in LISTS:
        raise Http404("No page found")
    context: dict[str, object] = {"scope": scope, "scopes": [(key, SCOPES[key]) for key in scopes]}
    if scope == "chair":
        meetings = list(chaired_meetings(user))
        context["chaired"] = meetings
        # The conferences due on the families whose conferences this user chairs.
        chaired_cases = visible_cases(user).filter(pk__in=[meeting.case_id for meeting in meetings])
        lists = due_lists(chaired_cases, only=CONFERENCE_LABELS)
        detail = f"{len(meetings)} conferences, {len(lists.overdue)} overdue"
    else:
        if scope == "mine":
            cases = visible_cases(user).filter(allocated_worker=user)
        elif managed_team_ids(user):
            cases = managed_cases(user)
        else:
            cases = visible_cases(user).filter(team=user.team)
        lists = due_lists(cases)
        detail = f"{len(lists.overdue)} overdue, {len(lists.due_soon)} due soon"
    access_log_append(user=user, action=AccessAction.VIEW, record_type="due_list", detail=detail, request=request)
    if whole_list is not None:
        page = Paginator(getattr(lists, whole_list), PAGE_ROWS).get_page(request.GET.get("page"))
        title, empty = LISTS[whole_list]
        context.update(
            section={
                "key": whole_list,
                "title": title,
                "empty": empty,
                "rows": _with_links(page),
                "total": len(page.paginator.object_list),
            },
            page=page,
        )
        return render(request, "meetings/due_whole_list.html", context)
    context["sections"] = [
        {
            "key": key,
            "title": title,
            "empty": empty,
            "rows": _with_links(getattr(lists, key)[:SUMMARY_ROWS]),
            "total": len(getattr(lists, key)),
        }
        for key, (title, empty) in LISTS.items()
    ]
    return render(request, "meetings/due.html", context)
