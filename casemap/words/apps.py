from django.apps import AppConfig


class WordsConfig(AppConfig):
    name = "casemap.words"
    label = "words"
    verbose_name = "Words and Pictures"
