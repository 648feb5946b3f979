from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    name = "casemap.returns"
    verbose_name = "Returns"
    label = "returns"

    def ready(self) -> None:
        import casemap.returns.checks  # noqa: F401  registers the deployment check
