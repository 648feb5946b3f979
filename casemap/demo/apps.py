from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "casemap.demo"
    label = "demo"
    verbose_name = "Demo authority"
