from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "casemap.quality"
    label = "quality"
    verbose_name = "Practice quality"
