"""`patuh webcheck`: a cycle's websites (stored) or ad-hoc URLs (not stored), table or JSON."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from patuh.webcheck.checker import CHECK_IDS
from patuh.webcheck.models import WebcheckRun

pytestmark = pytest.mark.django_db


def webcheck(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("webcheck", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_urls_are_checked_as_json_and_nothing_is_stored(webcheck_settings, agency_site):
    out, err = webcheck(
        "--url", agency_site.url(), "--url", "https://nothing.invalid/", "--format", "json"
    )
    sites = json.loads(out)
    assert [site["url"] for site in sites] == [agency_site.url(), "https://nothing.invalid/"]
    assert sites[0]["final_url"] == agency_site.url()
    assert [check["id"] for check in sites[0]["checks"]] == list(CHECK_IDS)
    https = next(check for check in sites[0]["checks"] if check["id"] == "https")
    assert https["status"] == "pass" and https["error"] is None
    assert https["evidence"]["status"] == 200
    dns = next(check for check in sites[1]["checks"] if check["id"] == "dns")
    assert (dns["status"], dns["error"]) == ("error", "dns")
    assert "Checking websites" in err
    assert not WebcheckRun.objects.exists()


def test_the_table_lists_each_check_with_its_status(webcheck_settings, agency_site):
    out, _ = webcheck("--url", agency_site.url(), "--concurrency", "3")
    assert out.startswith(f"{agency_site.url()} -> {agency_site.url()}")
    assert "  maklumat " in out and " pass " in out
    assert "official_domain          fail" in out


def test_a_cycle_is_checked_and_its_run_stored(checked_cycle):
    out, err = webcheck(checked_cycle.code, "--format", "json")
    run = WebcheckRun.objects.get()
    assert f"Run {run.uuid} stored: 1 websites, 5 automatic answers written." in err
    assert len(json.loads(out)) == 1


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ((), "Give either a cycle's code or one or more --url"),
        (("kepatuhan-2021", "--url", "https://a.go.id/"), "Give either"),
        (("--url", "ftp://a.go.id/"), "--url 'ftp://a.go.id/': give an http:// or https://"),
        (("--url", "a.go.id"), "give an http:// or https://"),
        (("--url", "https://a.go.id/", "--concurrency", "0"), "invalid positive value"),
        (("no-such-cycle",), "no-such-cycle"),
    ],
)
def test_usage_errors_are_refused_with_a_clear_message(args, problem):
    with pytest.raises(CommandError, match=problem):
        webcheck(*args)


def test_bad_settings_are_reported_not_raised(webcheck_settings, tmp_path):
    webcheck_settings.PATUH_WEBCHECK_KEYWORDS = str(tmp_path / "missing.yaml")
    with pytest.raises(CommandError, match=r"missing\.yaml: cannot be read"):
        webcheck("--url", "https://a.go.id/")


def test_the_checker_names_itself_with_the_contact_url(webcheck_settings, agency_site):
    webcheck_settings.PATUH_CONTACT_URL = "https://babel.ombudsman.go.id/kontak"
    webcheck("--url", agency_site.url())
    assert agency_site.user_agents == {
        "Patuh-webcheck/0.1.0 (public-service compliance check;"
        " +https://babel.ombudsman.go.id/kontak)"
    }


@pytest.mark.parametrize(
    ("contact", "custom", "problem"),
    [
        ("", "", "PATUH_CONTACT_URL is not set"),
        ("Ombudsman Babel", "", "PATUH_CONTACT_URL='Ombudsman Babel' is not an http"),
        ("", "PatuhBot/1.0 (Ombudsman)", "PATUH_WEBCHECK_USER_AGENT has no contact URL"),
    ],
)
def test_the_checker_refuses_to_run_without_a_contact_url(
    webcheck_settings, agency_site, contact, custom, problem
):
    webcheck_settings.PATUH_CONTACT_URL = contact
    webcheck_settings.PATUH_WEBCHECK_USER_AGENT = custom
    with pytest.raises(CommandError, match=problem):
        webcheck("--url", agency_site.url())
    assert not agency_site.hits


def test_a_user_agent_of_ones_own_needs_only_a_contact_url(webcheck_settings, agency_site):
    webcheck_settings.PATUH_CONTACT_URL = ""
    webcheck_settings.PATUH_WEBCHECK_USER_AGENT = "PatuhBot/1.0 (+https://babel.example/kontak)"
    webcheck("--url", agency_site.url())
    assert agency_site.user_agents == {"PatuhBot/1.0 (+https://babel.example/kontak)"}
