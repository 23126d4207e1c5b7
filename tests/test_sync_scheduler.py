"""The scheduler with a fake monotonic clock: intervals, joins, backoff, idle pause, cancel."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from sync_fakes import controls, paged_config, paged_engine, settle, source_table

from ctotui.sync_scheduler import Phase, SyncScheduler, short_wait


class FakeTime:
    """Monotonic seconds that move only when the test says."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(tmp_path: Path, clock, *tables: str, sync: str = "") -> tuple[SyncScheduler, FakeTime]:  # type: ignore[no-untyped-def]
    time = FakeTime()
    engine = paged_engine(tmp_path, clock, paged_config(*tables, sync=sync))
    return SyncScheduler(engine, monotonic=time, rng=random.Random(1)), time


async def test_each_source_runs_on_its_own_interval(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    controls()
    scheduler, time = make(
        tmp_path,
        clock,
        source_table("fast", interval=60, pages=1),
        source_table("slow", interval=300, pages=1),
    )
    assert scheduler.due() == ["fast", "slow"]
    await scheduler.run(scheduler.due())
    assert scheduler.due() == []
    time.now += 59
    assert scheduler.due() == []
    time.now += 2
    assert scheduler.due() == ["fast"]
    await scheduler.run(["fast"])
    time.now += 240  # 301 s after the first run
    assert scheduler.due() == ["fast", "slow"]


async def test_a_manual_sync_joins_a_running_one_instead_of_doubling_it(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    state = controls()
    state.hold = {("mail", 0)}
    scheduler, _time = make(tmp_path, clock, source_table("mail", "a.example", pages=2))
    scheduled = asyncio.create_task(scheduler.run(["mail"]))
    await settle(lambda: "mail" in state.waiting)
    assert scheduler.runs["mail"].phase is Phase.RUNNING and scheduler.busy
    assert scheduler.due() == []  # a running source is never started again
    manual = asyncio.create_task(scheduler.run())
    await settle()
    state.release.set()  # type: ignore[union-attr]
    first, second = await scheduled, await manual
    assert first == second and first[0].ok and first[0].changed == 4
    assert state.fetches == [("mail", 0), ("mail", 1)]  # each page fetched once
    assert not scheduler.busy


async def test_a_failing_source_backs_off_with_jitter_and_resets_on_success(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    state = controls()
    state.failing = {"jira"}
    scheduler, time = make(
        tmp_path,
        clock,
        source_table("jira", "jira.acme.example", interval=300, pages=1),
        sync='backoff_min = "30s"\nbackoff_max = "4m"',
    )
    waits = []
    for _ in range(6):
        [outcome] = await scheduler.run(["jira"])
        assert not outcome.ok and "503" in outcome.error
        wait = scheduler.retry_in("jira")
        assert wait is not None
        waits.append(wait)
        assert scheduler.due() == []
        time.now += wait
        assert scheduler.due() == ["jira"]
    for wait, base in zip(waits, [30, 60, 120, 240, 240, 240], strict=True):
        assert base / 2 <= wait <= base
    assert scheduler.runs["jira"].failures == 6
    assert "503" in scheduler.engine.store.source_statuses()[0].last_error
    state.failing.clear()
    [outcome] = await scheduler.run(["jira"])
    assert outcome.ok
    run = scheduler.runs["jira"]
    assert run.failures == 0 and run.phase is Phase.OK and scheduler.retry_in("jira") is None
    assert run.next_due == time.now + 300


async def test_scheduled_syncs_pause_when_idle_and_input_resumes_stale_sources(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    controls()
    scheduler, time = make(
        tmp_path,
        clock,
        source_table("mail", interval=60, pages=1),
        sync='pause_when_idle = "30m"',
    )
    await scheduler.run()
    time.now += 29 * 60
    assert not scheduler.paused and scheduler.due() == ["mail"]
    await scheduler.run(scheduler.due())
    time.now += 2 * 60  # 31 minutes since the last input
    assert scheduler.paused
    assert scheduler.due() == [] and scheduler.stale() == ["mail"]
    assert scheduler.note_input() is True  # this input ends the pause
    assert not scheduler.paused and scheduler.due() == ["mail"]
    assert scheduler.note_input() is False


async def test_pause_when_idle_off_never_pauses(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    controls()
    scheduler, time = make(
        tmp_path, clock, source_table("mail", pages=1), sync='pause_when_idle = "off"'
    )
    time.now += 7 * 24 * 3600
    assert not scheduler.paused and scheduler.due() == ["mail"]


async def test_cancel_keeps_committed_pages_and_the_next_sync_resumes_after_them(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    state = controls()
    state.hold = {("tracker", 2)}
    scheduler, time = make(tmp_path, clock, source_table("tracker", "t.example", pages=4))
    store = scheduler.engine.store
    task = asyncio.create_task(scheduler.run())
    await settle(lambda: "tracker" in state.waiting)
    assert scheduler.runs["tracker"].fetched == 4 and scheduler.runs["tracker"].total == 8
    assert scheduler.cancel() == 1
    [outcome] = await task
    assert outcome.cancelled and not outcome.ok and outcome.changed == 4
    assert scheduler.runs["tracker"].phase is Phase.CANCELLED
    # Two pages were stored, each with its cursor: the cursor names the next page.
    assert store.get_cursor("tracker") == "2"
    assert store.source_statuses()[0].last_error == ""
    assert scheduler.due() == []  # it waits for its next turn
    time.now += 300
    state.hold.clear()
    [outcome] = await scheduler.run()
    assert outcome.ok and outcome.changed == 4
    assert state.fetches == [("tracker", p) for p in (0, 1, 2, 2, 3)]
    assert store.get_cursor("tracker") == "4"
    assert store.source_statuses()[0].items_total == 8


async def test_cancel_before_a_queued_source_starts(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    state = controls()
    state.hold = {("one", 0)}
    scheduler, _time = make(
        tmp_path,
        clock,
        source_table("one", "same.example", pages=1),
        source_table("two", "same.example", pages=1),
        sync="per_host = 1",
    )
    task = asyncio.create_task(scheduler.run())
    await settle(lambda: "one" in state.waiting)
    assert scheduler.runs["two"].phase is Phase.QUEUED
    scheduler.cancel()
    outcomes = await task
    assert [o.cancelled for o in outcomes] == [True, True]
    assert state.fetches == [("one", 0)]
    assert not scheduler.busy


def test_short_wait() -> None:
    assert [short_wait(s) for s in (4.4, 59, 100, 119, 3600, 3900)] == [
        "4s",
        "59s",
        "2m",
        "2m",
        "1h",
        "1h 5m",
    ]


async def test_a_reloaded_config_with_a_shorter_interval_applies_at_once(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    controls()
    scheduler, time = make(tmp_path, clock, source_table("mail", interval=600, pages=1))
    await scheduler.run()
    scheduler.engine.config = paged_config(
        source_table("mail", interval=60, pages=1), source_table("chat", pages=1)
    )
    assert scheduler.due() == ["chat"]  # a new source is due at once
    time.now += 61
    assert scheduler.due() == ["mail", "chat"]
