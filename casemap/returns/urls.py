from django.urls import path

from casemap.returns import views
from casemap.returns.annex_a import views as annex_a_views
from casemap.returns.cin_import import views as import_views
from casemap.returns.ssda903 import views as ssda903_views
from casemap.returns.ssda903_import import views as ssda903_import_views

app_name = "returns"

urlpatterns = [
    path("", views.returns_index, name="index"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("ssda903/", ssda903_views.ssda903_export_new, name="ssda903-export"),
    path("annex-a/", annex_a_views.annex_a_export_new, name="annex-a"),
    path("exports/<int:export_id>/", views.export_detail, name="export"),
    path("exports/<int:export_id>/download/", views.export_download, name="download"),
    path("imports/new/", import_views.import_new, name="import-new"),
    path("imports/ssda903/", ssda903_import_views.ssda903_import_new, name="ssda903-import"),
    path("imports/<int:import_id>/", import_views.import_detail, name="import"),
    path("imports/<int:import_id>/import/", import_views.import_after_dry_run, name="import-after-dry-run"),
]
