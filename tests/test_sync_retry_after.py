"""A server that asks to wait (429 / 503 Retry-After, GitHub's exhausted rate limit).

The HTTP layer sees the response; the scheduler must not run that source again
before the time the server gave (capped), and the status line says when it
will. Without such a header the usual backoff applies. Responses go through an
httpx mock transport; the wall clock is the fixed test clock and the
scheduler's monotonic time a fake one, so nothing sleeps.
"""

from __future__ import annotations

import os
import random
import time as systime
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
from textual.widgets import Static

from ctotui.adapters.base import Adapter, FetchResult, OptionSpec, OptionType
from ctotui.adapters.http import HttpSession, make_client
from ctotui.app import CtoApp
from ctotui.clock import FixedClock
from ctotui.config import Config, config_from_text
from ctotui.model import SourceKind
from ctotui.store import Store
from ctotui.sync import SyncEngine
from ctotui.sync_scheduler import MAX_SERVER_WAIT, Phase, SyncScheduler
from ctotui.workspace import Workspace

Reply = Callable[[httpx.Request], httpx.Response]


async def no_sleep(_seconds: float) -> None:
    return None


class LimitedApi(Adapter):
    """One GET per fetch against whatever `reply` answers."""

    name: ClassVar[str] = "limited"
    kinds: ClassVar[frozenset[SourceKind]] = frozenset({SourceKind.TRACKER})
    options: ClassVar[tuple[OptionSpec, ...]] = (
        OptionSpec("base_url", OptionType.URL, "the API", default="https://api.acme.example"),
    )
    reply: ClassVar[Reply] = staticmethod(lambda _request: httpx.Response(200, json=[]))

    async def fetch(self, cursor: str | None) -> FetchResult:
        client = make_client(
            str(self.settings["base_url"]), transport=httpx.MockTransport(type(self).reply)
        )
        session = HttpSession(client, "Limited", clock=self.context.clock, sleep=no_sleep)
        try:
            await session.get_json("/items")
        finally:
            await client.aclose()
        return FetchResult(cursor=None)


class FakeTime:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limited_config(sync: str = "") -> Config:
    text = '[[sources]]\nname = "api"\nadapter = "limited"\ninterval = 300\n'
    config = config_from_text(text + sync, loader=lambda _name: LimitedApi)
    assert not config.problems, config.problems
    return config


def scheduler_for(
    tmp_path: Path, clock: FixedClock, sync: str = ""
) -> tuple[SyncScheduler, FakeTime]:
    time = FakeTime()
    engine = SyncEngine(Store.open(tmp_path / "limited.db"), limited_config(sync), clock)
    return SyncScheduler(engine, monotonic=time, rng=random.Random(3)), time


def answer(status: int, headers: dict[str, str]) -> Reply:
    def reply(_request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers=headers, json={"message": "slow down"})

    return reply


async def test_a_429_with_retry_after_seconds_holds_the_source_until_then(
    tmp_path: Path, clock: FixedClock
) -> None:
    LimitedApi.reply = staticmethod(answer(429, {"Retry-After": "2100"}))
    scheduler, time = scheduler_for(tmp_path, clock)
    [outcome] = await scheduler.run()
    assert not outcome.ok and outcome.rate_limited
    assert outcome.retry_at == clock.now() + timedelta(seconds=2100)
    run = scheduler.runs["api"]
    assert run.phase is Phase.FAILED and run.rate_limited
    assert run.retry_at == datetime(2026, 11, 18, 10, 5, tzinfo=UTC)
    time.now += 2099
    assert scheduler.stale() == []  # not before the server's time
    time.now += 1
    assert scheduler.stale() == ["api"]  # (due() would also wait for a key: idle pause)


async def test_a_503_with_an_http_date_waits_for_that_date(
    tmp_path: Path, clock: FixedClock
) -> None:
    LimitedApi.reply = staticmethod(answer(503, {"Retry-After": "Wed, 18 Nov 2026 10:15:00 GMT"}))
    scheduler, time = scheduler_for(tmp_path, clock)
    [outcome] = await scheduler.run()
    assert not outcome.ok and not outcome.rate_limited
    assert "503" in outcome.error
    run = scheduler.runs["api"]
    assert run.retry_at == datetime(2026, 11, 18, 10, 15, tzinfo=UTC)
    time.now += 45 * 60 - 1
    assert scheduler.stale() == []
    time.now += 1
    assert scheduler.stale() == ["api"]


async def test_an_exhausted_github_rate_limit_waits_for_its_reset(
    tmp_path: Path, clock: FixedClock
) -> None:
    reset = int(clock.now().timestamp()) + 900
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(reset)}
    LimitedApi.reply = staticmethod(answer(403, headers))
    scheduler, time = scheduler_for(tmp_path, clock)
    [outcome] = await scheduler.run()
    assert outcome.rate_limited and outcome.retry_at == clock.now() + timedelta(seconds=900)
    assert scheduler.retry_in("api") == 900
    time.now += 899
    assert scheduler.due() == []
    time.now += 1
    assert scheduler.due() == ["api"]


async def test_without_a_header_the_usual_backoff_applies(
    tmp_path: Path, clock: FixedClock
) -> None:
    LimitedApi.reply = staticmethod(answer(429, {}))
    scheduler, _time = scheduler_for(tmp_path, clock, '[sync]\nbackoff_min = "40s"\n')
    [outcome] = await scheduler.run()
    assert not outcome.ok and outcome.retry_at is None
    run = scheduler.runs["api"]
    assert run.retry_at is None
    wait = scheduler.retry_in("api")
    assert wait is not None and 20 <= wait <= 40


async def test_a_server_wait_is_never_shorter_than_the_backoff_and_is_capped(
    tmp_path: Path, clock: FixedClock
) -> None:
    LimitedApi.reply = staticmethod(answer(429, {"Retry-After": "1"}))
    scheduler, _time = scheduler_for(tmp_path, clock, '[sync]\nbackoff_min = "40s"\n')
    await scheduler.run()
    wait = scheduler.retry_in("api")
    assert wait is not None and 20 <= wait <= 40  # a tiny Retry-After keeps the backoff
    LimitedApi.reply = staticmethod(answer(429, {"Retry-After": str(10 * 24 * 3600)}))
    await scheduler.run()
    assert scheduler.retry_in("api") == MAX_SERVER_WAIT  # ten days would stop the source
    run = scheduler.runs["api"]
    assert run.retry_at == clock.now() + timedelta(seconds=MAX_SERVER_WAIT)


async def test_a_success_clears_the_server_wait(tmp_path: Path, clock: FixedClock) -> None:
    LimitedApi.reply = staticmethod(answer(429, {"Retry-After": "600"}))
    scheduler, time = scheduler_for(tmp_path, clock)
    await scheduler.run()
    LimitedApi.reply = staticmethod(lambda _request: httpx.Response(200, json=[]))
    time.now += 600
    [outcome] = await scheduler.run(scheduler.due())
    run = scheduler.runs["api"]
    assert outcome.ok and run.retry_at is None and not run.rate_limited
    assert run.next_due == time.now + 300


@pytest.fixture
def local_utc() -> Iterator[None]:
    """The status line shows local time: make local time UTC for this test."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    systime.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    systime.tzset()


async def test_the_status_line_says_rate_limited_and_the_retry_time(
    tmp_path: Path, clock: FixedClock, local_utc: None
) -> None:
    LimitedApi.reply = staticmethod(answer(429, {"Retry-After": "2100"}))
    store = Store.open(tmp_path / "app.db")
    workspace = Workspace(limited_config(), tmp_path / "config.toml", tmp_path, store, False)
    app = CtoApp(workspace, clock=clock, sync_on_start=False)
    async with app.run_test(size=(160, 24)) as pilot:
        await app.scheduler.run()
        app.data_version += 1
        await pilot.pause()
        line = str(app.screen.query_one("SyncStatus", Static).render())
        assert "api ✗ Limited rate limited us (429)" in line
        assert "rate limited, retry 10:05" in line
        assert "retry in" not in line
