"""One line at the bottom of every panel: each source's sync state, and what runs now.

A failing source says its one-line error and when it is retried (the time the
server asked for when it rate limited us: "rate limited, retry 14:05"); a cancelled
one says so until its next run; an idle pause is shown at the start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.widgets import Static

from ctotui.humanize import age
from ctotui.overview import source_statuses
from ctotui.sanitize import clean_line

if TYPE_CHECKING:
    from ctotui.app import CtoApp


class SyncStatus(Static):
    """`demo ✓ 3m · work-mail ✗ login failed` plus the running sync, updated live."""

    DEFAULT_CLASSES = "sync-status"
    REFRESH_SECONDS = 15.0
    """The "retry in" countdown and "synced 3m ago" move on even when nothing syncs."""

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self.update_status)
        self.watch(self.app, "sync_state", self.update_status, init=False)
        self.set_interval(self.REFRESH_SECONDS, self.update_status)

    def update_status(self) -> None:
        app = cast("CtoApp", self.app)
        now = app.clock.now()
        line = Text(no_wrap=True, overflow="ellipsis")
        scheduler = app.started_scheduler
        if scheduler is not None:
            # Loaded with the scheduler; the first frame (no sync set up yet) does without.
            from ctotui.sync_scheduler import Phase, short_wait
        if app.sync_state:
            line.append(app.sync_state, style="bold")
            line.append("  ")
        elif scheduler is not None and scheduler.paused:
            line.append("sync paused (idle)", style="bold")
            line.append("  ")
        failed = len(app.store.failed_actions())
        if failed:
            line.append(f"outbox: {failed} failed (O) ", style="bold red")
        statuses = source_statuses(app.store, app.config)
        if not statuses:
            line.append("no sources configured", style="dim")
        for index, status in enumerate(statuses):
            if index:
                line.append(" · ", style="dim")
            line.append(clean_line(status.source, 40))
            run = scheduler.runs.get(status.source) if scheduler is not None else None
            if run is not None and run.phase is Phase.CANCELLED:
                line.append(" cancelled", style="bold yellow")
            elif status.last_error:
                line.append(" ✗ ", style="bold red")
                line.append(clean_line(status.last_error, 80), style="red")
                retry = scheduler.retry_in(status.source) if scheduler is not None else None
                if run is not None and run.retry_at is not None and retry is not None:
                    why = "rate limited, " if run.rate_limited else ""
                    when = f"{run.retry_at.astimezone():%H:%M}"
                    line.append(f" · {why}retry {when}", style="bold yellow")
                elif retry is not None:
                    line.append(f" · retry in {short_wait(retry)}", style="dim")
            elif status.last_success is not None:
                line.append(" ✓ ", style="green")
                synced = age(status.last_success, now)
                line.append("just now" if synced == "now" else f"{synced} ago", style="dim")
            else:
                line.append(" never synced", style="dim")
        self.update(line)
