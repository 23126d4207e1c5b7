"""Layout snapshots of every screen at 80x24 and 120x40 on the demo workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

SIZES = [(80, 24), (120, 40)]
SCREENS = {
    "home": [],
    "inbox": ["2"],
    "standups": ["3"],
    "estimates": ["4"],
    "todos": ["5"],
    "help": ["2", "question_mark"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_screen_snapshot(snap_compare, tmp_path: Path, clock, screen: str, size) -> None:  # type: ignore[no-untyped-def]
    from conftest import make_demo_workspace

    from ctotui.app import CtoApp

    workspace = make_demo_workspace(tmp_path / "demo", clock)
    try:
        app = CtoApp(workspace, clock=clock, sync_on_start=False)
        assert snap_compare(app, press=SCREENS[screen], terminal_size=size)
    finally:
        workspace.close()
