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

    `per_host` may change while sources wait (the Settings screen): a higher
    limit lets waiting sources in at once, a lower one holds new ones back
    until enough running ones have finished. It belongs to one event loop:
    the CLI runs several `asyncio.run` calls, so the engine makes a fresh
    limiter per loop.
    """

    def __init__(self, per_host: int) -> None:
        self._per_host = _checked(per_host)
        self._active: dict[str, int] = {}
        self._waiting: dict[str, list[asyncio.Future[None]]] = {}

    @property
    def per_host(self) -> int:
        return self._per_host

    @per_host.setter
    def per_host(self, value: int) -> None:
        self._per_host = _checked(value)
        for host in list(self._waiting):
            self._wake(host)

    @asynccontextmanager
    async def slot(self, host: str | None) -> AsyncIterator[None]:
        """Hold one of the host's slots for the body; waits (in turn) while all are taken."""
        if host is None:
            yield
            return
        waiting = self._waiting.setdefault(host, [])
        while waiting or self._active.get(host, 0) >= self._per_host:
            turn = asyncio.get_running_loop().create_future()
            waiting.append(turn)
            try:
                await turn
            except asyncio.CancelledError:
                waiting.remove(turn)
                self._wake(host)  # a turn it was given passes to the next one
                raise
            waiting.remove(turn)
            if self._active.get(host, 0) < self._per_host:
                break
        self._active[host] = self._active.get(host, 0) + 1
        try:
            yield
        finally:
            self._active[host] -= 1
            self._wake(host)

    def _wake(self, host: str) -> None:
        """Let as many waiters of `host` in, in turn, as there are free slots."""
        free = self._per_host - self._active.get(host, 0)
        for turn in self._waiting.get(host, [])[: max(free, 0)]:
            if not turn.done():
                turn.set_result(None)

    def active(self, host: str) -> int:
        """How many holders the host has right now (for tests and status)."""
        return self._active.get(host, 0)


def _checked(per_host: int) -> int:
    if per_host < 1:
        raise ValueError("per_host must be at least 1")
    return per_host


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
