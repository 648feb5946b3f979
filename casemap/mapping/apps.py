from django.apps import AppConfig


class MappingConfig(AppConfig):
    name = "casemap.mapping"
    label = "mapping"
    verbose_name = "Signs of Safety mapping"

    def ready(self) -> None:
        from casemap.handoffs.records import register
        from casemap.mapping.sign_off import SIGNABLE_MAP

        register(SIGNABLE_MAP)
