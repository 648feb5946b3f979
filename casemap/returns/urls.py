from django.urls import path

from casemap.returns import views
from casemap.returns.annex_a import views as annex_a_views

app_name = "returns"

urlpatterns = [
    path("", views.returns_index, name="index"),
    path("annex-a/", annex_a_views.annex_a_export_new, name="annex-a"),
    path("exports/<int:export_id>/", views.export_detail, name="export"),
    path("exports/<int:export_id>/download/", views.export_download, name="download"),
]
