from django.urls import path

from casemap.supervision.views import home, records

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
]
