"""System checks of the website-check settings."""

from django.core.management import call_command

from patuh.webcheck.checks import contact_url


def test_a_missing_contact_url_is_warned_about_at_start_up(settings, capsys):
    settings.PATUH_CONTACT_URL = ""
    settings.PATUH_WEBCHECK_USER_AGENT = ""
    [warning] = contact_url()
    assert warning.id == "patuh.W020"
    assert warning.msg.startswith("PATUH_CONTACT_URL is not set")
    call_command("check")
    assert "patuh.W020" in capsys.readouterr().err
    settings.PATUH_CONTACT_URL = "https://babel.ombudsman.go.id/kontak"
    assert contact_url() == []
