"""Layout snapshots of the Estimates workbench at 80x24 and 120x40 on the demo workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

VIEWS = {
    "80x24": ((80, 24), ["4"]),
    "80x24-forecast": ((80, 24), ["4", "f"]),
    "120x40": ((120, 40), ["4"]),
    "120x40-editing": ((120, 40), ["4", "enter", "down", "right", "right", "right", "e"]),
}


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_estimates_snapshot(snap_compare, tmp_path: Path, clock, view: str) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_demo_workspace

    from ctotui.app import CtoApp

    size, keys = VIEWS[view]
    workspace = make_demo_workspace(tmp_path / "demo", clock)
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=False)
        assert snap_compare(app, press=keys, terminal_size=size)
    finally:
        workspace.close()
