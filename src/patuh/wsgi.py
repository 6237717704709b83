"""WSGI entry point. Outside DEBUG it refuses to start when a deployment check fails
(e.g. no secret key)."""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "patuh.settings")
application = get_wsgi_application()

if not settings.DEBUG:
    call_command("check", deploy=True, fail_level="ERROR")
