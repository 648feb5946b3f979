from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "casemap.supervision"
    verbose_name = "Supervision"
    label = "supervision"
