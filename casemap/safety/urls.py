from django.urls import path

from casemap.safety.views import network as views

app_name = "safety"
urlpatterns = [
    path("cases/<int:case_id>/network/", views.network, name="network"),
    path("cases/<int:case_id>/network/add/", views.member_add, name="member-add"),
    path("members/<int:member_id>/change/", views.member_change, name="member-change"),
    path("members/<int:member_id>/deactivate/", views.member_deactivate, name="member-deactivate"),
    path("members/<int:member_id>/reactivate/", views.member_reactivate, name="member-reactivate"),
    path("people/<int:person_id>/family-tree/", views.family_tree, name="family-tree"),
]
