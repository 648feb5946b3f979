from django.contrib import admin
from django.urls import include, path

from casemap.cases.views import home

admin.site.site_header = "Casemap administration"

urlpatterns = [
    path("", home, name="home"),
    path("", include("casemap.accounts.urls")),
    path("cases/", include("casemap.cases.urls")),
    path("people/", include("casemap.people.urls")),
    path("restricted/", include("casemap.access.urls")),
    path("maps/", include("casemap.mapping.urls")),
    path("voice/", include("casemap.voice.urls")),
    path("safety/", include("casemap.safety.urls")),
    path("words/", include("casemap.words.urls")),
    path("waiting/", include("casemap.handoffs.urls")),
    path("meetings/", include("casemap.meetings.urls")),
    path("supervision/", include("casemap.supervision.urls")),
    path("returns/", include("casemap.returns.urls")),
    path("feedback/", include("casemap.feedback.urls")),
    path("audit/", include("casemap.quality.urls")),
    path("library/", include("casemap.library.urls")),
    path("admin/", admin.site.urls),
]
