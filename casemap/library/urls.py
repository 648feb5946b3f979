from django.urls import path

from casemap.library import views

app_name = "library"
urlpatterns = [
    path("", views.library_index, name="index"),
    path("examples/<int:example_id>/", views.example_detail, name="example"),
    path("nominations/", views.nominations, name="nominations"),
    path("nominate/map/<int:map_id>/", views.nominate_map, name="nominate-map"),
    path("nominate/plan/<int:plan_id>/", views.nominate_plan, name="nominate-plan"),
    path("nominate/booklet/<int:booklet_id>/", views.nominate_booklet, name="nominate-booklet"),
    path("nominate/inquiry/<int:inquiry_id>/", views.inquiry_take_view, name="take-inquiry"),
    path("nominations/<int:nomination_id>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:nomination_id>/answer/", views.nomination_answer_view, name="answer"),
    path("nominations/<int:nomination_id>/draft/", views.draft_edit, name="draft"),
    path("nominations/<int:nomination_id>/publish/", views.nomination_publish_view, name="publish"),
    path("nominations/<int:nomination_id>/send-back/", views.nomination_send_back_view, name="send-back"),
    path("nominations/<int:nomination_id>/resubmit/", views.nomination_resubmit_view, name="resubmit"),
]
