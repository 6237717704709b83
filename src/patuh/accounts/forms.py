from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's sign-in form with a refusal of its own: Django's puts the username field's
    name into its sentence, which in Indonesian reads "nama pengguna nama pengguna"."""

    error_messages = AuthenticationForm.error_messages | {
        "invalid_login": _(
            "The username or the password is wrong. Both are case-sensitive: check that caps "
            "lock is off."
        ),
    }
