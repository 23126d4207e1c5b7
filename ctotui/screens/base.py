"""The base of every panel: header, the panel body, the sync status line and footer.

Panels reload from the store when the app's `data_version` changes; a panel
that is not on screen only notes it and reloads when it is shown again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header

from ctotui.widgets.sync_progress import SyncProgressBar
from ctotui.widgets.sync_status import SyncStatus

if TYPE_CHECKING:
    from ctotui.app import CtoApp


class PanelScreen(Screen[None]):
    """A panel: subclasses implement `compose_body` and `refresh_data`."""

    _stale = False

    @property
    def cto(self) -> CtoApp:
        return cast("CtoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield from self.compose_body()
        yield SyncProgressBar()
        yield SyncStatus()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError  # every panel overrides this

    def refresh_data(self) -> None:
        """Reload what the panel shows from the store."""

    def on_mount(self) -> None:
        self.watch(self.app, "data_version", self._on_data_changed, init=False)
        self.watch(self.app, "theme", self._on_theme_changed, init=False)
        self.refresh_data()

    def _on_theme_changed(self, name: str) -> None:
        """Keep a theme chosen anywhere (e.g. the command palette) for the next start."""
        panels = [s for s in self.app.screen_stack if isinstance(s, PanelScreen)]
        if panels and panels[0] is self:  # one panel saves, not every mode's
            from ctotui.theme_persist import save_chosen_theme

            save_chosen_theme(self.cto, name)

    def _on_data_changed(self) -> None:
        if self.is_current:
            self.refresh_data()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self.refresh_data()
