from django.urls import path

from casemap.handoffs import views

app_name = "handoffs"
urlpatterns = [
    path("", views.waiting_queue, name="queue"),
]
