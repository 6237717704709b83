"""Load benchmark: a national-size cycle served by `patuh serve`, many clients at once.

    .venv/bin/python bench/load.py [--providers 600 --regions 500 --units 3500 --products 18000
                                    --indicators 40] [--clients 32 --seconds 30]
                                   [--workers N --threads N]

Builds the same synthetic cycle as bench/score.py (its `build`) in a fresh SQLite database (or,
with `--database-url postgres://…/NAME`, in PostgreSQL database NAME, dropped and created afresh),
scores it, releases and announces the snapshot (so the public portal shows it), plans a visit
for each client's enumerator while data collection runs, and opens a satisfaction survey. Then
it starts `patuh serve` on a loopback port and drives `--clients` threads (http.client, one
keep-alive connection each), each going round the endpoints for `--warmup` seconds (not counted:
the server processes fill their caches), then for `--seconds`:

- ranking: the public ranking page of the cycle;
- card: a public report card (a different provider each time);
- dashboard: the coordinator's dashboard of the cycle;
- autosave: an enumerator's autosave of one answer (JSON, as the checklist's script sends it),
  each client as its own enumerator filling its own visit;
- skm: sending the satisfaction questionnaire (its form is fetched first, untimed).

The public pages are rendered ahead, as the background worker does when an announcement comes.

It prints one line per endpoint (requests, errors, dropped connections, median and p95), the
machine's core count, and the CPU that a round of the five requests cost the server and the
whole machine (database and clients included): with clients that never pause and the cores
saturated, a round lasts about clients × that CPU ÷ cores, which fixes the sum of the five
latencies.

Targets, on SQLite and on PostgreSQL: p95 <= 100 ms for the ranking page and the autosave,
<= 200 ms for the report card and the dashboard, 0 errors and 0 dropped connections.
"""

import datetime as dt
import http.client
import json
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
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode, urlsplit

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
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL database to use instead of SQLite, e.g."
        " postgres://postgres@127.0.0.1:5432/patuh_bench_load: DROPPED and created afresh",
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
    # Per client: its enumerator's session, its visit's autosave address and the answer it sends.
    enumerators: list[tuple[str, str, dict]]
    survey_url: str
    survey_answers: dict = field(default_factory=dict)


def prepare(args) -> Site:
    """The national cycle, scored, released and announced; a visit to fill per client; an open
    survey."""
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from patuh.accounts.models import Office, Role, User
    from patuh.assessments.models import Phase
    from patuh.fieldwork.services.planning import assign
    from patuh.registry.models import ServiceUnit
    from patuh.results.page_cache import warm
    from patuh.results.services import release_latest, set_announcement
    from patuh.satisfaction.services import create_survey
    from patuh.scoring.services import compute_snapshot

    cycle = score_bench.build(args)
    office = Office.objects.create(code="bench", name="Bench office")
    cycle.office = office
    cycle.save()
    coordinator = User.objects.create_user("coordinator", role=Role.COORDINATOR, office=office)
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
    units = list(
        ServiceUnit.objects.filter(provider__cycles=cycle).order_by("code")[: args.clients]
    )
    indicator = next(
        i
        for i in cycle.instrument_version.parsed.indicators_at("product")
        if i.answer_type == "yes_no"
    )
    unit, product = units[0], units[0].products.order_by("code").first()
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

    enumerators = []
    for number, unit_to_visit in enumerate(units):
        enumerator = User.objects.create_user(
            f"enumerator-{number}", role=Role.ENUMERATOR, office=office
        )
        visit = assign(cycle, unit_to_visit, enumerator, today, today, by=coordinator)
        answer = {
            "product": unit_to_visit.products.order_by("code").first().code,
            "indicator": indicator.code,
        }
        enumerators.append(
            (session(enumerator), reverse("fieldwork:save", args=[visit.uuid]), answer)
        )

    return Site(
        cycle=cycle.code,
        providers=list(cycle.providers.order_by("code").values_list("code", flat=True)),
        coordinator_session=session(coordinator),
        enumerators=enumerators,
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
    """One client going round the endpoints, starting at endpoint number `number`.

    On one keep-alive connection, with the standard library's http.client: the clients share
    the cores with the server they measure, and httpx's layers cost about 1.6 ms of CPU per
    request here, a quarter of a core taken from the server at this load.
    """

    def __init__(
        self, number: int, site: Site, base: str, span: tuple[float, float], timeout: float
    ) -> None:
        super().__init__(daemon=True)
        self.number, self.site, self.timeout = number, site, timeout
        self.address = urlsplit(base).netloc
        # Requests sent from `counted_from` (after the warm-up) until `until` are counted.
        self.counted_from, self.until = span
        self.tallies: dict[str, Tally] = defaultdict(Tally)
        # Django accepts any 32-character secret sent as both the cookie and the header.
        self.csrf = secrets.token_hex(16)
        self.connection = HTTPConnection(self.address, timeout=timeout)

    def run(self) -> None:
        turn = self.number
        try:
            while time.monotonic() < self.until:
                endpoint = ENDPOINTS[turn % len(ENDPOINTS)]
                self.request(endpoint, turn)
                turn += 1
        finally:
            self.connection.close()

    def request(self, endpoint: str, turn: int) -> None:
        counted = time.monotonic() >= self.counted_from
        try:
            elapsed, status = self.send(endpoint, turn)
        except OSError as exc:  # refused, reset, closed without an answer, or timed out
            self.connection.close()  # the next request opens a new connection
            if not counted:
                return
            tally = self.tallies[endpoint]
            if isinstance(exc, TimeoutError):
                tally.timeouts += 1
            else:
                tally.dropped += 1
            tally.first_error = tally.first_error or f"{exc.__class__.__name__}: {exc}"
            return
        except http.client.HTTPException as exc:  # a malformed or missing status line
            self.connection.close()
            if counted:
                self.tallies[endpoint].dropped += 1
                self.tallies[endpoint].first_error = f"{exc.__class__.__name__}: {exc}"
            return
        if not counted:
            return
        expected = 302 if endpoint == "skm" else 200
        tally = self.tallies[endpoint]
        tally.seconds.append(elapsed)
        if status != expected:
            tally.errors += 1
            tally.first_error = tally.first_error or f"HTTP {status}"

    def fetch(self, method: str, url: str, session: str = "", body: bytes = b"", **headers):
        """Send one request and read its whole answer: (status, body)."""
        cookies = f"csrftoken={self.csrf}" + (f"; sessionid={session}" if session else "")
        headers = {"Cookie": cookies, "Host": self.address, **headers}
        self.connection.request(method, url, body=body or None, headers=headers)
        response = self.connection.getresponse()
        return response.status, response.read()

    def send(self, endpoint: str, turn: int) -> tuple[float, int]:
        """Send one request to `endpoint`: its time in seconds, and the status."""
        site = self.site
        method, url, session, body, headers = "GET", "", "", b"", {}
        if endpoint == "ranking":
            url = f"/public/{site.cycle}/"
        elif endpoint == "card":
            url = f"/public/{site.cycle}/providers/{site.providers[turn % len(site.providers)]}/"
        elif endpoint == "dashboard":
            url, session = f"/cycles/{site.cycle}/", site.coordinator_session
        elif endpoint == "autosave":
            session, url, answer = site.enumerators[self.number % len(site.enumerators)]
            answer = answer | {"value": ("yes", "no")[turn % 2]}
            method = "POST"
            body = json.dumps({"answers": [answer]}).encode()
            headers = {"Content-Type": "application/json", "X-CSRFToken": self.csrf}
        else:
            # Each questionnaire carries its own token: fetched first, not timed.
            _status, form = self.fetch("GET", site.survey_url)
            token = re.search(rb'name="token" value="([^"]+)"', form)
            data = {
                "token": token.group(1).decode() if token else "",
                "csrfmiddlewaretoken": self.csrf,
            }
            method, url = "POST", site.survey_url
            body = urlencode(site.survey_answers | data).encode()
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
        started = time.perf_counter()
        status, _body = self.fetch(method, url, session, body, **headers)
        return time.perf_counter() - started, status


def process_tree_cpu(pid: int) -> float:
    """Seconds of CPU used so far by process `pid` and its descendants (Linux's /proc): the
    server's master and workers."""
    pids, seconds = [pid], 0.0
    while pids:
        current = pids.pop()
        try:
            stat = Path(f"/proc/{current}/stat").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:  # ended meanwhile
            continue
        user, system = stat.rsplit(")", 1)[1].split()[11:13]
        seconds += (int(user) + int(system)) / os.sysconf("SC_CLK_TCK")
        pids += [int(child) for child in children]
    return seconds


def machine_busy() -> int:
    """Clock ticks that the machine's cores have been busy so far (Linux's /proc/stat)."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(ticks) - ticks[3] - ticks[4]  # less idle and waiting for I/O


def wait_until(moment: float) -> None:
    time.sleep(max(0.0, moment - time.monotonic()))


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def report_capacity(clients: list[LoadClient], args, server_cpu: float, machine_cpu: float) -> None:
    """CPU per round of the five requests, and what it implies: clients that never pause keep
    `clients` requests in progress, so once the cores are saturated a round lasts about
    clients × (the machine's CPU per round) ÷ cores (Little's law), however the server shares
    its cores: a request made faster by waiting less leaves the time to the others."""
    counted = [s for c in clients for tally in c.tallies.values() for s in tally.seconds]
    rounds = len(counted) / len(ENDPOINTS)
    if not rounds:
        return
    cores = os.cpu_count() or 1
    per_round = machine_cpu / rounds
    print(
        f"In the {args.seconds:g} s counted, the server used {server_cpu:.1f} s of CPU"
        f" ({server_cpu / rounds * 1000:.1f} ms per round of the five requests, the survey's"
        f" form fetch included) and the whole machine {machine_cpu:.1f} s of its {cores} cores'"
        f" {cores * args.seconds:g} s ({per_round * 1000:.1f} ms per round)"
    )
    print(
        f"A client's five timed requests took {sum(counted) / rounds * 1000:.0f} ms in all per"
        f" round; with the cores this busy, {args.clients} clients' rounds last about"
        f" {args.clients} × {per_round * 1000:.1f} ms ÷ {cores} cores ="
        f" {args.clients * per_round / cores * 1000:.0f} ms, however the server shares them"
    )


def drop_database(url: str, *, create: bool = False) -> None:
    """Drop the PostgreSQL database `url` names (and create it afresh), through the server's
    `postgres` database."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = sql.Identifier(parts.path.lstrip("/"))
    maintenance = parts._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    return f"SQLite {connection.Database.sqlite_version}"


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
        if args.database_url:
            drop_database(args.database_url, create=True)
            env["DATABASE_URL"] = args.database_url
        os.environ.update(env)
        score_bench.setup_django(data_dir, args.database_url)
        import django

        print(
            f"Patuh load benchmark: Django {django.get_version()}, {database_version()},"
            f" Python {sys.version.split()[0]}, nproc {os.cpu_count()}"
        )
        print("Building the data:")
        site = prepare(args)
        from django.db import connection

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
            # What the server and the machine spent in the counted seconds.
            wait_until(counted_from)
            server_cpu, machine_cpu = process_tree_cpu(server.process.pid), machine_busy()
            wait_until(span[1])
            server_cpu = process_tree_cpu(server.process.pid) - server_cpu
            machine_cpu = (machine_busy() - machine_cpu) / os.sysconf("SC_CLK_TCK")
            for client in clients:
                client.join()
        finally:
            server.stop()
        after, wall = resource.getrusage(resource.RUSAGE_SELF), time.monotonic() - started
        used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        print(
            f"\nThe clients used {used:.1f} s of CPU in {wall:.1f} s ({used / wall:.0%} of a core)"
        )
        report_capacity(clients, args, server_cpu, machine_cpu)
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
            print(f"Kept {data_dir}" + (f" and {args.database_url}" if args.database_url else ""))
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
            if args.database_url:
                from django.db import connections

                connections.close_all()
                drop_database(args.database_url)


if __name__ == "__main__":
    main()
