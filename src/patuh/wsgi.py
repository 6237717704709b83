"""WSGI entry point. Refuses to start when a deployment check fails (e.g. no secret key)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patuh.settings")
application = get_wsgi_application()

from django.core.management import call_command  # noqa: E402

call_command("check", deploy=True, fail_level="ERROR")
