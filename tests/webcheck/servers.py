"""Real web servers on loopback for the website-check tests and the benchmark.

One server answers plain HTTP and HTTPS on the same port: it peeks at the first byte of each
connection and starts TLS when it is a TLS handshake. Replies are chosen per path, optionally
per scheme ("http:/path") and per host, and every request is counted.
"""

import datetime as dt
import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import trustme
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


@dataclass
class Reply:
    body: bytes | str = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    # Seconds to wait before answering (a slow site).
    delay: float = 0
    # Stream this many bytes with no declared length (a huge page).
    stream: int = 0


def redirect(location: str, status: int = 301) -> Reply:
    return Reply(status=status, headers={"Location": location})


Route = Reply | Callable[["Request"], Reply]


@dataclass(frozen=True)
class Request:
    scheme: str
    host: str
    path: str
    port: int


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_DualServer"

    def do_GET(self) -> None:
        scheme = "https" if isinstance(self.connection, ssl.SSLSocket) else "http"
        path = self.path.split("?", 1)[0]
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
        site = self.server.site
        with site.lock:
            site.hits[f"{scheme}:{path}"] += 1
            site.user_agents.add(self.headers.get("User-Agent", ""))
            site.active += 1
            site.most_active = max(site.most_active, site.active)
        try:
            self._answer(site.reply(Request(scheme, host, path, self.server.server_address[1])))
        finally:
            with site.lock:
                site.active -= 1

    def _answer(self, reply: Reply) -> None:
        if reply.delay:
            time.sleep(reply.delay)
        body = reply.body.encode() if isinstance(reply.body, str) else reply.body
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.stream:
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            chunk = b"<p>" + b"x" * 65_530 + b"</p>"
            try:
                for _ in range(reply.stream // len(chunk) + 1):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class _DualServer(ThreadingHTTPServer):
    daemon_threads = True
    # Many checks connect at once (the benchmark); a short backlog would drop connections.
    request_queue_size = 256

    def __init__(self, site: "Server", ssl_context: ssl.SSLContext | None):
        self.site = site
        self.ssl_context = ssl_context
        super().__init__(("127.0.0.1", 0), _Handler)

    def finish_request(self, request, client_address) -> None:
        try:
            request.settimeout(10)
            if request.recv(1, socket.MSG_PEEK) == b"\x16" and self.ssl_context is not None:
                with self.site.lock:
                    self.site.handshakes += 1
                request = self.ssl_context.wrap_socket(request, server_side=True)
        except OSError:  # a client that gave up, or refused our certificate
            return
        self.RequestHandlerClass(request, client_address, self)


class Server:
    """A web site on 127.0.0.1; use as a context manager. `routes` maps paths to replies."""

    def __init__(self, routes: dict[str, Route], ssl_context: ssl.SSLContext | None = None):
        self.routes = routes
        self.hits: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        # Requests being answered now, and the most at once (per-host limits).
        self.active = 0
        self.most_active = 0
        # TLS handshakes begun, answered or not (a refused certificate never reaches a path).
        self.handshakes = 0
        self.lock = threading.Lock()
        self.server = _DualServer(self, ssl_context)
        self.port = self.server.server_address[1]
        # A short poll, so stopping the server does not wait half a second.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str = "/", scheme: str = "https", host: str = "localhost") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def reply(self, request: Request) -> Reply:
        route = self.routes.get(f"{request.scheme}:{request.path}", self.routes.get(request.path))
        if route is None:
            return Reply("<html><title>Not found</title></html>", status=404)
        return route(request) if callable(route) else route

    def __enter__(self) -> "Server":
        self.thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.server.shutdown()
        self.server.server_close()


class Certificates:
    """A test CA and server certificates: good, expired, for another host, self-signed."""

    def __init__(self, folder: Path, hosts: tuple[str, ...] = ("localhost",)):
        self.ca = trustme.CA()
        self.hosts = hosts
        self.ca_file = folder / "test-ca.pem"
        self.ca.cert_pem.write_to_path(str(self.ca_file))
        self.folder = folder

    def _context(self, leaf: trustme.LeafCert) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        leaf.configure_cert(context)
        return context

    def good(self) -> ssl.SSLContext:
        return self._context(self.ca.issue_cert(*self.hosts))

    def expiring(self, days: int) -> ssl.SSLContext:
        not_after = dt.datetime.now(dt.UTC) + dt.timedelta(days=days, hours=12)
        return self._context(self.ca.issue_cert(*self.hosts, not_after=not_after))

    def expired(self) -> ssl.SSLContext:
        now = dt.datetime.now(dt.UTC)
        return self._context(
            self.ca.issue_cert(
                *self.hosts,
                not_before=now - dt.timedelta(days=400),
                not_after=now - dt.timedelta(days=35),
            )
        )

    def wrong_host(self) -> ssl.SSLContext:
        return self._context(self.ca.issue_cert("elsewhere.example"))

    def self_signed(self) -> ssl.SSLContext:
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, self.hosts[0])])
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=90))
            .add_extension(
                x509.SubjectAlternativeName([x509.DNSName(h) for h in self.hosts]), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        cert_file = self.folder / "self-signed.pem"
        key_file = self.folder / "self-signed.key"
        cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
        return context


def static_resolver(names: dict[str, str]):
    """A resolver answering `names` (host → address) and nothing else: the network edge."""

    async def resolve(host: str, port: int) -> list[str]:
        if host in names:
            return [names[host]]
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    return resolve
