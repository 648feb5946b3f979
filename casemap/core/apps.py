from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "casemap.core"
    label = "core"

    def ready(self) -> None:
        import casemap.core.checks  # noqa: F401  registers the deployment checks
