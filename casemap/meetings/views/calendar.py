"""Calendar invitations for meetings."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.meetings.calendar import meeting_calendar
from casemap.meetings.views.meeting import get_meeting_for_user, meeting_children


@require_GET
def meeting_calendar_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    meeting = get_meeting_for_user(user, meeting_id)
    link = request.build_absolute_uri(reverse("meetings:detail", args=[meeting.pk]))
    ics = meeting_calendar(meeting, link=link)
    # The file leaves Casemap, so it is logged as an export for each child, like a PDF.
    access_log_append_each(
        user=user,
        action=AccessAction.EXPORT,
        record_type="meeting",
        record_id=meeting.pk,
        detail=f"calendar invitation, sequence {meeting.calendar_sequence}",
        people=meeting_children(meeting),
        request=request,
    )
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{meeting.reference}.ics"'
    return response


urlpatterns: list[URLPattern] = [
    path("<int:meeting_id>/calendar.ics", meeting_calendar_download, name="calendar"),
]
