from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "patuh.accounts"
    label = "accounts"
