"""`patuh serve` as an operator runs it: a real gunicorn on a loopback port, with the example
production environment (deploy/production.env) adapted to plain HTTP on loopback and SQLite."""

import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from patuh.core.management.commands.serve import default_threads

ROOT = Path(__file__).resolve().parents[2]
PATUH = Path(sys.executable).with_name("patuh")
EXAMPLE_ENV = ROOT / "deploy/production.env"


def example_environment(tmp_path: Path) -> dict[str, str]:
    """deploy/production.env as systemd reads it, with a real secret-key file in tmp_path."""
    env = {}
    for line in EXAMPLE_ENV.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            env[name] = value
    key_file = tmp_path / "secret_key"
    key_file.write_text(secrets.token_urlsafe(50))
    env.update(
        PATUH_SECRET_KEY_FILE=str(key_file),
        PATUH_DATA_DIR=str(tmp_path / "data"),
        PATH="/usr/bin:/bin",
    )
    return env


def on_loopback(env: dict[str, str]) -> dict[str, str]:
    """The example environment served over plain HTTP on loopback, with SQLite: no proxy, so
    no HTTPS redirect, no HSTS and cookies that plain HTTP carries."""
    env = {name: value for name, value in env.items() if name != "DATABASE_URL"}
    env.update(
        PATUH_ALLOWED_HOSTS="127.0.0.1",
        PATUH_SSL_REDIRECT="0",
        PATUH_SECURE_COOKIES="0",
        PATUH_HSTS_SECONDS="0",
        PATUH_TASKS_BACKEND="immediate",
    )
    return env


def test_the_example_production_environment_passes_the_deployment_checks(tmp_path):
    checked = subprocess.run(
        [PATUH, "check", "--deploy", "--fail-level", "WARNING"],
        env=example_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr
    assert "no issues" in checked.stdout


def test_without_https_settings_the_deployment_checks_fail(tmp_path):
    checked = subprocess.run(
        [PATUH, "check", "--deploy", "--fail-level", "WARNING"],
        env=on_loopback(example_environment(tmp_path)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode != 0
    assert "security.W004" in checked.stderr and "security.W008" in checked.stderr


class Server:
    """A `patuh serve` subprocess; its log (gunicorn's error log and access log) is kept."""

    def __init__(self, env: dict[str, str], *args: str):
        self.process = subprocess.Popen(
            [PATUH, "serve", "--bind", "127.0.0.1:0", *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self.url = "http://" + self.wait_for(r"Listening at: http://(\S+) ").group(1)

    def wait_for(self, pattern: str) -> re.Match:
        """Read the log until a line matches; gunicorn writes it unbuffered."""
        for line in self.process.stdout:
            self.lines.append(line)
            if found := re.search(pattern, line):
                return found
        raise AssertionError(f"patuh serve ended without {pattern!r}:\n{''.join(self.lines)}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        rest, _ = self.process.communicate(timeout=30)
        self.lines.append(rest)

    @property
    def log(self) -> str:
        return "".join(self.lines)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One server for the module: migrating and collecting the static files take seconds."""
    env = on_loopback(example_environment(tmp_path_factory.mktemp("serve")))
    migrated = subprocess.run(
        [PATUH, "migrate", "--noinput"], env=env, capture_output=True, text=True, check=False
    )
    assert migrated.returncode == 0, migrated.stderr
    server = Server(env, "--workers", "2", "--threads", "2")
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.stop()


def test_serve_serves_pages_and_hashed_static_files_cached_for_a_year(server):
    page = httpx.get(server.url + "/public/", timeout=30)
    assert page.status_code == 200
    stylesheet = re.search(r'href="(/static/web/patuh\.([0-9a-f]{12})\.css)"', page.text)
    assert stylesheet, "the page names its stylesheet by a content-hashed name"

    css = httpx.get(server.url + stylesheet.group(1), headers={"Accept-Encoding": "gzip"})
    assert css.status_code == 200
    assert css.headers["Cache-Control"] == "max-age=315360000, public, immutable"
    assert css.headers["Content-Encoding"] == "gzip"
    source = (ROOT / "src/patuh/web/static/web/patuh.css").read_text()
    assert css.text == source

    # The access log goes to the server's output, without the client's address.
    logged = server.wait_for(r'"GET /public/ HTTP/1.1" 200 \d+ \d+ms')
    assert "127.0.0.1" not in logged.string


def test_a_hang_up_restarts_the_workers_and_the_server_keeps_serving(server):
    booted = set(re.findall(r"Booting worker with pid: (\d+)", server.log))
    while len(booted) < 2:
        booted.add(server.wait_for(r"Booting worker with pid: (\d+)").group(1))

    server.process.send_signal(signal.SIGHUP)
    replaced = set()
    while len(replaced) < 2:
        replaced.add(server.wait_for(r"Booting worker with pid: (\d+)").group(1))

    assert replaced.isdisjoint(booted)
    assert httpx.get(server.url + "/public/", timeout=30).status_code == 200
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in booted) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}").exists() for pid in booted), "old workers stopped"


def test_serve_refuses_to_run_in_debug_mode(tmp_path):
    env = {**on_loopback(example_environment(tmp_path)), "PATUH_DEBUG": "1"}
    refused = subprocess.run(
        [PATUH, "serve"], env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert refused.returncode != 0
    assert "PATUH_DEBUG is on" in refused.stderr


def test_serve_refuses_to_start_without_a_secret_key(tmp_path):
    env = on_loopback(example_environment(tmp_path))
    del env["PATUH_SECRET_KEY_FILE"]
    refused = subprocess.run(
        [PATUH, "serve"], env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert refused.returncode != 0
    assert "patuh.E001" in refused.stderr
    assert not (tmp_path / "data/static").exists(), "nothing was collected"


def test_the_default_threads_keep_about_32_requests_in_progress():
    assert [default_threads(workers) for workers in (1, 2, 4, 8, 16)] == [32, 16, 8, 4, 4]
