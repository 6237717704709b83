"""Fetching against real servers on loopback: what is timed, and how retries wait."""

import asyncio
import email.utils
import time
from concurrent.futures import ThreadPoolExecutor

from patuh.webcheck.fetch import Fetcher, Page, retry_after
from tests.webcheck.sample_site import HOME
from tests.webcheck.servers import Reply, Server


def fetch_all(config, urls: list[str]) -> list[Page]:
    """Fetch `urls` at the same time through one site's session."""

    async def fetch() -> list[Page]:
        fetcher = Fetcher(
            user_agent=config.user_agent,
            policy=config.policy,
            limits=config.limits,
            ssl_context=config.ssl_context(),
        )
        async with fetcher.session() as session:
            return await asyncio.gather(*(session.fetch(url) for url in urls))

    # On a thread of its own, as the checker runs: a browser test earlier in the session may
    # have left an event loop running on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, fetch()).result()


def answers_in_turn(*replies: Reply):
    """A route giving `replies` one after the other, noting when each request came."""
    queue = list(replies)
    times: list[float] = []

    def route(request):
        times.append(time.monotonic())
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return route, times


def test_the_time_of_a_page_leaves_out_the_pause_before_a_retry(certificates, make_config):
    route, _ = answers_in_turn(Reply(status=503), Reply(HOME))
    with Server({"/": route}, certificates.good()) as server:
        [page] = fetch_all(make_config(limits={"backoff": 0.6}), [server.url()])
    assert (page.status, page.attempts) == (200, 2)
    assert page.elapsed_ms < 400


def test_the_time_of_a_page_leaves_out_waiting_for_the_host(certificates, make_config):
    slow = Reply(HOME, delay=0.4)
    with Server({"/a": slow, "/b": slow}, certificates.good()) as server:
        pages = fetch_all(make_config(limits={"per_host": 1}), [server.url("/a"), server.url("/b")])
        most = server.most_active
    assert most == 1
    # The second request waited about 0.4 s for the first; only its own answer counts.
    assert all(400 <= page.elapsed_ms < 700 for page in pages)


def test_a_retry_waits_as_long_as_retry_after_asks(certificates, make_config):
    route, times = answers_in_turn(Reply(status=503, headers={"Retry-After": "1"}), Reply(HOME))
    with Server({"/": route}, certificates.good()) as server:
        [page] = fetch_all(make_config(limits={"backoff": 0.01}), [server.url()])
    assert (page.status, page.attempts) == (200, 2)
    assert times[1] - times[0] >= 0.95


def test_a_retry_after_beyond_the_limit_is_reported_not_waited_for(certificates, make_config):
    route, times = answers_in_turn(
        Reply("<title>Maintenance</title>", status=503, headers={"Retry-After": "3600"})
    )
    config = make_config(limits={"retries": 2, "max_retry_after": 5})
    with Server({"/": route}, certificates.good()) as server:
        [page] = fetch_all(config, [server.url()])
    assert (page.status, page.attempts, len(times)) == (503, 1, 1)
    assert page.headers["retry-after"] == "3600"


def test_retry_after_takes_seconds_or_an_http_date():
    assert retry_after("120") == 120
    assert retry_after(" 7 ") == 7
    assert retry_after(email.utils.formatdate(time.time() - 60, usegmt=True)) == 0
    assert 25 < retry_after(email.utils.formatdate(time.time() + 30, usegmt=True)) <= 30
    assert retry_after("soon") is None
    assert retry_after("") is None
