from django.urls import include, path

from casemap.quality.views import home

app_name = "quality"
urlpatterns = [
    path("", home.audit_home, name="home"),
    path("samples/", include("casemap.quality.urls_sampling")),
    path("results/", include("casemap.quality.urls_results")),
]
