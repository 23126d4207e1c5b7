"""The one HTTP client factory for adapters: timeouts, retries, rate limits, clear errors.

Every HTTP adapter makes its client with `make_client` and sends with
`HttpSession.request`, so they all share the same behaviour: a user agent,
bounded timeouts, retries with exponential backoff and jitter on network
errors and 5xx, waiting out 429 / `Retry-After` / exhausted rate limits, ETag
revalidation, and one-line human messages (from `ctotui.net_errors`) for
everything that fails. Waiting goes through an injectable `sleep` so tests never
really sleep; the default timeout is read when a client is made, so it can be
shortened in one place. httpx itself is imported by the functions that use it
(the adapters only name it in annotations): a config naming HTTP sources loads,
and the first frame paints, before the HTTP stack is imported for the first sync.
"""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ctotui import __version__
from ctotui.clock import Clock, SystemClock
from ctotui.errors import AdapterError
from ctotui.net_errors import (
    is_permanent,
    malformed_body,
    network_problem,
    retry_after_seconds,
    status_problem,
)

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"ctotui/{__version__} (+terminal dashboard)"
DEFAULT_TIMEOUT: httpx.Timeout | None = None
"""The clients' timeouts; None: 20 s, 10 s to connect (tests set a shorter one)."""

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: attempts, backoff, and the longest wait accepted from a server."""

    attempts: int = 4
    backoff: float = 1.0
    max_backoff: float = 30.0
    max_wait: float = 300.0
    jitter: float = 0.25


@dataclass(slots=True)
class HttpSession:
    """A client plus the policy, clock and sleep used for every request of one adapter."""

    client: httpx.AsyncClient
    service: str
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    clock: Clock = field(default_factory=SystemClock)
    sleep: Sleep = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)
    etags: dict[str, tuple[str, Any]] = field(default_factory=dict)
    """URL+params -> (ETag, decoded body) of the last 200, for If-None-Match."""
    requests_made: int = 0

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        ok_statuses: tuple[int, ...] = (),
    ) -> httpx.Response:
        """Send with retries; return the response, or raise AdapterError saying why."""
        import httpx

        last_problem = ""
        asked: tuple[datetime | None, bool] = (None, False)
        unreachable = False
        for attempt in range(1, self.policy.attempts + 1):
            try:
                self.requests_made += 1
                response = await self.client.request(
                    method, url, params=params, json=json_body, headers=headers
                )
            except httpx.TransportError as error:
                host = self.client.base_url.host or httpx.URL(url).host
                limit = _limit_of(error, self.client.timeout)
                last_problem = network_problem(
                    error, service=self.service, host=host, timeout=limit
                )
                unreachable = True
                if is_permanent(error):  # a bad certificate or an unknown name stays so
                    raise AdapterError(last_problem, unreachable=True) from None
            else:
                if response.status_code < 400 or response.status_code in ok_statuses:
                    return response
                wait = self._wait_for(response)
                unreachable = False
                last_problem = status_problem(self.service, response, now=self.clock.now())
                asked = server_retry(response, self.clock.now()) or asked
                if wait is None:
                    raise AdapterError(last_problem, retry_at=asked[0], rate_limited=asked[1])
                if attempt < self.policy.attempts:
                    await self.sleep(wait)
                continue
            if attempt < self.policy.attempts:
                await self.sleep(self._backoff(attempt))
        raise AdapterError(
            f"{last_problem} (gave up after {self.policy.attempts} attempts)",
            retry_at=asked[0],
            rate_limited=asked[1],
            unreachable=unreachable,
        )

    async def get_json(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        conditional: bool = False,
    ) -> tuple[Any, httpx.Response | None]:
        """GET and decode JSON. With `conditional`, revalidate with the last ETag.

        Returns (data, response); on 304 Not Modified the data is the body
        remembered from the last 200 and the response is None, which tells the
        caller nothing changed.
        """
        key = _cache_key(url, params)
        sent = dict(headers or {})
        if conditional and key in self.etags:
            sent["If-None-Match"] = self.etags[key][0]
        response = await self.request("GET", url, params=params, headers=sent, ok_statuses=(304,))
        if response.status_code == 304 and key in self.etags:
            return self.etags[key][1], None
        data = decode_json(self.service, response)
        etag = response.headers.get("ETag")
        if conditional and etag:
            self.etags[key] = (etag, data)
        return data, response

    async def get_all_pages(self, url: str, *, per_page: int = 100) -> list[Mapping[str, Any]]:
        """Every object of a paginated JSON list, following `Link: rel="next"` to the end."""
        entries: list[Mapping[str, Any]] = []
        next_url: str | None = url
        params: dict[str, Any] | None = {"per_page": per_page}
        while next_url:
            data, response = await self.get_json(next_url, params=params)
            entries += [e for e in data or () if isinstance(e, Mapping)]
            link = response.links.get("next", {}).get("url") if response else None
            next_url, params = (str(link), None) if link else (None, None)
        return entries

    def _backoff(self, attempt: int) -> float:
        base = min(self.policy.max_backoff, self.policy.backoff * 2.0 ** (attempt - 1))
        return base * (1 + self.rng.uniform(-self.policy.jitter, self.policy.jitter))

    def _wait_for(self, response: httpx.Response) -> float | None:
        """Seconds to wait before retrying this response, or None: do not retry."""
        status = response.status_code
        explicit = response.headers.get("Retry-After") is not None
        asked = retry_after_seconds(response, self.clock.now())
        exhausted = response.headers.get("X-RateLimit-Remaining") == "0"
        if status == 429 or (status == 403 and (explicit or exhausted)):
            wait = 60.0 if asked is None else asked + (0.0 if explicit else 1.0)
            return wait if wait <= self.policy.max_wait else None
        if status in (500, 502, 503, 504):
            return asked if explicit and asked is not None else self._backoff(1)
        return None


def server_retry(response: httpx.Response, now: datetime) -> tuple[datetime, bool] | None:
    """When a 429 / 503 / rate-limited 403 asks to come back, and whether it is a rate limit.

    The sync scheduler waits at least until then before the source's next run.
    """
    status = response.status_code
    limited = status == 429 or (
        status == 403
        and (
            response.headers.get("Retry-After") is not None
            or response.headers.get("X-RateLimit-Remaining") == "0"
        )
    )
    if not limited and status != 503:
        return None
    seconds = retry_after_seconds(response, now)
    return None if seconds is None else (now + timedelta(seconds=seconds), limited)


def make_client(
    base_url: str,
    *,
    headers: Mapping[str, str] | None = None,
    auth: httpx.Auth | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: httpx.Timeout | None = None,
) -> httpx.AsyncClient:
    """An AsyncClient with ctotui's user agent and timeouts; `transport` lets tests mock."""
    import httpx

    merged = {"User-Agent": USER_AGENT, "Accept": "application/json", **(headers or {})}
    return httpx.AsyncClient(
        base_url=base_url,
        headers=merged,
        auth=auth,
        transport=transport,
        timeout=timeout or DEFAULT_TIMEOUT or httpx.Timeout(20.0, connect=10.0),
        follow_redirects=True,
    )


def source_timeout(settings: Mapping[str, Any]) -> httpx.Timeout | None:
    """The source's `timeout` setting (own or `[sync] timeout`) for `make_client`; None: default."""
    import httpx

    seconds = settings.get("timeout")
    return httpx.Timeout(float(seconds)) if seconds else None


def _limit_of(error: httpx.TransportError, timeout: httpx.Timeout) -> float | None:
    """The limit that ran out for a timeout error (named in its message), else None."""
    import httpx

    if isinstance(error, httpx.ConnectTimeout):
        return timeout.connect
    if isinstance(error, httpx.WriteTimeout):
        return timeout.write
    if isinstance(error, httpx.PoolTimeout):
        return timeout.pool
    if isinstance(error, httpx.TimeoutException):
        return timeout.read
    return None


def decode_json(service: str, response: httpx.Response) -> Any:
    """The body as JSON, or an AdapterError that says the server sent something else."""
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise AdapterError(malformed_body(service, response)) from None


def _cache_key(url: str, params: Mapping[str, Any] | None) -> str:
    if not params:
        return url
    return url + "?" + "&".join(f"{k}={params[k]}" for k in sorted(params))
