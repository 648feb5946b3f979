from django.urls import include, path

from casemap.quality.views import audits, calibration, home, tools

app_name = "quality"
urlpatterns = [
    path("", home.audit_home, name="home"),
    path("cases/<int:case_id>/start/", audits.audit_start_view, name="audit-start"),
    path("sampled-cases/<int:sampled_case_id>/start/", audits.sampled_case_start, name="sampled-case-start"),
    path("re-audits/<int:response_id>/start/", audits.reaudit_start_view, name="reaudit-start"),
    path("audits/<int:audit_id>/", audits.audit_detail, name="audit"),
    path("audits/<int:audit_id>/edit/", audits.audit_edit, name="audit-edit"),
    path("audits/<int:audit_id>/own-scores/", audits.audit_self_score_view, name="audit-self-score"),
    path("audits/<int:audit_id>/actions/new/", audits.audit_action_new, name="audit-action-new"),
    path("audits/<int:audit_id>/acknowledge/", audits.audit_acknowledge, name="audit-acknowledge"),
    path("audits/<int:audit_id>/complete/", audits.audit_complete_view, name="audit-complete"),
    path("audits/<int:audit_id>/moderator/", audits.moderator_choose, name="moderator-choose"),
    path("audits/<int:audit_id>/moderate/", audits.moderation_view, name="moderate"),
    path("audits/<int:audit_id>/reply/", audits.audit_reply, name="audit-reply"),
    path("actions/<int:action_id>/done/", audits.action_done, name="action-done"),
    path("tools/", tools.tool_list, name="tools"),
    path("tools/new/", tools.tool_new, name="tool-new"),
    path("tools/<int:tool_id>/new-version/", tools.tool_new_version, name="tool-new-version"),
    path("tools/versions/<int:version_id>/", tools.tool_version_detail, name="tool-version"),
    path("tools/versions/<int:version_id>/edit/", tools.tool_version_edit, name="tool-version-edit"),
    path("tools/versions/<int:version_id>/publish/", tools.tool_version_publish, name="tool-version-publish"),
    path("calibration/", calibration.calibration_list, name="calibration"),
    path("calibration/new/", calibration.exercise_new, name="calibration-new"),
    path("calibration/<int:exercise_id>/", calibration.exercise_detail, name="calibration-exercise"),
    path("samples/", include("casemap.quality.urls_sampling")),
    path("results/", include("casemap.quality.urls_results")),
]
