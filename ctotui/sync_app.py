"""The app side of sync: scheduling ticks, the sync and cancel actions, idle tracking.

`CtoApp` inherits this. A timer asks the scheduler every few seconds which
sources are due and syncs those in a worker; `S` syncs everything (joining
runs already going); the cancel key stops every run, keeping what landed.
Key and mouse input is noted so scheduled syncs pause while nobody is there.
Progress is published as reactives for the progress bar and status line.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import events, work
from textual.app import App
from textual.reactive import reactive

from ctotui.sync import SourceOutcome, Stage, SyncEngine, SyncProgress
from ctotui.sync_scheduler import Phase, SyncScheduler

SCHEDULER_TICK_SECONDS = 5.0
PROGRESS_DELAY_SECONDS = 1.0


class SyncingApp(App[None]):
    """Background sync for the app; subclasses set `engine` and `sync_on_start`."""

    engine: SyncEngine
    sync_on_start: bool

    data_version: int  # the reactive is declared by the app

    sync_state: reactive[str] = reactive("")
    """One line saying what the background sync is doing right now."""

    sync_busy: reactive[bool] = reactive(False)
    """Whether any source is syncing (shows the progress bar, enables cancel)."""

    sync_progress: reactive[tuple[str, int, int | None]] = reactive(("", 0, None))
    """(sources running, fetched, total or None when unknown) for the progress bar."""

    progress_delay: float = PROGRESS_DELAY_SECONDS
    """How long a sync runs before its progress bar appears (quick syncs show none)."""

    _scheduler: SyncScheduler | None = None
    _failure_told: dict[str, int] | None = None

    @property
    def scheduler(self) -> SyncScheduler:
        if self._scheduler is None:
            self._scheduler = SyncScheduler(self.engine, on_progress=self._sync_progressed)
        return self._scheduler

    def start_sync_schedule(self) -> None:
        """After the first frame: sync every source, then each on its own interval."""
        if not self.sync_on_start or not self.scheduler.runs:
            return
        self.call_after_refresh(self.action_sync)
        self.set_interval(SCHEDULER_TICK_SECONDS, self._scheduled_sync)

    def _scheduled_sync(self) -> None:
        due = self.scheduler.due()
        if due:
            self.run_sync(due)

    def action_sync(self) -> None:
        self.run_sync(None)

    def action_cancel_sync(self) -> None:
        names = ", ".join(run.name for run in self.scheduler.active_runs())
        if self.scheduler.cancel():
            self.sync_state = "cancelling…"
            self.notify(
                f"Sync cancelled for {names}; everything fetched so far is kept.",
                title="Sync",
                severity="warning",
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The cancel key is offered (and shown in the footer) only while a sync runs."""
        if action == "cancel_sync":
            return self.sync_busy
        return super().check_action(action, parameters)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent):
            self._input_seen()
        await super().on_event(event)

    def _input_seen(self) -> None:
        """Any key or mouse input; after an idle pause it syncs what went stale."""
        if self.scheduler.note_input() and self.sync_on_start:
            self._scheduled_sync()

    @work(group="sync", exit_on_error=False)
    async def run_sync(self, names: Sequence[str] | None = None) -> None:
        """Flush the outbox, sync `names` (default all), and tell the screens what landed."""
        self._sync_moved()
        try:
            outcomes = await self.scheduler.run(names)
        finally:
            self._sync_moved()
            self.data_version += 1
        self._report(outcomes, manual=names is None)

    def _report(self, outcomes: Sequence[SourceOutcome], *, manual: bool) -> None:
        """A failure is told once (two runs may have joined it); retries show on the status line."""
        if self._failure_told is None:
            self._failure_told = {}
        for outcome in outcomes:
            if outcome.ok or outcome.cancelled:
                continue
            run = self.scheduler.runs.get(outcome.source)
            failures = run.failures if run else 0
            if self._failure_told.get(outcome.source) == failures:
                continue
            if manual or failures <= 1:
                self._failure_told[outcome.source] = failures
                self.notify(outcome.error, title=f"{outcome.source}: sync failed", severity="error")

    def _sync_progressed(self, step: SyncProgress) -> None:
        self._sync_moved()
        if step.stage is not Stage.STARTED:
            self.data_version += 1

    def _sync_moved(self) -> None:
        """Publish what runs now: status text, busy flag, the progress figures."""
        active = self.scheduler.active_runs()
        names = ", ".join(run.name for run in active)
        fetched = sum(run.fetched for run in active)
        totals = [run.total for run in active if run.phase is Phase.RUNNING]
        known = bool(totals) and all(t is not None for t in totals)
        total = sum(t for t in totals if t is not None) if known else None
        self.sync_progress = (names, fetched, total)
        if self.sync_busy != bool(active):
            self.sync_busy = bool(active)
            self.refresh_bindings()
        if active:
            self.sync_state = f"syncing {names}…"
        elif self.sync_state:
            self.sync_state = ""
