import ipaddress
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.utils import ConnectionHandler

from patuh.core.checks import secret_key_is_set
from patuh.lib.env import env_bool, env_list, env_networks, env_proxy_ssl_header, env_str


def test_booleans_accept_common_spellings(monkeypatch):
    for raw, expected in [("1", True), ("yes", True), ("ON", True), ("0", False), ("no", False)]:
        monkeypatch.setenv("PATUH_X", raw)
        assert env_bool("PATUH_X") is expected


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("PATUH_X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="PATUH_X='maybe' is not a boolean"):
        env_bool("PATUH_X")


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("PATUH_KEY_FILE", str(secret))
    assert env_str("PATUH_KEY") == "s3cret"
    monkeypatch.setenv("PATUH_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match=r"PATUH_KEY_FILE=.* cannot be read"):
        env_str("PATUH_KEY")


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("PATUH_HOSTS", " a.go.id, b.go.id ,")
    assert env_list("PATUH_HOSTS", []) == ["a.go.id", "b.go.id"]


def test_networks_take_addresses_and_ranges_and_refuse_anything_else(monkeypatch):
    assert env_networks("PATUH_PROXIES") == ()
    monkeypatch.setenv("PATUH_PROXIES", "127.0.0.1, 10.0.0.0/8,2001:db8::/32")
    assert [str(network) for network in env_networks("PATUH_PROXIES")] == [
        "127.0.0.1/32",
        "10.0.0.0/8",
        "2001:db8::/32",
    ]
    monkeypatch.setenv("PATUH_PROXIES", "10.0.0.0/33")
    with pytest.raises(ImproperlyConfigured, match=r"PATUH_PROXIES: .*10\.0\.0\.0/33"):
        env_networks("PATUH_PROXIES")


def test_the_proxy_ssl_header_is_a_header_name_read_as_django_expects(monkeypatch):
    assert env_proxy_ssl_header("PATUH_PROXY") is None
    monkeypatch.setenv("PATUH_PROXY", "X-Forwarded-Proto")
    assert env_proxy_ssl_header("PATUH_PROXY") == ("HTTP_X_FORWARDED_PROTO", "https")
    monkeypatch.setenv("PATUH_PROXY", "X-Forwarded-Proto: https")
    with pytest.raises(ImproperlyConfigured, match=r"PATUH_PROXY=.* is not a header name"):
        env_proxy_ssl_header("PATUH_PROXY")


def test_deploy_check_refuses_the_placeholder_secret_key(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = settings.INSECURE_SECRET_KEY
    assert [message.id for message in secret_key_is_set(None)] == ["patuh.E001"]
    settings.SECRET_KEY = "a-real-and-long-secret-key-" * 3
    assert secret_key_is_set(None) == []
    settings.DEBUG = True
    settings.SECRET_KEY = settings.INSECURE_SECRET_KEY
    assert secret_key_is_set(None) == []


def test_wsgi_application_refuses_to_start_without_a_secret_key(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "PATUH_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "patuh.settings",
    }
    script = "import patuh.wsgi"
    refused = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    assert "patuh.E001" in refused.stderr
    env["PATUH_SECRET_KEY"] = "a-long-random-production-secret-" * 2
    started = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert started.returncode == 0, started.stderr


@pytest.mark.django_db
def test_the_sqlite_file_database_is_tuned(tmp_path):
    from patuh.settings import _sqlite_database

    probe = ConnectionHandler({"default": _sqlite_database(tmp_path / "probe.sqlite3")})
    try:
        with probe["default"].cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            cursor.execute("PRAGMA synchronous")
            assert cursor.fetchone()[0] == 1  # NORMAL
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20_000
        assert probe["default"].transaction_mode == "IMMEDIATE"
    finally:
        probe.close_all()


def _settings_in_subprocess(
    tmp_path, shown: str = "settings.STORAGES['default']['BACKEND']", **environment
) -> subprocess.CompletedProcess:
    """Load the settings with `environment` in a fresh interpreter and print `shown`."""
    env = {
        "PATH": "/usr/bin:/bin",
        "PATUH_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "patuh.settings",
        **environment,
    }
    script = f"from django.conf import settings; print({shown})"
    return subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )


def test_evidence_can_be_kept_in_an_s3_bucket(tmp_path):
    chosen = _settings_in_subprocess(tmp_path, PATUH_STORAGE="s3", PATUH_S3_BUCKET="patuh-evidence")
    assert chosen.stdout.strip() == "storages.backends.s3.S3Storage", chosen.stderr


def test_an_s3_storage_without_a_bucket_or_an_unknown_storage_is_refused(tmp_path):
    no_bucket = _settings_in_subprocess(tmp_path, PATUH_STORAGE="s3")
    unknown = _settings_in_subprocess(tmp_path, PATUH_STORAGE="ftp")

    assert "PATUH_STORAGE=s3 needs PATUH_S3_BUCKET" in no_bucket.stderr
    assert "PATUH_STORAGE='ftp' is not one of filesystem, s3" in unknown.stderr


@pytest.mark.parametrize(
    ("value", "networks"),
    [
        (
            "127.0.0.1, 10.20.0.0/16,2001:db8::/32",
            ("127.0.0.1/32", "10.20.0.0/16", "2001:db8::/32"),
        ),
        ("", ()),
    ],
)
def test_the_networks_website_checks_may_reach_are_parsed_at_start(tmp_path, value, networks):
    loaded = _settings_in_subprocess(
        tmp_path,
        "repr(settings.PATUH_WEBCHECK_ALLOW_NETWORKS)",
        PATUH_WEBCHECK_ALLOW_NETWORKS=value,
    )
    parsed = tuple(ipaddress.ip_network(network) for network in networks)
    assert loaded.stdout.strip() == repr(parsed), loaded.stderr


def test_a_bad_network_for_website_checks_stops_the_start(tmp_path):
    refused = _settings_in_subprocess(
        tmp_path, PATUH_WEBCHECK_ALLOW_NETWORKS="10.20.0.0/16, 10.0.0.0/33"
    )
    assert refused.returncode != 0
    assert "ImproperlyConfigured: PATUH_WEBCHECK_ALLOW_NETWORKS: '10.0.0.0/33'" in refused.stderr


def test_email_url_gives_smtp_settings_and_refuses_anything_else():
    from patuh.settings import _email

    assert _email("console://")["BACKEND"].endswith("console.EmailBackend")
    smtp = _email("smtp://patuh%40babel.go.id:s%3Acret@mail.go.id?tls=1")["OPTIONS"]
    assert (smtp["host"], smtp["port"], smtp["use_tls"]) == ("mail.go.id", 587, True)
    assert (smtp["username"], smtp["password"]) == ("patuh@babel.go.id", "s:cret")
    implicit = _email("smtps://mail.go.id")["OPTIONS"]
    assert (implicit["port"], implicit["use_ssl"], implicit["use_tls"]) == (465, True, False)
    for bad in ("mail.go.id", "http://mail.go.id", "smtp://mail.go.id:port", "smtp://h?tls=maybe"):
        with pytest.raises(ImproperlyConfigured, match="PATUH_EMAIL_URL"):
            _email(bad)


def test_login_limits_come_from_the_environment_and_an_address_limit_below_the_account_one_stops(
    tmp_path,
):
    shown = "settings.AXES_FAILURE_LIMIT, settings.PATUH_LOGIN_ADDRESS_FAILURE_LIMIT, "
    shown += "settings.AXES_COOLOFF_TIME.total_seconds()"
    loaded = _settings_in_subprocess(
        tmp_path,
        shown,
        PATUH_LOGIN_FAILURE_LIMIT="3",
        PATUH_LOGIN_ADDRESS_FAILURE_LIMIT="50",
        PATUH_LOGIN_LOCKOUT_MINUTES="15",
    )
    refused = _settings_in_subprocess(
        tmp_path, PATUH_LOGIN_FAILURE_LIMIT="10", PATUH_LOGIN_ADDRESS_FAILURE_LIMIT="4"
    )

    assert loaded.stdout.strip() == "3 50 900.0", loaded.stderr
    assert refused.returncode != 0
    assert (
        "PATUH_LOGIN_ADDRESS_FAILURE_LIMIT=4 must be at least PATUH_LOGIN_FAILURE_LIMIT=10"
        in refused.stderr
    )
