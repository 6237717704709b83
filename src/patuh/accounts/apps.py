from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "patuh.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Imported here, not at the top: these modules load models, which Django allows only
        # once every app is loaded.
        from patuh.accounts.models import Office, User
        from patuh.audit.services import track

        # Roles, offices, providers, groups and permissions are permission changes. last_login
        # changes at every sign-in, which the login event already records.
        track(User, exclude={"last_login"}, secret={"password"})
        track(Office)
