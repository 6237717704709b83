"""Load benchmark: a national-size cycle served by `patuh serve`, many clients at once.

    .venv/bin/python bench/load.py [--providers 600 --regions 500 --units 3500 --products 18000
                                    --indicators 40] [--clients 32 --seconds 30]
                                   [--workers N --threads N]

Builds the same synthetic cycle as bench/score.py (its `build`) in a fresh SQLite database,
scores it, releases and announces the snapshot (so the public portal shows it), plans a visit
for an enumerator while data collection runs, and opens a satisfaction survey. Then it starts
`patuh serve` on a loopback port and drives `--clients` threads (httpx), each going round the
endpoints for `--warmup` seconds (not counted: the server processes fill their caches), then
for `--seconds`:

- ranking: the public ranking page of the cycle;
- card: a public report card (a different provider each time);
- dashboard: the coordinator's dashboard of the cycle;
- autosave: the enumerator's autosave of one answer (JSON, as the checklist's script sends it);
- skm: sending the satisfaction questionnaire (its form is fetched first, untimed).

The public pages are rendered ahead, as the background worker does when an announcement comes.

It prints one line per endpoint (requests, errors, dropped connections, median and p95) and the
machine's core count. Targets on SQLite: p95 <= 100 ms for the ranking page and the autosave,
<= 200 ms for the report card and the dashboard, 0 errors and 0 dropped connections.
"""

import datetime as dt
import os
import re
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
import score as score_bench  # bench/score.py, beside this file

PATUH = Path(sys.executable).with_name("patuh")
ENDPOINTS = ["ranking", "card", "dashboard", "autosave", "skm"]
# What the server needs that setup_django() does not set: a loopback host over plain HTTP, and
# survey limits that 32 clients on one address would otherwise meet at once.
SERVER_ENV = {
    "PATUH_ALLOWED_HOSTS": "127.0.0.1",
    "PATUH_SSL_REDIRECT": "0",
    "PATUH_SECURE_COOKIES": "0",
    "PATUH_HSTS_SECONDS": "0",
    "PATUH_TASKS_BACKEND": "immediate",
    "PATUH_SKM_MIN_SECONDS": "0",
    "PATUH_SKM_BURST_LIMIT": "1000000",
}


def parse_args():
    parser = score_bench.size_arguments(__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=30, help="seconds a request may take")
    parser.add_argument(
        "--warmup",
        type=float,
        default=10,
        help="seconds of the same load before the measured ones, not counted: each server"
        " process fills its caches (patuh.results.queries.from_snapshot_cache) at first",
    )
    parser.add_argument("--workers", type=int, help="patuh serve --workers (default: its own)")
    parser.add_argument("--threads", type=int, help="patuh serve --threads (default: its own)")
    return parser.parse_args()


@dataclass
class Site:
    """What the clients need to know about the data: addresses, sessions, answers to send."""

    cycle: str
    providers: list[str]
    coordinator_session: str
    enumerator_session: str
    autosave_url: str
    autosave_answer: dict
    survey_url: str
    survey_answers: dict = field(default_factory=dict)


def prepare(args) -> Site:
    """The national cycle, scored, released and announced; a visit to fill; an open survey."""
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from patuh.accounts.models import Office, Role, User
    from patuh.assessments.models import Phase
    from patuh.fieldwork.services.planning import assign
    from patuh.results.page_cache import warm
    from patuh.results.services import release_latest, set_announcement
    from patuh.satisfaction.services import create_survey
    from patuh.scoring.services import compute_snapshot

    cycle = score_bench.build(args)
    office = Office.objects.create(code="bench", name="Bench office")
    cycle.office = office
    cycle.save()
    coordinator = User.objects.create_user("coordinator", role=Role.COORDINATOR, office=office)
    enumerator = User.objects.create_user("enumerator", role=Role.ENUMERATOR, office=office)
    started = time.perf_counter()
    compute_snapshot(cycle)
    release_latest(cycle, coordinator)
    set_announcement(cycle, timezone.now())
    score_bench.step("scored, released and announced", started)
    # What the background worker does when the announcement comes (page_cache.schedule_warming);
    # the benchmark runs jobs in its own process.
    started = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)  # as patuh serve does first
    pages = warm(cycle)
    score_bench.step(f"{pages} public pages rendered ahead", started)

    today = timezone.localdate()
    Phase.objects.create(
        cycle=cycle,
        kind=Phase.Kind.PENGAMBILAN_DATA,
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=30),
    )
    unit = cycle.providers.order_by("code").first().units.order_by("code").first()
    product = unit.products.order_by("code").first()
    visit = assign(cycle, unit, enumerator, today, today, by=coordinator)
    indicator = next(
        i
        for i in cycle.instrument_version.parsed.indicators_at("product")
        if i.answer_type == "yes_no"
    )
    survey = create_survey(
        unit,
        title="Survei kepuasan",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=30),
        population=None,
        user=coordinator,
    )

    def session(user) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies["sessionid"].value

    return Site(
        cycle=cycle.code,
        providers=list(cycle.providers.order_by("code").values_list("code", flat=True)),
        coordinator_session=session(coordinator),
        enumerator_session=session(enumerator),
        autosave_url=reverse("fieldwork:save", args=[visit.uuid]),
        autosave_answer={"product": product.code, "indicator": indicator.code},
        survey_url=reverse("survey_respond", args=[survey.uuid]),
        survey_answers={f"U{n}": "3" for n in range(1, 10)} | {"product": product.code},
    )


class Server:
    """`patuh serve` on a free loopback port."""

    def __init__(self, env: dict[str, str], args) -> None:
        options = ["--bind", "127.0.0.1:0"]
        if args.workers:
            options += ["--workers", str(args.workers)]
        if args.threads:
            options += ["--threads", str(args.threads)]
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        self.process = subprocess.Popen(
            [PATUH, "serve", *options], env=env, stdout=subprocess.DEVNULL, stderr=self.log
        )
        self.url = self._wait_for_address()

    def _wait_for_address(self) -> str:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            self.log.seek(0)
            found = re.search(rb"Listening at: (http://127\.0\.0\.1:\d+)", self.log.read())
            if found:
                return found.group(1).decode()
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.log.seek(0)
        raise SystemExit(f"patuh serve did not start:\n{self.log.read().decode()}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(60)
        self.log.close()


@dataclass
class Tally:
    seconds: list[float] = field(default_factory=list)
    errors: int = 0
    # Connections the server refused or closed without an answer.
    dropped: int = 0
    # Requests without an answer within --timeout.
    timeouts: int = 0
    first_error: str = ""


class LoadClient(threading.Thread):
    """One client going round the endpoints, starting at endpoint number `number`."""

    def __init__(
        self, number: int, site: Site, base: str, span: tuple[float, float], timeout: float
    ) -> None:
        super().__init__(daemon=True)
        self.number, self.site, self.base, self.timeout = number, site, base, timeout
        # Requests sent from `counted_from` (after the warm-up) until `until` are counted.
        self.counted_from, self.until = span
        self.tallies: dict[str, Tally] = defaultdict(Tally)
        # Django accepts any 32-character secret sent as both the cookie and the header.
        self.csrf = secrets.token_hex(16)

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=self.timeout) as client:
            client.cookies.set("csrftoken", self.csrf)
            turn = self.number
            while time.monotonic() < self.until:
                endpoint = ENDPOINTS[turn % len(ENDPOINTS)]
                self.request(client, endpoint, turn)
                turn += 1

    def request(self, client: httpx.Client, endpoint: str, turn: int) -> None:
        counted = time.monotonic() >= self.counted_from
        try:
            elapsed, response = self.send(client, endpoint, turn)
        except httpx.TransportError as exc:
            if not counted:
                return
            tally = self.tallies[endpoint]
            if isinstance(exc, httpx.TimeoutException):
                tally.timeouts += 1
            else:
                tally.dropped += 1
            tally.first_error = tally.first_error or f"{exc.__class__.__name__}: {exc}"
            return
        if not counted:
            return
        expected = 302 if endpoint == "skm" else 200
        tally = self.tallies[endpoint]
        tally.seconds.append(elapsed)
        if response.status_code != expected:
            tally.errors += 1
            tally.first_error = tally.first_error or f"HTTP {response.status_code}"

    def send(self, client: httpx.Client, endpoint: str, turn: int):
        """Send one request to `endpoint`: its time in seconds, and the response."""
        site = self.site
        method, url, options = "GET", "", {}
        client.cookies.delete("sessionid")
        if endpoint == "ranking":
            url = f"/public/{site.cycle}/"
        elif endpoint == "card":
            url = f"/public/{site.cycle}/providers/{site.providers[turn % len(site.providers)]}/"
        elif endpoint == "dashboard":
            client.cookies.set("sessionid", site.coordinator_session)
            url = f"/cycles/{site.cycle}/"
        elif endpoint == "autosave":
            client.cookies.set("sessionid", site.enumerator_session)
            answer = site.autosave_answer | {"value": ("yes", "no")[turn % 2]}
            method, url = "POST", site.autosave_url
            options = {"json": {"answers": [answer]}, "headers": {"X-CSRFToken": self.csrf}}
        else:
            # Each questionnaire carries its own token: fetched first, not timed.
            form = client.get(site.survey_url)
            token = re.search(r'name="token" value="([^"]+)"', form.text)
            data = {"token": token.group(1) if token else "", "csrfmiddlewaretoken": self.csrf}
            method, url, options = "POST", site.survey_url, {"data": site.survey_answers | data}
        started = time.perf_counter()
        response = client.request(method, url, **options)
        return time.perf_counter() - started, response


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def main() -> None:
    args = parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="patuh-bench-load-"))
    try:
        env = {
            "PATH": os.environ["PATH"],
            "PATUH_DATA_DIR": str(data_dir),
            "PATUH_SECRET_KEY": secrets.token_urlsafe(50),
            **SERVER_ENV,
        }
        os.environ.update(env)
        score_bench.setup_django(data_dir)
        import django
        from django.db import connection

        print(
            f"Patuh load benchmark: Django {django.get_version()}, SQLite"
            f" {connection.Database.sqlite_version}, Python {sys.version.split()[0]},"
            f" nproc {os.cpu_count()}"
        )
        print("Building the data:")
        site = prepare(args)
        connection.close()
        server = Server(env, args)
        print(
            f"Serving at {server.url}; {args.clients} clients for {args.warmup:g} s of warm-up,"
            f" then {args.seconds:g} s counted"
        )
        counted_from = time.monotonic() + args.warmup
        span = (counted_from, counted_from + args.seconds)
        clients = [LoadClient(n, site, server.url, span, args.timeout) for n in range(args.clients)]
        # The clients share the cores with the server: say how much of them they took.
        before, started = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
        try:
            for client in clients:
                client.start()
            for client in clients:
                client.join()
        finally:
            server.stop()
        after, wall = resource.getrusage(resource.RUSAGE_SELF), time.monotonic() - started
        used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(
            f"\nThe clients used {used:.1f} s of CPU in {wall:.1f} s ({used / wall:.0%} of a core)"
        )
        for endpoint in ENDPOINTS:
            tally = Tally()
            for client in clients:
                mine = client.tallies[endpoint]
                tally.seconds += mine.seconds
                tally.errors += mine.errors
                tally.dropped += mine.dropped
                tally.timeouts += mine.timeouts
                tally.first_error = tally.first_error or mine.first_error
            if not tally.seconds:
                print(
                    f"{endpoint} no answers, {tally.dropped} dropped connections,"
                    f" {tally.timeouts} timeouts ({tally.first_error})"
                )
                continue
            line = (
                f"{endpoint} p95 {p95(tally.seconds) * 1000:.0f} ms"
                f" median {statistics.median(tally.seconds) * 1000:.0f} ms"
                f" {tally.errors} errors, {len(tally.seconds)} requests,"
                f" {tally.dropped} dropped connections, {tally.timeouts} timeouts"
            )
            print(line + (f" (first: {tally.first_error})" if tally.first_error else ""))
    finally:
        if args.keep:
            print(f"Kept {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
