from django.urls import include, path

from casemap.quality.views import audits, home

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
    path("samples/", include("casemap.quality.urls_sampling")),
    path("results/", include("casemap.quality.urls_results")),
]
