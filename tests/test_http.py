"""The shared HTTP layer: retries, rate limits, ETags and clear errors, without real waits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import httpx
import pytest

from ctotui.adapters.http import HttpSession, RetryPolicy, make_client
from ctotui.clock import FixedClock
from ctotui.errors import AdapterError

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def session(handler: Callable[[httpx.Request], httpx.Response]) -> tuple[HttpSession, list[float]]:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    client = make_client("https://api.example.test", transport=httpx.MockTransport(handler))
    return (
        HttpSession(client, "Example", RetryPolicy(attempts=3), FixedClock(NOW), sleep),
        waits,
    )


def replies(*responses: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    queue = list(responses)
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return queue.pop(0)

    handler.seen = seen  # type: ignore[attr-defined]
    return handler


async def test_429_waits_retry_after_then_succeeds() -> None:
    handler = replies(
        httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, json={"ok": 1})
    )
    http, waits = session(handler)
    data, _ = await http.get_json("/items")
    assert data == {"ok": 1} and waits == [7.0]


async def test_exhausted_rate_limit_waits_until_reset() -> None:
    reset = int(NOW.timestamp()) + 30
    handler = replies(
        httpx.Response(
            403, headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
        ),
        httpx.Response(200, json=[]),
    )
    http, waits = session(handler)
    await http.get_json("/items")
    assert waits == [31.0]


async def test_server_error_then_success_backs_off() -> None:
    http, waits = session(replies(httpx.Response(503), httpx.Response(200, json=[1])))
    data, _ = await http.get_json("/items")
    assert data == [1] and len(waits) == 1 and 0.5 <= waits[0] <= 1.5


async def test_unauthorised_is_a_clear_error_without_retry() -> None:
    handler = replies(httpx.Response(401, json={"message": "Bad credentials"}))
    http, waits = session(handler)
    with pytest.raises(AdapterError) as info:
        await http.get_json("/user")
    assert "rejected the token (401)" in info.value.message
    assert "Bad credentials" in info.value.message and waits == []


async def test_forbidden_names_the_scope_the_server_wants() -> None:
    handler = replies(httpx.Response(403, headers={"X-Accepted-OAuth-Scopes": "repo"}))
    http, _ = session(handler)
    with pytest.raises(AdapterError, match="needs scope repo"):
        await http.get_json("/repos/acme/api")


async def test_malformed_json_is_an_error_on_that_source() -> None:
    http, _ = session(replies(httpx.Response(200, content=b'{"items": [1, 2')))
    with pytest.raises(AdapterError, match="not valid JSON"):
        await http.get_json("/items")


async def test_etag_revalidation_returns_remembered_body_on_304() -> None:
    handler = replies(
        httpx.Response(200, json={"n": 1}, headers={"ETag": '"abc"'}), httpx.Response(304)
    )
    http, _ = session(handler)
    first, response = await http.get_json("/items", conditional=True)
    again, unchanged = await http.get_json("/items", conditional=True)
    assert first == again == {"n": 1} and response is not None and unchanged is None
    assert handler.seen[1].headers["If-None-Match"] == '"abc"'  # type: ignore[attr-defined]


async def test_network_errors_retry_then_give_up_with_a_reason() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    http, waits = session(refuse)
    with pytest.raises(AdapterError) as info:
        await http.get_json("/items")
    assert "refused the connection" in info.value.message
    assert "gave up after 3 attempts" in info.value.message and len(waits) == 2


async def test_user_agent_is_sent() -> None:
    handler = replies(httpx.Response(200, json={}))
    http, _ = session(handler)
    await http.get_json("/x")
    assert handler.seen[0].headers["User-Agent"].startswith("ctotui/")  # type: ignore[attr-defined]
