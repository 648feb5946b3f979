from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casemap.accounts"
    label = "accounts"
