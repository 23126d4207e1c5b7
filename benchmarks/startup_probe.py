"""Child process for the cold-start benchmark: start an app headless, print when painted.

`python benchmarks/startup_probe.py bare` starts a bare Textual app showing one
Static; `... ctotui CONFIG DATA_DIR` starts ctotui's real app on that workspace.
Both print `PAINTED <unix time>` once the first screen has been refreshed, then exit.
"""

from __future__ import annotations

import sys
import time


def _painted() -> None:
    print(f"PAINTED {time.time():.6f}", flush=True)


def run_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("hello")

        def on_mount(self) -> None:
            self.call_after_refresh(self._done)

        def _done(self) -> None:
            _painted()
            self.exit()

    Bare().run(headless=True)


def run_ctotui(config: str, data_dir: str) -> None:
    from ctotui.app import CtoApp
    from ctotui.clock import SystemClock
    from ctotui.workspace import open_workspace

    clock = SystemClock()
    workspace = open_workspace(config_arg=config, data_dir_arg=data_dir, demo=False, clock=clock)

    class Probe(CtoApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(self._done)

        def _done(self) -> None:
            _painted()
            self.exit()

    try:
        Probe(workspace, clock=clock, sync_on_start=False).run(headless=True)
    finally:
        workspace.close()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        run_bare()
    else:
        run_ctotui(sys.argv[2], sys.argv[3])
