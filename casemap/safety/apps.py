from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "casemap.safety"
    label = "safety"
    verbose_name = "Safety networks and plans"

    def ready(self) -> None:
        from casemap.handoffs.records import register
        from casemap.safety.sign_off import SIGNABLE_PLAN

        register(SIGNABLE_PLAN)
