from django.urls import path

from casemap.cases import statutory_views, views
from casemap.cases.care_urls import care_views_urls

app_name = "cases"
urlpatterns = [
    path("", views.my_caseload, name="my-caseload"),
    path("team/", views.team_caseload, name="team-caseload"),
    path("referrals/new/", views.referral_new, name="referral-new"),
    path("<int:case_id>/", views.case_detail, name="detail"),
    path("<int:case_id>/decision/", views.case_decide, name="decide"),
    path("<int:case_id>/allocation/", views.case_allocate_view, name="allocate"),
    path("<int:case_id>/closure/", views.case_close_view, name="close"),
    path("<int:case_id>/notes/new/", views.case_note_new, name="note-new"),
    path("<int:case_id>/professionals/new/", views.case_professional_new, name="professional-new"),
    path("<int:case_id>/relationships/new/", views.case_relationship_new, name="relationship-new"),
    path("<int:case_id>/notes/<int:note_id>/edit/", views.case_note_edit, name="note-edit"),
    path("<int:case_id>/assessments/new/", statutory_views.assessment_new, name="assessment-new"),
    path(
        "<int:case_id>/assessments/<int:assessment_id>/authorise/",
        statutory_views.assessment_authorise_view,
        name="assessment-authorise",
    ),
    path("<int:case_id>/strategy-discussions/new/", statutory_views.strategy_discussion_new, name="strategy-new"),
    path(
        "<int:case_id>/enquiries/<int:enquiry_id>/outcome/", statutory_views.enquiry_complete, name="enquiry-complete"
    ),
    path(
        "<int:case_id>/protection-plans/<int:plan_id>/plans-elsewhere/",
        statutory_views.plans_elsewhere,
        name="plans-elsewhere",
    ),
    path("<int:case_id>/child-in-need-plans/new/", statutory_views.cin_plan_new, name="cin-plan-new"),
    path(
        "<int:case_id>/child-in-need-plans/<int:plan_id>/end/", statutory_views.cin_plan_end_view, name="cin-plan-end"
    ),
    *care_views_urls,
]
