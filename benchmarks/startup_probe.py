"""Child process for the cold-start benchmark: start an app headless, print when painted.

`python benchmarks/startup_probe.py bare` starts a bare Textual app showing one
Static; `... ctotui CONFIG DATA_DIR` starts ctotui's real app on that workspace.
Both print `PAINTED <unix time>` when the app first hands a rendered frame of its
screen to the terminal driver (`App._display`, which Textual calls for every
screen update, also headless), then exit. Hooking that one call in both apps
measures the same event in each: the first frame a user would see. (App's
`on_mount` is no such point: ctotui's Home screen is composed, filled from the
store and painted before the app's own `on_mount` runs.)
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from textual.app import App

A = TypeVar("A", bound="App[None]")


def _painted() -> None:
    print(f"PAINTED {time.time():.6f}", flush=True)


def _first_frame(app_class: type[A]) -> type[A]:
    """`app_class` reporting its first painted frame, then exiting."""

    class FirstFrame(app_class):  # type: ignore[valid-type,misc]
        _reported = False

        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            if renderable is not None and not self._reported:
                self._reported = True
                _painted()
                self.call_later(self.exit)

    return FirstFrame


def run_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

    _first_frame(Bare)().run(headless=True)


def run_ctotui(config: str, data_dir: str) -> None:
    from ctotui.app import CtoApp
    from ctotui.clock import SystemClock
    from ctotui.workspace import open_workspace

    clock = SystemClock()
    workspace = open_workspace(config_arg=config, data_dir_arg=data_dir, demo=False, clock=clock)
    try:
        _first_frame(CtoApp)(workspace, clock=clock, sync_on_start=False).run(headless=True)
    finally:
        workspace.close()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        run_bare()
    else:
        run_ctotui(sys.argv[2], sys.argv[3])
