"""One line at the bottom of every panel: each source's sync state, and what runs now."""

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

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self.update_status)
        self.watch(self.app, "sync_state", self.update_status, init=False)

    def update_status(self) -> None:
        app = cast("CtoApp", self.app)
        now = app.clock.now()
        line = Text(no_wrap=True, overflow="ellipsis")
        if app.sync_state:
            line.append(app.sync_state, style="bold")
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
            if status.last_error:
                line.append(" ✗ ", style="bold red")
                line.append(clean_line(status.last_error, 80), style="red")
            elif status.last_success is not None:
                line.append(" ✓ ", style="green")
                synced = age(status.last_success, now)
                line.append("just now" if synced == "now" else f"{synced} ago", style="dim")
            else:
                line.append(" never synced", style="dim")
        self.update(line)
