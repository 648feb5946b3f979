from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "casemap.safety"
    label = "safety"
    verbose_name = "Safety networks and plans"
