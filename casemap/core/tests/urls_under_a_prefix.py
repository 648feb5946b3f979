"""The site's URLs under a path of their own, for a test that links follow the URL configuration in force."""

from django.urls import include, path

urlpatterns = [path("casework/", include("config.urls"))]
