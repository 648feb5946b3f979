from django.urls import path

from casemap.access import views

app_name = "access"
urlpatterns = [
    path("<int:person_id>/restrict/", views.restrict, name="restrict"),
    path("<int:person_id>/grants/", views.grants, name="grants"),
    path("<int:person_id>/grants/<int:grant_id>/revoke/", views.revoke, name="revoke"),
]
