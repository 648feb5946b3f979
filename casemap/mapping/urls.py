from django.urls import path

from casemap.mapping import views

app_name = "mapping"
urlpatterns = [
    path("cases/<int:case_id>/new/", views.map_new, name="new"),
    path("cases/<int:case_id>/compare/", views.compare, name="compare"),
    path("cases/<int:case_id>/trajectory/", views.trajectory, name="trajectory"),
    path("<int:map_id>/", views.map_detail, name="map"),
    path("<int:map_id>/details/", views.map_details_save, name="details"),
    path("<int:map_id>/participants/", views.participant_add, name="participant-add"),
    path("<int:map_id>/items/<str:category>/", views.item_add, name="item-add"),
    path("<int:map_id>/item/<int:item_id>/", views.item_edit, name="item-edit"),
    path("<int:map_id>/item/<int:item_id>/remove/", views.item_remove, name="item-remove"),
    path("<int:map_id>/pairs/new/", views.danger_pair_edit, name="pair-new"),
    path("<int:map_id>/pairs/<int:statement_id>/", views.danger_pair_edit, name="pair-edit"),
    path("<int:map_id>/pairs/<int:statement_id>/remove/", views.danger_pair_remove, name="pair-remove"),
    path("<int:map_id>/coach/", views.coach, name="coach"),
    path("<int:map_id>/scales/", views.judgement_add, name="judgement-add"),
    path("<int:map_id>/scales/<int:judgement_id>/remove/", views.judgement_remove, name="judgement-remove"),
    path("<int:map_id>/next-steps/", views.next_step_add, name="next-step-add"),
    path("<int:map_id>/next-steps/<int:step_id>/done/", views.next_step_done, name="next-step-done"),
    path("<int:map_id>/sign-off/", views.sign_off, name="sign-off"),
    path("<int:map_id>/document.pdf", views.map_pdf, name="pdf"),
    path("<int:map_id>/print/", views.map_print, name="print"),
    path("<int:map_id>/re-map/", views.remap, name="remap"),
]
