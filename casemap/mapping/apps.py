from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "casemap.mapping"
    label = "mapping"
    verbose_name = "Signs of Safety mapping"
