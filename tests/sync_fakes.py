"""A paged tracker adapter the tests hold at any page, to watch the sync engine work.

Each page has two items; the cursor is the number of the next page. A test
can make a page wait on a gate (to see what runs at the same time, or to
cancel mid-sync), make a source fail, and read how many fetches ran per host.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from ctotui.adapters.base import Adapter, FetchResult, OptionSpec, OptionType
from ctotui.clock import Clock
from ctotui.config import Config, config_from_text
from ctotui.errors import AdapterError
from ctotui.model import ItemKind, SourceKind, StatusCategory, WorkItem
from ctotui.store import Store
from ctotui.sync import SyncEngine
from ctotui.sync_limits import host_of

PAGE_SIZE = 2


@dataclass
class Controls:
    """What the tests steer and observe; reset for every test by `controls()`."""

    hold: set[tuple[str, int]] = field(default_factory=set)
    """(source, page) pairs whose fetch waits until `release` is set."""
    release: asyncio.Event | None = None
    failing: set[str] = field(default_factory=set)
    running: dict[str, int] = field(default_factory=dict)
    peak: dict[str, int] = field(default_factory=dict)
    fetches: list[tuple[str, int]] = field(default_factory=list)
    waiting: set[str] = field(default_factory=set)
    """Sources whose fetch is waiting on the gate right now."""
    interrupt: set[tuple[str, int]] = field(default_factory=set)
    """(source, page) pairs whose fetch sends this process SIGINT, as Ctrl-C would."""
    on_fetch: Callable[[str, int], None] | None = None
    """Called as each fetch begins, to look at the world at that moment."""


class PagedTracker(Adapter):
    name: ClassVar[str] = "paged"
    kinds: ClassVar[frozenset[SourceKind]] = frozenset({SourceKind.TRACKER})
    options: ClassVar[tuple[OptionSpec, ...]] = (
        OptionSpec("base_url", OptionType.URL, "the tracker", default=""),
        OptionSpec("pages", OptionType.INTEGER, "pages in all", default=3),
        OptionSpec("knows_total", OptionType.BOOLEAN, "says what is left", default=True),
    )
    controls: ClassVar[Controls] = Controls()

    async def fetch(self, cursor: str | None) -> FetchResult:
        state = PagedTracker.controls
        page = int(cursor or 0)
        host = host_of(type(self), self.settings) or "-"
        state.fetches.append((self.source, page))
        if state.on_fetch is not None:
            state.on_fetch(self.source, page)
        state.running[host] = state.running.get(host, 0) + 1
        state.peak[host] = max(state.peak.get(host, 0), state.running[host])
        try:
            if (self.source, page) in state.interrupt:
                signal.raise_signal(signal.SIGINT)
            if (self.source, page) in state.hold:
                assert state.release is not None
                state.waiting.add(self.source)
                try:
                    await state.release.wait()
                finally:
                    state.waiting.discard(self.source)
            if self.source in state.failing:
                raise AdapterError(f"{self.source}: the server answered 503")
        finally:
            state.running[host] -= 1
        pages = int(self.settings["pages"])
        now = self.context.clock.now()
        items = [
            WorkItem(
                source=self.source,
                remote_id=f"{page}-{n}",
                key=f"T-{page * PAGE_SIZE + n}",
                kind=ItemKind.ISSUE,
                title=f"item {page}-{n}",
                status="Open",
                category=StatusCategory.TODO,
                created_at=now,
                updated_at=now,
            )
            for n in range(PAGE_SIZE)
        ]
        left = (pages - page - 1) * PAGE_SIZE
        return FetchResult(
            cursor=str(page + 1),
            items=items,
            more=page + 1 < pages,
            remaining=left if self.settings["knows_total"] else None,
        )


def controls() -> Controls:
    """Fresh controls (and a fresh gate for the running loop)."""
    PagedTracker.controls = Controls(release=asyncio.Event())
    return PagedTracker.controls


def source_table(name: str, host: str = "", *, interval: int = 300, pages: int = 3) -> str:
    url = f'base_url = "https://{host}"\n' if host else ""
    return (
        f'[[sources]]\nname = "{name}"\nadapter = "paged"\ninterval = {interval}\n'
        f"pages = {pages}\n{url}"
    )


def paged_config(*tables: str, sync: str = "") -> Config:
    text = "\n".join(tables) + (f"\n[sync]\n{sync}\n" if sync else "")
    config = config_from_text(text, loader=lambda _name: PagedTracker)
    assert not config.problems, config.problems
    return config


def paged_engine(tmp_path: Path, clock: Clock, config: Config) -> SyncEngine:
    return SyncEngine(Store.open(tmp_path / "sync.db"), config, clock)


async def settle(condition: object = None, rounds: int = 200) -> None:
    """Let the loop run until `condition()` holds: `rounds` bare turns, then up to 10 s.

    Without a condition it only turns the loop `rounds` times. With one, the
    bare turns cover work that needs no clock; what waits on a refresh or a
    timer (the first sync starts after the first frame) gets short sleeps, so
    a slow or busy machine does not fail the test.
    """
    for _ in range(rounds):
        if callable(condition) and condition():
            return
        await asyncio.sleep(0)
    if not callable(condition):
        return
    deadline = time.monotonic() + 10.0
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert condition(), "the condition never held"
