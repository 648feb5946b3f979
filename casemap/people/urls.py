from django.urls import path

from casemap.people import views

app_name = "people"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/<str:section>/", views.person_detail, name="section"),
    path("<int:person_id>/record/print/", views.person_print, name="print"),
    path("<int:person_id>/details/edit/", views.person_edit, name="edit"),
    path("<int:person_id>/family/add/", views.family_member_add_view, name="family-add"),
    path("<int:person_id>/access/log/", views.person_access_log, name="access-log"),
]
