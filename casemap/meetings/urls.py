from django.urls import path

from casemap.meetings.views import calendar, conference, distribution, due, meeting

app_name = "meetings"
urlpatterns = [
    path("", due.due_list, name="due"),
    path("cases/<int:case_id>/new/", meeting.meeting_new, name="new"),
    path("<int:meeting_id>/", meeting.meeting_detail, name="detail"),
    path("<int:meeting_id>/change/", meeting.meeting_change, name="change"),
    path("<int:meeting_id>/cancel/", meeting.meeting_cancel_view, name="cancel"),
    path("<int:meeting_id>/invitees/new/", meeting.invitee_new, name="invitee-new"),
    path("<int:meeting_id>/invitees/<int:invitee_id>/attendance/", meeting.attendance_edit, name="attendance"),
    path("<int:meeting_id>/end/", meeting.meeting_end, name="end"),
    *conference.urlpatterns,
    *calendar.urlpatterns,
    *distribution.urlpatterns,
]
