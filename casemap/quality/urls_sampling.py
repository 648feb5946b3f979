from django.urls import path

from casemap.quality.views import sampling, sampling_inspection

urlpatterns = [
    path("", sampling.programme_list, name="programme-list"),
    path("new/", sampling.programme_new, name="programme-new"),
    path("<int:programme_id>/", sampling.programme_detail, name="programme"),
    path("<int:programme_id>/edit/", sampling.programme_edit, name="programme-edit"),
    path("<int:programme_id>/draw/", sampling.draw_new, name="draw-new"),
    path("<int:programme_id>/children/new/", sampling_inspection.inspection_child_new, name="inspection-child-new"),
    path(
        "<int:programme_id>/children/<int:child_id>/remove/",
        sampling_inspection.inspection_child_remove_view,
        name="inspection-child-remove",
    ),
    path("<int:programme_id>/make/", sampling_inspection.inspection_draw_view, name="inspection-draw"),
    path("draws/<int:draw_id>/", sampling.draw_detail, name="draw"),
    path("draws/<int:draw_id>/check/", sampling.draw_check_view, name="draw-check"),
    path("cases/<int:sampled_case_id>/allocate/", sampling.sampled_case_allocate_view, name="sampled-case-allocate"),
]
