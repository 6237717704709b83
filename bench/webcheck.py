"""Benchmark the website checker against many local sites.

    .venv/bin/python bench/webcheck.py [--sites 200 --concurrency 50 --crawl-pages 10]

Serves N agency sites from one loopback server that answers every host name
site-<n>.bench.go.id over HTTP and HTTPS (a test CA's wildcard certificate), each with its
service-standard information spread over linked pages (tests/webcheck/sample_site.py). Host
names resolve to 127.0.0.1 through a static resolver and private addresses are allowed, as
PATUH_WEBCHECK_ALLOW_PRIVATE=1 does. Every check runs as in production except screenshots.
Prints the total time and sites per second; the target is 200 sites in 10 s at concurrency 50
on 2 cores (the server shares those cores).
"""

import argparse
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.webcheck.sample_site import complete_site  # noqa: E402
from tests.webcheck.servers import Certificates, Server  # noqa: E402

from patuh.webcheck.addresses import AddressPolicy  # noqa: E402
from patuh.webcheck.checker import run_checks  # noqa: E402
from patuh.webcheck.config import CheckConfig, Site  # noqa: E402
from patuh.webcheck.fetch import FetchLimits  # noqa: E402

TARGET_SITES, TARGET_SECONDS = 200, 10.0


async def bench_resolver(host: str, port: int) -> list[str]:
    """Every bench host name is this machine."""
    if host.endswith(".bench.go.id"):
        return ["127.0.0.1"]
    raise OSError(f"{host} is not a bench host")


def serve(folder: str, port, stop) -> None:
    """The sites, in a process of their own so server and checker each get a core."""
    certificates = Certificates(Path(folder), ("*.bench.go.id",))
    with Server({}, certificates.good()) as server:
        server.routes.update(complete_site(""))
        # Each site's HTTP address redirects to its own HTTPS one.
        server.routes["http:/"] = lambda request: complete_site(
            f"https://{request.host}:{request.port}"
        )["http:/"]
        port.value = server.port
        stop.wait()
        print(f"requests served:  {sum(server.hits.values())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--crawl-pages", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        port, stop = multiprocessing.Value("i", 0), multiprocessing.Event()
        server = multiprocessing.Process(target=serve, args=(folder, port, stop))
        server.start()
        while not port.value:
            time.sleep(0.05)
        config = CheckConfig(
            user_agent="Patuh-webcheck/bench",
            policy=AddressPolicy(allow_private=True),
            limits=FetchLimits(retries=0),
            concurrency=args.concurrency,
            crawl_pages=args.crawl_pages,
            ca_bundle=str(Path(folder) / "test-ca.pem"),
            resolver=bench_resolver,
        )
        sites = [
            Site(f"https://site-{n}.bench.go.id:{port.value}/", ("Penerbitan KTP-el",))
            for n in range(args.sites)
        ]
        started = time.perf_counter()
        results = run_checks(sites, config)
        elapsed = time.perf_counter() - started
        stop.set()
        server.join()

    statuses = Counter(str(check.status) for result in results for check in result.checks)
    failing = Counter(
        check.id for result in results for check in result.checks if check.status != "pass"
    )
    print(f"sites:            {len(results)} at concurrency {args.concurrency}")
    print(f"total time:       {elapsed:.2f} s")
    print(f"sites per second: {len(results) / elapsed:.1f}")
    print(f"check statuses:   {dict(statuses)}")
    print(f"not passing:      {dict(failing)}")
    if args.sites >= TARGET_SITES and args.concurrency == 50:
        verdict = "met" if elapsed <= TARGET_SECONDS else "NOT met"
        print(
            f"target: {TARGET_SITES} sites in {TARGET_SECONDS:.0f} s at concurrency 50: {verdict}"
        )


if __name__ == "__main__":
    main()
