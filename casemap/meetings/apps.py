from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "casemap.meetings"
    verbose_name = "Meetings"
    label = "meetings"
