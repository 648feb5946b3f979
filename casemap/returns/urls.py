from django.urls import path

from casemap.returns import views

app_name = "returns"

urlpatterns = [
    path("", views.returns_index, name="index"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("exports/<int:export_id>/", views.export_detail, name="export"),
    path("exports/<int:export_id>/download/", views.export_download, name="download"),
]
