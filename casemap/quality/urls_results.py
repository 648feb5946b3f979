from django.urls import path

from casemap.quality.views import results

urlpatterns = [
    path("", results.results, name="results"),
    path("practice/", results.practice, name="results-practice"),
    path("agreement/", results.agreement, name="results-agreement"),
    path("calibration/", results.calibration, name="results-calibration"),
]
