"""The app while syncing: the progress bar, the cancel key, retries and the idle pause."""

from __future__ import annotations

import re
from pathlib import Path

from sync_fakes import Controls, controls, paged_config, settle, source_table
from textual.widgets import ProgressBar, Static

from ctotui.app import CtoApp
from ctotui.store import Store
from ctotui.sync_scheduler import SyncScheduler
from ctotui.widgets.sync_progress import SyncProgressBar
from ctotui.workspace import Workspace


def paged_app(tmp_path: Path, clock, *tables: str, sync_on_start: bool = False) -> CtoApp:  # type: ignore[no-untyped-def]
    config = paged_config(*tables)
    store = Store.open(tmp_path / "app.db")
    workspace = Workspace(config, tmp_path / "config.toml", tmp_path, store, False)
    app = CtoApp(workspace, clock=clock, sync_on_start=sync_on_start)
    app.progress_delay = 0
    return app


def status_text(app: CtoApp) -> str:
    return str(app.screen.query_one("SyncStatus", Static).render())


async def test_the_progress_bar_takes_no_row_when_nothing_syncs(demo_app: CtoApp) -> None:
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        bar = demo_app.screen.query_one(SyncProgressBar)
        assert not bar.display
        assert demo_app.screen.query_one("SyncStatus").region.y == 22  # just above the footer
        assert demo_app.screen.query_one("#home-grid").region.height == 20  # header, summary
        assert not demo_app.sync_busy


async def test_a_long_sync_shows_progress_and_ctrl_x_cancels_it_keeping_what_landed(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    state = controls()
    state.hold = {("tracker", 1)}
    app = paged_app(tmp_path, clock, source_table("tracker", "t.acme.example", pages=3))
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_sync()
        await settle(lambda: "tracker" in state.waiting)
        await pilot.pause()
        bar = app.screen.query_one(SyncProgressBar)
        assert bar.display
        progress = bar.query_one(ProgressBar)
        assert (progress.progress, progress.total) == (2, 6)
        assert "tracker" in str(bar.query_one("#sync-progress-label", Static).render())
        assert "2 of 6  ^x cancel" in str(bar.query_one("#sync-progress-count", Static).render())
        assert app.screen.query_one("#home-grid").region.height == 19  # one row while it runs
        assert "Cancel sync" in {b.binding.description for b in app.active_bindings.values()}
        await pilot.press("ctrl+x")
        await settle(lambda: not app.sync_busy)
        await pilot.pause()
        assert not bar.display
        assert "tracker cancelled" in status_text(app)
        assert any("cancelled" in n.message for n in app._notifications)
        assert app.store.get_cursor("tracker") == "1"  # the first page, stored with its cursor
        assert app.store.source_statuses()[0].items_total == 2


async def test_an_unknown_total_gives_an_indeterminate_bar(tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    state = controls()
    state.hold = {("chat", 1)}
    app = paged_app(tmp_path, clock, source_table("chat", pages=3) + "knows_total = false\n")
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_sync()
        await settle(lambda: "chat" in state.waiting)
        await pilot.pause()
        bar = app.screen.query_one(SyncProgressBar)
        assert bar.display and bar.query_one(ProgressBar).total is None
        assert "2 fetched" in str(bar.query_one("#sync-progress-count", Static).render())
        state.release.set()  # type: ignore[union-attr]
        await settle(lambda: not app.sync_busy)
        await pilot.pause()
        assert not bar.display
        assert "chat ✓" in status_text(app)


async def test_a_failing_source_shows_its_error_and_when_it_is_retried(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    state = controls()
    state.failing = {"jira"}
    app = paged_app(tmp_path, clock, source_table("jira", "jira.acme.example", pages=1))
    async with app.run_test(size=(100, 24)) as pilot:
        app.action_sync()
        await settle(lambda: bool(state.fetches) and not app.sync_busy)
        await pilot.pause()
        text = status_text(app)
        assert "jira ✗ jira: the server answered 503" in text
        assert re.search(r"retry in \d+s", text), text
        app.run_sync(["jira"])  # the scheduled retry fails again: told on the status line only
        await settle(lambda: len(state.fetches) == 2 and not app.sync_busy)
        await pilot.pause()
        told = [n for n in app._notifications if "503" in n.message]
        assert len(told) == 1
        assert app.scheduler.runs["jira"].failures == 2


async def test_home_is_painted_from_the_store_before_the_first_fetch(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    state = controls()
    app = paged_app(tmp_path, clock, source_table("mail", pages=1), sync_on_start=True)
    seen: list[str] = []

    def look(_source: str, _page: int) -> None:
        seen.append(str(app.screen.query_one("#home-summary", Static).render()))

    state.on_fetch = look
    async with app.run_test(size=(80, 24)):
        await settle(lambda: bool(seen) and not app.sync_busy, rounds=2000)
    assert "new" in seen[0]  # the summary was already drawn from the store


class FakeTime:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


async def test_sync_pauses_when_idle_and_the_next_key_syncs_stale_sources(
    tmp_path: Path,
    clock,  # type: ignore[no-untyped-def]
) -> None:
    state: Controls = controls()
    app = paged_app(
        tmp_path, clock, source_table("mail", "m.acme.example", pages=1), sync_on_start=True
    )
    time = FakeTime()
    app._scheduler = SyncScheduler(app.engine, monotonic=time, on_progress=app._sync_progressed)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(lambda: len(state.fetches) == 1 and not app.sync_busy, rounds=2000)
        time.now += 31 * 60  # the default pause_when_idle is 30 minutes
        app._scheduled_sync()
        app.changed()
        await pilot.pause()
        assert len(state.fetches) == 1  # due, but nobody is there
        assert "sync paused (idle)" in status_text(app)
        await pilot.press("1")
        await settle(lambda: len(state.fetches) == 2 and not app.sync_busy, rounds=2000)
        await pilot.pause()
        assert "sync paused" not in status_text(app)
