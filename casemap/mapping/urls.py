from django.urls import path

from casemap.mapping.views import entries, maps, pairs, reading

app_name = "mapping"
urlpatterns = [
    path("cases/<int:case_id>/new/", maps.map_new, name="new"),
    path("cases/<int:case_id>/compare/", reading.compare, name="compare"),
    path("cases/<int:case_id>/trajectory/", reading.trajectory, name="trajectory"),
    path("<int:map_id>/", maps.map_detail, name="map"),
    path("<int:map_id>/details/", maps.map_details_save, name="details"),
    path("<int:map_id>/participants/", maps.participant_add, name="participant-add"),
    path("<int:map_id>/items/<str:category>/", entries.item_add, name="item-add"),
    path("<int:map_id>/item/<int:item_id>/", entries.item_edit, name="item-edit"),
    path("<int:map_id>/item/<int:item_id>/remove/", entries.item_remove, name="item-remove"),
    path("<int:map_id>/pairs/new/", pairs.danger_pair_edit, name="pair-new"),
    path("<int:map_id>/pairs/<int:statement_id>/", pairs.danger_pair_edit, name="pair-edit"),
    path("<int:map_id>/pairs/<int:statement_id>/remove/", pairs.danger_pair_remove, name="pair-remove"),
    path("<int:map_id>/coach/", pairs.coach, name="coach"),
    path("<int:map_id>/scales/", entries.judgement_add, name="judgement-add"),
    path("<int:map_id>/scales/<int:judgement_id>/remove/", entries.judgement_remove, name="judgement-remove"),
    path("<int:map_id>/next-steps/", entries.next_step_add, name="next-step-add"),
    path("<int:map_id>/next-steps/<int:step_id>/done/", entries.next_step_done, name="next-step-done"),
    path("<int:map_id>/ask-for-sign-off/", maps.ask_sign_off, name="ask-sign-off"),
    path("<int:map_id>/sign-off/", maps.sign_off, name="sign-off"),
    path("<int:map_id>/document.pdf", reading.map_pdf, name="pdf"),
    path("<int:map_id>/print/", reading.map_print, name="print"),
    path("<int:map_id>/re-map/", maps.remap, name="remap"),
]
