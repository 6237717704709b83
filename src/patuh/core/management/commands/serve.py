"""`patuh serve [--bind ADDRESS] [--workers N] [--threads N]`: the production web server.

Gunicorn with threaded workers (gthread), run from this command so that every setting comes from
Patuh's own (docs/deployment.md): no gunicorn.conf.py or GUNICORN_CMD_ARGS is read.
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from gunicorn.app.base import BaseApplication

from patuh.lib.cli import positive

# Gunicorn's access log without the client's address (%(h)s): satisfaction-survey respondents
# are promised that their address is never stored, and stdout ends up in the system journal.
# Time, request line, status, bytes sent and the time taken in milliseconds.
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


# Requests in progress at once across the workers. With fewer threads than clients, requests
# queue in arrival order and a 2 ms page waits behind 10 ms ones: at 32 clients on 2 cores,
# 4 threads per worker gave every endpoint a median of 200 ms, 16 gave cached pages 30 ms.
# It also bounds the PostgreSQL connections the web server holds (one per thread).
REQUESTS_IN_PROGRESS = 32


def usable_cpus() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's)."""
    return len(os.sched_getaffinity(0))


def default_threads(workers: int) -> int:
    return max(4, REQUESTS_IN_PROGRESS // workers)


class PatuhServer(BaseApplication):
    """Gunicorn configured from a dict of its settings, loading Patuh's WSGI application."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # Imported in each worker, so a graceful restart (SIGHUP) loads the views afresh.
        from django.core.servers.basehttp import get_internal_wsgi_application

        return get_internal_wsgi_application()


def server_options(*, bind: list[str], workers: int, threads: int) -> dict:
    return {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        # Threads suit Patuh's requests, which mostly wait on the database: a worker serves
        # several at once, and the processes share the cores.
        "worker_class": "gthread",
        "accesslog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "errorlog": "-",
        "proc_name": "patuh",
        # Whether a request came over HTTPS is Django's to decide, from PATUH_PROXY_SSL_HEADER,
        # and the client's address is read from PATUH_TRUSTED_PROXIES: gunicorn believes no
        # forwarded header of its own.
        "forwarded_allow_ips": "",
        "secure_scheme_headers": {},
        # Gunicorn's control socket is one file per user account, which two servers on one
        # machine would fight over; signals control the server instead (docs/deployment.md).
        "control_socket_disable": True,
    }


class Command(BaseCommand):
    help = (
        "Serve Patuh in production with gunicorn's threaded workers, after the deployment checks"
        " and collecting the static files. SIGHUP restarts the workers gracefully."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind",
            action="append",
            metavar="ADDRESS",
            help=(
                "HOST:PORT or unix:PATH to listen on (default 127.0.0.1:8000); repeat for more."
                " Port 0 picks a free port, printed in the 'Listening at' line."
            ),
        )
        parser.add_argument(
            "--workers",
            type=positive,
            default=usable_cpus(),
            help="Worker processes (default: one per usable core, here %(default)s).",
        )
        parser.add_argument(
            "--threads",
            type=positive,
            help=(
                "Threads per worker, each serving one request at a time (default: 32 in all"
                " across the workers, at least 4 each)."
            ),
        )

    def handle(self, *args, **options) -> None:
        if settings.DEBUG:
            raise CommandError(
                "patuh serve is the production server and PATUH_DEBUG is on; "
                "use ./run (the development server) or set PATUH_DEBUG=0."
            )
        call_command("check", deploy=True, fail_level="ERROR")
        call_command("collectstatic", interactive=False, verbosity=0)
        # The workers are forked from this process: none may inherit its database connection.
        connections.close_all()
        options = server_options(
            bind=options["bind"] or ["127.0.0.1:8000"],
            workers=options["workers"],
            threads=options["threads"] or default_threads(options["workers"]),
        )
        PatuhServer(options).run()
