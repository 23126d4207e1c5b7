"""When each source syncs: on its own interval, never twice at once, resting when idle.

The scheduler owns one task per running source. Asking for a source that is
already running joins its run instead of starting a second one, so a manual
sync during a scheduled one waits for it. A failed source is retried after a
backoff with jitter (reset by a success), and never before the time its
server asked for (Retry-After, a rate-limit reset; capped at MAX_SERVER_WAIT);
a cancelled one keeps what it stored and waits for its next turn. When
nobody has pressed a key or moved the mouse for `[sync] pause_when_idle`,
nothing new starts; the next input resumes with the sources that went stale.

Time here is monotonic seconds from an injected function, so tests drive it
without sleeping; the wall clock is read only to turn a server's "retry at"
time into a wait.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from ctotui.config_sync import SyncSettings
from ctotui.sync import ProgressCallback, SourceOutcome, Stage, SyncEngine, SyncProgress
from ctotui.sync_limits import backoff_delay

MAX_SERVER_WAIT = 2 * 3600.0
"""The longest a server's Retry-After or rate-limit reset holds a source back (seconds)."""


class Phase(StrEnum):
    WAITING = "waiting"
    """Not run yet in this session."""
    QUEUED = "queued"
    """Started, waiting for a slot of its host."""
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(slots=True)
class SourceRun:
    """What the scheduler knows of one source in this session."""

    name: str
    interval: float
    phase: Phase = Phase.WAITING
    next_due: float = 0.0
    """Monotonic time of the next scheduled run (0: as soon as possible)."""
    failures: int = 0
    """Failures in a row; the backoff grows with it and a success resets it."""
    error: str = ""
    changed: int = 0
    fetched: int = 0
    total: int | None = None
    retry_at: datetime | None = None
    """When a failed source runs again because its server asked to wait (wall clock)."""
    rate_limited: bool = False

    @property
    def active(self) -> bool:
        return self.phase in (Phase.QUEUED, Phase.RUNNING)


def short_wait(seconds: float) -> str:
    """ "45s", "2m", "1h 5m": how long until something, for a status line."""
    whole = max(round(seconds), 0)
    if whole < 60:
        return f"{whole}s"
    minutes = round(whole / 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, rest = divmod(minutes, 60)
    return f"{hours}h {rest}m" if rest else f"{hours}h"


class SyncScheduler:
    """Runs the engine's sources on their intervals; one instance per app."""

    def __init__(
        self,
        engine: SyncEngine,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.engine = engine
        self.monotonic = monotonic
        self.rng = rng or random.Random()
        self.on_progress = on_progress
        self._config = engine.config
        self._sources = {s.name: s for s in engine.config.sources if s.enabled}
        self._runs = {name: SourceRun(name, s.interval) for name, s in self._sources.items()}
        self._tasks: dict[str, asyncio.Task[SourceOutcome]] = {}
        self._last_input = monotonic()
        self._cancels = 0

    @property
    def settings(self) -> SyncSettings:
        return self.engine.config.sync

    @property
    def runs(self) -> dict[str, SourceRun]:
        """Each enabled source's run state, following config reloads."""
        config = self.engine.config
        if config is not self._config:
            self._config = config
            self._sources = {s.name: s for s in config.sources if s.enabled}
            old = self._runs
            self._runs = {
                n: old.get(n) or SourceRun(n, s.interval) for n, s in self._sources.items()
            }
            now = self.monotonic()
            for name, source in self._sources.items():
                run = self._runs[name]
                if run.interval != source.interval:  # a shorter interval applies at once
                    run.interval = source.interval
                    if run.phase is not Phase.FAILED:
                        run.next_due = min(run.next_due, now + source.interval)
        return self._runs

    # -- idle -----------------------------------------------------------------

    @property
    def paused(self) -> bool:
        """Whether nobody has given input for longer than `pause_when_idle`."""
        limit = self.settings.pause_when_idle
        return limit > 0 and self.monotonic() - self._last_input > limit

    def note_input(self) -> bool:
        """Record a key or mouse event; True when it ends an idle pause."""
        was_paused = self.paused
        self._last_input = self.monotonic()
        return was_paused

    # -- what to run ----------------------------------------------------------

    def stale(self) -> list[str]:
        """Sources whose turn has come and that are not running."""
        now = self.monotonic()
        return [n for n, run in self.runs.items() if not run.active and run.next_due <= now]

    def due(self) -> list[str]:
        """What a scheduled tick should start now: the stale sources, unless paused."""
        return [] if self.paused else self.stale()

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    def active_runs(self) -> list[SourceRun]:
        return [run for run in self.runs.values() if run.active]

    def retry_in(self, name: str) -> float | None:
        """Seconds until a failed source is tried again; None when it is not failing."""
        run = self.runs.get(name)
        if run is None or run.phase is not Phase.FAILED:
            return None
        return max(run.next_due - self.monotonic(), 0.0)

    # -- running --------------------------------------------------------------

    async def run(self, names: Iterable[str] | None = None) -> list[SourceOutcome]:
        """Sync `names` (default: every enabled source) and wait for all of them.

        Queued user actions go out first, so a fetch cannot revert them. A
        source already running is joined, not started again.
        """
        runs = self.runs
        wanted = [n for n in (runs if names is None else names) if n in runs]
        if any(n not in self._tasks for n in wanted):
            cancels = self._cancels
            await self.engine.flush_outbox()
            if self._cancels != cancels:  # cancelled while the outbox went out
                wanted = [n for n in wanted if n in self._tasks]
        tasks = [self._tasks.get(n) or self._start(n) for n in wanted]
        if not tasks:
            return []
        results = await asyncio.gather(*tasks, return_exceptions=True)
        outcomes: list[SourceOutcome] = []
        for name, result in zip(wanted, results, strict=True):
            if isinstance(result, SourceOutcome):
                outcomes.append(result)
            elif isinstance(result, asyncio.CancelledError):  # cancelled before it began
                outcomes.append(self._cancelled(name, 0.0))
            else:
                raise result
        return outcomes

    def cancel(self) -> int:
        """Cancel every running or queued source; returns how many were asked to stop."""
        self._cancels += 1
        tasks = [t for t in self._tasks.values() if not t.done()]
        for task in tasks:
            task.cancel()
        return len(tasks)

    def _start(self, name: str) -> asyncio.Task[SourceOutcome]:
        run = self.runs[name]
        run.phase, run.error, run.changed, run.fetched, run.total = Phase.QUEUED, "", 0, 0, None
        run.retry_at, run.rate_limited = None, False
        task = asyncio.create_task(self._run_one(name), name=f"sync {name}")
        self._tasks[name] = task
        task.add_done_callback(lambda done: self._forget(name, done))
        return task

    def _forget(self, name: str, task: asyncio.Task[SourceOutcome]) -> None:
        if self._tasks.get(name) is task:
            del self._tasks[name]

    async def _run_one(self, name: str) -> SourceOutcome:
        source = self._sources[name]
        started = self.monotonic()
        try:
            outcome = await self.engine.sync_source(source, self._progress)
        except asyncio.CancelledError:
            # Ends normally, so whoever joined this run learns it was cancelled.
            return self._cancelled(name, started)
        self._finish(outcome)
        return outcome

    def _cancelled(self, name: str, started: float) -> SourceOutcome:
        run = self.runs.get(name)
        source = self._sources.get(name)
        outcome = SourceOutcome(
            name,
            source.adapter if source else "",
            False,
            run.changed if run else 0,
            "cancelled",
            self.monotonic() - started if started else 0.0,
            cancelled=True,
        )
        if run is not None and run.active:
            self._finish(outcome)
        return outcome

    def _finish(self, outcome: SourceOutcome) -> None:
        run = self.runs.get(outcome.source)
        if run is None:  # removed from the config while it ran
            return
        now = self.monotonic()
        if outcome.cancelled:
            run.phase, run.error = Phase.CANCELLED, ""
            run.next_due = now + run.interval
        elif outcome.ok:
            run.phase, run.error, run.failures = Phase.OK, "", 0
            run.next_due = now + run.interval
        else:
            run.phase, run.error = Phase.FAILED, outcome.error
            run.failures += 1
            wait = backoff_delay(
                run.failures,
                first=self.settings.backoff_min,
                cap=self.settings.backoff_max,
                rng=self.rng,
            )
            if outcome.retry_at is not None:
                wait = max(wait, self._server_wait(outcome.retry_at))
                run.retry_at = self.engine.clock.now() + timedelta(seconds=wait)
                run.rate_limited = outcome.rate_limited
            run.next_due = now + wait

    def _server_wait(self, retry_at: datetime) -> float:
        """Seconds until the server's time, capped: a broken header cannot stop a source."""
        asked = (retry_at - self.engine.clock.now()).total_seconds()
        return min(max(asked, 0.0), max(MAX_SERVER_WAIT, float(self.settings.backoff_max)))

    def _progress(self, step: SyncProgress) -> None:
        run = self.runs.get(step.source)
        if run is not None:
            if step.stage in (Stage.STARTED, Stage.PAGE):
                run.phase = Phase.RUNNING
            run.changed, run.fetched, run.total = step.changed, step.fetched, step.total
        if self.on_progress is not None:
            self.on_progress(step)
