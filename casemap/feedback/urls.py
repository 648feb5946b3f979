from django.urls import path

from casemap.feedback.views import changes, due, public, results, staff, staff_survey, surveys

app_name = "feedback"
urlpatterns = [
    path("results/", results.results, name="results"),
    path("staff-survey/", staff_survey.staff_links, name="staff-links"),
    path("surveys/", surveys.surveys, name="surveys"),
    path("surveys/<int:survey_id>/new-version/", surveys.survey_new_version, name="survey-new-version"),
    path("you-said-we-did/", changes.changes, name="changes"),
    path("you-said-we-did/new/", changes.change_new, name="change-new"),
    path("words-to-check/", results.texts_to_check, name="texts"),
    path("words-to-check/<int:answer_id>/", results.text_check, name="text-check"),
    path("link/<str:token>/", public.link_arrive, name="link"),
    path("answer/", public.answer, name="answer"),
    path("thank-you/", public.thank_you, name="thank-you"),
    path("cases/<int:case_id>/", staff.case_feedback, name="case"),
    path("cases/<int:case_id>/ask/", staff.invite, name="invite"),
    path("cases/<int:case_id>/enter/choose/", staff.enter_choose, name="enter-choose"),
    path("cases/<int:case_id>/surveys/<int:survey_id>/enter/", staff.enter, name="enter"),
    path("responses/<int:response_id>/", staff.response_detail, name="response"),
    path("to-ask/<int:due_id>/", due.due_detail, name="due"),
    path("to-ask/<int:due_id>/not-asked/", due.due_not_asked_view, name="due-not-asked"),
    path("safety-tasks/<int:task_id>/done/", staff.safety_task_done_view, name="task-done"),
]
