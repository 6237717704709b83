"""Typed readers for environment settings that fail loudly on bad values."""

import ipaddress
import os
import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """Read a string; NAME_FILE (a path) takes precedence so secrets can come from files."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_path!r} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return env_bool_value(name, raw)


def env_bool_value(name: str, raw: str) -> bool:
    """Read `raw` as a boolean; `name` says where it came from in the error."""
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Read comma-separated IP addresses or networks (10.0.0.7, 10.0.0.0/8, 2001:db8::/32);
    empty or unset gives none."""
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in env_list(name, []))
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: {exc}") from None


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """Read the name of the header a TLS-terminating proxy sets to `https` (X-Forwarded-Proto)
    as Django's SECURE_PROXY_SSL_HEADER; empty or unset gives None (no proxy is believed)."""
    header = env_str(name).strip()
    if not header:
        return None
    if not re.fullmatch(r"[A-Za-z0-9-]+", header):
        raise ImproperlyConfigured(
            f"{name}={header!r} is not a header name such as X-Forwarded-Proto."
        )
    return "HTTP_" + header.upper().replace("-", "_"), "https"


def _env_number(name: str, default, minimum, parse, what: str):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = parse(raw.strip().replace("_", ""))
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not {what}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """Read a whole number of at least `minimum`; empty or unset gives `default`."""
    return _env_number(name, default, minimum, int, "a whole number")


def env_float(name: str, default: float, minimum: float = 0) -> float:
    """Read a number of at least `minimum`; empty or unset gives `default`."""
    return _env_number(name, default, minimum, float, "a number")
