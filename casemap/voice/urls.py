from django.urls import path

from casemap.voice import views

app_name = "voice"
urlpatterns = [
    path("children/<int:person_id>/", views.child_voice, name="child"),
    path("children/<int:person_id>/new/", views.record_new, name="new"),
    path("records/<int:record_id>/", views.record_detail, name="record"),
    path("records/<int:record_id>/change/", views.record_edit, name="edit"),
    path("records/<int:record_id>/archive/", views.record_archive, name="archive"),
    path("records/<int:record_id>/add-to-map/", views.pull_into_map, name="pull"),
    path("records/<int:record_id>/drawings/new/", views.drawing_new, name="drawing-new"),
    path("drawings/<int:drawing_id>/file/", views.drawing_file, name="drawing-file"),
    path("drawings/<int:drawing_id>/archive/", views.drawing_archive, name="drawing-archive"),
]
