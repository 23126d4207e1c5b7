"""A progress bar for long syncs, shown above the status line only while one runs.

Hidden (no rows at all) when nothing syncs, and for the first moment of each
sync, so the quick no-change syncs of a normal day never shift the screen.
The bar counts messages and items fetched of the total when the sources say
how much is left, else it is indeterminate. Its parts are mounted the first time
it shows: on most days that is never, and the first frame does not wait for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Label

from ctotui.sanitize import clean_line

if TYPE_CHECKING:
    from ctotui.app import CtoApp


class SyncProgressBar(Horizontal):
    """`work-mail  ━━━━━━━━━━━━━━  45%  1,200 of 2,650  ^x cancel`; hidden when idle."""

    DEFAULT_CLASSES = "sync-progress"

    def __init__(self) -> None:
        super().__init__()
        self._reveal_timer: Timer | None = None
        self._built = False

    def _build(self) -> None:
        """The name, the bar and the count: mounted on the first reveal."""
        if self._built:
            return
        from textual.widgets import ProgressBar

        self._built = True
        self.mount(
            Label(id="sync-progress-label"),
            ProgressBar(total=None, show_eta=False, id="sync-progress-bar"),
            Label(id="sync-progress-count"),
        )

    def on_mount(self) -> None:
        self.watch(self.app, "sync_busy", self._busy_changed)
        self.watch(self.app, "sync_progress", self._progress_changed, init=False)

    def _busy_changed(self, busy: bool) -> None:
        if self._reveal_timer is not None:
            self._reveal_timer.stop()
            self._reveal_timer = None
        if not busy:
            self.display = False
            return
        delay = cast("CtoApp", self.app).progress_delay
        if delay <= 0:
            self._reveal()
        else:
            self._reveal_timer = self.set_timer(delay, self._reveal)

    def _reveal(self) -> None:
        self._reveal_timer = None
        if cast("CtoApp", self.app).sync_busy:
            self._build()
            self._progress_changed()
            self.display = True

    def _progress_changed(self) -> None:
        if not self._built:  # hidden so far: the reveal shows the progress of that moment
            return
        from textual.widgets import ProgressBar

        app = cast("CtoApp", self.app)
        names, fetched, total = app.sync_progress
        label = Text(clean_line(names, 40) or "…", style="bold")
        self.query_one("#sync-progress-label", Label).update(label)
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=fetched if total is not None else 0)
        count = f"{fetched:,} of {total:,}" if total is not None else f"{fetched:,} fetched"
        line = Text(count, no_wrap=True)
        key = self._cancel_key()
        if key:
            line.append(f"  {key} cancel", style="dim")
        self.query_one("#sync-progress-count", Label).update(line)

    def _cancel_key(self) -> str:
        """The cancel key as the footer shows it (it may be rebound in [ui.keys])."""
        for active in self.app.active_bindings.values():
            if active.binding.action == "cancel_sync":
                return self.app.get_key_display(active.binding)
        return ""
