"""What a run checks and how: the sites, and the checker's settings. Pure Python."""

import ssl
from dataclasses import dataclass, field
from pathlib import Path

from patuh.webcheck.addresses import AddressPolicy, Resolver, system_resolver
from patuh.webcheck.fetch import FetchLimits
from patuh.webcheck.rules import Rules, load_rules


@dataclass(frozen=True)
class Site:
    url: str
    # The agency's service products, looked for by name (standard_product).
    products: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckConfig:
    user_agent: str
    policy: AddressPolicy = field(default_factory=AddressPolicy)
    limits: FetchLimits = field(default_factory=FetchLimits)
    # Sites checked at the same time.
    concurrency: int = 20
    official_suffixes: tuple[str, ...] = ("go.id",)
    # Pages read per site, the home page included.
    crawl_pages: int = 10
    slow_ms: int = 3000
    tls_warning_days: int = 30
    # PEM file of CA certificates to trust instead of the system's.
    ca_bundle: str = ""
    rules: Rules = field(default_factory=load_rules)
    # Where screenshots go; None takes none.
    screenshot_dir: Path | None = None
    chromium: str = "/usr/bin/chromium"
    resolver: Resolver = system_resolver

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_bundle or None)
