from django.apps import AppConfig


class HandoffsConfig(AppConfig):
    name = "casemap.handoffs"
    label = "handoffs"
    verbose_name = "Hand-offs between workers and managers"
