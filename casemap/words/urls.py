from django.urls import path

from casemap.words.views import booklets, coach, pages, reading, records, sign_off

app_name = "words"
urlpatterns = [
    path("cases/<int:case_id>/", booklets.case_list, name="case"),
    path("cases/<int:case_id>/new/", booklets.booklet_new, name="new"),
    path("children/<int:person_id>/", booklets.child_list, name="child"),
    path("children/<int:person_id>/explanations/new/", records.explanation_new, name="explanation-new"),
    path("<int:booklet_id>/", booklets.booklet_detail, name="booklet"),
    path("<int:booklet_id>/versions/", booklets.history, name="history"),
    path("<int:booklet_id>/new-version/", booklets.new_version, name="new-version"),
    path("<int:booklet_id>/archive/", booklets.archive, name="archive"),
    path("<int:booklet_id>/ask-for-sign-off/", sign_off.ask_sign_off, name="ask-sign-off"),
    path("<int:booklet_id>/sign-off/", sign_off.sign_off, name="sign-off"),
    path("<int:booklet_id>/pages/new/", pages.page_edit, name="page-new"),
    path("<int:booklet_id>/pages/<int:page_id>/", pages.page_edit, name="page-edit"),
    path("<int:booklet_id>/pages/<int:page_id>/remove/", pages.page_remove, name="page-remove"),
    path("<int:booklet_id>/pages/<int:page_id>/move/", pages.page_move, name="page-move"),
    path("<int:booklet_id>/coach/", coach.coach, name="coach"),
    path("<int:booklet_id>/parents/new/", records.agreement_new, name="agreement-new"),
    path("<int:booklet_id>/given/new/", records.given_new, name="given-new"),
    path("pages/<int:page_id>/picture/", reading.page_picture, name="picture"),
    path("<int:booklet_id>/print/", reading.booklet_print, name="print"),
    path("<int:booklet_id>/booklet.pdf", reading.booklet_pdf, name="pdf"),
]
