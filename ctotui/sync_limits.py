"""How hard sync leans on servers: a slot limit per host, and backoff after failures.

Two sources on the same server (a mail account and a chat workspace on one
self-hosted box, two GitHub organisations) share that server's slots, while
sources on different hosts run side by side. A failing source waits longer
after each failure, with jitter so many clients do not retry in step.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from ctotui.adapters.base import Adapter, OptionType

HOST_OPTIONS = ("host", "server", "hostname")


def host_of(adapter_class: type[Adapter], settings: Mapping[str, Any]) -> str | None:
    """The host a source talks to, from its URL options or its host option; None: local.

    The first URL-typed option with a value wins (base URL, API URL,
    homeserver); else a `host` option (with `port` when set). Sources without
    either (maildir, demo) touch no server and are never limited.
    """
    for spec in adapter_class.options:
        value = settings.get(spec.name)
        if spec.type is OptionType.URL and isinstance(value, str) and value.strip():
            parts = urlsplit(value.strip())
            if parts.hostname:
                port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
                return f"{parts.hostname.lower()}:{port}"
    for name in HOST_OPTIONS:
        value = settings.get(name)
        if isinstance(value, str) and value.strip():
            number = settings.get("port")
            suffix = (
                f":{number}" if isinstance(number, int) and not isinstance(number, bool) else ""
            )
            return f"{value.strip().lower()}{suffix}"
    return None


class HostLimiter:
    """At most `per_host` holders per host at once; `None` hosts are never limited.

    It belongs to one event loop: the CLI runs several `asyncio.run` calls, so
    the engine makes a fresh limiter per loop.
    """

    def __init__(self, per_host: int) -> None:
        if per_host < 1:
            raise ValueError("per_host must be at least 1")
        self.per_host = per_host
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._active: dict[str, int] = {}

    @asynccontextmanager
    async def slot(self, host: str | None) -> AsyncIterator[None]:
        """Hold one of the host's slots for the body; waits while all are taken."""
        if host is None:
            yield
            return
        semaphore = self._slots.setdefault(host, asyncio.Semaphore(self.per_host))
        async with semaphore:
            self._active[host] = self._active.get(host, 0) + 1
            try:
                yield
            finally:
                self._active[host] -= 1

    def active(self, host: str) -> int:
        """How many holders the host has right now (for tests and status)."""
        return self._active.get(host, 0)


def backoff_delay(
    failures: int, *, first: float, cap: float, rng: random.Random | None = None
) -> float:
    """Seconds to wait after the `failures`-th failure in a row ("equal jitter").

    The base doubles with each failure from `first` up to `cap`; the wait is
    half the base plus a random part of the other half, so it never drops
    below half the base and never exceeds the cap.
    """
    if failures < 1:
        return 0.0
    base = min(cap, first * float(2 ** min(failures - 1, 32)))
    chance = rng or random.Random()
    return base / 2 + chance.uniform(0, base / 2)
