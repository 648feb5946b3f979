"""Addresses of the children in care pages, under a case."""

from django.urls import path

from casemap.cases import care_record_views, care_views

care_views_urls = [
    path("<int:case_id>/care/new/", care_views.period_new, name="care-period-new"),
    path("<int:case_id>/care/<int:period_id>/change/", care_views.episode_new, name="care-change"),
    path("<int:case_id>/care/<int:period_id>/end/", care_views.period_end, name="care-end"),
    path("<int:case_id>/care/<int:period_id>/reviews/new/", care_views.review_new, name="care-review-new"),
    path("<int:case_id>/care/<int:period_id>/missing/new/", care_views.missing_new, name="care-missing-new"),
    path("<int:case_id>/care/missing/<int:missing_id>/back/", care_views.missing_end, name="care-missing-end"),
    path("<int:case_id>/care/<int:period_id>/adoption/new/", care_record_views.adoption_new, name="care-adoption-new"),
    path(
        "<int:case_id>/care/adoption/<int:adoption_id>/match/",
        care_record_views.adoption_match,
        name="care-adoption-match",
    ),
    path(
        "<int:case_id>/care/adoption/<int:adoption_id>/adopters/",
        care_record_views.adoption_adopters,
        name="care-adoption-adopters",
    ),
    path(
        "<int:case_id>/care/adoption/<int:adoption_id>/no-longer/",
        care_record_views.adoption_reverse,
        name="care-adoption-reverse",
    ),
    path(
        "<int:case_id>/care/<int:period_id>/previous-permanence/",
        care_record_views.previous_permanence,
        name="care-previous-permanence",
    ),
    path("<int:case_id>/care/unaccompanied/new/", care_record_views.unaccompanied_new, name="care-uasc-new"),
    path(
        "<int:case_id>/care/unaccompanied/<int:status_id>/ended/",
        care_record_views.unaccompanied_cease,
        name="care-uasc-cease",
    ),
    path("<int:case_id>/care/outcomes/new/", care_record_views.outcome_new, name="care-outcome-new"),
    path(
        "<int:case_id>/care/leaver-outcomes/new/", care_record_views.leaver_outcome_new, name="care-leaver-outcome-new"
    ),
]
