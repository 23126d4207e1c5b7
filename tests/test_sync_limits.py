"""Per-host slots, the backoff schedule, and the `[sync]` config table."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from sync_fakes import (
    PagedTracker,
    controls,
    paged_config,
    paged_engine,
    settle,
    source_table,
)

from ctotui.config import config_from_text
from ctotui.config_sync import SyncSettings, parse_duration
from ctotui.sync_limits import HostLimiter, backoff_delay, host_of


def test_host_comes_from_the_url_option_or_the_host_option() -> None:
    assert host_of(PagedTracker, {"base_url": "https://Git.Acme.example/api/v3"}) == (
        "git.acme.example:443"
    )
    assert host_of(PagedTracker, {"base_url": "http://127.0.0.1:8080"}) == "127.0.0.1:8080"
    assert host_of(PagedTracker, {"base_url": ""}) is None
    from ctotui.adapters.demo import DemoAdapter
    from ctotui.adapters.imap import ImapAdapter

    assert host_of(ImapAdapter, {"host": "mail.acme.example", "port": 993}) == (
        "mail.acme.example:993"
    )
    assert host_of(DemoAdapter, {"seed": 7}) is None


async def test_same_host_runs_at_most_per_host_while_other_hosts_run_in_parallel(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    state = controls()
    config = paged_config(
        source_table("a1", "a.acme.example", pages=1),
        source_table("a2", "a.acme.example", pages=1),
        source_table("a3", "a.acme.example", pages=1),
        source_table("b1", "b.acme.example", pages=1),
        source_table("local", pages=1),
        source_table("local2", pages=1),
        sync="per_host = 2",
    )
    state.hold = {(name, 0) for name in ("a1", "a2", "a3", "b1", "local", "local2")}
    engine = paged_engine(tmp_path, clock, config)
    task = asyncio.create_task(engine.sync_all())
    await settle(lambda: len(state.waiting) == 5)
    await settle()  # nothing else may start while they wait
    assert state.running == {"a.acme.example:443": 2, "b.acme.example:443": 1, "-": 2}
    assert len({"a1", "a2", "a3"} & state.waiting) == 2
    state.release.set()  # type: ignore[union-attr]
    outcomes = await task
    assert all(o.ok for o in outcomes)
    assert state.peak["a.acme.example:443"] == 2
    assert len(state.fetches) == 6


async def test_limiter_releases_a_slot_when_its_holder_fails() -> None:
    limiter = HostLimiter(1)
    with pytest.raises(RuntimeError):
        async with limiter.slot("h"):
            raise RuntimeError("boom")
    async with limiter.slot("h"):
        assert limiter.active("h") == 1
    assert limiter.active("h") == 0


def test_backoff_doubles_with_jitter_up_to_the_cap() -> None:
    rng = random.Random(4)
    waits = [backoff_delay(n, first=30, cap=600, rng=rng) for n in range(1, 9)]
    bases = [30, 60, 120, 240, 480, 600, 600, 600]
    for wait, base in zip(waits, bases, strict=True):
        assert base / 2 <= wait <= base
    assert len(set(waits)) == len(waits)  # jittered, not in lockstep
    again = [backoff_delay(n, first=30, cap=600, rng=random.Random(4)) for n in (1,)]
    assert again[0] == waits[0]  # the same seed, the same schedule
    assert backoff_delay(0, first=30, cap=600) == 0.0


def test_sync_table_defaults_and_values() -> None:
    assert config_from_text("").sync == SyncSettings()
    config = config_from_text(
        '[sync]\nper_host = 3\npause_when_idle = "1h30m"\nbackoff_min = "45s"\nbackoff_max = 900\n'
    )
    assert not config.problems
    assert config.sync == SyncSettings(
        per_host=3, pause_when_idle=5400, backoff_min=45, backoff_max=900
    )
    assert config_from_text('[sync]\npause_when_idle = "off"\n').sync.pause_when_idle == 0
    assert parse_duration("2h") == 7200 and parse_duration("soon") is None


@pytest.mark.parametrize(
    ("body", "key", "words"),
    [
        ("per_host = 0", "sync.per_host", "outside 1 to 16"),
        ('per_host = "two"', "sync.per_host", "expected an integer"),
        ('pause_when_idle = "half an hour"', "sync.pause_when_idle", "duration"),
        ('backoff_min = "off"', "sync.backoff_min", "duration"),
        ('backoff_min = "10m"\nbackoff_max = "1m"', "sync.backoff_max", "shorter"),
        ("pause_on_idle = 5", "sync.pause_on_idle", 'did you mean "pause_when_idle"'),
    ],
)
def test_bad_sync_values_name_the_key_and_the_fix(body: str, key: str, words: str) -> None:
    config = config_from_text(f"[sync]\n{body}\n")
    assert [p.key for p in config.problems] == [key]
    problem = config.problems[0]
    assert words in problem.text and problem.fix
    assert problem.line is not None
