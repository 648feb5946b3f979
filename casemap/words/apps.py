from django.apps import AppConfig


class WordsConfig(AppConfig):
    name = "casemap.words"
    label = "words"
    verbose_name = "Words and Pictures"

    def ready(self) -> None:
        from casemap.handoffs.records import register
        from casemap.words.sign_off import SIGNABLE_BOOKLET

        register(SIGNABLE_BOOKLET)
