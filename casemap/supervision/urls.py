from django.urls import path

from casemap.supervision.views import group, home, inquiry, oversight, records, reports

app_name = "supervision"
urlpatterns = [
    path("", home.supervision_home, name="home"),
    path("cases/<int:case_id>/new/", records.case_supervision_new, name="case-new"),
    path("personal/new/", records.personal_supervision_new, name="personal-new"),
    path("<int:supervision_id>/", records.supervision_detail, name="detail"),
    path("<int:supervision_id>/change/", records.supervision_change, name="change"),
    path("<int:supervision_id>/actions/new/", records.supervision_action_new, name="action-new"),
    path("<int:supervision_id>/sign/", records.supervision_sign_view, name="sign"),
    path("<int:supervision_id>/acknowledge/", records.supervision_acknowledge_view, name="acknowledge"),
    path("<int:supervision_id>/additions/new/", records.supervision_addition_new, name="addition-new"),
    path("actions/<int:action_id>/done/", records.supervision_action_done_view, name="action-done"),
    path("cases/<int:case_id>/group/new/", group.group_new, name="group-new"),
    path("group/<int:group_id>/", group.group_detail, name="group"),
    path("group/<int:group_id>/learning/", group.learning_note, name="learning-note"),
    path("learning/", group.learning, name="learning"),
    path("inquiries/", inquiry.inquiry_list, name="inquiries"),
    path("inquiries/new/", inquiry.inquiry_new, name="inquiry-new"),
    path("inquiries/<int:inquiry_id>/", inquiry.inquiry_detail, name="inquiry"),
    path("inquiries/<int:inquiry_id>/comments/", inquiry.inquiry_comment_view, name="inquiry-comment"),
    path("inquiries/<int:inquiry_id>/nominate/", inquiry.inquiry_nominate_view, name="inquiry-nominate"),
    path("report/", reports.team_report, name="report"),
    path("log/", reports.log_export, name="log"),
    path("cases/<int:case_id>/oversight/new/", oversight.oversight_decision_new, name="oversight-new"),
    path("cases/<int:case_id>/oversight/note/", oversight.note_oversight_new, name="note-oversight-new"),
]
