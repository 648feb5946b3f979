from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "casemap.core"
    label = "core"
