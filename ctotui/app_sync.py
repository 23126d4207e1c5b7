"""The app side of sync: scheduling ticks, the sync and cancel actions, idle tracking.

`CtoApp` inherits this. A timer asks the scheduler every few seconds which
sources are due and syncs those in a worker; `S` syncs everything (joining
runs already going); the cancel key stops every run, keeping what landed.
Key and mouse input is noted so scheduled syncs pause while nobody is there.
Progress is published as reactives for the progress bar and status line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual import events, work
from textual.reactive import reactive

from ctotui.app_idle import IdleCollectingApp

if TYPE_CHECKING:
    # Imported when the first sync is set up, after the first frame: not at start-up.
    from ctotui.sync import SourceOutcome, SyncEngine, SyncProgress
    from ctotui.sync_scheduler import SyncScheduler

SCHEDULER_TICK_SECONDS = 5.0
PROGRESS_DELAY_SECONDS = 1.0


class SyncingApp(IdleCollectingApp):
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
            from ctotui.sync_scheduler import SyncScheduler

            self._scheduler = SyncScheduler(self.engine, on_progress=self._sync_progressed)
        return self._scheduler

    @property
    def started_scheduler(self) -> SyncScheduler | None:
        """The scheduler once anything has set it up, else None (nothing ran or waits yet).

        The status line of the first frame reads this, so drawing it does not load
        the sync engine.
        """
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
        """The cancel key is offered (and shown in the footer) only while a sync runs.

        Its binding has priority, so it works with a text input focused; when
        that input has text selected, the key is left to it (cut).
        """
        if action == "cancel_sync":
            return self.sync_busy and not self._text_selected()
        return super().check_action(action, parameters)

    def _text_selected(self) -> bool:
        """Whether the focused Input / TextArea has a selection (its own ctrl+x cuts it)."""
        selection = getattr(self.focused, "selection", None)
        return getattr(selection, "is_empty", True) is False

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseEvent):
            self._input_seen()
        await super().on_event(event)

    def _input_seen(self) -> None:
        """Any key or mouse input; after an idle pause it syncs what went stale."""
        scheduler = self._scheduler  # none yet: no sync set up, so nothing to resume
        if scheduler is not None and scheduler.note_input() and self.sync_on_start:
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
        """Failures of a run make one notice (see sync_report), each told once.

        Two runs may have joined the same failure; scheduled retries that fail
        again show on the status line only.
        """
        if self._failure_told is None:
            self._failure_told = {}
        tell: list[SourceOutcome] = []
        for outcome in outcomes:
            if outcome.ok or outcome.cancelled:
                continue
            run = self.scheduler.runs.get(outcome.source)
            failures = run.failures if run else 0
            if self._failure_told.get(outcome.source) == failures:
                continue
            if manual or failures <= 1:
                self._failure_told[outcome.source] = failures
                tell.append(outcome)
        if not tell:
            return
        from ctotui.sync_report import failure_notice

        notice = failure_notice(
            outcomes, tell, self.engine.store.source_statuses(), self.engine.clock.now()
        )
        if notice is not None:
            self.notify(notice.message, title=notice.title, severity=notice.severity)

    def _sync_progressed(self, step: SyncProgress) -> None:
        from ctotui.sync import Stage

        self._sync_moved()
        if step.stage is not Stage.STARTED:
            self.data_version += 1

    def _sync_moved(self) -> None:
        """Publish what runs now: status text, busy flag, the progress figures."""
        from ctotui.sync_scheduler import Phase

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
