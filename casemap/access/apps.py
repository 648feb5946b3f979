from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "casemap.access"
    label = "access"
