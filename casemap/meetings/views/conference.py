"""The conference record in Signs of Safety structure: agency reports, scores given in private and revealed
together, and the decision for each child."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
