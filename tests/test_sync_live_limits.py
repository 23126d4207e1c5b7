"""The per-host limit changed while sources wait for a slot (the Settings screen does that)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sync_fakes import controls, paged_config, paged_engine, settle, source_table

from ctotui.clock import FixedClock
from ctotui.config import load_config
from ctotui.settings_file import settings_path
from ctotui.sync_limits import HostLimiter

HOST = "mail.acme.example:993"


async def hold(limiter: HostLimiter, name: str, gate: asyncio.Event, inside: list[str]) -> None:
    async with limiter.slot(HOST):
        inside.append(name)
        await gate.wait()


async def test_a_higher_limit_lets_waiting_holders_in_in_turn() -> None:
    limiter = HostLimiter(1)
    gate, inside = asyncio.Event(), []
    tasks = [asyncio.create_task(hold(limiter, n, gate, inside)) for n in ("a", "b", "c", "d")]
    await settle(lambda: inside == ["a"])
    limiter.per_host = 3
    await settle(lambda: inside == ["a", "b", "c"])  # first come, first in
    assert limiter.active(HOST) == 3
    gate.set()
    await asyncio.gather(*tasks)
    assert inside == ["a", "b", "c", "d"] and limiter.active(HOST) == 0


async def test_a_lower_limit_holds_new_holders_until_enough_finish() -> None:
    limiter = HostLimiter(3)
    gates = {n: asyncio.Event() for n in "abcd"}
    inside: list[str] = []
    tasks = {n: asyncio.create_task(hold(limiter, n, gates[n], inside)) for n in "abc"}
    await settle(lambda: len(inside) == 3)
    limiter.per_host = 1
    tasks["d"] = asyncio.create_task(hold(limiter, "d", gates["d"], inside))
    gates["a"].set()
    await tasks["a"]
    gates["b"].set()
    await tasks["b"]
    await settle()
    assert "d" not in inside  # two running ones would still be one too many
    gates["c"].set()
    await tasks["c"]
    await settle(lambda: "d" in inside)
    gates["d"].set()
    await tasks["d"]


async def test_a_cancelled_waiter_passes_its_turn_on() -> None:
    limiter = HostLimiter(1)
    gate, inside = asyncio.Event(), []
    first = asyncio.create_task(hold(limiter, "a", gate, inside))
    await settle(lambda: inside == ["a"])
    second = asyncio.create_task(hold(limiter, "b", gate, inside))
    third = asyncio.create_task(hold(limiter, "c", gate, inside))
    await settle()
    limiter.per_host = 2  # wakes b ...
    second.cancel()  # ... which is cancelled before it runs
    await settle(lambda: inside == ["a", "c"])
    gate.set()
    await asyncio.gather(first, third)
    with pytest.raises(asyncio.CancelledError):
        await second


def test_per_host_below_one_is_refused() -> None:
    limiter = HostLimiter(2)
    with pytest.raises(ValueError, match="at least 1"):
        limiter.per_host = 0
    assert limiter.per_host == 2


async def test_a_reloaded_config_reaches_a_source_waiting_for_a_slot(
    tmp_path: Path, clock: FixedClock
) -> None:
    state = controls()
    state.hold = {("a", 0), ("b", 0)}
    tables = (
        source_table("a", "one.acme.example", pages=1),
        source_table("b", "one.acme.example", pages=1),
    )
    engine = paged_engine(tmp_path, clock, paged_config(*tables, sync="per_host = 1"))
    run = asyncio.create_task(engine.sync_all())
    await settle(lambda: len(state.waiting) == 1)
    engine.config = paged_config(*tables, sync="per_host = 2")
    await settle(lambda: state.waiting == {"a", "b"})
    assert state.peak["one.acme.example:443"] == 2
    state.release.set()  # type: ignore[union-attr]
    outcomes = await run
    assert all(o.ok for o in outcomes)


def test_settings_toml_per_host_wins_over_the_config_and_is_checked(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[sync]\nper_host = 4\npause_when_idle = "10m"\n', encoding="utf-8")
    settings = settings_path(config)
    settings.write_text("[sync]\nper_host = 1\n", encoding="utf-8")
    loaded = load_config(config)
    assert not loaded.problems and loaded.sync.per_host == 1
    assert loaded.sync.pause_when_idle == 600  # the rest of [sync] is the config's
    settings.write_text("[sync]\nper_host = 0\nbackoff = 3\n", encoding="utf-8")
    loaded = load_config(config)
    assert loaded.sync.per_host == 4
    problems = {p.key: p for p in loaded.problems}
    assert problems["sync.per_host"].file == str(settings)
    assert "outside 1 to 16" in problems["sync.per_host"].text
    assert "unknown key 'backoff'" in problems["sync.backoff"].text
