from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "casemap.voice"
    label = "voice"
    verbose_name = "The child's voice"
