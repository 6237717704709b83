"""System checks of the website-check settings."""

import pytest
from django.core.checks import run_checks

from patuh.webcheck.checks import contact_url

# Some of the project's checks read the database.
pytestmark = pytest.mark.django_db


def test_a_missing_contact_url_is_warned_about_by_the_deployment_check(settings):
    settings.PATUH_CONTACT_URL = ""
    settings.PATUH_WEBCHECK_USER_AGENT = ""
    [warning] = contact_url()
    assert warning.id == "patuh.W020"
    assert warning.msg.startswith("PATUH_CONTACT_URL is not set")
    assert "patuh.W020" not in {issue.id for issue in run_checks()}
    assert "patuh.W020" in {issue.id for issue in run_checks(include_deployment_checks=True)}
    settings.PATUH_CONTACT_URL = "https://babel.ombudsman.go.id/kontak"
    assert contact_url() == []
