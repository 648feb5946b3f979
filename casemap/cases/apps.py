from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "casemap.cases"
    label = "cases"
