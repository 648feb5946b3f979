from django.urls import path

from casemap.voice.views import drawings, sessions

app_name = "voice"
urlpatterns = [
    path("children/<int:person_id>/", sessions.child_voice, name="child"),
    path("children/<int:person_id>/new/", sessions.record_new, name="new"),
    path("records/<int:record_id>/", sessions.record_detail, name="record"),
    path("records/<int:record_id>/change/", sessions.record_edit, name="edit"),
    path("records/<int:record_id>/archive/", sessions.record_archive, name="archive"),
    path("records/<int:record_id>/add-to-map/", sessions.pull_into_map, name="pull"),
    path("records/<int:record_id>/drawings/new/", drawings.drawing_new, name="drawing-new"),
    path("drawings/<int:drawing_id>/file/", drawings.drawing_file, name="drawing-file"),
    path("drawings/<int:drawing_id>/change/", drawings.drawing_edit, name="drawing-edit"),
    path("drawings/<int:drawing_id>/archive/", drawings.drawing_archive, name="drawing-archive"),
]
