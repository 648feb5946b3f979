from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "casemap.returns"
    verbose_name = "Returns"
    label = "returns"
