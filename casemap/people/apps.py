from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "casemap.people"
    label = "people"
