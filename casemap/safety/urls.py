from django.urls import path

from casemap.safety.views import network as views
from casemap.safety.views import plans, trajectory

app_name = "safety"
urlpatterns = [
    path("cases/<int:case_id>/network/", views.network, name="network"),
    path("cases/<int:case_id>/network/add/", views.member_add, name="member-add"),
    path("members/<int:member_id>/change/", views.member_change, name="member-change"),
    path("members/<int:member_id>/deactivate/", views.member_deactivate, name="member-deactivate"),
    path("members/<int:member_id>/reactivate/", views.member_reactivate, name="member-reactivate"),
    path("people/<int:person_id>/family-tree/", views.family_tree, name="family-tree"),
    path("cases/<int:case_id>/plans/", plans.plans, name="plans"),
    path("cases/<int:case_id>/plans/new/", plans.plan_new, name="plan-new"),
    path("plans/<int:plan_id>/", plans.plan_detail, name="plan"),
    path("plans/<int:plan_id>/details/", plans.details_save, name="plan-details"),
    path("plans/<int:plan_id>/ask-for-sign-off/", plans.ask_sign_off, name="plan-ask-sign-off"),
    path("plans/<int:plan_id>/sign-off/", plans.sign_off, name="plan-sign-off"),
    path("plans/<int:plan_id>/new-version/", plans.new_version, name="plan-new-version"),
    path("plans/<int:plan_id>/monitoring/", plans.monitoring_add, name="plan-monitoring"),
    path("plans/<int:plan_id>/compare/", plans.compare, name="plan-compare"),
    path("plans/<int:plan_id>/family-copy/", plans.document_check, name="plan-document"),
    path("plans/<int:plan_id>/print/", plans.plan_print, name="plan-print"),
    path("plans/<int:plan_id>/safety-plan.pdf", plans.plan_pdf, name="plan-pdf"),
    path("plans/<int:plan_id>/coach/<slug:section_key>/", plans.coach, name="plan-coach"),
    path("plans/<int:plan_id>/<slug:section_key>/", plans.section_add, name="plan-section-add"),
    path("plans/<int:plan_id>/<slug:section_key>/<int:row_id>/", plans.section_change, name="plan-section-change"),
    path(
        "plans/<int:plan_id>/<slug:section_key>/<int:row_id>/remove/", plans.section_remove, name="plan-section-remove"
    ),
    path("cases/<int:case_id>/trajectory/", trajectory.trajectory, name="trajectory"),
    path("cases/<int:case_id>/trajectory/steps/", trajectory.step_add, name="trajectory-step-add"),
    path("cases/<int:case_id>/trajectory/steps/<int:step_id>/done/", trajectory.step_done, name="trajectory-step-done"),
    path("cases/<int:case_id>/trajectory/sustained/", trajectory.sustained_save, name="trajectory-sustained"),
]
