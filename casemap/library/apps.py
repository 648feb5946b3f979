from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "casemap.library"
    verbose_name = "Good-practice library"
    label = "library"
